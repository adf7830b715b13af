import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignHmacBase64Input, VerifyHmacBase64Input } from "../../schemes/ewarehousing.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toBase64 } from "../lib/encoding.js";
import { assertAlgorithm, assertInput, headerNameOf, verifyBodyHmac } from "../lib/verify.js";

/** The header eWarehousing Solutions signs its webhooks in (`X-Hmac-SHA256`). */
export const EWAREHOUSING_SIGNATURE_HEADER = "x-hmac-sha256";

/** Verifies base64 HMAC of the raw body (eWarehousing, and any provider that signs that way). */
export function verifyHmacBase64(input: VerifyHmacBase64Input): Promise<VerifyHmacResult> {
  assertInput(input, "verifyHmacBase64");
  const algorithm = assertAlgorithm(input.algorithm);
  const header = headerNameOf(input.headerName, input.headers, EWAREHOUSING_SIGNATURE_HEADER);
  // Stryker disable next-line StringLiteral: equivalent; this entry reads every encoding but "hex" as base64
  return verifyBodyHmac(input, { header, algorithm, encoding: "base64", prefix: "" });
}

/** Signs a body as eWarehousing does: padded standard base64 of the HMAC. */
export function signHmacBase64(input: SignHmacBase64Input): Promise<string> {
  assertInput(input, "signHmacBase64");
  const algorithm = assertAlgorithm(input.algorithm);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac(algorithm, input.secret, ownedBytes(body)).then(toBase64);
}
