// The ceilings: the cheapest correct bare node:crypto code for each check our functions
// make. Each does what a careful hand-written verifier must do for the same scheme (strict
// decode of the received signature, length check, createHmac + update + digest,
// timingSafeEqual) and nothing else: no option checks, no result objects, no messages,
// and none of the library's guards against reentrancy. They return true for a valid
// delivery, false otherwise.
//
// Two things make them cheaper than the textbook `timingSafeEqual(hmac.digest(), received)`:
// - `digest()` returns a Buffer that Node allocates in C++ with its own backing store, which
//   costs about 0.7 µs per call on Node 20 (a third of a whole HMAC of a small body), while
//   `digest("latin1")` returns the same 20/32 bytes as a one-byte V8 string. Writing that
//   string into a preallocated buffer is a plain copy.
// - The received signature is validated by its length and one regex, and decoded into a
//   preallocated buffer too, so a call allocates no Buffer at all. (The length is checked
//   apart: a counted repeat such as [0-9a-f]{64} costs V8's regex engine twice as much.)
import { isUtf8 } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

const scratch = Buffer.allocUnsafeSlow(128);
const expected20 = scratch.subarray(0, 20);
const received20 = scratch.subarray(64, 84);
const expected32 = scratch.subarray(0, 32);
const received32 = scratch.subarray(64, 96);

// Hex digits, either case (the caller checks the length).
const HEX = /^[0-9a-fA-F]*$/;
// TikiNOW: "sha1=" (any case) + hex; 45 characters in all.
const TIKI = /^sha1=[0-9a-fA-F]*$/i;
// Canonical padded standard base64 of 32 bytes once the length is 44: alphabet characters,
// the 43rd with its two low bits zero, then "=". Cheaper than decoding and re-encoding.
const B64_32 = /^[A-Za-z0-9+/]+[AEIMQUYcgkosw048]=$/;
// Canonical padded standard base64 of any length, once the length is a multiple of 4.
const B64_ANY = /^[A-Za-z0-9+/]*(?:[AQgw]==|[AEIMQUYcgkosw048]=)?$/;
const DIGITS = /^[0-9]+$/;
const NONCE = /^[\x21-\x2b\x2d\x2f-\x7e]+$/;

/** TikiNOW: x-signature: sha1=<hex HMAC-SHA1(secret, body)>, surrounding whitespace ignored. */
export function ceilTikiSha1(body, secret, header) {
  const text = header.trim();
  if (text.length !== 45 || !TIKI.test(text)) return false;
  received20.write(text.slice(5), "hex");
  expected20.write(createHmac("sha1", secret).update(body).digest("binary"), "latin1");
  return timingSafeEqual(expected20, received20);
}

/** Hex HMAC-SHA256 of the body after an optional case-insensitive prefix (Tilby; Octokit's "sha256="). */
export function ceilHmacHex(body, secret, header, prefix = "") {
  let digits = header.trim();
  if (prefix.length > 0) {
    if (digits.slice(0, prefix.length).toLowerCase() !== prefix) return false;
    digits = digits.slice(prefix.length);
  }
  if (digits.length !== 64 || !HEX.test(digits)) return false;
  received32.write(digits, "hex");
  expected32.write(createHmac("sha256", secret).update(body).digest("binary"), "latin1");
  return timingSafeEqual(expected32, received32);
}

/** eWarehousing: padded standard base64 HMAC-SHA256 of the body. */
export function ceilHmacBase64(body, secret, header) {
  const text = header.trim();
  if (text.length !== 44 || !B64_32.test(text)) return false;
  received32.write(text, "base64");
  expected32.write(createHmac("sha256", secret).update(body).digest("binary"), "latin1");
  return timingSafeEqual(expected32, received32);
}

/**
 * Mobility Work as it is sent: t={digits},nonce={nonce},signature={64 hex}, in that order,
 * read by three searches and checked strictly (digits, a nonce of printable ASCII without
 * comma, whitespace or ".", 64 hex digits), then HMAC-SHA256 over the joined short prefix
 * t "." nonce "." and the body (two updates), then the +-300 s window.
 */
export function ceilMwSignature(body, secret, header) {
  const v = header.trim();
  if (!v.startsWith("t=")) return false;
  const n = v.indexOf(",nonce=", 2);
  if (n < 0) return false;
  const c = v.indexOf(",", n + 7);
  if (c < 0 || v.length - c !== 75 || !v.startsWith(",signature=", c)) return false;
  const t = v.slice(2, n);
  const nonce = v.slice(n + 7, c);
  const sig = v.slice(c + 11);
  if (!DIGITS.test(t) || !NONCE.test(nonce) || !HEX.test(sig)) return false;
  received32.write(sig, "hex");
  expected32.write(createHmac("sha256", secret).update(`${t}.${nonce}.`).update(body).digest("binary"), "latin1");
  if (!timingSafeEqual(expected32, received32)) return false;
  return Math.abs(Date.now() / 1000 - Number(t)) <= 300;
}

