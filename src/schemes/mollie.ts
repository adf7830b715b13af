// Mollie next-gen webhooks (beta): hex HMAC-SHA256 of the raw body, keyed with the webhook's
// shared secret, in `X-Mollie-Signature` (docs.mollie.com/reference/webhooks-best-practices).
// The docs' sample compares a bare hexdigest: any prefix is refused as malformed, with the
// form expected in the message. Classic Mollie webhooks (`id=tr_…`) carry no signature.
import { bodyInput } from "../lib/bytes.js";
import { hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Mollie signs its webhooks in (`X-Mollie-Signature`), lowercase. */
export const MOLLIE_SIGNATURE_HEADER = "x-mollie-signature";

/** What `verifyMollie` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifyMollieInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The shared secret Mollie generated for the webhook subscription, or several during a rotation. */
  secret: Secrets;
  /** The header value (64 hex digits, either case); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-mollie-signature` is read from them. */
  headers?: HeadersLike;
}

/** What `signMollie` takes: the body a Mollie test sender posts, and one secret. */
export interface SignMollieInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
}

/** Verifies a Mollie webhook: hex HMAC-SHA256 of the raw body. */
export function verifyMollie(input: VerifyMollieInput): VerifyHmacResult {
  assertInput(input, "verifyMollie");
  return verifyBodyHmac(input, input.body, input.secret, input.headers, input.signature, MOLLIE_SIGNATURE_HEADER, "sha256", "hex", "");
}

/** Signs a body as Mollie does: lowercase hex of the HMAC. */
export function signMollie(input: SignMollieInput): string {
  assertInput(input, "signMollie");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac("sha256", input.secret, body).toString("hex");
}
