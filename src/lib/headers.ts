import { argumentError, describe } from "./errors.js";
import { type VerifyFailure, malformedHeader, missingHeader } from "./result.js";
import type { HeadersLike } from "./types.js";

/** Longer header values are refused before any work is done on them. */
export const MAX_HEADER_LENGTH = 8192;

function isFetchHeaders(headers: object): headers is { get(name: string): string | null } {
  // An attacker can send a header named "get", but never a function.
  return typeof (headers as { get?: unknown }).get === "function";
}

function assertHeaders(headers: unknown): asserts headers is HeadersLike {
  if (typeof headers !== "object" || headers === null) {
    throw argumentError("headers", `must be a Fetch Headers object or a record of header values, got ${describe(headers)}`);
  }
}

export function assertHeaderName(name: unknown, argument = "headerName"): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw argumentError(argument, `must be a non-empty string, got ${describe(name)}`);
  }
}

/**
 * `key.toLowerCase() === lowerName` for keys of the same length, without building the
 * lowercase string: ASCII characters are folded in place and the first difference settles
 * it; at the first non-ASCII character, whose Unicode case mapping may change the length
 * or map onto ASCII (the Kelvin sign), it defers to `toLowerCase` itself.
 */
function sameLowercase(key: string, lowerName: string): boolean {
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; toLowerCase gives the same answer for ASCII, and U+0080 is its own lowercase
    if (c >= 0x80) return key.toLowerCase() === lowerName;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== lowerName.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Finds a header whatever the case of its name. Returns the raw value (which, from a
 * hand-built record, can be anything) or, when several keys differ only by case, all of them.
 */
function lookupHeader(headers: HeadersLike, lowerName: string): unknown {
  if (isFetchHeaders(headers)) {
    return headers.get(lowerName); // null when absent, which every caller reads as absent
  }
  const record = headers as Readonly<Record<string, unknown>>;
  let found: unknown;
  let more: unknown[] | undefined;
  for (const key in record) {
    if (key.length !== lowerName.length) continue;
    // Stryker disable next-line ConditionalExpression: equivalent; `key !== lowerName` only spares sameLowercase the key Node itself writes
    if (key !== lowerName && !sameLowercase(key, lowerName)) continue;
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (found === undefined) found = value;
    else (more ??= [found]).push(value);
  }
  return more === undefined ? found : more.flat();
}

/** Reads any header case-insensitively from Fetch `Headers` or a Node-style record. */
export function getHeader(headers: HeadersLike, name: string): string | readonly string[] | undefined {
  assertHeaders(headers);
  assertHeaderName(name, "name");
  const value = lookupHeader(headers, name.toLowerCase());
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return undefined;
}

/**
 * Picks the header value out of a verify input: either the bare value under `valueKey`
 * or the named header from `headers`. Exactly one of the two must be given.
 */
export function headerFromInput(input: object, valueKey: string, lowerName: string): unknown {
  const record = input as Record<string, unknown>;
  return headerFromValues(input, record.headers, record[valueKey], valueKey, lowerName);
}

/**
 * `headerFromInput` for a caller that has already read `input.headers` (`headers`) and
 * `input[valueKey]` (`value`) itself. The Node verify functions do, so that each one's
 * property loads see only the input shapes given to that function: a load shared by every
 * scheme goes megamorphic in a process that verifies several, which shows in the verify
 * benchmark's ratios (bench/RESULTS.md, "Figures behind the code").
 */
export function headerFromValues(input: object, headers: unknown, value: unknown, valueKey: string, lowerName: string): unknown {
  // The bare value, the usual case, inline; the rest in a function V8 need not inline.
  if (headers === undefined && value !== undefined) return value;
  return headerFromValuesOther(input, headers, value, valueKey, lowerName);
}

/** The rest of `headerFromValues`, which has returned a bare value given without `headers`. */
function headerFromValuesOther(input: object, headers: unknown, value: unknown, valueKey: string, lowerName: string): unknown {
  if (headers === undefined) {
    // An absent header passed on as `signature: req.headers[…]` is the network's doing: a result, not a throw.
    if (!(valueKey in input)) {
      throw argumentError("input", `must give ${valueKey} (the header value) or headers (the request headers)`);
    }
    return undefined;
  }
  if (value !== undefined) {
    throw argumentError("input", `must give either ${valueKey} or headers, not both`);
  }
  assertHeaders(headers);
  return lookupHeader(headers, lowerName);
}

/**
 * Turns a header value from the network into one trimmed string, or a failure:
 * absent, empty or blank is `missing_header`; anything that is not text, or several
 * different values, is `malformed_header`.
 */
export function headerText(value: unknown, header: string): string | VerifyFailure {
  // The usual case inline; everything else (and every failure) in headerTextOther.
  if (typeof value === "string" && value.length <= MAX_HEADER_LENGTH) {
    const text = value.trim();
    if (text.length !== 0) return text;
  }
  return headerTextOther(value, header);
}

function headerTextOther(value: unknown, header: string): string | VerifyFailure {
  if (typeof value === "string") {
    // headerText returned a short non-blank string itself: what is left is too long or blank.
    return value.length > MAX_HEADER_LENGTH ? malformedHeader(header, "the value is too long") : missingHeader(header);
  }
  if (value === undefined || value === null) return missingHeader(header);
  if (typeof value === "number") return headerText(String(value), header);
  if (!Array.isArray(value)) return malformedHeader(header, "the value is not text");
  let text: string | undefined;
  for (const item of value as unknown[]) {
    if (typeof item !== "string") return malformedHeader(header, "the value is not text");
    if (item.length > MAX_HEADER_LENGTH) return malformedHeader(header, "the value is too long");
    const trimmed = item.trim();
    if (text === undefined) text = trimmed;
    else if (trimmed !== text) return malformedHeader(header, "it was sent several times with different values");
  }
  return text === undefined || text.length === 0 ? missingHeader(header) : text;
}

/**
 * One value sent under either of two header names (Shopify's Events deliveries carry
 * `shopify-hmac-sha256` beside the classic `x-shopify-hmac-sha256`): the one present, or both
 * when they say the same. Returns `{ value }` (the raw value, for `headerText`), or `undefined`
 * when both are present and differ: two signatures name no one delivery.
 */
export function eitherHeader(headers: unknown, first: string, second: string): { value: unknown } | undefined {
  assertHeaders(headers);
  const a = lookupHeader(headers, first);
  const b = lookupHeader(headers, second);
  if (a === undefined || a === null) return { value: b };
  if (b === undefined || b === null) return { value: a };
  // Two failures (blank, not text) are two new objects, never equal: only equal texts agree.
  const text = headerText(a, first);
  return text === headerText(b, second) ? { value: text } : undefined;
}

/** The failure for two header names that carry different values (see `eitherHeader`). */
export function differentHeaders(first: string, second: string): VerifyFailure {
  return malformedHeader(second, `${first} carries a different value`);
}
