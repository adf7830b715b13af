// VNPay IPN (version 2.1.0): the signature is the query parameter vnp_SecureHash, lowercase hex
// HMAC-SHA512 under the terminal's hash secret over the sorted, URL-encoded vnp_ parameters
// (see vnpay-query.ts for the readings tried). The IPN is a GET: there is no body to sign.
import { createHmac } from "node:crypto";
import { matchingSecret } from "../lib/hmac.js";
import { type VerifyHmacResult, secretMatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { VNPAY_SIGNATURE_PARAM, readVnpayQuery, vnpayMismatch, vnpayParamsInput, vnpayQueryInput, vnpaySignedStrings, vnpaySigningString } from "./vnpay-query.js";

export { VNPAY_SIGNATURE_PARAM } from "./vnpay-query.js";

/** What `verifyVnpayIpn` takes: the IPN's raw query (its `vnp_SecureHash` is the signature) and the hash secret or a rotation list. */
export interface VerifyVnpayIpnInput {
  /**
   * The IPN's query string as received (with or without its `?`), or its request target
   * (`/vnpay/ipn?vnp_Amount=…`) or full URL: the part after the first `?` is read. Give the
   * raw text, never a parsed object: duplicates and encodings are checked on it.
   */
  query: string;
  /** The terminal's hash secret (vnp_HashSecret), or several during a rotation. */
  secret: Secrets;
}

/** What `signVnpayIpn` takes: the vnp_ parameters and one hash secret. */
export interface SignVnpayIpnInput {
  /** The vnp_ parameters to sign (not vnp_SecureHash): strings or numbers. */
  params: Readonly<Record<string, string | number>>;
  /** The one hash secret (vnp_HashSecret) to sign with. */
  secret: Secret;
}

/**
 * Verifies a VNPay IPN's query: vnp_SecureHash against the other vnp_ parameters. Never throws
 * on network input; a vnp_ parameter given twice is refused (`malformed_header`).
 */
export function verifyVnpayIpn(input: VerifyVnpayIpnInput): VerifyHmacResult {
  assertInput(input, "verifyVnpayIpn");
  const query = vnpayQueryInput(input.query);
  const secrets = assertSecrets(input.secret);
  const read = readVnpayQuery(query);
  if (!("params" in read)) return read;
  // The first reading that matches names the secret: another reading matching another secret
  // would take two HMACs of different keys and texts to be equal.
  for (const signed of vnpaySignedStrings(read.params)) {
    const index = matchingSecret("sha512", secrets, read.signature, "hex", signed);
    if (index >= 0) return { ok: true, ...secretMatch(secrets, index) };
  }
  return vnpayMismatch();
}

/**
 * Signs vnp_ parameters as VNPay's PHP demo does: the query to send, sorted and encoded
 * (empty values left out), ending in `&vnp_SecureHash=<128 lowercase hex digits>`.
 */
export function signVnpayIpn(input: SignVnpayIpnInput): string {
  assertInput(input, "signVnpayIpn");
  const params = vnpayParamsInput(input.params);
  assertSecret(input.secret);
  const signed = vnpaySigningString(params);
  return `${signed}&${VNPAY_SIGNATURE_PARAM}=${createHmac("sha512", input.secret).update(signed).digest("hex")}`;
}
