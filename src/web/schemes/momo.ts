// MoMo IPN on Web Crypto: the same checks as src/schemes/momo.ts.
import { type VerifyHmacResult, secretMatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { momoAccessKey, momoFieldsInput, momoMismatch, readMomoIpn } from "../../schemes/json-fields.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignMomoIpnInput, VerifyMomoIpnInput } from "../../schemes/momo.js";
import { bodyInput } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

/** Verifies a MoMo IPN: its `signature` field against its signed fields. */
export function verifyMomoIpn(input: VerifyMomoIpnInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyMomoIpn");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const accessKey = momoAccessKey(input.accessKey);
  const read = readMomoIpn(body, accessKey);
  if (!("signed" in read)) return Promise.resolve(read);
  subtleCrypto();
  return matchingSecretIndex("sha256", secrets, decodeHex(read.signature, 32)!, utf8(read.signed)).then((index) =>
    index < 0 ? momoMismatch() : { ok: true, ...secretMatch(secrets, index) },
  );
}

/** The `signature` of an IPN's fields: 64 lowercase hex digits. */
export function signMomoIpn(input: SignMomoIpnInput): Promise<string> {
  assertInput(input, "signMomoIpn");
  const accessKey = momoAccessKey(input.accessKey);
  const signed = momoFieldsInput(input.payload, accessKey);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha256", input.secret, utf8(signed)).then(toHex);
}
