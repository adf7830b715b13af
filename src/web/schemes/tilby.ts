import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignHmacHexInput, VerifyHmacHexInput } from "../../schemes/tilby.js";
import { bodyInput, ownedBytes } from "../lib/bytes.js";
import { hmac, subtleCrypto } from "../lib/crypto.js";
import { toHex } from "../lib/encoding.js";
import { assertAlgorithm, assertInput, headerNameOf, prefixOf, verifyBodyHmac } from "../lib/verify.js";

/** Verifies hex HMAC of the raw body (Tilby, and any provider that signs that way). */
export function verifyHmacHex(input: VerifyHmacHexInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyHmacHex");
  const algorithm = assertAlgorithm(input.algorithm);
  const header = headerNameOf(input.headerName, input.headers, undefined);
  return verifyBodyHmac(input, { header, algorithm, encoding: "hex", prefix: prefixOf(input.prefix) });
}

/** Signs a body as Tilby does: lowercase hex of the HMAC, after an optional prefix. */
export function signHmacHex(input: SignHmacHexInput): Promise<string> {
  assertInput(input, "signHmacHex");
  const algorithm = assertAlgorithm(input.algorithm);
  const prefix = prefixOf(input.prefix);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  subtleCrypto();
  return hmac(algorithm, input.secret, ownedBytes(body)).then((mac) => prefix + toHex(mac));
}
