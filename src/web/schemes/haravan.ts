// Haravan, on Web Crypto: see src/schemes/haravan.ts (base64 or hex, told apart by length).
import { headerFromInput } from "../../lib/headers.js";
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignHaravanInput, VerifyHaravanInput } from "../../schemes/haravan.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toBase64 } from "../lib/encoding.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Haravan signs its webhooks in (`X-Haravan-Hmacsha256`), lowercase. */
export const HARAVAN_SIGNATURE_HEADER = "x-haravan-hmacsha256";

/** Verifies a Haravan webhook: HMAC-SHA256 of the raw body, in base64 or hex. */
export function verifyHaravan(input: VerifyHaravanInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyHaravan");
  const sent = headerFromInput(input, "signature", HARAVAN_SIGNATURE_HEADER);
  const first = Array.isArray(sent) ? (sent as unknown[])[0] : sent;
  const encoding = typeof first === "string" && first.trim().length === 64 ? "hex" : "base64";
  return verifyBodyHmac({ body: input.body, secret: input.secret, signature: sent }, { header: HARAVAN_SIGNATURE_HEADER, algorithm: "sha256", encoding, prefix: "" });
}

/** Signs a body as Haravan's third-party receivers expect: padded standard base64 of the HMAC-SHA256. */
export function signHaravan(input: SignHaravanInput): Promise<string> {
  assertInput(input, "signHaravan");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, ownedBytes(body)).then(toBase64);
}
