import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignTikiSha1Input, VerifyTikiSha1Input } from "../../schemes/tikinow.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toHex } from "../lib/encoding.js";
import { type BodyHmacScheme, assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header TikiNOW Smart Logistics signs its webhooks in. */
export const TIKI_SIGNATURE_HEADER = "x-signature";

const scheme: BodyHmacScheme = { header: TIKI_SIGNATURE_HEADER, algorithm: "sha1", encoding: "hex", prefix: "sha1=" };

/** Verifies a TikiNOW delivery: `x-signature: sha1=<hex HMAC-SHA1(secret, raw body)>`. */
export function verifyTikiSha1(input: VerifyTikiSha1Input): Promise<VerifyHmacResult> {
  assertInput(input, "verifyTikiSha1");
  return verifyBodyHmac(input, scheme);
}

/** Signs a body as TikiNOW does: `"sha1=" + lowercase hex`. */
export function signTikiSha1(input: SignTikiSha1Input): Promise<string> {
  assertInput(input, "signTikiSha1");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac("sha1", input.secret, ownedBytes(body)).then((mac) => `sha1=${toHex(mac)}`);
}
