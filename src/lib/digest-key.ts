// A delivery key from a verified signature header. Free of `node:` imports: the receiver's core,
// which /web shares, uses it.
import { headerFromValues, headerText } from "./headers.js";
import { DIGEST_LENGTH, stripPrefix } from "./options.js";
import type { HmacAlgorithm } from "./types.js";

const HEX = /^[0-9a-fA-F]*$/;

/**
 * The digest a hex signature header spells, in one form (lowercase) however the header was
 * spelled (prefix case, padding, digit case): for a delivery that verified, a key that two copies
 * of it share. Throws for a header that does not spell one (it did not verify: a bug of the caller).
 */
export function hexDigestOf(headers: unknown, header: string, algorithm: HmacAlgorithm, prefix: string): string {
  const text = headerText(headerFromValues({}, headers, undefined, "signature", header), header);
  const digits = typeof text === "string" ? stripPrefix(text, prefix) : null;
  if (digits === null || digits.length !== 2 * DIGEST_LENGTH[algorithm] || !HEX.test(digits)) throw new Error(`${header} does not spell a digest: only a verified delivery has a key`);
  return digits.toLowerCase();
}
