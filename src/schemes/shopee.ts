import { bodyInput } from "../lib/bytes.js";
import { type VerifyHmacResult, secretMatch, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { AUTHORIZATION_PARTS } from "./app-key-parts.js";
import { headerValues } from "./header-set.js";
import { AUTHORIZATION_HEADER, authorizationDigits, shopeeUrlOf } from "./keyed-header.js";
import { headHex, matchingHeadSecret } from "./keyed-mac.js";


/** What `verifyShopee` takes: the raw body, the partner key or a rotation list, the callback URL as registered, and the signature or the request headers. */
export interface VerifyShopeeInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The partner key; several during a rotation. */
  secret: Secrets;
  /**
   * The callback URL exactly as registered with Shopee (what it signs), never one rebuilt from
   * the request's Host or X-Forwarded-* headers: behind a proxy those are not what Shopee signed.
   */
  url: string;
  /** The `Authorization` value (64 hex digits); or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `authorization` is read from them. */
  headers?: HeadersLike;
}

/** What `signShopee` takes: the body, the partner key and the callback URL. */
export interface SignShopeeInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one key to sign with. */
  secret: Secret;
  /** The callback URL exactly as registered. */
  url: string;
}

/**
 * Verifies a Shopee Open Platform push: `Authorization: <hex HMAC-SHA256(partner key, URL + "|"
 * + raw body)>`. Unconfirmed: third-party sources only (docs/shopee.md).
 */
export function verifyShopee(input: VerifyShopeeInput): VerifyHmacResult {
  assertInput(input, "verifyShopee");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const url = shopeeUrlOf(input.url);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return digits;
  const index = matchingHeadSecret(secrets, `${url}|`, body, digits);
  return index < 0 ? signatureMismatch(AUTHORIZATION_HEADER) : { ok: true, ...secretMatch(secrets, index) };
}

/** Builds the `Authorization` value of a Shopee push: lowercase hex. */
export function signShopee(input: SignShopeeInput): string {
  assertInput(input, "signShopee");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, `${shopeeUrlOf(input.url)}|`, body);
}
