// WooCommerce: padded base64 HMAC of the raw body (SHA-256 unless the site's
// `woocommerce_webhook_hash_algorithm` filter changes it: `algorithm`), keyed with the webhook's
// secret, in `X-WC-Webhook-Signature` (woocommerce-rest-api-docs wp-api-v3/_webhooks.md;
// woocommerce includes/class-wc-webhook.php `generate_signature`).
import { bodyInput } from "../lib/bytes.js";
import { assertAlgorithm, hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, HmacAlgorithm, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header WooCommerce signs its webhooks in (`X-WC-Webhook-Signature`), lowercase. */
export const WOOCOMMERCE_SIGNATURE_HEADER = "x-wc-webhook-signature";

/** What `verifyWoocommerce` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifyWoocommerceInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The webhook's secret as WooCommerce stores it (after `wp_specialchars_decode`: `&amp;` in the admin is `&` here), or several during a rotation. */
  secret: Secrets;
  /** The header value (44 characters of padded base64 for SHA-256); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-wc-webhook-signature` is read from them. */
  headers?: HeadersLike;
  /** The site's `woocommerce_webhook_hash_algorithm`, if a plugin changed it. Defaults to `"sha256"`. */
  algorithm?: HmacAlgorithm;
}

/** What `signWoocommerce` takes: the body a WooCommerce test sender posts, and one secret. */
export interface SignWoocommerceInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
  /** Defaults to `"sha256"`. */
  algorithm?: HmacAlgorithm;
}

/** Verifies a WooCommerce webhook: base64 HMAC-SHA256 of the raw body (or the site's algorithm). */
export function verifyWoocommerce(input: VerifyWoocommerceInput): VerifyHmacResult {
  assertInput(input, "verifyWoocommerce");
  const algorithm = assertAlgorithm(input.algorithm);
  return verifyBodyHmac(input, input.body, input.secret, input.headers, input.signature, WOOCOMMERCE_SIGNATURE_HEADER, algorithm, "base64", "");
}

/** Signs a body as WooCommerce does: padded standard base64 of the HMAC. */
export function signWoocommerce(input: SignWoocommerceInput): string {
  assertInput(input, "signWoocommerce");
  const algorithm = assertAlgorithm(input.algorithm);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac(algorithm, input.secret, body).toString("base64");
}
