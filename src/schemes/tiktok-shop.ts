import type { VerifyHmacResult } from "../lib/result.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { signAppKeyAuthorization, verifyAppKeyAuthorization } from "./app-key.js";

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
  return verifyAppKeyAuthorization(input, "verifyTiktokShop");
}

/** Builds the `Authorization` value of TikTok Shop: lowercase hex. */
export function signTiktokShop(input: SignTiktokShopInput): string {
  return signAppKeyAuthorization(input, "signTiktokShop");
}
