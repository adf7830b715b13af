// What the raw-body HMAC providers that name a delivery in headers share: the body as a JSON
// object (kept whole: resources are the providers' REST representations, not re-typed here),
// and each metadata header read as one value.
import { getHeader } from "../lib/headers.js";
import type { Bytes, HeadersLike } from "../lib/types.js";
import { type JsonObject, type ParseResult, parseWith, record } from "./shape.js";

/** A header's one value: the same value sent twice is that value; absent, blank, or several different values: undefined. */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  const value = getHeader(headers, name);
  const one = typeof value === "string" ? value : value?.every((item) => item === value[0]) === true ? value[0] : undefined;
  const text = one?.trim();
  return text === undefined || text === "" ? undefined : text;
}

/** The body as a JSON object, with the fields `read` takes from the headers beside it. */
export function withHeaders<T extends { body: JsonObject }>(body: Bytes, read: (body: JsonObject) => T): ParseResult<T> {
  const parsed = parseWith(body, record);
  return parsed.ok ? { ok: true, value: read(parsed.value) } : parsed;
}

/** A top-level non-empty string field of a JSON object, else undefined (an event name the provider does not confirm). */
export function stringOf(body: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(body, key) ? body[key] : undefined;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
