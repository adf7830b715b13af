// The /web entry's own hex and base64 codecs against Buffer: the same texts accepted, the
// same bytes out, on generated and hand-picked inputs. (The verify functions of both entries
// are compared end to end in hostile.test.ts; this pins the codecs themselves.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, decodeBase64Any, decodeHex, toBase64, toHex } from "../../src/web/lib/encoding.js";

/** The rules of SPEC.md read through Buffer: what the root entry accepts. */
const nodeCodec = {
  decodeHex(text: string, length: number): Buffer | null {
    return text.length === length * 2 && /^[0-9a-fA-F]*$/.test(text) ? Buffer.from(text, "hex") : null;
  },
  decodeBase64Any(text: string): Buffer | null {
    if (text.length % 4 !== 0) return null;
    const bytes = Buffer.from(text, "base64");
    return bytes.toString("base64") === text ? bytes : null;
  },
  decodeBase64(text: string, length: number): Buffer | null {
    if (text.length !== Math.ceil(length / 3) * 4) return null;
    const bytes = nodeCodec.decodeBase64Any(text);
    return bytes !== null && bytes.length === length ? bytes : null;
  },
};

const asArray = (bytes: Uint8Array | null) => (bytes === null ? null : [...bytes]);
const BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \t\n.";
const base64ish = fc.array(fc.constantFrom(...BASE64_CHARS), { maxLength: 48 }).map((chars) => chars.join(""));

describe("web codecs", () => {
  it("encode exactly as Buffer does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
      }),
    );
  });

  it("decode every canonical base64 text back to its bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(asArray(decodeBase64Any(Buffer.from(bytes).toString("base64")))).toEqual([...bytes]);
        expect(asArray(decodeBase64(Buffer.from(bytes).toString("base64"), bytes.length))).toEqual([...bytes]);
      }),
    );
  });

  it("accept and refuse the same base64 texts as the root entry", () => {
    fc.assert(
      fc.property(base64ish, (text) => {
        expect(asArray(decodeBase64Any(text))).toEqual(asArray(nodeCodec.decodeBase64Any(text)));
        for (const length of [1, 2, 3, 20, 32]) expect(asArray(decodeBase64(text, length))).toEqual(asArray(nodeCodec.decodeBase64(text, length)));
      }),
      { numRuns: 20_000 },
    );
    // Mutations of real digests: the interesting texts are almost canonical.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), fc.constantFrom(...BASE64_CHARS), (bytes, at, char) => {
        const canonical = Buffer.from(bytes).toString("base64");
        const i = at % canonical.length;
        const text = canonical.slice(0, i) + char + canonical.slice(i + 1);
        expect(asArray(decodeBase64Any(text))).toEqual(asArray(nodeCodec.decodeBase64Any(text)));
        expect(asArray(decodeBase64(text, bytes.length))).toEqual(asArray(nodeCodec.decodeBase64(text, bytes.length)));
      }),
      { numRuns: 20_000 },
    );
  });

  it("refuse what Node's lenient decoder would skip or rewrite", () => {
    for (const text of ["AA==\n", "A A=", "AB==", "AAB=", "AA=A", "====", "AA===", "-_==", "AA", "AAAA====", "ÿA==", "\u0100AAA", "\u0080AAA", "AA\u0080="]) {
      expect(decodeBase64Any(text), JSON.stringify(text)).toBeNull();
    }
    expect(asArray(decodeBase64Any(""))).toEqual([]);
  });

  it("accept and refuse the same hex texts as the root entry", () => {
    const hexish = fc.array(fc.constantFrom(..."0123456789abcdefABCDEFgxG -+"), { maxLength: 44 }).map((c) => c.join(""));
    fc.assert(
      fc.property(hexish, (text) => {
        for (const length of [1, 2, 20, 22]) expect(asArray(decodeHex(text, length))).toEqual(asArray(nodeCodec.decodeHex(text, length)));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString("hex");
        expect(asArray(decodeHex(upper ? hex.toUpperCase() : hex, bytes.length))).toEqual([...bytes]);
      }),
    );
  });
});
