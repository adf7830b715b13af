import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { type HeaderPart, headerValues } from "../../schemes/header-set.js";
import { AUTHORIZATION_HEADER, appKeyOf, authorizationDigits } from "../../schemes/keyed-header.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignTiktokShopInput, VerifyTiktokShopInput } from "../../schemes/tiktok-shop.js";
import { bodyInput } from "../lib/bytes.js";
import { assertInput } from "../lib/verify.js";
import { authorizationResult, headHex } from "./keyed.js";

/** Where the signature is: `signature`, or `headers`' Authorization. */
const AUTHORIZATION_PARTS: readonly HeaderPart[] = [["signature", AUTHORIZATION_HEADER]];

/** Verifies `Authorization: <hex HMAC-SHA256(app secret, app key + raw body)>`. */
export function verifyTiktokShop(input: VerifyTiktokShopInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyTiktokShop");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const appKey = appKeyOf(input.appKey);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return Promise.resolve(digits);
  return authorizationResult(secrets, appKey, body, digits);
}

/** Builds the `Authorization` value: lowercase hex. */
export function signTiktokShop(input: SignTiktokShopInput): Promise<string> {
  assertInput(input, "signTiktokShop");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, appKeyOf(input.appKey), body);
}
