// Adyen standard webhooks on Web Crypto: the same checks as src/schemes/adyen.ts.
import type { VerifyHmacResult } from "../../lib/result.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignAdyenItemInput, VerifyAdyenNotificationInput } from "../../schemes/adyen.js";
import { adyenItemInput, adyenKeys, adyenSigningKey, adyenMismatch, readAdyenNotification } from "../../schemes/json-fields.js";
import { bodyInput } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeBase64, toBase64, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

/** Verifies an Adyen notification: every item's hmacSignature against its fields. */
export function verifyAdyenNotification(input: VerifyAdyenNotificationInput): Promise<VerifyHmacResult> {
  assertInput(input, "verifyAdyenNotification");
  const body = bodyInput(input.body);
  const keys = adyenKeys(input.secret);
  const items = readAdyenNotification(body);
  if (!Array.isArray(items)) return Promise.resolve(items);
  subtleCrypto();
  return Promise.all(items.map((item) => matchingSecretIndex("sha256", keys, decodeBase64(item.signature, 32)!, utf8(item.signed)))).then((indexes) => {
    const failed = indexes.findIndex((index) => index < 0);
    if (failed >= 0) return adyenMismatch(failed);
    return Array.isArray(keys) ? { ok: true, secretIndex: Math.max(...indexes) } : { ok: true };
  });
}

/** The hmacSignature of one NotificationRequestItem: 44 characters of base64. */
export function signAdyenItem(input: SignAdyenItemInput): Promise<string> {
  assertInput(input, "signAdyenItem");
  const signed = adyenItemInput(input.item);
  const key = adyenSigningKey(input.secret);
  subtleCrypto();
  return hmac("sha256", key, utf8(signed)).then(toBase64);
}
