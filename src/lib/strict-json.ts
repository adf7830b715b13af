// One strict JSON reader for the canonicalised schemes (payOS, Casso, ZaloPay's `data`): a
// signature computed over a canonical form of a parsed body protects the handler only if the
// body has exactly one reading. JSON.parse keeps the last of two duplicate keys where other
// parsers keep the first; it reads `1.0`, `1e2` and 2^53 + 1 as numbers that print otherwise;
// a `__proto__` key turns into a prototype in many hand-written copies. So this reader refuses
// each of those, with a problem that names its offset (never a value or a key from the body),
// and the verify and parse steps both read the body through it: the value that was verified
// and the value handed to the handler are the same reading of the same bytes.
//
// Platform-neutral (no Buffer): /web's schemes use it too. Never throws on network input; the
// depth is bounded, so a hostile nesting is a problem, never a stack overflow.

/** Deeper nesting (objects and arrays) is refused: no provider sends more than a few levels. */
export const STRICT_JSON_MAX_DEPTH = 64;

/**
 * A body read strictly, or why not: `invalid_json` for text that is not JSON at all,
 * `invalid_payload` for JSON without a single reading (or nested too deep).
 */
export type StrictJson = { ok: true; value: unknown } | { ok: false; reason: "invalid_json" | "invalid_payload"; problem: string };

// Invalid UTF-8 is refused rather than replaced: U+FFFD in the value and other bytes on the wire
// would be two readings. A leading BOM is dropped, as RFC 8259 allows a reader to.
const decoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true });

/** Thrown inside the reader only, and always caught by `readStrictJson`. */
class Refused {
  constructor(
    readonly problem: string,
    readonly syntax: boolean,
  ) {}
}

// Stryker disable next-line StringLiteral: equivalent; readStrictJson sets the text before any read
let text = "";
let at = 0;

/** Refuses JSON without a single reading (`syntax`: text that is not JSON at all). */
function refuse(problem: string, syntax = false): never {
  throw new Refused(`${problem} at offset ${at}`, syntax);
}

function syntaxError(problem: string): never {
  return refuse(problem, true);
}

/**
 * Reads `input` (UTF-8 bytes, or text) as one JSON value, refusing anything with more than one
 * reading: duplicate keys at any depth, a `__proto__` key, a number whose text is not the one
 * its value prints as (`1.0`, `1e2`, `-0`, an integer past 2^53), a lone surrogate, invalid
 * UTF-8, nesting deeper than {@link STRICT_JSON_MAX_DEPTH}. Objects are plain objects, as
 * JSON.parse makes them.
 */
export function readStrictJson(input: string | Uint8Array): StrictJson {
  let source: string;
  if (typeof input === "string") source = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  else {
    try {
      source = decoder.decode(input);
    } catch {
      return { ok: false, reason: "invalid_payload", problem: "the body is not valid UTF-8" };
    }
  }
  text = source;
  at = 0;
  const read = readAll();
  // Stryker disable next-line StringLiteral: equivalent; the body is dropped, never read again (only memory tells)
  text = ""; // the body is not kept past the call
  return read;
}

/** The value of the whole text, or why not (nothing else is thrown, so the caller always drops the text). */
function readAll(): StrictJson {
  try {
    const value = readValue(0);
    skipSpace();
    if (at < text.length) syntaxError("text after the JSON value");
    return { ok: true, value };
  } catch (error) {
    // Refused is the only thing thrown: the depth is bounded (no stack overflow), and every
    // string built is shorter than the body.
    const refused = error as Refused;
    return { ok: false, reason: refused.syntax ? "invalid_json" : "invalid_payload", problem: refused.problem };
  }
}

function skipSpace(): void {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) at++;
    else return;
  }
}

function readValue(depth: number): unknown {
  skipSpace();
  const c = text.charCodeAt(at);
  if (c === 0x22) return readString();
  if (c === 0x7b) return readObject(depth + 1);
  if (c === 0x5b) return readArray(depth + 1);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return readNumber();
  if (text.startsWith("true", at)) {
    at += 4;
    return true;
  }
  if (text.startsWith("false", at)) {
    at += 5;
    return false;
  }
  if (text.startsWith("null", at)) {
    at += 4;
    return null;
  }
  return syntaxError(at >= text.length ? "the JSON ends early" : "not a JSON value");
}

