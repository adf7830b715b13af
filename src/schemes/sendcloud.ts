// Sendcloud: lowercase hex HMAC-SHA256 of the raw body, keyed with the integration's Secret Key
// or Webhook Signature Key, in `Sendcloud-Signature` (sendcloud.dev/api/v2/webhooks, whose
// published example is in vectors/sendcloud.json).
import { bodyInput } from "../lib/bytes.js";
import { hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Sendcloud signs its webhooks in (`Sendcloud-Signature`), lowercase. */
export const SENDCLOUD_SIGNATURE_HEADER = "sendcloud-signature";

/** What `verifySendcloud` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifySendcloudInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The integration's Secret Key or Webhook Signature Key, or several during a rotation. */
  secret: Secrets;
  /** The header value (64 hex digits, either case); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `sendcloud-signature` is read from them. */
  headers?: HeadersLike;
}

/** What `signSendcloud` takes: the body a Sendcloud test sender posts, and one secret. */
export interface SignSendcloudInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
}

/** Verifies a Sendcloud webhook: hex HMAC-SHA256 of the raw body. */
export function verifySendcloud(input: VerifySendcloudInput): VerifyHmacResult {
  assertInput(input, "verifySendcloud");
  return verifyBodyHmac(input, input.body, input.secret, input.headers, input.signature, SENDCLOUD_SIGNATURE_HEADER, "sha256", "hex", "");
}

/** Signs a body as Sendcloud does: lowercase hex of the HMAC. */
export function signSendcloud(input: SignSendcloudInput): string {
  assertInput(input, "signSendcloud");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac("sha256", input.secret, body).toString("hex");
}
