// Mollie, on Web Crypto: see src/schemes/mollie.ts.
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignMollieInput, VerifyMollieInput } from "../../schemes/mollie.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toHex } from "../lib/encoding.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Mollie signs its webhooks in (`X-Mollie-Signature`), lowercase. */
export const MOLLIE_SIGNATURE_HEADER = "x-mollie-signature";

/** Verifies a Mollie webhook: hex HMAC-SHA256 of the raw body. */
export function verifyMollie(input: VerifyMollieInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyMollie");
  return verifyBodyHmac(input, { header: MOLLIE_SIGNATURE_HEADER, algorithm: "sha256", encoding: "hex", prefix: "" });
}

/** Signs a body as Mollie does: lowercase hex of the HMAC. */
export function signMollie(input: SignMollieInput): Promise<string> {
  assertInput(input, "signMollie");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, ownedBytes(body)).then(toHex);
}
