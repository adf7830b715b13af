/**
 * Strict decoders for received signatures. Both return null rather than throw, and both
 * check the decoded length, so a wrong-length signature never reaches timingSafeEqual.
 */

const HEX = /^[0-9a-fA-F]*$/;

/** Exactly `length` bytes of hex digits, either case. */
export function decodeHex(text: string, length: number): Buffer | null {
  if (text.length !== length * 2 || !HEX.test(text)) return null;
  return Buffer.from(text, "hex");
}

/**
 * Standard base64 with padding, canonical, decoding to exactly `length` bytes.
 * Node's decoder silently skips stray characters and accepts base64url, so the
 * decoded bytes are re-encoded and must give back the very same text.
 */
export function decodeBase64(text: string, length: number): Buffer | null {
  if (text.length !== Math.ceil(length / 3) * 4) return null;
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== length || bytes.toString("base64") !== text) return null;
  return bytes;
}

/** Standard canonical base64 of any length (for Basic credentials). */
export function decodeBase64Any(text: string): Buffer | null {
  if (text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : null;
}
