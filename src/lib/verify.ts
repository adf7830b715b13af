import { bodyInput } from "./bytes.js";
import { argumentError, describe } from "./errors.js";
import { assertHeaderName, headerFromValues, headerText } from "./headers.js";
import { isBase64, isHex } from "./encoding.js";
import { DIGEST_LENGTH, type SignatureEncoding, matchesAnySecret } from "./hmac.js";
import { type VerifyResult, malformedHeader, signatureMismatch } from "./result.js";
import { assertSecrets } from "./secrets.js";
import type { HmacAlgorithm } from "./types.js";

/** Every verify and sign function takes one options object. */
export function assertInput(input: unknown, fn: string): asserts input is Record<string, unknown> {
  if (typeof input !== "object" || input === null) throw notAnObject(input, fn);
}

// Failures are built out of line: the hot functions stay small enough for V8 to inline
// them, and node:crypto's own functions after them, within its inlining budget.
function notAnObject(input: unknown, fn: string): TypeError {
  return argumentError(`${fn}(input)`, `expects one options object, got ${describe(input)}`);
}

/** The digits of the trimmed header text when they strictly spell a digest, else null. */
function signatureDigits(text: string, algorithm: HmacAlgorithm, encoding: SignatureEncoding, prefix: string): string | null {
  const digits = stripPrefix(text, prefix);
  if (digits === null) return null;
  const length = algorithm === "sha256" ? 32 : algorithm === "sha1" ? 20 : 64; // DIGEST_LENGTH, without a keyed lookup
  return (encoding === "hex" ? isHex(digits, length) : isBase64(digits, length)) ? digits : null;
}

/** The failure for a signature not in the scheme's form (off the hot path: messages are built here). */
function malformedSignature(header: string, algorithm: HmacAlgorithm, encoding: SignatureEncoding, prefix: string): VerifyResult {
  const length = DIGEST_LENGTH[algorithm];
  const digits =
    encoding === "hex"
      ? `${length * 2} hex digits`
      : `${Math.ceil(length / 3) * 4} characters of padded standard base64`;
  return malformedHeader(header, `expected ${prefix.length > 0 ? `${JSON.stringify(prefix)} followed by ${digits}` : digits}`);
}

/**
 * The shared path of every scheme that signs the raw body alone: programmer checks,
 * then the header's form, then a constant-time compare against each secret.
 *
 * The public function reads `body`, `secret`, `headers` and `signature` from its input and
 * passes them here, so those loads see only the input shapes given to that function.
 * `header` is the lowercase header name (also used in messages); `prefix` is the text
 * before the digits, matched case-insensitively ("" for none).
 */
export function verifyBodyHmac(
  input: object,
  body: unknown,
  secret: unknown,
  headers: unknown,
  signature: unknown,
  header: string,
  algorithm: HmacAlgorithm,
  encoding: SignatureEncoding,
  prefix: string,
): VerifyResult {
  // bodyInput and assertSecrets return these very values when they pass; their checks and
  // messages are only reached for anything else.
  const bytes = typeof body === "string" || body instanceof Uint8Array ? body : bodyInput(body);
  const secrets = (typeof secret === "string" || secret instanceof Uint8Array) && secret.length > 0 ? secret : assertSecrets(secret);
  const text = headerText(headerFromValues(input, headers, signature, "signature", header), header);
  if (typeof text !== "string") return text;
  const digits = signatureDigits(text, algorithm, encoding, prefix);
  if (digits === null) return malformedSignature(header, algorithm, encoding, prefix);
  if (!matchesAnySecret(algorithm, secrets, digits, encoding, bytes)) return signatureMismatch(header);
  return { ok: true };
}

/** Strips a case-insensitive prefix, or returns null when the text does not start with it. */
export function stripPrefix(text: string, prefix: string): string | null {
  if (prefix.length === 0) return text;
  // The usual case, the prefix exactly as configured, needs no lowercasing.
  if (text.startsWith(prefix)) return text.slice(prefix.length);
  if (text.length < prefix.length || text.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return null;
  return text.slice(prefix.length);
}

/**
 * The lowercase header to read: `headerName` (the input's), else the scheme's own, else a
 * TypeError when `headers` (the input's) needs one.
 */
export function headerNameOf(name: unknown, headers: unknown, fallback: string | undefined): string {
  return name === undefined && fallback !== undefined ? fallback : headerNameOther(name, headers, fallback);
}

function headerNameOther(name: unknown, headers: unknown, fallback: string | undefined): string {
  if (name === undefined) {
    if (fallback !== undefined || headers === undefined) return fallback ?? "signature";
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
