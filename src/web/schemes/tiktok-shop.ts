// Web Crypto: the app-key scheme of src/web/schemes/app-key.ts, under TiktokShop's names.
import type { VerifyHmacResult } from "../../lib/result.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignTiktokShopInput, VerifyTiktokShopInput } from "../../schemes/tiktok-shop.js";
import { signAppKeyAuthorization, verifyAppKeyAuthorization } from "./app-key.js";

/** Verifies `Authorization: <hex HMAC-SHA256(app secret, app key + raw body)>`. */
export function verifyTiktokShop(input: VerifyTiktokShopInput): Promise<VerifyHmacResult> {
  return verifyAppKeyAuthorization(input, "verifyTiktokShop");
}

/** Builds the `Authorization` value: lowercase hex. */
export function signTiktokShop(input: SignTiktokShopInput): Promise<string> {
  return signAppKeyAuthorization(input, "signTiktokShop");
}
