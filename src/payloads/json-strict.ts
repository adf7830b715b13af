// A body read as strict JSON (src/lib/strict-json.ts) then checked against a shape: for the
// providers whose signature covers fields, so that the object a handler gets is the one the
// scheme verified (the same reader, the same refusals).
import { bytesToText } from "../lib/bytes.js";
import { parseStrictJson } from "../lib/strict-json.js";
import type { Bytes } from "../lib/types.js";
import { type ParseResult, type Shape, isObject, parseWith } from "./shape.js";

export function parseStrictWith<T>(body: Bytes, expected: Shape<T>): ParseResult<T> {
  const read = parseStrictJson(bytesToText(body));
  if (!read.ok) return { ok: false, reason: "invalid_json", message: `The body is not strict JSON: ${read.message}.` };
  // Only an object goes on: parseWith would read a string value as a body of its own.
  if (!isObject(read.value)) return { ok: false, reason: "invalid_payload", message: "The payload must be an object." };
  return parseWith(read.value, expected);
}
