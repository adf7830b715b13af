// The Web Crypto counterpart of src/schemes/keyed-mac.ts: HMAC-SHA256 over a short text head
// and the raw body, compared with hex digits (SePay, Lazada, TikTok Shop, Shopee).
import { secretMatch, signatureMismatch, type VerifyHmacResult } from "../../lib/result.js";
import type { Secret } from "../../lib/types.js";
import { AUTHORIZATION_HEADER } from "../../schemes/keyed-header.js";
import { type BodyInput, prefixedBytes } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex } from "../lib/encoding.js";

/** The index of the first secret whose HMAC-SHA256 of head + body equals `digits` (64 hex digits, already checked), or -1. */
export function matchingHeadSecret(secrets: Secret | readonly Secret[], head: string, body: BodyInput, digits: string): Promise<number> {
  subtleCrypto();
  return matchingSecretIndex("sha256", secrets, decodeHex(digits, 32) as Uint8Array<ArrayBuffer>, prefixedBytes(head, body));
}

/** The result of an `Authorization` check (Lazada, TikTok Shop, Shopee). */
export function authorizationResult(secrets: Secret | readonly Secret[], head: string, body: BodyInput, digits: string): Promise<VerifyHmacResult> {
  return matchingHeadSecret(secrets, head, body, digits).then((index) =>
    index < 0 ? signatureMismatch(AUTHORIZATION_HEADER) : { ok: true, ...secretMatch(secrets, index) },
  );
}

/** Lowercase hex HMAC-SHA256 of head + body, for the signers. */
export function headHex(secret: Secret, head: string, body: BodyInput): Promise<string> {
  subtleCrypto();
  return hmac("sha256", secret, prefixedBytes(head, body)).then(toHex);
}
