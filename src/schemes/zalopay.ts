import { createHmac } from "node:crypto";
import { bodyInput } from "../lib/bytes.js";
import { matchingSecret } from "../lib/hmac.js";
import { type VerifyHmacResult, secretMatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { readZalopayBody, zalopayDataOf, zalopayMismatch } from "./zalopay-body.js";

/** What `verifyZalopayMac` takes: the raw callback body (its `mac` field is the signature) and key2 or a rotation list. */
export interface VerifyZalopayMacInput {
  /** The raw callback body exactly as received: the MAC is its `mac` field. */
  body: Bytes;
  /** The app's key2 (the callback key, UTF-8), or several during a rotation. */
  secret: Secrets;
}

/** What `signZalopayMac` takes: the `data` string and key2. */
export interface SignZalopayMacInput {
  /** The callback's `data` string (JSON text), exactly as it will be sent. */
  data: string;
  /** key2. */
  secret: Secret;
}

/**
 * Verifies a ZaloPay payment callback: its `mac` field is the lowercase hex HMAC-SHA256 (key2)
 * of its `data` string exactly as received (never re-serialised). The body is read strictly.
 */
export function verifyZalopayMac(input: VerifyZalopayMacInput): VerifyHmacResult {
  assertInput(input, "verifyZalopayMac");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const signed = readZalopayBody(body);
  if ("ok" in signed) return signed;
  const index = matchingSecret("sha256", secrets, signed.digits, "hex", signed.data);
  return index < 0 ? zalopayMismatch() : { ok: true, ...secretMatch(secrets, index) };
}

/** ZaloPay's `mac` of a callback's `data` string: lowercase hex HMAC-SHA256 under key2. */
export function signZalopayMac(input: SignZalopayMacInput): string {
  assertInput(input, "signZalopayMac");
  const data = zalopayDataOf(input.data);
  assertSecret(input.secret);
  return createHmac("sha256", input.secret).update(data).digest("hex");
}
