import { type Hmac, createHmac, randomBytes } from "node:crypto";
import { bodyInput } from "../lib/bytes.js";
import { isHex } from "../lib/encoding.js";
import { argumentError, describe } from "../lib/errors.js";
import { MAX_HEADER_LENGTH, headerFromValues, headerText } from "../lib/headers.js";
import { digestEquals, digitsMatch } from "../lib/hmac.js";
import { type VerifyResult, fail, malformedHeader, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";

/** The header Mobility Work signs its webhooks in (`X-MW-Signature`). */
export const MW_SIGNATURE_HEADER = "x-mw-signature";

/** Default accepted distance between the signed timestamp and now, either way. */
export const MW_DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifyMwSignatureInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The webhook's secret key, or several during a rotation. */
  secret: Secrets;
  /** The `X-MW-Signature` header value; or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-mw-signature` is read from them. */
  headers?: HeadersLike;
  /** Largest accepted |now - t| in seconds, inclusive. Default 300; `Infinity` turns the check off. */
  toleranceSeconds?: number;
  /** The current time in ms since the epoch, or a Date. Default `Date.now()`. */
  now?: number | Date;
}

export interface SignMwSignatureInput {
  body: Bytes;
  secret: Secret;
  /** Unix seconds. Default: now. */
  timestamp?: number;
  /** Default: 40 random hex digits. */
  nonce?: string;
}

/** The fields of an `X-MW-Signature` header. */
export interface MwSignatureHeader {
  /** `t`, in unix seconds. */
  timestamp: number;
  nonce: string;
  /** 64 lowercase hex digits. */
  signature: string;
}

export type VerifyMwSignatureResult = VerifyResult<{ timestamp: number; nonce: string }>;

const DIGITS = /^[0-9]+$/;
/** Printable ASCII without whitespace or comma. */
const NONCE = /^[\x21-\x2b\x2d-\x7e]+$/;

interface RawFields {
  /** `t` exactly as sent: it is signed that way. */
  t: string;
  nonce: string;
  signature: string;
}

/** Parses `t=…,nonce=…,signature=…` (already trimmed): any order, each once, unknown fields ignored. */
function parseFields(value: string): RawFields | null {
  let t: string | undefined;
  let nonce: string | undefined;
  let signature: string | undefined;
  for (const rawPart of value.split(",")) {
    // Spaces may follow a comma; anything else around a field is part of its value.
    const part = rawPart.trimStart();
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    const field = part.slice(eq + 1);
    switch (part.slice(0, eq)) {
      case "t":
        if (t !== undefined || !DIGITS.test(field)) return null;
        t = field;
        break;
      case "nonce":
        if (nonce !== undefined || !NONCE.test(field)) return null;
        nonce = field;
        break;
      case "signature":
        if (signature !== undefined) return null;
        signature = field;
        break;
    }
  }
  if (t === undefined || nonce === undefined || signature === undefined) return null;
  return { t, nonce, signature };
}

/** Parses an `X-MW-Signature` value; null when it is not in the documented form. Never throws. */
export function parseMwSignatureHeader(value: string): MwSignatureHeader | null {
  if (typeof value !== "string" || value.length > MAX_HEADER_LENGTH) return null;
  const fields = parseFields(value.trim());
  if (fields === null || !isHex(fields.signature, 32)) return null;
  return { timestamp: Number(fields.t), nonce: fields.nonce, signature: fields.signature.toLowerCase() };
}

function toleranceOf(value: unknown): number {
  if (value === undefined) return MW_DEFAULT_TOLERANCE_SECONDS;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) throw badTolerance(value);
  return value;
}

function badTolerance(value: unknown): TypeError {
  return argumentError("toleranceSeconds", `must be a number >= 0 (Infinity turns the check off), got ${typeof value === "number" ? value : describe(value)}`);
}

function nowMsOf(value: unknown): number {
  if (value === undefined) return Date.now();
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) throw badNow(value);
  return ms;
}

