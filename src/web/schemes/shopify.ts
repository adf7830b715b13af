// Shopify, on Web Crypto: see src/schemes/shopify.ts.
import { differentHeaders, eitherHeader } from "../../lib/headers.js";
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignShopifyInput, VerifyShopifyInput } from "../../schemes/shopify.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toBase64 } from "../lib/encoding.js";
import { type BodyHmacScheme, assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header classic Shopify webhooks are signed in (`X-Shopify-Hmac-Sha256`), lowercase. */
export const SHOPIFY_SIGNATURE_HEADER = "x-shopify-hmac-sha256";
/** The header Shopify's "Events" deliveries also carry (`shopify-hmac-sha256`). */
export const SHOPIFY_EVENTS_SIGNATURE_HEADER = "shopify-hmac-sha256";

const SCHEME: BodyHmacScheme = { header: SHOPIFY_SIGNATURE_HEADER, algorithm: "sha256", encoding: "base64", prefix: "" };

/** Verifies a Shopify webhook: base64 HMAC-SHA256 of the raw body. */
export function verifyShopify(input: VerifyShopifyInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyShopify");
  const headers = input.headers;
  if (headers === undefined || input.signature !== undefined) return verifyBodyHmac(input, SCHEME);
  const sent = eitherHeader(headers, SHOPIFY_EVENTS_SIGNATURE_HEADER, SHOPIFY_SIGNATURE_HEADER);
  if (sent === undefined) {
    // Programmer errors first, as on every other path.
    bodyInput(input.body);
    assertSecrets(input.secret);
    return Promise.resolve(differentHeaders(SHOPIFY_EVENTS_SIGNATURE_HEADER, SHOPIFY_SIGNATURE_HEADER));
  }
  return verifyBodyHmac({ body: input.body, secret: input.secret, signature: sent.value }, SCHEME);
}

/** Signs a body as Shopify does: padded standard base64 of the HMAC-SHA256. */
export function signShopify(input: SignShopifyInput): Promise<string> {
  assertInput(input, "signShopify");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, ownedBytes(body)).then(toBase64);
}
