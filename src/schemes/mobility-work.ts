import { type Hmac, createHmac, randomBytes } from "node:crypto";
import { bodyInput, bodyInputOther } from "../lib/bytes.js";
import { headerFromValues, headerText } from "../lib/headers.js";
import { digestEquals, digitsMatch } from "../lib/hmac.js";
import {
  MW_SIGNATURE_HEADER,
  malformedMwHeader,
  mwNowMsOf,
  mwSignFields,
  mwToleranceOf,
  mwWindowFailure,
  parseMwFields,
} from "./mw-header.js";
import { type SecretMatch, type VerifyResult, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecretsOther } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";

export { MW_DEFAULT_TOLERANCE_SECONDS, MW_SIGNATURE_HEADER, parseMwSignatureHeader } from "./mw-header.js";
export type { MwSignatureHeader } from "./mw-header.js";

/** What `verifyMwSignature` takes: the raw body, the secret or a rotation list, the X-MW-Signature value or the request headers, and the clock. */
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

/** What `signMwSignature` takes: the body, one secret, and the timestamp and nonce (defaults: now, a random one). */
export interface SignMwSignatureInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
  /** Unix seconds. Default: now. */
  timestamp?: number;
  /** Default: 40 random hex digits. */
  nonce?: string;
}

/** What `verifyMwSignature` returns: on success, the signed `t` and `nonce` (claim the nonce against replays) and the secret that matched. */
export type VerifyMwSignatureResult = VerifyResult<
  {
    /** The signed `t`, in unix seconds. */
    timestamp: number;
    /** The signed nonce: claim it in a `NonceStore` to stop replays inside the window. */
    nonce: string;
  } & SecretMatch
>;

/**
 * The HMAC over t "." nonce "." body in two updates: the short ASCII prefix joined (one
 * string, cheaper than three more updates), then the body as it is (never concatenated).
 */
function mac(secret: Secret, t: string, nonce: string, body: string | Uint8Array): Hmac {
  return createHmac("sha256", secret).update(`${t}.${nonce}.`).update(body);
}

/**
 * Verifies a Mobility Work delivery: HMAC-SHA256(secret, t + "." + nonce + "." + raw body),
 * then, only for a correct signature, that t is within `toleranceSeconds` of now (both ways).
 * Replays inside the window are stopped by claiming the nonce in a `NonceStore`.
 */
export function verifyMwSignature(input: VerifyMwSignatureInput): VerifyMwSignatureResult {
  assertInput(input, "verifyMwSignature");
  // The usual body and secret inline; the rest of bodyInput and assertSecrets only for
  // anything else (keeping this function small to inline).
  const rawBody: unknown = input.body;
  const body = typeof rawBody === "string" || (rawBody instanceof Uint8Array && rawBody.length !== 0) ? rawBody : bodyInputOther(rawBody);
  const secret: unknown = input.secret;
  const secrets = (typeof secret === "string" || secret instanceof Uint8Array) && secret.length > 0 ? secret : assertSecretsOther(secret);
  const tolerance = mwToleranceOf(input.toleranceSeconds);
  const nowMs = mwNowMsOf(input.now);
  const text = headerText(headerFromValues(input, input.headers, input.signature, "signature", MW_SIGNATURE_HEADER), MW_SIGNATURE_HEADER);
  if (typeof text !== "string") return text;
  const fields = parseMwFields(text);
  if (fields === null) return malformedMwHeader();
  const { t, nonce } = fields;
  if (Array.isArray(secrets)) {
    const secretIndex = matchingMwSecretIndex(secrets as readonly Secret[], t, nonce, body, fields.signature);
    if (secretIndex < 0) return signatureMismatch(MW_SIGNATURE_HEADER);
    return mwWindowFailure(t, nowMs, tolerance) ?? { ok: true, timestamp: Number(t), nonce, secretIndex };
  }
  if (!digitsMatch("sha256", mac(secrets as Secret, t, nonce, body), fields.signature, "hex")) return signatureMismatch(MW_SIGNATURE_HEADER);
  return mwWindowFailure(t, nowMs, tolerance) ?? { ok: true, timestamp: Number(t), nonce };
}

/** For a rotation list (the plain copy assertSecretsOther made): the index of the secret that matched, or -1. */
function matchingMwSecretIndex(secrets: readonly Secret[], t: string, nonce: string, body: string | Uint8Array, digits: string): number {
  // The received bytes are decoded once, into a buffer of their own, for all the compares.
  const received = Buffer.from(digits, "hex");
  for (let i = 0; i < secrets.length; i++) {
    if (digestEquals("sha256", mac(secrets[i] as Secret, t, nonce, body), received)) return i;
  }
  return -1;
}

/** Builds an `X-MW-Signature` value as Mobility Work does: `t=…,nonce=…,signature=<lowercase hex>`. */
export function signMwSignature(input: SignMwSignatureInput): string {
  assertInput(input, "signMwSignature");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const { t, nonce } = mwSignFields(input.timestamp, input.nonce, () => randomBytes(20).toString("hex"));
  return `t=${t},nonce=${nonce},signature=${mac(input.secret, t, nonce, body).digest("hex")}`;
}
