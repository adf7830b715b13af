// A JSON reader for the schemes that sign fields of a JSON body rather than its bytes (MoMo,
// Adyen): the object they verify must be the one a handler gets, under every reading of the
// body. So it refuses what two JSON parsers may read differently, instead of picking one
// reading: a key twice in one object, a number whose text is not the number's own
// (`1.0`, `1e2`, `-0`) or an integer past 2^53, and a `__proto__` key. Otherwise RFC 8259.
// Minimal and local to these schemes; the payOS/Casso reader may replace it (one reader for all).
// Never throws: a failure is a short message that quotes nothing of the text.

/** What the reader gives: the value, or why the text was refused (no part of it quoted). */
export type StrictJsonResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Nesting past this is refused (a deeply nested body must not exhaust the stack). */
const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

class Refused {
  constructor(readonly message: string) {}
}

/** Reads `text` as strict JSON (a leading BOM is skipped). */
export function parseStrictJson(text: string): StrictJsonResult {
  const reader = { text, at: text.charCodeAt(0) === 0xfeff ? 1 : 0 };
  try {
    const value = readValue(reader, 0);
    skipSpace(reader);
    if (reader.at !== text.length) throw new Refused("text after the JSON value");
    return { ok: true, value };
  } catch (error) {
    // Only a Refused is thrown here (strings are matched before JSON.parse reads them; nesting is bounded).
    return { ok: false, message: (error as Refused).message };
  }
}

interface Reader {
  readonly text: string;
  at: number;
}

function skipSpace(reader: Reader): void {
  SPACE.lastIndex = reader.at;
  SPACE.exec(reader.text);
  reader.at = SPACE.lastIndex;
}

function token(reader: Reader, pattern: RegExp): string {
  pattern.lastIndex = reader.at;
  const match = pattern.exec(reader.text);
  if (match === null) throw new Refused("not JSON");
  reader.at = pattern.lastIndex;
  return match[0];
}

function readValue(reader: Reader, depth: number): unknown {
  skipSpace(reader);
  const c = reader.text[reader.at];
  if (c === "{" || c === "[") {
    if (depth >= MAX_DEPTH) throw new Refused(`nested deeper than ${MAX_DEPTH} levels`);
    return c === "{" ? readObject(reader, depth + 1) : readArray(reader, depth + 1);
  }
  if (c === '"') return JSON.parse(token(reader, STRING)) as string;
  for (const [word, value] of WORDS) {
    if (reader.text.startsWith(word, reader.at)) {
      reader.at += word.length;
      return value;
    }
  }
  const text = token(reader, NUMBER);
  const number = Number(text);
  if (String(number) !== text || (Number.isInteger(number) && !Number.isSafeInteger(number))) {
    throw new Refused("a number that does not read back as itself (1.0, 1e2, -0, or an integer past 2^53)");
  }
  return number;
}

const WORDS: readonly (readonly [string, unknown])[] = [
  ["true", true],
  ["false", false],
  ["null", null],
];

function expect(reader: Reader, char: string): void {
  skipSpace(reader);
  if (reader.text[reader.at] !== char) throw new Refused("not JSON");
  reader.at++;
}

/** Whether the next character (after spaces) is `char`; consumed if so. */
function next(reader: Reader, char: string): boolean {
  skipSpace(reader);
  if (reader.text[reader.at] !== char) return false;
  reader.at++;
  return true;
}

function readObject(reader: Reader, depth: number): Record<string, unknown> {
  reader.at++; // {
  const object: Record<string, unknown> = {};
  if (next(reader, "}")) return object;
  do {
    skipSpace(reader);
    const key = JSON.parse(token(reader, STRING)) as string;
    if (key === "__proto__") throw new Refused("a __proto__ key");
    if (Object.hasOwn(object, key)) throw new Refused("a key twice in one object");
    expect(reader, ":");
    object[key] = readValue(reader, depth);
  } while (next(reader, ","));
  expect(reader, "}");
  return object;
}

function readArray(reader: Reader, depth: number): unknown[] {
  reader.at++; // [
  const array: unknown[] = [];
  if (next(reader, "]")) return array;
  do array.push(readValue(reader, depth));
  while (next(reader, ","));
  expect(reader, "]");
  return array;
}
