// MoMo IPN (API v3): the signature is the body field `signature`, lowercase hex HMAC-SHA256
// under the partner's secretKey over `accessKey=…&amount=…&…&transId=…` (the field list in
// json-fields.ts). The access key starts the signed string but is not in the IPN: it comes
// from your configuration. The body is read as strict JSON (src/lib/strict-json.ts).
import { createHmac } from "node:crypto";
import { bodyInput } from "../lib/bytes.js";
import { matchingSecret } from "../lib/hmac.js";
import { type VerifyHmacResult, secretMatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { momoAccessKey, momoFieldsInput, momoMismatch, readMomoIpn } from "./json-fields.js";

export { MOMO_SIGNED_FIELDS } from "./json-fields.js";

/** What `verifyMomoIpn` takes: the raw body (its `signature` field is the signature), the secretKey or a rotation list, and the accessKey. */
export interface VerifyMomoIpnInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The partner's secretKey, or several during a rotation. */
  secret: Secrets;
  /** The partner's accessKey: the signed string starts with it, and the IPN does not carry it. */
  accessKey: string;
}

/** What `signMomoIpn` takes: the IPN's fields, the secretKey and the accessKey. */
export interface SignMomoIpnInput {
  /** The IPN's fields (`amount`, `orderId`, … `transId`); other fields are not signed. */
  payload: Readonly<Record<string, unknown>>;
  /** The partner's secretKey: the HMAC key. */
  secret: Secret;
  /** The partner's accessKey: the signed string starts with it. */
  accessKey: string;
}

/**
 * Verifies a MoMo IPN: its `signature` field against its signed fields. Never throws on network
 * input; a body that is not strict JSON (a key twice, `1.0`, `__proto__`) is refused
 * (`malformed_header`, the message says where).
 */
export function verifyMomoIpn(input: VerifyMomoIpnInput): VerifyHmacResult {
  assertInput(input, "verifyMomoIpn");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const accessKey = momoAccessKey(input.accessKey);
  const read = readMomoIpn(body, accessKey);
  if (!("signed" in read)) return read;
  const index = matchingSecret("sha256", secrets, read.signature, "hex", read.signed);
  return index < 0 ? momoMismatch() : { ok: true, ...secretMatch(secrets, index) };
}

/** The `signature` of an IPN's fields: 64 lowercase hex digits. */
export function signMomoIpn(input: SignMomoIpnInput): string {
  assertInput(input, "signMomoIpn");
  const accessKey = momoAccessKey(input.accessKey);
  const signed = momoFieldsInput(input.payload, accessKey);
  assertSecret(input.secret);
  return createHmac("sha256", input.secret).update(signed).digest("hex");
}
