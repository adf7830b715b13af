import { bodyInput } from "./bytes.js";
import { argumentError, describe } from "./errors.js";
import { assertHeaderName, headerFromInput, headerText } from "./headers.js";
import { decodeBase64, decodeHex } from "./encoding.js";
import { DIGEST_LENGTH, matchesAnySecret } from "./hmac.js";
import { type VerifyResult, malformedHeader, signatureMismatch } from "./result.js";
import { assertSecrets } from "./secrets.js";
import type { HmacAlgorithm } from "./types.js";

/** Every verify and sign function takes one options object. */
export function assertInput(input: unknown, fn: string): asserts input is Record<string, unknown> {
  if (typeof input !== "object" || input === null) {
    throw argumentError(`${fn}(input)`, `expects one options object, got ${describe(input)}`);
  }
}

/** How one body-HMAC scheme reads its header. */
export interface BodyHmacScheme {
  /** Lowercase header name, also used in failure messages. */
  header: string;
  algorithm: HmacAlgorithm;
  encoding: "hex" | "base64";
  /** Text before the digits, matched case-insensitively ("" for none). */
  prefix: string;
}

/** Strictly decodes the trimmed header text into digest bytes, or returns null. */
function decodeSignature(text: string, scheme: BodyHmacScheme): Buffer | null {
  const digits = stripPrefix(text, scheme.prefix);
  if (digits === null) return null;
  const length = DIGEST_LENGTH[scheme.algorithm];
  return scheme.encoding === "hex" ? decodeHex(digits, length) : decodeBase64(digits, length);
}

function describeFormat(scheme: BodyHmacScheme): string {
  const length = DIGEST_LENGTH[scheme.algorithm];
  const digits =
    scheme.encoding === "hex"
      ? `${length * 2} hex digits`
      : `${Math.ceil(length / 3) * 4} characters of padded standard base64`;
  return scheme.prefix.length > 0 ? `${JSON.stringify(scheme.prefix)} followed by ${digits}` : digits;
}

/**
 * The shared path of every scheme that signs the raw body alone: programmer checks,
 * then the header's form, then a constant-time compare against each secret.
 */
export function verifyBodyHmac(input: Record<string, unknown>, scheme: BodyHmacScheme): VerifyResult {
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const text = headerText(headerFromInput(input, "signature", scheme.header), scheme.header);
  if (typeof text !== "string") return text;
  const received = decodeSignature(text, scheme);
  if (received === null) return malformedHeader(scheme.header, `expected ${describeFormat(scheme)}`);
  if (!matchesAnySecret(scheme.algorithm, secrets, received, body)) return signatureMismatch(scheme.header);
  return { ok: true };
}

/** Strips a case-insensitive prefix, or returns null when the text does not start with it. */
export function stripPrefix(text: string, prefix: string): string | null {
  if (prefix.length === 0) return text;
  if (text.length < prefix.length || text.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return null;
  return text.slice(prefix.length);
}

/** The lowercase header to read: `headerName`, else the scheme's own, else a TypeError when `headers` needs one. */
export function headerNameOf(input: Record<string, unknown>, fallback: string | undefined): string {
  const name = input.headerName;
  if (name === undefined) {
    if (fallback !== undefined || input.headers === undefined) return fallback ?? "signature";
    throw argumentError("headerName", "is required when headers is given (this scheme has no standard header)");
  }
  assertHeaderName(name);
  return name.toLowerCase();
}

/** The optional signature prefix, checked. */
export function prefixOf(input: Record<string, unknown>): string {
  const prefix = input.prefix;
  if (prefix === undefined) return "";
  if (typeof prefix !== "string") throw argumentError("prefix", `must be a string, got ${describe(prefix)}`);
  return prefix;
}