function readObject(depth: number): Record<string, unknown> {
  if (depth > STRICT_JSON_MAX_DEPTH) refuse(`nesting deeper than ${STRICT_JSON_MAX_DEPTH}`);
  at++; // {
  const object: Record<string, unknown> = {};
  skipSpace();
  if (text.charCodeAt(at) === 0x7d) {
    at++;
    return object;
  }
  for (;;) {
    skipSpace();
    if (text.charCodeAt(at) !== 0x22) syntaxError("expected a key");
    const keyAt = at;
    const key = readString();
    // Assigning "__proto__" would set a prototype, and JSON.parse makes it an own key: two readings.
    if (key === "__proto__") {
      at = keyAt;
      refuse("a __proto__ key");
    }
    skipSpace();
    if (text.charCodeAt(at) !== 0x3a) syntaxError("expected a colon");
    at++;
    const value = readValue(depth);
    if (Object.prototype.hasOwnProperty.call(object, key)) {
      at = keyAt;
      refuse("a duplicate key");
    }
    object[key] = value;
    skipSpace();
    const c = text.charCodeAt(at);
    at++;
    if (c === 0x7d) return object;
    if (c !== 0x2c) {
      at--;
      syntaxError("expected a comma or a closing brace");
    }
  }
}

function readArray(depth: number): unknown[] {
  if (depth > STRICT_JSON_MAX_DEPTH) refuse(`nesting deeper than ${STRICT_JSON_MAX_DEPTH}`);
  at++; // [
  const array: unknown[] = [];
  skipSpace();
  if (text.charCodeAt(at) === 0x5d) {
    at++;
    return array;
  }
  for (;;) {
    array.push(readValue(depth));
    skipSpace();
    const c = text.charCodeAt(at);
    at++;
    if (c === 0x5d) return array;
    if (c !== 0x2c) {
      at--;
      syntaxError("expected a comma or a closing bracket");
    }
  }
}

/** What sends a string to the careful path: a backslash, a control character, a surrogate. */
const SPECIAL = /[\\\u0000-\u001f\ud800-\udfff]/;

function readString(): string {
  const start = ++at; // after the opening quote
  // The usual string: up to the next quote, with nothing special in it (two native scans).
  const end = text.indexOf('"', start);
  if (end === -1) {
    at = text.length;
    syntaxError("a string that does not end");
  }
  const value = text.slice(start, end);
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent; a shortcut, readStringSlow reads the usual string the same
  if (!SPECIAL.test(value)) {
    at = end + 1;
    return value;
  }
  return readStringSlow(start);
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * A string with escapes, control characters or surrogates: its end found by quotes not
 * escaped, its text decoded by the engine's own JSON reader (which refuses bad escapes and raw
 * control characters), then checked for lone surrogates.
 */
function readStringSlow(start: number): string {
  let end = start;
  for (;;) {
    end = text.indexOf('"', end);
    if (end === -1) {
      at = text.length;
      syntaxError("a string that does not end");
    }
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) break;
    end++;
  }
  let value: string;
  try {
    value = JSON.parse(text.slice(start - 1, end + 1)) as string;
  } catch {
    at = start;
    return syntaxError("a bad escape or a control character in a string");
  }
  if (SURROGATE.test(value) && !wellFormed(value)) {
    at = start;
    refuse("a lone surrogate in a string");
  }
  at = end + 1;
  return value;
}

/** No lone surrogate: UTF-8 cannot carry one, so it would be signed as one text and handled as another. */
function wellFormed(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = value.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

function digitsFrom(position: number): number {
  let end = position;
  for (;;) {
    const c = text.charCodeAt(end);
    if (c >= 0x30 && c <= 0x39) end++;
    else return end;
  }
}

function readNumber(): number {
  const start = at;
  if (text.charCodeAt(at) === 0x2d) at++;
  const intStart = at;
  const intEnd = digitsFrom(at);
  if (intEnd === intStart) syntaxError("a bad number");
  if (text.charCodeAt(intStart) === 0x30 && intEnd - intStart > 1) syntaxError("a number with a leading zero");
  at = intEnd;
  // Stryker disable next-line BooleanLiteral: equivalent; a shortcut, the checks below accept the usual integer too
  let plain = true;
  if (text.charCodeAt(at) === 0x2e) {
    plain = false;
    const end = digitsFrom(at + 1);
    if (end === at + 1) syntaxError("a bad number");
    at = end;
  }
  const e = text.charCodeAt(at);
  if (e === 0x65 || e === 0x45) {
    plain = false;
    let p = at + 1;
    const sign = text.charCodeAt(p);
    if (sign === 0x2b || sign === 0x2d) p++;
    const end = digitsFrom(p);
    if (end === p) syntaxError("a bad number");
    at = end;
  }
  const source = text.slice(start, at);
  const value = Number(source);
  // The usual integer (up to 15 digits, no sign of zero) prints as its own text: no check needed.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent; a shortcut, the checks below accept the usual integer too
  if (plain && intEnd - intStart <= 15 && source !== "-0") return value;
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    at = start;
    refuse("an integer past 2^53, which no double holds exactly");
  }
  // -0 prints as 0; 1.0, 1e2 and 0.10 print otherwise: a canonical form could not keep their text.
  if (String(value) !== source) {
    at = start;
    refuse("a number not written as it prints (1.0, 1e2, -0)");
  }
  return value;
}
