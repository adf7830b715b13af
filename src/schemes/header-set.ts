// Reading the several headers one delivery is checked by (Standard Webhooks' id, timestamp and
// signature; SePay's signature and timestamp): all from `headers`, or all given bare.
// Platform-neutral: no node: import, no Buffer.
import { argumentError } from "../lib/errors.js";
import { headerFromValues } from "../lib/headers.js";

/** One header: the input's bare value (read by the caller), its key in the input, and the lowercase header name. */
export type HeaderPart = readonly [value: unknown, key: string, header: string];

/**
 * The raw values of `parts`: from `headers` when it is given (a bare value beside it is a
 * TypeError), else the bare values, of which at least one key must be present in the input
 * (`signature: undefined` passed on from an absent header is a missing header, not a mistake).
 */
export function headerValues(input: object, headers: unknown, parts: readonly HeaderPart[]): unknown[] {
  if (headers === undefined) {
    if (!parts.some(([, key]) => key in input)) {
      throw argumentError("input", `must give ${parts.map(([, key]) => key).join(", ")} (the header values) or headers (the request headers)`);
    }
    return parts.map(([value]) => value);
  }
  return parts.map(([value, key, header]) => headerFromValues(input, headers, value, key, header));
}
