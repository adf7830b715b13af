// VNPay IPN on Web Crypto: the same checks as src/schemes/vnpay.ts.
import { type VerifyHmacResult, secretMatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignVnpayIpnInput, VerifyVnpayIpnInput } from "../../schemes/vnpay.js";
import { VNPAY_SIGNATURE_PARAM, readVnpayQuery, vnpayMismatch, vnpayParamsInput, vnpayQueryInput, vnpaySignedStrings, vnpaySigningString } from "../../schemes/vnpay-query.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

/** Verifies a VNPay IPN's query: vnp_SecureHash against the other vnp_ parameters. */
export function verifyVnpayIpn(input: VerifyVnpayIpnInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyVnpayIpn");
  const query = vnpayQueryInput(input.query);
  const secrets = assertSecrets(input.secret);
  const read = readVnpayQuery(query);
  if (!("params" in read)) return Promise.resolve(read);
  subtleCrypto();
  const received = decodeHex(read.signature, 64)!;
  return Promise.all(vnpaySignedStrings(read.params).map((signed) => matchingSecretIndex("sha512", secrets, received, utf8(signed)))).then((indexes) => {
    const found = Math.min(...indexes.map((index) => (index < 0 ? Infinity : index)));
    return found === Infinity
      ? vnpayMismatch()
      : { ok: true, ...secretMatch(secrets, found) };
  });
}

/** Signs vnp_ parameters as VNPay's PHP demo does: the query to send, ending in `&vnp_SecureHash=<hex>`. */
export function signVnpayIpn(input: SignVnpayIpnInput): Promise<string> {
  assertInput(input, "signVnpayIpn");
  const params = vnpayParamsInput(input.params);
  assertSecret(input.secret);
  subtleCrypto();
  const signed = vnpaySigningString(params);
  return hmac("sha512", input.secret, utf8(signed)).then((mac) => `${signed}&${VNPAY_SIGNATURE_PARAM}=${toHex(mac)}`);
}
