import { bodyInput } from "../lib/bytes.js";
import { type VerifyHmacResult, secretMatch, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { type HeaderPart, headerValues } from "./header-set.js";
import { AUTHORIZATION_HEADER, appKeyOf, authorizationDigits } from "./keyed-header.js";
import { headHex, matchingHeadSecret } from "./keyed-mac.js";

/** Where the signature is: `signature`, or `headers`' Authorization. */
const AUTHORIZATION_PARTS: readonly HeaderPart[] = [["signature", AUTHORIZATION_HEADER]];

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
  assertInput(input, "verifyLazada");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const appKey = appKeyOf(input.appKey);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return digits;
  const index = matchingHeadSecret(secrets, appKey, body, digits);
  return index < 0 ? signatureMismatch(AUTHORIZATION_HEADER) : { ok: true, ...secretMatch(secrets, index) };
}

/** Builds the `Authorization` value of Lazada (Lazada Open Platform push): lowercase hex. */
export function signLazada(input: SignLazadaInput): string {
  assertInput(input, "signLazada");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, appKeyOf(input.appKey), body);
}
