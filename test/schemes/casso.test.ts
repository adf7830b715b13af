// Casso's header grammar, signed texts, window and arguments (src/schemes/casso-header.ts,
// src/schemes/casso.ts): exact results and words; signatures computed here with node:crypto.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signCassoSignature, verifyCassoSignature } from "../../src/index.js";

const key = "ck";
const body = '{"b":1,"a":"x"}';
const sorted = '{"a":"x","b":1}';
const v1 = (t: string, text = sorted) => createHmac("sha512", key).update(`${t}.${text}`).digest("hex");
const T = "1700000000000";
const now = 1_700_000_000_000;

describe("Casso: the header's grammar", () => {
  it("accepts whitespace after each =, and ignores a part with an empty key", () => {
    expect(verifyCassoSignature({ body, secret: key, signature: `t= ${T} ,v1= ${v1(T)} ,=x`, now })).toEqual({ ok: true, timestamp: now });
  });

  it("refuses v1 twice, a t of 17 digits, and a part with no =, in the header's own words", () => {
    const malformed = { ok: false, reason: "malformed_header", message: 'The x-casso-signature header is malformed: expected "t=<unix ms>,v1=<128 hex digits>".' };
    const t17 = `1${T.padStart(16, "0")}`;
    for (const signature of [`t=${T},v1=${v1(T)},v1=${v1(T)}`, `t=${t17},v1=${v1(t17)}`, `t=${T},v1=${v1(T)},x`]) {
      expect(verifyCassoSignature({ body, secret: key, signature, now }), signature.slice(0, 40)).toEqual(malformed);
    }
  });
});

describe("Casso: the signed texts and the window", () => {
  it("refuses a signature over another text, and a body that is not strict JSON, with exact words", () => {
    expect(verifyCassoSignature({ body, secret: key, signature: `t=${T},v1=${v1(T, body)}`, now })).toEqual({
      ok: false,
      reason: "signature_mismatch",
      message: "The x-casso-signature signature does not match the body's sorted JSON under any configured checksum key.",
    });
    // A body with no / or non-ASCII has one text: nothing else (not "undefined") is tried.
    expect(verifyCassoSignature({ body, secret: key, signature: `t=${T},v1=${v1(T, "undefined")}`, now })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    const result = verifyCassoSignature({ body: '{"a":1,"a":2}', secret: key, signature: `t=${T},v1=${v1(T)}`, now });
    expect(result).toMatchObject({ ok: false, reason: "malformed_header" });
    expect(result.ok === false && result.message).toMatch(/^The Casso body cannot be canonicalised for the x-casso-signature signature: .*a duplicate key.*\.$/);
  });

  it("says how old or how far ahead t is, to the millisecond", () => {
    expect(verifyCassoSignature({ body, secret: key, signature: `t=${T},v1=${v1(T)}`, now: now + 300_001 })).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      message: "The x-casso-signature timestamp is 300.001 s old, more than the 300 s allowed (t is unix milliseconds).",
    });
    expect(verifyCassoSignature({ body, secret: key, signature: `t=${T},v1=${v1(T)}`, now: now - 2_500, toleranceSeconds: 2 })).toEqual({
      ok: false,
      reason: "timestamp_too_new",
      message: "The x-casso-signature timestamp is 2.5 s in the future, more than the 2 s allowed (t is unix milliseconds).",
    });
  });
});

describe("Casso: arguments", () => {
  it("signs at t=0 and refuses a negative timestamp", () => {
    expect(signCassoSignature({ body, secret: key, timestamp: 0 })).toBe(`t=0,v1=${v1("0")}`);
    expect(() => signCassoSignature({ body, secret: key, timestamp: -1 })).toThrow(/\] timestamp must be a whole number of unix milliseconds >= 0, got -1$/);
  });

  it("names the function of an input that is not an object, and quotes a negative tolerance", () => {
    expect(() => verifyCassoSignature(null as never)).toThrow(/\] verifyCassoSignature\(input\) expects one options object, got null$/);
    expect(() => signCassoSignature(7 as never)).toThrow(/\] signCassoSignature\(input\) expects one options object, got a number$/);
    expect(() => verifyCassoSignature({ body, secret: key, signature: "", toleranceSeconds: -1 })).toThrow(/\] toleranceSeconds must be a number >= 0 \(Infinity turns the check off\), got -1$/);
  });
});
