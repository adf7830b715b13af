// Sapo (UNCONFIRMED: no Sapo page was found; third-party receivers only): padded base64
// HMAC-SHA256 of the raw body, keyed with the app's secret or the webhook secret, in
// `X-Sapo-Hmac-Sha256`.
import { bodyInput } from "../lib/bytes.js";
import { hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Sapo signs its webhooks in (`X-Sapo-Hmac-Sha256`), lowercase. */
export const SAPO_SIGNATURE_HEADER = "x-sapo-hmac-sha256";

/** What `verifySapo` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifySapoInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The app's secret key or the webhook secret (unconfirmed), or several during a rotation. */
  secret: Secrets;
  /** The header value (44 characters of padded base64); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-sapo-hmac-sha256` is read from them. */
  headers?: HeadersLike;
}

/** What `signSapo` takes: the body a Sapo test sender posts, and one secret. */
export interface SignSapoInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
}

/** Verifies a Sapo webhook: base64 HMAC-SHA256 of the raw body. */
export function verifySapo(input: VerifySapoInput): VerifyHmacResult {
  assertInput(input, "verifySapo");
  return verifyBodyHmac(input, input.body, input.secret, input.headers, input.signature, SAPO_SIGNATURE_HEADER, "sha256", "base64", "");
}

/** Signs a body as Sapo does: padded standard base64 of the HMAC. */
export function signSapo(input: SignSapoInput): string {
  assertInput(input, "signSapo");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac("sha256", input.secret, body).toString("base64");
}
