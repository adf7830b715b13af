// The Web Crypto side of the scheme Lazada and TikTok Shop share (see src/schemes/app-key.ts).
import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { headerValues } from "../../schemes/header-set.js";
import { appKeyOf, authorizationDigits } from "../../schemes/keyed-header.js";
// Types and a constant table only: no node: module enters this entry's graph.
import { AUTHORIZATION_PARTS, type AppKeySignInput, type AppKeyVerifyInput } from "../../schemes/app-key-parts.js";
import { bodyInput } from "../lib/bytes.js";
import { assertInput } from "../lib/verify.js";
import { authorizationResult, headHex } from "./keyed.js";

/** Verifies the app key + body HMAC in `Authorization`; `name` is the public function's, for its TypeErrors. */
export function verifyAppKeyAuthorization(input: AppKeyVerifyInput, name: string): Promise<VerifyHmacResult> {
  assertInput(input, name);
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const appKey = appKeyOf(input.appKey);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return Promise.resolve(digits);
  return authorizationResult(secrets, appKey, body, digits);
}

/** The `Authorization` value, lowercase hex; `name` is the public function's, for its TypeErrors. */
export function signAppKeyAuthorization(input: AppKeySignInput, name: string): Promise<string> {
  assertInput(input, name);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, appKeyOf(input.appKey), body);
}