/**
 * Tiki Open API: Authorization: Basic base64(id:secret). Strict base64, a ":" required, valid
 * UTF-8, and the received and configured credentials each written into a zero-filled buffer
 * of 256 bytes, compared in full with timingSafeEqual, the lengths compared after: the same
 * guarantee as ours (the compare's time reveals neither lengths nor which part differed).
 * `compareKey` is unused here (ours needs it only for credentials over 256 bytes).
 */
const padA = Buffer.alloc(256);
const padB = Buffer.alloc(256);
export function ceilBasicAuth(_compareKey, id, secret, header) {
  const text = header.trim();
  if (text.length < 6 || text.slice(0, 6).toLowerCase() !== "basic ") return false;
  const token = text.slice(6).trimStart();
  if (token.length === 0 || token.length % 4 !== 0 || !B64_ANY.test(token)) return false;
  const received = Buffer.from(token, "base64");
  if (!received.includes(0x3a) || !isUtf8(received) || received.length > 256) return false;
  padA.set(received);
  padA.fill(0, received.length);
  const length = padB.write(`${id}:${secret}`, 0, "utf8");
  padB.fill(0, length);
  return timingSafeEqual(padA, padB) && length === received.length;
}

// Standard Webhooks: one "v1," entry of canonical padded base64 of 32 bytes (47 characters).
const SW_V1 = /^v1,[A-Za-z0-9+/]+[AEIMQUYcgkosw048]=$/;
// Whole unix seconds as the two signed-timestamp schemes read them: 1 to 15 digits.
const SECONDS = /^[0-9]{1,15}$/;

/**
 * Standard Webhooks: webhook-signature is a space-separated list of which any "v1,<base64
 * HMAC-SHA256(key, id "." t "." body)>" may match; `key` is the whsec_ secret's decoded bytes,
 * decoded once by the caller (a hand-written verifier does it at start-up); the id without
 * "." and t whole seconds (a "." would let one signature cover another split of the bytes);
 * then the +-300 s window. One entry, the usual case, is checked without splitting; a list is
 * split and every v1 entry compared (none skipped once one matched).
 */
export function ceilStandardWebhooks(body, key, id, t, header) {
  if (id.length === 0 || id.includes(".") || !SECONDS.test(t)) return false;
  const list = header.trim();
  let matched = false;
  if (list.length === 47 && SW_V1.test(list)) {
    received32.write(list.slice(3), "base64");
    expected32.write(createHmac("sha256", key).update(`${id}.${t}.`).update(body).digest("binary"), "latin1");
    matched = timingSafeEqual(expected32, received32);
  } else {
    const entries = list.split(" ").filter((entry) => entry.length === 47 && SW_V1.test(entry));
    if (entries.length === 0) return false;
    expected32.write(createHmac("sha256", key).update(`${id}.${t}.`).update(body).digest("binary"), "latin1");
    for (const entry of entries) {
      received32.write(entry.slice(3), "base64");
      matched = timingSafeEqual(expected32, received32) || matched;
    }
  }
  return matched && Math.abs(Date.now() / 1000 - Number(t)) <= 300;
}

/**
 * SePay (HMAC mode): X-SePay-Signature "sha256=" (any case) and the hex HMAC-SHA256 of
 * t "." body, X-SePay-Timestamp whole seconds, then the +-300 s window.
 */
export function ceilSepay(body, secret, t, header) {
  const text = header.trim();
  if (text.length !== 71 || text.slice(0, 7).toLowerCase() !== "sha256=" || !SECONDS.test(t)) return false;
  const digits = text.slice(7);
  if (!HEX.test(digits)) return false;
  received32.write(digits, "hex");
  expected32.write(createHmac("sha256", secret).update(`${t}.`).update(body).digest("binary"), "latin1");
  return timingSafeEqual(expected32, received32) && Math.abs(Date.now() / 1000 - Number(t)) <= 300;
}

/** Lazada and TikTok Shop: Authorization is the bare hex HMAC-SHA256 of the app key followed by the body. */
export function ceilHeadHex(body, secret, head, header) {
  const digits = header.trim();
  if (digits.length !== 64 || !HEX.test(digits)) return false;
  received32.write(digits, "hex");
  expected32.write(createHmac("sha256", secret).update(head).update(body).digest("binary"), "latin1");
  return timingSafeEqual(expected32, received32);
}
