import { bodyInput } from "../lib/bytes.js";
import { type SecretMatch, type VerifyResult, secretMatch, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { type HeaderPart, headerValues } from "./header-set.js";
import { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER, sepayParts, sepaySignTimestamp } from "./keyed-header.js";
import { headHex, matchingHeadSecret } from "./keyed-mac.js";
import { nowMsOf, toleranceOf, windowFailure } from "./signed-window.js";

/** Where the signature and timestamp are: bare, or in `headers`. */
const SEPAY_PARTS: readonly HeaderPart[] = [
  ["signature", SEPAY_SIGNATURE_HEADER],
  ["timestamp", SEPAY_TIMESTAMP_HEADER],
];

export { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER } from "./keyed-header.js";

/** What `verifySepay` takes: the raw body, the secret or a rotation list, the signature and timestamp or the request headers, and the clock. */
export interface VerifySepayInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The webhook's Secret Key (HMAC mode), as text; several during a rotation. */
  secret: Secrets;
  /** The `X-SePay-Signature` value (`sha256=<hex>`); or give `headers`. */
  signature?: HeaderValue;
  /** The `X-SePay-Timestamp` value (unix seconds); or give `headers`. */
  timestamp?: HeaderValue;
  /** The request headers; both are read from them. */
  headers?: HeadersLike;
  /** Largest accepted |now - timestamp| in seconds, inclusive. Default 300 (SePay's docs: reject more than 5 minutes); `Infinity` turns the check off. */
  toleranceSeconds?: number;
  /** The current time in ms since the epoch, or a Date. Default `Date.now()`. */
  now?: number | Date;
}

/** What `signSepay` takes: the body, one secret, and the timestamp (default now). */
export interface SignSepayInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
  /** Unix seconds (`X-SePay-Timestamp`). */
  timestamp: number;
}

/** What `verifySepay` returns: on success, the signed timestamp and the secret that matched. */
export type VerifySepayResult = VerifyResult<
  {
    /** The signed X-SePay-Timestamp, in unix seconds. */
    timestamp: number;
  } & SecretMatch
>;

/**
 * Verifies a SePay webhook in HMAC mode: `X-SePay-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + raw body)>` with `X-SePay-Timestamp`, then, only for a correct signature,
 * that the timestamp is within `toleranceSeconds` of now (both ways). The `sha256=` form and the
 * signed string rest on third-party integrations (docs/sepay.md).
 */
export function verifySepay(input: VerifySepayInput): VerifySepayResult {
  assertInput(input, "verifySepay");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const tolerance = toleranceOf(input.toleranceSeconds);
  const nowMs = nowMsOf(input.now);
  const [signature, timestamp] = headerValues(input, SEPAY_PARTS);
  const parts = sepayParts(signature, timestamp);
  if ("ok" in parts) return parts;
  const index = matchingHeadSecret(secrets, `${parts.t}.`, body, parts.digits);
  if (index < 0) return signatureMismatch(SEPAY_SIGNATURE_HEADER);
  const t = Number(parts.t);
  return windowFailure(SEPAY_TIMESTAMP_HEADER, t, nowMs, tolerance) ?? { ok: true, timestamp: t, ...secretMatch(secrets, index) };
}

/** Builds an `X-SePay-Signature` value: `sha256=<lowercase hex>`. */
export function signSepay(input: SignSepayInput): string {
  assertInput(input, "signSepay");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const t = sepaySignTimestamp(input.timestamp);
  return `sha256=${headHex(input.secret, `${t}.`, body)}`;
}
