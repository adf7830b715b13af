import { type VerifyHmacResult, secretMatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { payosMismatch, payosSignText, readPayosBody } from "../../schemes/payos-body.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignPayosSignatureInput, VerifyPayosSignatureInput } from "../../schemes/payos.js";
import { bodyInput } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

/** Verifies a payOS webhook's `signature` field (see the root entry's verifyPayosSignature). The body is read at call time. */
export function verifyPayosSignature(input: VerifyPayosSignatureInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyPayosSignature");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const signed = readPayosBody(body);
  if ("ok" in signed) return Promise.resolve(signed);
  subtleCrypto();
  const received = decodeHex(signed.digits, 32) as Uint8Array<ArrayBuffer>;
  const texts = signed.texts.map(utf8);
  return (async (): Promise<VerifyHmacResult> => {
    for (const text of texts) {
      const index = await matchingSecretIndex("sha256", secrets, received, text);
      if (index >= 0) return { ok: true, ...secretMatch(secrets, index) };
    }
    return payosMismatch();
  })();
}

/** payOS's `signature` of a `data` object (see the root entry's signPayosSignature). */
export function signPayosSignature(input: SignPayosSignatureInput): Promise<string> {
  assertInput(input, "signPayosSignature");
  assertSecret(input.secret);
  const text = payosSignText(input.data);
  subtleCrypto();
  return hmac("sha256", input.secret, utf8(text)).then(toHex);
}
