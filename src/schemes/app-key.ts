// The scheme Lazada and TikTok Shop share: `Authorization: <hex HMAC-SHA256(app secret, app key
// + raw body)>`, no separator, hex in either case. One implementation, named after its caller in
// every TypeError (verifyLazada, verifyTiktokShop, …).
import { bodyInput } from "../lib/bytes.js";
import { type VerifyHmacResult, secretMatch, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import { assertInput } from "../lib/verify.js";
import { AUTHORIZATION_PARTS, type AppKeySignInput, type AppKeyVerifyInput } from "./app-key-parts.js";
import { headerValues } from "./header-set.js";
import { AUTHORIZATION_HEADER, appKeyOf, authorizationDigits } from "./keyed-header.js";
import { headHex, matchingHeadSecret } from "./keyed-mac.js";

/** Verifies the app key + body HMAC in `Authorization`; `name` is the public function's, for its TypeErrors. */
export function verifyAppKeyAuthorization(input: AppKeyVerifyInput, name: string): VerifyHmacResult {
  assertInput(input, name);
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const appKey = appKeyOf(input.appKey);
  const [signature] = headerValues(input, AUTHORIZATION_PARTS);
  const digits = authorizationDigits(signature);
  if (typeof digits !== "string") return digits;
  const index = matchingHeadSecret(secrets, appKey, body, digits);
  return index < 0 ? signatureMismatch(AUTHORIZATION_HEADER) : { ok: true, ...secretMatch(secrets, index) };
}

/** The `Authorization` value, lowercase hex; `name` is the public function's, for its TypeErrors. */
export function signAppKeyAuthorization(input: AppKeySignInput, name: string): string {
  assertInput(input, name);
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return headHex(input.secret, appKeyOf(input.appKey), body);
}
