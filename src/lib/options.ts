// The argument checks shared by the Node and Web Crypto entries, and the description of a
// well-formed signature. Platform-neutral: no node: import, no Buffer.
import { argumentError, describe } from "./errors.js";
import { assertHeaderName } from "./headers.js";
import type { HmacAlgorithm } from "./types.js";

/** How a received signature spells the digest. */
export type SignatureEncoding = "hex" | "base64";

/** Digest length in bytes of each accepted algorithm. */
export const DIGEST_LENGTH: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export function assertAlgorithm(algorithm: unknown): HmacAlgorithm {
  return algorithm === undefined ? "sha256" : algorithmOf(algorithm);
}

function algorithmOf(algorithm: unknown): HmacAlgorithm {
  if (algorithm === "sha256" || algorithm === "sha1" || algorithm === "sha512") return algorithm;
  throw argumentError("algorithm", `must be "sha256", "sha1" or "sha512", got ${typeof algorithm === "string" ? JSON.stringify(algorithm.slice(0, 20)) : describe(algorithm)}`);
}

/** Every verify and sign function takes one options object. */
export function assertInput(input: unknown, fn: string): asserts input is Record<string, unknown> {
  if (typeof input !== "object" || input === null) throw notAnObject(input, fn);
}

// Failures are built out of line: the hot functions stay small enough for V8 to inline
// them, and node:crypto's own functions after them, within its inlining budget.
function notAnObject(input: unknown, fn: string): TypeError {
  return argumentError(`${fn}(input)`, `expects one options object, got ${describe(input)}`);
}

/** What a well-formed signature looks like, for the malformed_header message. */
export function signatureFormat(algorithm: HmacAlgorithm, encoding: SignatureEncoding, prefix: string): string {
  const length = DIGEST_LENGTH[algorithm];
  const digits = encoding === "hex" ? `${length * 2} hex digits` : `${Math.ceil(length / 3) * 4} characters of padded standard base64`;
  return prefix.length > 0 ? `${JSON.stringify(prefix)} followed by ${digits}` : digits;
}

/** Strips a case-insensitive prefix, or returns null when the text does not start with it. */
export function stripPrefix(text: string, prefix: string): string | null {
  // Stryker disable next-line ConditionalExpression: equivalent; a shortcut for no prefix, which the next line also handles
  if (prefix.length === 0) return text;
  // The usual case, the prefix exactly as configured, needs no lowercasing.
  // Stryker disable next-line ConditionalExpression: equivalent; a shortcut for the line after, which also matches the exact prefix
  if (text.startsWith(prefix)) return text.slice(prefix.length);
  if (text.length < prefix.length || text.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return null;
  return text.slice(prefix.length);
}

/**
 * The lowercase header to read: `headerName` (the input's), else the scheme's own, else a
 * TypeError when `headers` (the input's) needs one.
 */
export function headerNameOf(name: unknown, headers: unknown, fallback: string | undefined): string {
  return name === undefined && fallback !== undefined ? fallback : headerNameOther(name, headers);
}

/** The rest of `headerNameOf`, which has returned the scheme's own name when no `headerName` was given. */
function headerNameOther(name: unknown, headers: unknown): string {
  if (name === undefined) {
    // No name to read: "signature", the input's key, names the bare value in messages.
    if (headers === undefined) return "signature";
    throw argumentError("headerName", "is required when headers is given (this scheme has no standard header)");
  }
  assertHeaderName(name);
  return name.toLowerCase();
}

/** The optional signature prefix (the input's `prefix`), checked. */
export function prefixOf(prefix: unknown): string {
  if (prefix === undefined) return "";
  if (typeof prefix !== "string") throw notAString(prefix);
  return prefix;
}

function notAString(prefix: unknown): TypeError {
  return argumentError("prefix", `must be a string, got ${describe(prefix)}`);
}
