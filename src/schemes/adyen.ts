// Adyen standard webhooks (HMAC): each NotificationRequestItem carries its signature in
// additionalData.hmacSignature, base64 HMAC-SHA256 under the hex-decoded HMAC key over
// `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:
// eventCode:success` (missing fields empty; DOC + Adyen's SDK). A batch passes only when every
// item matches: a handler gets the whole notification, so every item in it must be Adyen's.
import { createHmac } from "node:crypto";
import { bodyInput } from "../lib/bytes.js";
import { matchingSecret } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertInput } from "../lib/verify.js";
import { adyenItemInput, adyenKeys, adyenSigningKey, adyenMismatch, readAdyenNotification } from "./json-fields.js";
import type { Bytes } from "../lib/types.js";

/** An HMAC key as the Customer Area shows it (hex), or its bytes. */
export type AdyenHmacKey = string | Uint8Array;

/** What `verifyAdyenNotification` takes: the raw body (each item's `additionalData.hmacSignature` is its signature) and the HMAC key or a rotation list. */
export interface VerifyAdyenNotificationInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The webhook's HMAC key in hex (or its bytes), or several during a rotation. Not hex: a TypeError. */
  secret: AdyenHmacKey | readonly AdyenHmacKey[];
}

/** What `signAdyenItem` takes: one NotificationRequestItem and the HMAC key. */
export interface SignAdyenItemInput {
  /** A NotificationRequestItem (its additionalData.hmacSignature, if any, is not read). */
  item: Readonly<Record<string, unknown>>;
  /** The HMAC key in hex, as the Customer Area shows it, or its bytes. */
  secret: AdyenHmacKey;
}

/**
 * Verifies an Adyen notification: every item's hmacSignature against its fields. With a
 * rotation list, `secretIndex` is the highest index any item needed (the oldest key still in
 * use). Never throws on network input.
 */
export function verifyAdyenNotification(input: VerifyAdyenNotificationInput): VerifyHmacResult {
  assertInput(input, "verifyAdyenNotification");
  const body = bodyInput(input.body);
  const keys = adyenKeys(input.secret);
  const items = readAdyenNotification(body);
  if (!Array.isArray(items)) return items;
  let worst = 0;
  for (let i = 0; i < items.length; i++) {
    const index = matchingSecret("sha256", keys, items[i]!.signature, "base64", items[i]!.signed);
    if (index < 0) return adyenMismatch(i);
    worst = Math.max(worst, index);
  }
  return Array.isArray(keys) ? { ok: true, secretIndex: worst } : { ok: true };
}

/** The hmacSignature of one NotificationRequestItem: 44 characters of base64. */
export function signAdyenItem(input: SignAdyenItemInput): string {
  assertInput(input, "signAdyenItem");
  const signed = adyenItemInput(input.item);
  const key = adyenSigningKey(input.secret);
  return createHmac("sha256", key).update(signed).digest("base64");
}
