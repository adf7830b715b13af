// Sapo, on Web Crypto: see src/schemes/sapo.ts.
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignSapoInput, VerifySapoInput } from "../../schemes/sapo.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toBase64 } from "../lib/encoding.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Sapo signs its webhooks in (`X-Sapo-Hmac-Sha256`), lowercase. */
export const SAPO_SIGNATURE_HEADER = "x-sapo-hmac-sha256";

/** Verifies a Sapo webhook: base64 HMAC-SHA256 of the raw body. */
export function verifySapo(input: VerifySapoInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifySapo");
  return verifyBodyHmac(input, { header: SAPO_SIGNATURE_HEADER, algorithm: "sha256", encoding: "base64", prefix: "" });
}

/** Signs a body as Sapo does: padded standard base64 of the HMAC. */
export function signSapo(input: SignSapoInput): Promise<string> {
  assertInput(input, "signSapo");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, ownedBytes(body)).then(toBase64);
}
