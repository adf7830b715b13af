// What the Node and Web Crypto schemes of SePay, Lazada, TikTok Shop and Shopee share: their
// headers, the signature's form, and the checks of what the caller gives besides the body
// (the app key, the public URL). Platform-neutral: no node: import, no Buffer.
import { isHex } from "../lib/encoding.js";
import { argumentError, describe } from "../lib/errors.js";
import { headerText } from "../lib/headers.js";
import { stripPrefix } from "../lib/options.js";
import { malformedHeader, type VerifyFailure } from "../lib/result.js";
import { isUnixSeconds, malformedTimestamp } from "./signed-window.js";

/** SePay's signature header (HMAC mode). */
export const SEPAY_SIGNATURE_HEADER = "x-sepay-signature";
/** SePay's signed timestamp header (HMAC mode). */
export const SEPAY_TIMESTAMP_HEADER = "x-sepay-timestamp";
/** Lazada's, TikTok Shop's and Shopee's signature header: the bare hex HMAC, no scheme word. */
export const AUTHORIZATION_HEADER = "authorization";

/** The 64 hex digits of an `Authorization` value, or the failure. */
export function authorizationDigits(value: unknown): string | VerifyFailure {
  const text = headerText(value, AUTHORIZATION_HEADER);
  if (typeof text !== "string") return text;
  return isHex(text, 32) ? text : malformedHeader(AUTHORIZATION_HEADER, "expected 64 hex digits (the HMAC-SHA256, no scheme word)");
}

/** SePay's signature digits and timestamp, as sent, or the failure. */
export function sepayParts(signature: unknown, timestamp: unknown): { digits: string; t: string } | VerifyFailure {
  const text = headerText(signature, SEPAY_SIGNATURE_HEADER);
  if (typeof text !== "string") return text;
  const t = headerText(timestamp, SEPAY_TIMESTAMP_HEADER);
  if (typeof t !== "string") return t;
  const digits = stripPrefix(text, "sha256=");
  if (digits === null || !isHex(digits, 32)) return malformedHeader(SEPAY_SIGNATURE_HEADER, 'expected "sha256=" followed by 64 hex digits');
  if (!isUnixSeconds(t)) return malformedTimestamp(SEPAY_TIMESTAMP_HEADER);
  return { digits, t };
}

/** A required text option the HMAC's head is made of (`appKey`, `url`): a non-empty string. */
function headOption(value: unknown, argument: string, what: string): string {
  if (typeof value !== "string" || value.length === 0) throw argumentError(argument, `must be ${what}, a non-empty string, got ${describe(value)}`);
  return value;
}

/** The app key Lazada and TikTok Shop sign before the body. */
export const appKeyOf = (value: unknown): string => headOption(value, "appKey", "the App Key of the app the push belongs to");

/**
 * The callback URL Shopee signs before "|" and the body: exactly as registered with Shopee,
 * an absolute http(s) URL. Never the request's own Host or X-Forwarded-*: behind a proxy,
 * that is not what Shopee signed.
 */
export function shopeeUrlOf(value: unknown, argument = "url"): string {
  const url = headOption(value, argument, "the callback URL exactly as registered with Shopee (an absolute http or https URL)");
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw argumentError(argument, "must be the callback URL exactly as registered with Shopee (an absolute http or https URL)");
  return url;
}

/** SePay's signer's timestamp, checked. */
export function sepaySignTimestamp(timestamp: unknown): string {
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0) throw argumentError("timestamp", "must be a whole number of unix seconds >= 0");
  return String(timestamp);
}
