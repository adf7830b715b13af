// Shopify: padded base64 HMAC-SHA256 of the raw body, keyed with the app's client secret (UTF-8),
// in `X-Shopify-Hmac-Sha256`; "Events" deliveries also send `shopify-hmac-sha256`, which the
// official SDK reads first (shopify.dev/docs/apps/build/webhooks/delivery-structure; Shopify/
// shopify-app-js lib/webhooks/validate.ts). Either is accepted; both, only when they agree.
import { bodyInput } from "../lib/bytes.js";
import { differentHeaders, eitherHeader } from "../lib/headers.js";
import { hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header classic Shopify webhooks are signed in (`X-Shopify-Hmac-Sha256`), lowercase. */
export const SHOPIFY_SIGNATURE_HEADER = "x-shopify-hmac-sha256";
/** The header Shopify's "Events" deliveries also carry (`shopify-hmac-sha256`). */
export const SHOPIFY_EVENTS_SIGNATURE_HEADER = "shopify-hmac-sha256";

/** What `verifyShopify` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifyShopifyInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The app's client secret (API secret key), or the secret shown under Settings > Notifications for webhooks made in the store admin; several during a rotation. */
  secret: Secrets;
  /** The header value (44 characters of padded base64); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers: `shopify-hmac-sha256` or `x-shopify-hmac-sha256` is read (both: they must agree). */
  headers?: HeadersLike;
}

/** What `signShopify` takes: the body a Shopify test sender posts, and one secret. */
export interface SignShopifyInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
}

/** What an input with a bare value looks like to `verifyBodyHmac`: the header was read here. */
const READ_HERE = { signature: undefined };

/** Verifies a Shopify webhook: base64 HMAC-SHA256 of the raw body. */
export function verifyShopify(input: VerifyShopifyInput): VerifyHmacResult {
  assertInput(input, "verifyShopify");
  const headers = input.headers;
  const signature = input.signature;
  if (headers === undefined || signature !== undefined) {
    return verifyBodyHmac(input, input.body, input.secret, headers, signature, SHOPIFY_SIGNATURE_HEADER, "sha256", "base64", "");
  }
  const sent = eitherHeader(headers, SHOPIFY_EVENTS_SIGNATURE_HEADER, SHOPIFY_SIGNATURE_HEADER);
  if (sent === undefined) {
    // Programmer errors first, as on every other path.
    bodyInput(input.body);
    assertSecrets(input.secret);
    return differentHeaders(SHOPIFY_EVENTS_SIGNATURE_HEADER, SHOPIFY_SIGNATURE_HEADER);
  }
  return verifyBodyHmac(READ_HERE, input.body, input.secret, undefined, sent.value, SHOPIFY_SIGNATURE_HEADER, "sha256", "base64", "");
}

/** Signs a body as Shopify does: padded standard base64 of the HMAC-SHA256. */
export function signShopify(input: SignShopifyInput): string {
  assertInput(input, "signShopify");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac("sha256", input.secret, body).toString("base64");
}
