import { bodyInput } from "../lib/bytes.js";
import { assertAlgorithm, hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, HmacAlgorithm, Secret, Secrets } from "../lib/types.js";
import { assertInput, headerNameOf, verifyBodyHmac } from "../lib/verify.js";

/** The header eWarehousing Solutions signs its webhooks in (`X-Hmac-SHA256`). */
export const EWAREHOUSING_SIGNATURE_HEADER = "x-hmac-sha256";

/** What `verifyHmacBase64` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifyHmacBase64Input {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The webhook's `hash_secret`, or several during a rotation. */
  secret: Secrets;
  /** The header value (padded standard base64); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `headerName` is read from them. */
  headers?: HeadersLike;
  /** Defaults to `"x-hmac-sha256"`; any case. */
  headerName?: string;
  /** Defaults to `"sha256"`. */
  algorithm?: HmacAlgorithm;
}

/** What `signHmacBase64` takes: the body, one secret, and the hash if not SHA-256. */
export interface SignHmacBase64Input {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
  /** Defaults to `"sha256"`. */
  algorithm?: HmacAlgorithm;
}

/** Verifies base64 HMAC of the raw body (eWarehousing, and any provider that signs that way). */
export function verifyHmacBase64(input: VerifyHmacBase64Input): VerifyHmacResult {
  assertInput(input, "verifyHmacBase64");
  const algorithm = assertAlgorithm(input.algorithm);
  const headers = input.headers;
  const header = headerNameOf(input.headerName, headers, EWAREHOUSING_SIGNATURE_HEADER);
  return verifyBodyHmac(input, input.body, input.secret, headers, input.signature, header, algorithm, "base64", "");
}

/** Signs a body as eWarehousing does: padded standard base64 of the HMAC. */
export function signHmacBase64(input: SignHmacBase64Input): string {
  assertInput(input, "signHmacBase64");
  const algorithm = assertAlgorithm(input.algorithm);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac(algorithm, input.secret, body).toString("base64");
}
