import { argumentError, describe } from "../../lib/errors.js";
import { MAX_HEADER_LENGTH, headerFromInput, headerText } from "../../lib/headers.js";
import { fail, malformedHeader, signatureMismatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type {
  MwSignatureHeader,
  SignMwSignatureInput,
  VerifyMwSignatureInput,
  VerifyMwSignatureResult,
} from "../../schemes/mobility-work.js";
import { bodyInput, prefixedBytes } from "../lib/bytes.js";
import { hmac, matchesAnySecret, randomBytes, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

// Everything below up to `verifyMwSignature` repeats src/schemes/mobility-work.ts, which
// cannot be imported here because it imports node:crypto. Same rules, same messages.

/** The header Mobility Work signs its webhooks in (`X-MW-Signature`). */
export const MW_SIGNATURE_HEADER = "x-mw-signature";

/** Default accepted distance between the signed timestamp and now, either way. */
export const MW_DEFAULT_TOLERANCE_SECONDS = 300;

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

/** Parses an `X-MW-Signature` value; null when it is not in the documented form. Never throws. Synchronous. */
export function parseMwSignatureHeader(value: string): MwSignatureHeader | null {
  if (typeof value !== "string" || value.length > MAX_HEADER_LENGTH) return null;
  const fields = parseFields(value.trim());
  if (fields === null || decodeHex(fields.signature, 32) === null) return null;
  return { timestamp: Number(fields.t), nonce: fields.nonce, signature: fields.signature.toLowerCase() };
}

function toleranceOf(value: unknown): number {
  if (value === undefined) return MW_DEFAULT_TOLERANCE_SECONDS;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw argumentError("toleranceSeconds", `must be a number >= 0 (Infinity turns the check off), got ${typeof value === "number" ? value : describe(value)}`);
  }
  return value;
}

function nowMsOf(value: unknown): number {
  if (value === undefined) return Date.now();
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw argumentError("now", `must be ms since the epoch or a valid Date, got ${describe(value)}`);
  }
  return ms;
}

/** Seconds to the millisecond, for messages: 300.001 must not print as 300. */
function seconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/**
 * Verifies a Mobility Work delivery: HMAC-SHA256(secret, t + "." + nonce + "." + raw body),
 * then, only for a correct signature, that t is within `toleranceSeconds` of now (both ways).
 * `now` is read when the function is called, not when the HMAC settles.
 */
export function verifyMwSignature(input: VerifyMwSignatureInput): Promise<VerifyMwSignatureResult> {
  assertInput(input, "verifyMwSignature");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const tolerance = toleranceOf(input.toleranceSeconds);
  const nowMs = nowMsOf(input.now);
  const text = headerText(headerFromInput(input, "signature", MW_SIGNATURE_HEADER), MW_SIGNATURE_HEADER);
  if (typeof text !== "string") return Promise.resolve(text);
  const fields = parseFields(text);
  const received = fields === null ? null : decodeHex(fields.signature, 32);
  if (fields === null || received === null) {
    return Promise.resolve(
      malformedHeader(MW_SIGNATURE_HEADER, "expected t={unix seconds},nonce={nonce},signature={64 hex digits}, each field once"),
    );
  }
  subtleCrypto();
  const { t, nonce } = fields;
  // Web Crypto signs one buffer: t, nonce and the body are joined once, here, at call time.
  const data = prefixedBytes(`${t}.${nonce}.`, body);
  return matchesAnySecret("sha256", secrets, received, data).then((matched): VerifyMwSignatureResult => {
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
  });
}

/** Builds an `X-MW-Signature` value as Mobility Work does: `t=…,nonce=…,signature=<lowercase hex>`. */
export function signMwSignature(input: SignMwSignatureInput): Promise<string> {
  assertInput(input, "signMwSignature");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw argumentError("timestamp", `must be a whole number of unix seconds >= 0, got ${typeof timestamp === "number" ? timestamp : describe(timestamp)}`);
  }
  subtleCrypto();
  const nonce = input.nonce ?? toHex(randomBytes(20));
  if (typeof nonce !== "string" || !NONCE.test(nonce)) {
    throw argumentError("nonce", "must be non-empty printable ASCII without commas or whitespace");
  }
  const t = String(timestamp);
  return hmac("sha256", input.secret, prefixedBytes(`${t}.${nonce}.`, body)).then(
    (mac) => `t=${t},nonce=${nonce},signature=${toHex(mac)}`,
  );
}
