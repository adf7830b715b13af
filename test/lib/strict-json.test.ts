// The one strict JSON reader of the canonicalised schemes: whatever arrives it answers (never
// throws, never overflows the stack); what it accepts is exactly what JSON.parse reads; what it
// refuses is what has more than one reading (duplicate keys at any depth, numbers that print
// otherwise, __proto__, lone surrogates, invalid UTF-8) or nests past its bound. And the
// canonical forms built from its values match hand-written references of the same rules.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { payosSignedTexts, phpEscaped, sortedJson, sortedKeys } from "../../src/lib/canonical.js";
import { STRICT_JSON_MAX_DEPTH, readStrictJson } from "../../src/lib/strict-json.js";

/** Whether a value has a second reading the reader must refuse. */
function ambiguous(value: unknown): boolean {
  if (typeof value === "number") return Object.is(value, -0) || (Number.isInteger(value) && !Number.isSafeInteger(value));
  if (Array.isArray(value)) return value.some(ambiguous);
  if (typeof value === "object" && value !== null) return Object.keys(value).some((key) => key === "__proto__" || ambiguous((value as Record<string, unknown>)[key]));
  return false;
}

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (typeof value === "object" && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

describe("readStrictJson", () => {
  it("reads any JSON text without a second reading exactly as JSON.parse does, from text and from bytes", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const parsed: unknown = JSON.parse(text);
        fc.pre(!ambiguous(parsed) && depth(parsed) <= STRICT_JSON_MAX_DEPTH);
        expect(readStrictJson(text)).toEqual({ ok: true, value: parsed });
        expect(readStrictJson(new TextEncoder().encode(text))).toEqual({ ok: true, value: parsed });
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on any text, and what it accepts JSON.parse reads the same", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: fc.constantFrom(..."{}[]\":,0123456789.eE+-tfnrula\\ ") })), (text) => {
        const read = readStrictJson(text);
        if (read.ok) expect(read.value).toEqual(JSON.parse(text));
        else {
          expect(["invalid_json", "invalid_payload"]).toContain(read.reason);
          expect(read.problem).toMatch(/ at offset \d+$|UTF-8/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a duplicate key at any depth, wherever the copy is put", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 5 }), fc.nat(), fc.nat(3), (object, pick, nest) => {
        fc.pre(!Object.keys(object).includes("__proto__") && !ambiguous(JSON.parse(JSON.stringify(object))));
        const keys = Object.keys(object);
        const key = keys[pick % keys.length]!;
        let text = `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(object[k])}`).join(",")},${JSON.stringify(key)}:0}`;
        for (let i = 0; i < nest; i++) text = `{"outer":[${text}]}`;
        const read = readStrictJson(text);
        expect(read.ok).toBe(false);
        if (!read.ok) expect([read.reason, read.problem.startsWith("a duplicate key")]).toEqual(["invalid_payload", true]);
      }),
      { numRuns: 200 },
    );
  });

  it("accepts a number exactly when its text is the one it prints as, and it is not -0 or an unsafe integer", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom("", ".0", "0", "e0", "E+0"), (value, suffix) => {
        const printed = String(value);
        const text = `[${printed}${printed.includes("e") && suffix !== "" ? "" : suffix}]`;
        const read = readStrictJson(text);
        const canonical = text === `[${printed}]` && !(Number.isInteger(value) && !Number.isSafeInteger(value));
        expect(read.ok, text).toBe(canonical && /^\[-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?\]$/.test(text));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["1.0", "[1.0]"],
    ["1e2", "[1e2]"],
    ["-0", "[-0]"],
    ["-0.0", "[-0.0]"],
    ["0.10", "[0.10]"],
    ["2^53 + 1", "[9007199254740993]"],
    ["2^53", "[9007199254740992]"],
    ["1e400", "[1e400]"],
    ["a __proto__ key", '{"__proto__":{"polluted":true}}'],
    ["a nested __proto__ key", '{"a":[{"__proto__":1}]}'],
    ["an escaped lone high surrogate", '["\\ud800"]'],
    ["an escaped lone low surrogate", '["\\udc00x"]'],
    ["a raw lone surrogate in text", '["\ud800"]'],
    ["two duplicate keys spelled apart", '{"a":1,"\\u0061":2}'],
    ["nesting one past the bound", `${"[".repeat(STRICT_JSON_MAX_DEPTH + 1)}${"]".repeat(STRICT_JSON_MAX_DEPTH + 1)}`],
    ["a million brackets", "[".repeat(1_000_000)],
    ["a million braces", '{"a":'.repeat(1_000_000)],
  ])("refuses %s as invalid_payload", (_, text) => {
    const read = readStrictJson(text);
    expect(read).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(({}  as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["an empty body", ""],
    ["only whitespace", " \n"],
    ["a trailing comma", "[1,]"],
    ["a leading zero", "[01]"],
    ["a bare minus", "[-]"],
    ["a fraction without digits", "[1.]"],
    ["an exponent without digits", "[1e]"],
    ["single quotes", "{'a':1}"],
    ["an unquoted key", "{a:1}"],
    ["a missing colon", '{"a" 1}'],
    ["a missing comma", '{"a":1 "b":2}'],
    ["an unterminated string", '["abc'],
    ["a raw newline in a string", '["a\nb"]'],
    ["a bad escape", '["\\x41"]'],
    ["a short \\u escape", '["\\u12"]'],
    ["NaN", "[NaN]"],
    ["trailing text", "{} {}"],
    ["a truncated literal", "[tru]"],
    ["an unclosed array", "[1"],
    ["an unclosed object", '{"a":1'],
  ])("refuses %s as invalid_json", (_, text) => {
    expect(readStrictJson(text)).toMatchObject({ ok: false, reason: "invalid_json" });
  });

  it("accepts nesting at the bound, escapes, surrogate pairs, a leading BOM (text and bytes)", () => {
    const deep = `${"[".repeat(STRICT_JSON_MAX_DEPTH)}${"]".repeat(STRICT_JSON_MAX_DEPTH)}`;
    expect(readStrictJson(deep).ok).toBe(true);
    expect(readStrictJson('["\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00😀"]')).toEqual({ ok: true, value: ['"\\/\b\f\n\r\té😀😀'] });
    expect(readStrictJson('\ufeff{"a":true,"b":false,"c":null}')).toEqual({ ok: true, value: { a: true, b: false, c: null } });
    expect(readStrictJson(new Uint8Array([0xef, 0xbb, 0xbf, 0x5b, 0x5d]))).toEqual({ ok: true, value: [] });
    expect(readStrictJson(' { "toString" : 1 , "constructor" : [ ] } ')).toEqual({ ok: true, value: { toString: 1, constructor: [] } });
  });

  it("refuses invalid UTF-8 rather than reading U+FFFD", () => {
    expect(readStrictJson(new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toEqual({ ok: false, reason: "invalid_payload", problem: "the body is not valid UTF-8" });
  });

  it("skips all four JSON whitespace characters, and only them", () => {
    expect(readStrictJson('\r\n\t [\r1\t,\n{\r"a"\t:\r2\n}\t]\r\n')).toEqual({ ok: true, value: [1, { a: 2 }] });
    expect(readStrictJson("[\u000b1]")).toEqual({ ok: false, reason: "invalid_json", problem: "not a JSON value at offset 1" });
  });

  it("bounds object nesting as it bounds arrays: 64 objects deep is read, 65 refused where the 65th opens", () => {
    const objects = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
    let expected: unknown = 1;
    for (let i = 0; i < STRICT_JSON_MAX_DEPTH; i++) expected = { a: expected };
    expect(readStrictJson(objects(STRICT_JSON_MAX_DEPTH))).toEqual({ ok: true, value: expected });
    expect(readStrictJson(objects(STRICT_JSON_MAX_DEPTH + 1))).toEqual({ ok: false, reason: "invalid_payload", problem: `nesting deeper than ${STRICT_JSON_MAX_DEPTH} at offset ${5 * STRICT_JSON_MAX_DEPTH}` });
    expect(readStrictJson(`[${objects(STRICT_JSON_MAX_DEPTH)}]`)).toEqual({ ok: false, reason: "invalid_payload", problem: `nesting deeper than ${STRICT_JSON_MAX_DEPTH} at offset ${1 + 5 * (STRICT_JSON_MAX_DEPTH - 1)}` });
  });

  it.each([
    ["a plus sign", "[+1]", "not a JSON value at offset 1"],
    ["a dot", "[.5]", "not a JSON value at offset 1"],
    ["a missing comma in an object", '{"a":1 "b":2}', "expected a comma or a closing brace at offset 7"],
    ["a missing comma in an array", "[1 2]", "expected a comma or a closing bracket at offset 3"],
    ["a string without its closing quote", '["abc', "a string that does not end at offset 5"],
    ["a string whose last quote is escaped", '["a\\"]', "a string that does not end at offset 6"],
    ["a string whose quotes are all escaped", '["a\\"b\\"]', "a string that does not end at offset 9"],
    ["a bad escape", '[1,"a\\x41"]', "a bad escape or a control character in a string at offset 4"],
    ["a bare minus", "[-]", "a bad number at offset 2"],
    ["a leading zero", "[00]", "a number with a leading zero at offset 1"],
    ["a fraction without digits", "[1.e1]", "a bad number at offset 2"],
    ["an exponent without digits", "[1e+]", "a bad number at offset 2"],
  ])("refuses %s as invalid_json, naming what and where", (_, text, problem) => {
    expect(readStrictJson(text)).toEqual({ ok: false, reason: "invalid_json", problem });
  });

  it.each([
    ["an uppercase exponent", "[1E2]", "a number not written as it prints (1.0, 1e2, -0) at offset 1"],
    ["an exponent with a plus sign", "[0,1e+5]", "a number not written as it prints (1.0, 1e2, -0) at offset 3"],
    ["an escaped lone high surrogate", '[0,"\\ud800"]', "a lone surrogate in a string at offset 4"],
    ["a high surrogate before a letter", '["\\ud800x"]', "a lone surrogate in a string at offset 2"],
    ["a high surrogate before a character past the surrogates", '["\\ud800\\uff01"]', "a lone surrogate in a string at offset 2"],
    ["a high surrogate before another high surrogate", '["\\udbff\\udbff"]', "a lone surrogate in a string at offset 2"],
    ["two low surrogates", '["\\udc00\\udc00"]', "a lone surrogate in a string at offset 2"],
    ["the last low surrogate alone", '["a\\udfff"]', "a lone surrogate in a string at offset 2"],
  ])("refuses %s as invalid_payload, naming what and where", (_, text, problem) => {
    expect(readStrictJson(text)).toEqual({ ok: false, reason: "invalid_payload", problem });
  });

  it("accepts every surrogate pair at the edges of the ranges, and characters past them", () => {
    expect(readStrictJson('["\\ud800\\udc00","\\udbff\\udfff","\\ud83d\\ude00\\uff01\\ue000"]')).toEqual({ ok: true, value: ["\u{10000}", "\u{10ffff}", "😀\uff01\ue000"] });
  });

  it("accepts exponents that print as written (a positive one is always an integer past 2^53)", () => {
    expect(readStrictJson("[1e-7,-2.5e-8,1.5e-300]")).toEqual({ ok: true, value: [1e-7, -2.5e-8, 1.5e-300] });
    expect(readStrictJson("[1e+21]")).toEqual({ ok: false, reason: "invalid_payload", problem: "an integer past 2^53, which no double holds exactly at offset 1" });
  });

  it("names the offset of the problem, never a key or a value", () => {
    expect(readStrictJson('{"secret-key-name":1,"secret-key-name":2}')).toEqual({ ok: false, reason: "invalid_payload", problem: "a duplicate key at offset 21" });
    expect(readStrictJson('{"a":1.50}')).toEqual({ ok: false, reason: "invalid_payload", problem: "a number not written as it prints (1.0, 1e2, -0) at offset 5" });
  });
});

/** Casso's samples' way: a copy with keys sorted at every depth, then JSON.stringify. */
function referenceSorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(referenceSorted);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = referenceSorted((value as Record<string, unknown>)[key]);
  return out;
}

describe("canonical forms", () => {
  const strictValue = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown).filter((v) => !ambiguous(v));

  it("sortedJson equals JSON.stringify of a copy sorted at every depth", () => {
    fc.assert(
      fc.property(strictValue, (value) => {
        expect(sortedJson(value)).toBe(JSON.stringify(referenceSorted(value)));
      }),
      { numRuns: 300 },
    );
  });

  it("sortedKeys lists keys as a JavaScript object built from the sorted keys does", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.nat({ max: 5000 }).map(String), fc.constant("4294967295"), fc.constant("01")), fc.constant(0)), (object) => {
        fc.pre(!("__proto__" in object && Object.hasOwn(object, "__proto__")));
        expect(sortedKeys(object)).toEqual(Object.keys(referenceSorted(object) as object));
      }),
      { numRuns: 300 },
    );
  });

  it("phpEscaped writes / and every non-ASCII character as json_encode does, nothing else", () => {
    expect(phpEscaped('{"a":"b"}')).toBeUndefined();
    expect(phpEscaped('{"url":"https://x/y","name":"Thành 😀"}')).toBe('{"url":"https:\\/\\/x\\/y","name":"Th\\u00e0nh \\ud83d\\ude00"}');
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const php = phpEscaped(JSON.stringify(text)) ?? JSON.stringify(text);
        expect(JSON.parse(php)).toBe(text);
        expect(php).toMatch(/^[\x00-\x7f]*$/);
        expect(php).not.toMatch(/(^|[^\\])\//);
      }),
      { numRuns: 300 },
    );
  });

  /** payOS's rules as WAVE1.md states them, written here: sorted key=value, null-likes empty, arrays as JSON of items with sorted keys. */
  function referencePayos(data: Record<string, unknown>): string {
    return Object.keys(referenceSorted(Object.fromEntries(Object.keys(data).map((k) => [k, 0]))) as object)
      .map((key) => {
        const value = data[key];
        if (value === null || value === "null" || value === "undefined") return `${key}=`;
        if (Array.isArray(value)) return `${key}=${JSON.stringify(value.map((item: Record<string, unknown>) => Object.fromEntries(Object.keys(item).sort().map((k) => [k, item[k]]))))}`;
        return `${key}=${String(value)}`;
      })
      .join("&");
  }

  it("payosSignedTexts equals the documented rules for flat data and arrays of objects", () => {
    const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom("null", "undefined"));
    const item = fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(scalar, fc.jsonValue({ maxDepth: 1 })), { maxKeys: 4 });
    const data = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(scalar, fc.array(item, { maxLength: 3 })), { maxKeys: 8 });
    fc.assert(
      fc.property(data, (raw) => {
        const value = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
        fc.pre(!ambiguous(value) && !Object.hasOwn(value, "__proto__"));
        const texts = payosSignedTexts(value);
        expect(texts.ok).toBe(true);
        if (texts.ok) expect(texts.texts[0]).toBe(referencePayos(value));
      }),
      { numRuns: 300 },
    );
  });

  it("payosSignedTexts gives the json_encode text only when an array's JSON holds a /, with every array escaped from there on", () => {
    expect(payosSignedTexts({ a: [{ b: 1 }], c: "x/y" })).toEqual({ ok: true, texts: ['a=[{"b":1}]&c=x/y'] });
    expect(payosSignedTexts({ a: "p/q", b: [{ u: "x/y" }], c: [{ v: "1" }], d: [{ w: "m/n" }], e: "r/s" })).toEqual({
      ok: true,
      texts: ['a=p/q&b=[{"u":"x/y"}]&c=[{"v":"1"}]&d=[{"w":"m/n"}]&e=r/s', 'a=p/q&b=[{"u":"x\\/y"}]&c=[{"v":"1"}]&d=[{"w":"m\\/n"}]&e=r/s'],
    });
  });

  it("sortedKeys keeps index keys first in ascending order, also when every key is one", () => {
    expect(sortedKeys({ b: 0, 10: 0, a: 0, 2: 0 })).toEqual(["2", "10", "a", "b"]);
    expect(sortedKeys({ 10: 0, 2: 0, 0: 0 })).toEqual(["0", "2", "10"]);
    expect(sortedKeys({ b: 0, a: 0 })).toEqual(["a", "b"]);
    expect(sortedKeys({})).toEqual([]);
  });

  it("payosSignedTexts refuses content the scheme would leave unsigned", () => {
    expect(payosSignedTexts({ a: { b: 1 } })).toEqual({ ok: false, problem: "data holds an object value, whose content the scheme does not sign" });
    expect(payosSignedTexts({ a: [1] })).toEqual({ ok: false, problem: "an array in data holds an item that is not an object, which the scheme does not sign" });
    expect(payosSignedTexts({ a: [null] })).toMatchObject({ ok: false });
    expect(payosSignedTexts({ a: [[]] })).toMatchObject({ ok: false });
    expect(payosSignedTexts({ b: 1, a: undefined, c: [{ u: "a/b" }] })).toEqual({ ok: true, texts: ['b=1&c=[{"u":"a/b"}]', 'b=1&c=[{"u":"a\\/b"}]'] });
  });
});
