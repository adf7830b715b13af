import { createHmac } from "node:crypto";
import { bodyInput } from "../lib/bytes.js";
import { matchingSecret } from "../lib/hmac.js";
import { type VerifyHmacResult, secretMatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { payosMismatch, payosSignText, readPayosBody } from "./payos-body.js";

/** What `verifyPayosSignature` takes: the raw body (its `signature` field is the signature) and the checksum key or a rotation list. */
export interface VerifyPayosSignatureInput {
  /** The raw body exactly as received: payOS's signature is its `signature` field. */
  body: Bytes;
  /** The payment channel's checksum key (UTF-8), or several during a rotation. */
  secret: Secrets;
}

/** What `signPayosSignature` takes: the `data` object and one checksum key. */
export interface SignPayosSignatureInput {
  /** The `data` object to sign (what the body's `data` field will hold). */
  data: Record<string, unknown>;
  /** The checksum key. */
  secret: Secret;
}

/**
 * Verifies a payOS webhook: its `signature` field is the lowercase hex HMAC-SHA256 (checksum
 * key) of `data` as sorted `key=value&…` text. The body is read strictly (one JSON reading or a
 * `malformed_header`), so the `data` verified is the `data` a parser of the same body hands over.
 */
export function verifyPayosSignature(input: VerifyPayosSignatureInput): VerifyHmacResult {
  assertInput(input, "verifyPayosSignature");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const signed = readPayosBody(body);
  if ("ok" in signed) return signed;
  for (const text of signed.texts) {
    const index = matchingSecret("sha256", secrets, signed.digits, "hex", text);
    if (index >= 0) return { ok: true, ...secretMatch(secrets, index) };
  }
  return payosMismatch();
}

/** payOS's `signature` of a `data` object: lowercase hex HMAC-SHA256 of its sorted `key=value&…` text. */
export function signPayosSignature(input: SignPayosSignatureInput): string {
  assertInput(input, "signPayosSignature");
  assertSecret(input.secret);
  return createHmac("sha256", input.secret).update(payosSignText(input.data)).digest("hex");
}
