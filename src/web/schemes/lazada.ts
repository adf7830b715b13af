import type { VerifyHmacResult } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { type HeaderPart, headerValues } from "../../schemes/header-set.js";
import { AUTHORIZATION_HEADER, appKeyOf, authorizationDigits } from "../../schemes/keyed-header.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignLazadaInput, VerifyLazadaInput } from "../../schemes/lazada.js";
import { bodyInput } from "../lib/bytes.js";
import { assertInput } from "../lib/verify.js";
import { authorizationResult, headHex } from "./keyed.js";

/** Where the signature is: `signature`, or `headers`' Authorization. */
const AUTHORIZATION_PARTS: readonly HeaderPart[] = [["signature", AUTHORIZATION_HEADER]];

/** Verifies `Authorization: <hex HMAC-SHA256(app secret, app key + raw body)>`. */
export function verifyLazada(input: VerifyLazadaInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyLazada");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const appKey = appKeyOf(input.appKey);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return Promise.resolve(digits);
  return authorizationResult(secrets, appKey, body, digits);
}

/** Builds the `Authorization` value: lowercase hex. */
export function signLazada(input: SignLazadaInput): Promise<string> {
  assertInput(input, "signLazada");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, appKeyOf(input.appKey), body);
}
