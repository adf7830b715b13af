import { bodyInput } from "../lib/bytes.js";
import { hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header TikiNOW Smart Logistics signs its webhooks in. */
export const TIKI_SIGNATURE_HEADER = "x-signature";

/** What `verifyTikiSha1` takes: the raw body, the channel's secret or a rotation list, and the signature or the request headers. */
export interface VerifyTikiSha1Input {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The channel's `secret_key`, or several during a rotation. */
  secret: Secrets;
  /** The `x-signature` header value (`sha1=<hex>`); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-signature` is read from them. */
  headers?: HeadersLike;
}

/** What `signTikiSha1` takes: the body a TikiNOW test sender posts, and one secret. */
export interface SignTikiSha1Input {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The channel's `secret_key`. */
  secret: Secret;
}

/** Verifies a TikiNOW delivery: `x-signature: sha1=<hex HMAC-SHA1(secret, raw body)>`. */
export function verifyTikiSha1(input: VerifyTikiSha1Input): VerifyHmacResult {
  assertInput(input, "verifyTikiSha1");
  return verifyBodyHmac(input, input.body, input.secret, input.headers, input.signature, TIKI_SIGNATURE_HEADER, "sha1", "hex", "sha1=");
}

/** Signs a body as TikiNOW does: `"sha1=" + lowercase hex`. */
export function signTikiSha1(input: SignTikiSha1Input): string {
  assertInput(input, "signTikiSha1");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return `sha1=${hmac("sha1", input.secret, body).toString("hex")}`;
}
