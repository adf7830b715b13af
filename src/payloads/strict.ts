// The parsers of the canonicalised schemes (payOS, Casso, ZaloPay): the body is read with the
// one strict JSON reader the verify functions use, so that the payload a handler gets is the
// reading that was verified, and a body without a single reading is refused, never guessed.
import { isArrayBuffer, isUint8Array } from "../lib/binary.js";
import { readStrictJson } from "../lib/strict-json.js";
import { type ParseResult, type Shape, checkValue } from "./shape.js";

/** A body read strictly (string, Uint8Array, ArrayBuffer), or the failure to hand back. */
export function readStrict(input: string | Uint8Array | ArrayBuffer): ParseResult<unknown> {
  const read = readStrictJson(typeof input === "string" || isUint8Array(input) ? input : new Uint8Array(input));
  if (read.ok) return { ok: true, value: read.value };
  const message = read.reason === "invalid_json" ? `The body is not valid JSON: ${read.problem}.` : `The body has no single JSON reading, so it is refused: ${read.problem}.`;
  return { ok: false, reason: read.reason, message };
}

/**
 * Parses a raw body strictly (see readStrictJson) or takes an already-parsed value, and checks
 * it against `expected`. Never throws.
 */
export function parseStrictWith<T>(input: unknown, expected: Shape<T>): ParseResult<T> {
  if (typeof input === "string" || isUint8Array(input) || isArrayBuffer(input)) {
    const read = readStrict(input);
    return read.ok ? checkValue(read.value, expected) : read;
  }
  return checkValue(input, expected);
}
