import { type VerifyHmacResult, secretMatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { readZalopayBody, zalopayDataOf, zalopayMismatch } from "../../schemes/zalopay-body.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignZalopayMacInput, VerifyZalopayMacInput } from "../../schemes/zalopay.js";
import { bodyInput } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

/** Verifies a ZaloPay callback's `mac` field (see the root entry's verifyZalopayMac). The body is read at call time. */
export function verifyZalopayMac(input: VerifyZalopayMacInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyZalopayMac");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const signed = readZalopayBody(body);
  if ("ok" in signed) return Promise.resolve(signed);
  subtleCrypto();
  const received = decodeHex(signed.digits, 32) as Uint8Array<ArrayBuffer>;
  return matchingSecretIndex("sha256", secrets, received, utf8(signed.data)).then((index) =>
    index < 0 ? zalopayMismatch() : { ok: true, ...secretMatch(secrets, index) },
  );
}

/** ZaloPay's `mac` of a callback's `data` string (see the root entry's signZalopayMac). */
export function signZalopayMac(input: SignZalopayMacInput): Promise<string> {
  assertInput(input, "signZalopayMac");
  const data = zalopayDataOf(input.data);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, utf8(data)).then(toHex);
}
