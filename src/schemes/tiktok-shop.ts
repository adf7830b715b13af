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

/** What `verifyTiktokShop` takes: the raw body, the app secret or a rotation list, the app key, and the signature or the request headers. */
export interface VerifyTiktokShopInput {
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

/** What `signTiktokShop` takes: the body, the app secret and the app key. */
export interface SignTiktokShopInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The app secret: the HMAC key. */
  secret: Secret;
  /** The app key: signed before the body, no separator. */
  appKey: string;
}

/**
 * Verifies a TikTok Shop webhook (unconfirmed: third-party sources only, docs/tiktok-shop.md): `Authorization: <hex HMAC-SHA256(app secret, app key + raw body)>`,
 * no separator, hex in either case.
 */
export function verifyTiktokShop(input: VerifyTiktokShopInput): VerifyHmacResult {
  assertInput(input, "verifyTiktokShop");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const appKey = appKeyOf(input.appKey);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return digits;
  const index = matchingHeadSecret(secrets, appKey, body, digits);
  return index < 0 ? signatureMismatch(AUTHORIZATION_HEADER) : { ok: true, ...secretMatch(secrets, index) };
}

/** Builds the `Authorization` value of TikTok Shop: lowercase hex. */
export function signTiktokShop(input: SignTiktokShopInput): string {
  assertInput(input, "signTiktokShop");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, appKeyOf(input.appKey), body);
}
