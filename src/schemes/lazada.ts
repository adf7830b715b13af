import type { VerifyHmacResult } from "../lib/result.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { signAppKeyAuthorization, verifyAppKeyAuthorization } from "./app-key.js";

/** What `verifyLazada` takes: the raw body, the App Secret or a rotation list, the App Key, and the signature or the request headers. */
export interface VerifyLazadaInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The App Secret; several during a rotation. */
  secret: Secrets;
  /** The app's App Key, which is signed before the body. */
  appKey: string;
  /** The `Authorization` value (64 hex digits); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `authorization` is read from them. */
  headers?: HeadersLike;
}

/** What `signLazada` takes: the body, the App Secret and the App Key. */
export interface SignLazadaInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The App Secret: the HMAC key. */
  secret: Secret;
  /** The App Key: signed before the body, no separator. */
  appKey: string;
}

/**
 * Verifies a Lazada push: `Authorization: <hex HMAC-SHA256(app secret, app key + raw body)>`,
 * no separator, hex in either case.
 */
export function verifyLazada(input: VerifyLazadaInput): VerifyHmacResult {
  return verifyAppKeyAuthorization(input, "verifyLazada");
}

/** Builds the `Authorization` value of Lazada (Lazada Open Platform push): lowercase hex. */
export function signLazada(input: SignLazadaInput): string {
  return signAppKeyAuthorization(input, "signLazada");
}
