import { createHmac } from "node:crypto";
import { bodyInput } from "../lib/bytes.js";
import { headerFromInput, headerText } from "../lib/headers.js";
import { matchingSecret } from "../lib/hmac.js";
import { type SecretMatch, type VerifyResult, secretMatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import {
  CASSO_SIGNATURE_HEADER,
  cassoMismatch,
  cassoNowMsOf,
  cassoSignT,
  cassoSignText,
  cassoSignedTexts,
  cassoToleranceOf,
  cassoWindowFailure,
  malformedCassoHeader,
  parseCassoFields,
} from "./casso-header.js";

export { CASSO_DEFAULT_TOLERANCE_SECONDS, CASSO_SIGNATURE_HEADER } from "./casso-header.js";

/** What `verifyCassoSignature` takes: the raw body, the checksum key or a rotation list, the X-Casso-Signature value or the request headers, and the clock. */
export interface VerifyCassoSignatureInput {
  /** The raw body exactly as received (JSON: Casso signs its sorted form). */
  body: Bytes;
  /** The webhook's checksum key (UTF-8), or several during a rotation. */
  secret: Secrets;
  /** The `X-Casso-Signature` header value; or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-casso-signature` is read from them. */
  headers?: HeadersLike;
  /** Largest accepted |now - t| in seconds, inclusive. Default 300 (Casso documents none); `Infinity` turns the check off. */
  toleranceSeconds?: number;
  /** The current time in ms since the epoch, or a Date. Default `Date.now()`. */
  now?: number | Date;
}

/** What `signCassoSignature` takes: the JSON body, one checksum key, and `t` (default now, in ms). */
export interface SignCassoSignatureInput {
  /** The body to send (JSON). */
  body: Bytes;
  /** The one checksum key to sign with. */
  secret: Secret;
  /** `t`, in unix milliseconds. Default: now. */
  timestamp?: number;
}

/** What a verified Casso delivery tells: its `t`, in unix milliseconds. */
export type VerifyCassoSignatureResult = VerifyResult<
  {
    /** The signed `t`, in unix milliseconds. */
    timestamp: number;
  } & SecretMatch
>;

/**
 * Verifies a Casso (webhook v2) delivery: `v1` is the hex HMAC-SHA512 (checksum key) of
 * `t + "." + the body's JSON with keys sorted at every depth`, then, only for a correct
 * signature, `t` (unix milliseconds) must be within `toleranceSeconds` of now. Both spellings
 * of that JSON are tried (JavaScript's, and PHP's json_encode with `\/` and `\uXXXX`): Casso
 * does not say which it signs.
 */
export function verifyCassoSignature(input: VerifyCassoSignatureInput): VerifyCassoSignatureResult {
  assertInput(input, "verifyCassoSignature");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const tolerance = cassoToleranceOf(input.toleranceSeconds);
  const nowMs = cassoNowMsOf(input.now);
  const text = headerText(headerFromInput(input, "signature", CASSO_SIGNATURE_HEADER), CASSO_SIGNATURE_HEADER);
  if (typeof text !== "string") return text;
  const fields = parseCassoFields(text);
  if (fields === null) return malformedCassoHeader();
  const texts = cassoSignedTexts(body);
  if (!Array.isArray(texts)) return texts;
  for (const json of texts) {
    const index = matchingSecret("sha512", secrets, fields.digits, "hex", `${fields.t}.${json}`);
    if (index >= 0) return cassoWindowFailure(fields.t, nowMs, tolerance) ?? { ok: true, timestamp: Number(fields.t), ...secretMatch(secrets, index) };
  }
  return cassoMismatch();
}

/** Builds an `X-Casso-Signature` value as Casso does: `t=<unix ms>,v1=<lowercase hex HMAC-SHA512>`. */
export function signCassoSignature(input: SignCassoSignatureInput): string {
  assertInput(input, "signCassoSignature");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const t = cassoSignT(input.timestamp);
  return `t=${t},v1=${createHmac("sha512", input.secret).update(`${t}.${cassoSignText(body)}`).digest("hex")}`;
}
