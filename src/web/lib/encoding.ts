/**
 * Hex, base64 and UTF-8 without `Buffer`, for the Web Crypto entry. The decoders mirror
 * src/lib/encoding.ts exactly (same accepted texts, same null for everything else) but are
 * strict by construction: there is no lenient platform decoder to re-check afterwards.
 */

const HEX_DIGITS = /^[0-9a-fA-F]*$/;
const BYTE_TO_HEX: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Value of each ASCII code in the standard base64 alphabet, -1 elsewhere. */
const BASE64_VALUE: readonly number[] = /* @__PURE__ */ Array.from({ length: 128 }, (_, code) => ALPHABET.indexOf(String.fromCharCode(code)));

const encoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as Node's "utf8" does). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Lowercase hex of any bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!];
  return out;
}

/** Padded standard base64 of any bytes. */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >>> 18]!}${ALPHABET[(n >>> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >>> 18]!}${ALPHABET[(n >>> 12) & 63]!}${ALPHABET[(n >>> 6) & 63]!}=`;
  }
  return out;
}

/** Exactly `length` bytes of hex digits, either case. */
export function decodeHex(text: string, length: number): Uint8Array<ArrayBuffer> | null {
  if (text.length !== length * 2 || !HEX_DIGITS.test(text)) return null;
  const out = new Uint8Array(length);
  // Stryker disable next-line EqualityOperator: equivalent; a typed array drops a write past its end
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Canonical padded standard base64 of any length: the only texts accepted are those that
 * `toBase64` produces (alphabet, padding only at the end and only as needed, unused bits zero).
 */
export function decodeBase64Any(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const digits = text.length - pad;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (let i = 0; i < digits; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? BASE64_VALUE[code]! : -1;
    if (value < 0) return null;
    acc = ((acc << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >>> bits) & 0xff;
    }
  }
  // Leftover bits (2 with one "=", 4 with "==") must be zero, or another text decodes the same.
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** Padded standard base64, canonical, decoding to exactly `length` bytes. */
export function decodeBase64(text: string, length: number): Uint8Array<ArrayBuffer> | null {
  // Stryker disable next-line ConditionalExpression: equivalent; a shortcut, the decoded length is checked below
  if (text.length !== Math.ceil(length / 3) * 4) return null;
  const bytes = decodeBase64Any(text);
  return bytes !== null && bytes.length === length ? bytes : null;
}
