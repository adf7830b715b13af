// Sendcloud, on Web Crypto: see src/schemes/sendcloud.ts.
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignSendcloudInput, VerifySendcloudInput } from "../../schemes/sendcloud.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toHex } from "../lib/encoding.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Sendcloud signs its webhooks in (`Sendcloud-Signature`), lowercase. */
export const SENDCLOUD_SIGNATURE_HEADER = "sendcloud-signature";

/** Verifies a Sendcloud webhook: hex HMAC-SHA256 of the raw body. */
export function verifySendcloud(input: VerifySendcloudInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifySendcloud");
  return verifyBodyHmac(input, { header: SENDCLOUD_SIGNATURE_HEADER, algorithm: "sha256", encoding: "hex", prefix: "" });
}

/** Signs a body as Sendcloud does: lowercase hex of the HMAC. */
export function signSendcloud(input: SignSendcloudInput): Promise<string> {
  assertInput(input, "signSendcloud");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, ownedBytes(body)).then(toHex);
}
