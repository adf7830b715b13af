// Reading the several headers one delivery is checked by (Standard Webhooks' id, timestamp and
// signature; SePay's signature and timestamp; the Authorization of Lazada, TikTok Shop and
// Shopee): all from `headers`, or all given bare. Platform-neutral: no node: import, no Buffer.
import { argumentError } from "../lib/errors.js";
import { headerFromValues } from "../lib/headers.js";

/** One header: its key in the input (its bare value) and the lowercase header name. */
export type HeaderPart = readonly [key: string, header: string];

/**
 * The raw values of `parts` (a table the scheme holds once, not one built per call): from
 * `input.headers` when it is given (a bare value beside it is a TypeError), else the bare values,
 * of which at least one key must be present in the input (`signature: undefined` passed on from
 * an absent header is a missing header, not a mistake). Each value is read from the input once.
 */
export function headerValues(input: object, parts: readonly HeaderPart[]): unknown[] {
  const given = input as Record<string, unknown>;
  const headers = given.headers;
  const values: unknown[] = [];
  let named = false;
  for (const [key, header] of parts) {
    const value = given[key];
    if (headers === undefined) {
      values.push(value);
      named ||= key in given;
    } else {
      values.push(headerFromValues(input, headers, value, key, header));
    }
  }
  if (headers === undefined && !named) {
    throw argumentError("input", `must give ${parts.map(([key]) => key).join(", ")} (the header values) or headers (the request headers)`);
  }
  return values;
}
