/**
 * The web counterpart of src/lib/verify.ts and the algorithm checks of src/lib/hmac.ts.
 * Those files import node:crypto (directly or through hmac.ts), so their platform-neutral
 * parts are repeated here with the same checks and the same messages.
 */
import { argumentError, describe } from "../../lib/errors.js";
import { assertHeaderName, headerFromInput, headerText } from "../../lib/headers.js";
import { type VerifyResult, malformedHeader, signatureMismatch } from "../../lib/result.js";
import { assertSecrets } from "../../lib/secrets.js";
import type { HmacAlgorithm } from "../../lib/types.js";
import { bodyInput, ownedBytes } from "./bytes.js";
import { matchesAnySecret, subtleCrypto } from "./crypto.js";
import { decodeBase64, decodeHex } from "./encoding.js";

/** Digest length in bytes of each accepted algorithm. */
export const DIGEST_LENGTH: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export function assertAlgorithm(algorithm: unknown): HmacAlgorithm {
  if (algorithm === undefined) return "sha256";
  if (algorithm === "sha256" || algorithm === "sha1" || algorithm === "sha512") return algorithm;
  throw argumentError("algorithm", `must be "sha256", "sha1" or "sha512", got ${typeof algorithm === "string" ? JSON.stringify(algorithm.slice(0, 20)) : describe(algorithm)}`);
}

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

function decodeSignature(text: string, scheme: BodyHmacScheme): Uint8Array<ArrayBuffer> | null {
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
 * The shared path of every scheme that signs the raw body alone. Runs synchronously up to
 * the HMAC: programmer errors throw from here, before any Promise exists; a header that is
 * missing or malformed gives an already-settled Promise; only the compare is asynchronous.
 */
export function verifyBodyHmac(input: Record<string, unknown>, scheme: BodyHmacScheme): Promise<VerifyResult> {
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const text = headerText(headerFromInput(input, "signature", scheme.header), scheme.header);
  if (typeof text !== "string") return Promise.resolve(text);
  const received = decodeSignature(text, scheme);
  if (received === null) return Promise.resolve(malformedHeader(scheme.header, `expected ${describeFormat(scheme)}`));
  subtleCrypto();
  return matchesAnySecret(scheme.algorithm, secrets, received, ownedBytes(body)).then((matched) =>
    matched ? { ok: true } : signatureMismatch(scheme.header),
  );
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