function badNow(value: unknown): TypeError {
  return argumentError("now", `must be ms since the epoch or a valid Date, got ${describe(value)}`);
}

/** Seconds to the millisecond, for messages: 300.001 must not print as 300. */
function seconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The HMAC over t "." nonce "." body, fed piece by piece (no concatenation of the body). */
function mac(secret: Secret, t: string, nonce: string, body: string | Uint8Array): Hmac {
  return createHmac("sha256", secret).update(t).update(".").update(nonce).update(".").update(body);
}

/**
 * Verifies a Mobility Work delivery: HMAC-SHA256(secret, t + "." + nonce + "." + raw body),
 * then, only for a correct signature, that t is within `toleranceSeconds` of now (both ways).
 * Replays inside the window are stopped by claiming the nonce in a `NonceStore`.
 */
export function verifyMwSignature(input: VerifyMwSignatureInput): VerifyMwSignatureResult {
  assertInput(input, "verifyMwSignature");
  // bodyInput and assertSecrets return these very values when they pass; their checks and
  // messages are only reached for anything else (keeping this function small to inline).
  const rawBody: unknown = input.body;
  const body = typeof rawBody === "string" || rawBody instanceof Uint8Array ? rawBody : bodyInput(rawBody);
  const secret: unknown = input.secret;
  const secrets = (typeof secret === "string" || secret instanceof Uint8Array) && secret.length > 0 ? secret : assertSecrets(secret);
  const tolerance = toleranceOf(input.toleranceSeconds);
  const nowMs = nowMsOf(input.now);
  const text = headerText(headerFromValues(input, input.headers, input.signature, "signature", MW_SIGNATURE_HEADER), MW_SIGNATURE_HEADER);
  if (typeof text !== "string") return text;
  const fields = parseFields(text);
  if (fields === null || !isHex(fields.signature, 32)) {
    return malformedHeader(MW_SIGNATURE_HEADER, "expected t={unix seconds},nonce={nonce},signature={64 hex digits}, each field once");
  }
  const { t, nonce } = fields;
  let matched = false;
  if (Array.isArray(secrets)) {
    // User code may run between compares of a list (a Proxy), so its bytes get their own buffer.
    const received = Buffer.from(fields.signature, "hex");
    for (const secret of secrets as readonly Secret[]) {
      if (digestEquals("sha256", mac(secret, t, nonce, body), received)) {
        matched = true;
        break;
      }
    }
  } else {
    matched = digitsMatch("sha256", mac(secrets as Secret, t, nonce, body), fields.signature, "hex");
  }
  if (!matched) return signatureMismatch(MW_SIGNATURE_HEADER);
  const timestamp = Number(t);
  const age = nowMs / 1000 - timestamp;
  if (age > tolerance) {
    return fail("timestamp_too_old", `The ${MW_SIGNATURE_HEADER} timestamp is ${seconds(age)} s old, more than the ${tolerance} s allowed.`);
  }
  if (-age > tolerance) {
    return fail("timestamp_too_new", `The ${MW_SIGNATURE_HEADER} timestamp is ${seconds(-age)} s in the future, more than the ${tolerance} s allowed.`);
  }
  return { ok: true, timestamp, nonce };
}

/** Builds an `X-MW-Signature` value as Mobility Work does: `t=…,nonce=…,signature=<lowercase hex>`. */
export function signMwSignature(input: SignMwSignatureInput): string {
  assertInput(input, "signMwSignature");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw argumentError("timestamp", `must be a whole number of unix seconds >= 0, got ${typeof timestamp === "number" ? timestamp : describe(timestamp)}`);
  }
  const nonce = input.nonce ?? randomBytes(20).toString("hex");
  if (typeof nonce !== "string" || !NONCE.test(nonce)) {
    throw argumentError("nonce", "must be non-empty printable ASCII without commas or whitespace");
  }
  const t = String(timestamp);
  return `t=${t},nonce=${nonce},signature=${mac(input.secret, t, nonce, body).digest("hex")}`;
}
