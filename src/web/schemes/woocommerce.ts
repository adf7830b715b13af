// WooCommerce, on Web Crypto: see src/schemes/woocommerce.ts.
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignWoocommerceInput, VerifyWoocommerceInput } from "../../schemes/woocommerce.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toBase64 } from "../lib/encoding.js";
import { assertAlgorithm, assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header WooCommerce signs its webhooks in (`X-WC-Webhook-Signature`), lowercase. */
export const WOOCOMMERCE_SIGNATURE_HEADER = "x-wc-webhook-signature";

/** Verifies a WooCommerce webhook: base64 HMAC-SHA256 of the raw body (or the site's algorithm). */
export function verifyWoocommerce(input: VerifyWoocommerceInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyWoocommerce");
  return verifyBodyHmac(input, { header: WOOCOMMERCE_SIGNATURE_HEADER, algorithm: assertAlgorithm(input.algorithm), encoding: "base64", prefix: "" });
}

/** Signs a body as WooCommerce does: padded standard base64 of the HMAC. */
export function signWoocommerce(input: SignWoocommerceInput): Promise<string> {
  assertInput(input, "signWoocommerce");
  const algorithm = assertAlgorithm(input.algorithm);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac(algorithm, input.secret, ownedBytes(body)).then(toBase64);
}
