import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { AUTHORIZATION_PARTS } from "../../schemes/app-key-parts.js";
import { headerValues } from "../../schemes/header-set.js";
import { authorizationDigits, shopeeUrlOf } from "../../schemes/keyed-header.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignShopeeInput, VerifyShopeeInput } from "../../schemes/shopee.js";
import { bodyInput } from "../lib/bytes.js";
import { assertInput } from "../lib/verify.js";
import { authorizationResult, headHex } from "./keyed.js";


/** Verifies a Shopee push: `Authorization: <hex HMAC-SHA256(partner key, URL + "|" + raw body)>` (unconfirmed). */
export function verifyShopee(input: VerifyShopeeInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyShopee");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const url = shopeeUrlOf(input.url);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return Promise.resolve(digits);
  return authorizationResult(secrets, `${url}|`, body, digits);
}

/** Builds the `Authorization` value of a Shopee push: lowercase hex. */
export function signShopee(input: SignShopeeInput): Promise<string> {
  assertInput(input, "signShopee");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, `${shopeeUrlOf(input.url)}|`, body);
}
