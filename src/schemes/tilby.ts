import { bodyInput } from "../lib/bytes.js";
import { assertAlgorithm, hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, HmacAlgorithm, Secret, Secrets } from "../lib/types.js";
import { assertInput, headerNameOf, prefixOf, verifyBodyHmac } from "../lib/verify.js";

/** What `verifyHmacHex` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifyHmacHexInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The shared secret (Tilby: the shop's static token), or several during a rotation. */
  secret: Secrets;
  /** The header value (hex digits, after `prefix` if any); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `headerName` is read from them. */
  headers?: HeadersLike;
  /** Required with `headers`: Tilby does not document its header name. */
  headerName?: string;
  /** Defaults to `"sha256"`. */
  algorithm?: HmacAlgorithm;
  /** Text before the hex digits, such as `"sha256="`, matched case-insensitively. Defaults to none. */
  prefix?: string;
}

/** What `signHmacHex` takes: the body, one secret, and the hash and prefix if not the defaults. */
export interface SignHmacHexInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
  /** Defaults to `"sha256"`. */
  algorithm?: HmacAlgorithm;
  /** Text written before the hex digits, such as `"sha256="`. Defaults to none. */
  prefix?: string;
}

/** Verifies hex HMAC of the raw body (Tilby, and any provider that signs that way). */
export function verifyHmacHex(input: VerifyHmacHexInput): VerifyHmacResult {
  assertInput(input, "verifyHmacHex");
  const algorithm = assertAlgorithm(input.algorithm);
  const headers = input.headers;
  const header = headerNameOf(input.headerName, headers, undefined);
  const prefix = prefixOf(input.prefix);
  return verifyBodyHmac(input, input.body, input.secret, headers, input.signature, header, algorithm, "hex", prefix);
}

/** Signs a body as Tilby does: lowercase hex of the HMAC, after an optional prefix. */
export function signHmacHex(input: SignHmacHexInput): string {
  assertInput(input, "signHmacHex");
  const algorithm = assertAlgorithm(input.algorithm);
  const prefix = prefixOf(input.prefix);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return prefix + hmac(algorithm, input.secret, body).toString("hex");
}
