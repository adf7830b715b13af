/**
 * Strict checks of received signatures: exact length, exact alphabet, canonical base64.
 * A signature that passes is written into a digest-sized buffer, so a wrong length never
 * reaches timingSafeEqual.
 */

const HEX = /^[0-9a-fA-F]*$/;

/** Exactly `length` bytes of hex digits, either case. */
export function isHex(text: string, length: number): boolean {
  return text.length === length * 2 && HEX.test(text);
}

/**
 * Canonical padded standard base64, by the decoded length mod 3: characters of the standard
 * alphabet, then the padding, with the unused low bits of the last character zero (the only
 * spelling that re-encodes to itself). The caller checks the text's length first, which pins
 * the number of characters: cheaper for V8's regex engine than a counted repeat ({42})
 * (bench/RESULTS.md, "Figures behind the code").
 */
const BASE64_BY_REST: readonly RegExp[] = [
  /^[A-Za-z0-9+/]*$/,
  /^[A-Za-z0-9+/]+[AQgw]==$/,
  /^[A-Za-z0-9+/]+[AEIMQUYcgkosw048]=$/,
];
/** Canonical padded standard base64 of any length, once the length is a multiple of 4. */
const BASE64_ANY = /^[A-Za-z0-9+/]*(?:[AQgw]==|[AEIMQUYcgkosw048]=)?$/;

/**
 * Standard base64 with padding, canonical, of exactly `length` bytes, checked without
 * decoding (Node's decoder skips stray characters and accepts base64url: not relied on).
 */
export function isBase64(text: string, length: number): boolean {
  return text.length === Math.ceil(length / 3) * 4 && BASE64_BY_REST[length % 3]!.test(text);
}

/** Standard canonical base64 of any length (for Basic credentials), checked without decoding. */
export function isBase64Any(text: string): boolean {
  return text.length % 4 === 0 && BASE64_ANY.test(text);
}

/** How many bytes canonical padded base64 `text` decodes to. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}
