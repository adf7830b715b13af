// The stores' synchronous SHA-256 against node:crypto, and the bounded key form built on it.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STORED_KEY_MAX_LENGTH, storedKey } from "../../src/replay/keys.js";
import { sha256Hex } from "../../src/replay/sha256.js";

const reference = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("sha256Hex", () => {
  it("matches node:crypto at every length around the block and padding edges", () => {
    for (let length = 0; length <= 260; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length * 7) & 0xff);
      expect(sha256Hex(bytes), `length ${length}`).toBe(reference(bytes));
    }
  });

  it("matches the FIPS 180-4 examples", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(sha256Hex(text("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex(new Uint8Array(0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("matches node:crypto on random inputs, a view into a larger buffer, and a megabyte", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => sha256Hex(bytes) === reference(bytes)), { numRuns: 300, seed: 13 });
    const view = Buffer.from("0123456789abcdef").subarray(3, 11);
    expect(sha256Hex(view)).toBe(reference(view));
    const big = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);
    expect(sha256Hex(big)).toBe(reference(big));
  });
});

describe("storedKey", () => {
  it("keeps printable ASCII keys of up to 64 characters as they are", () => {
    expect(STORED_KEY_MAX_LENGTH).toBe(64);
    for (const key of ["a", "752c14ea195c460bac3c3b7896975ee9fd15eeb7", "x".repeat(64), " ~!#", "sha256:".padEnd(64, "f")]) {
      expect(storedKey(key)).toBe(key);
    }
  });

  it("stores any other key as # and the SHA-256 of its code units (1 + a byte each, or 2 + two bytes each): 65 characters", () => {
    const input = (key: string) =>
      [...key].some((c) => c.length > 1 || c.charCodeAt(0) > 0xff)
        ? Buffer.concat([Buffer.from([2]), Buffer.from(key, "utf16le")])
        : Buffer.concat([Buffer.from([1]), Buffer.from(key, "latin1")]);
    for (const key of ["x".repeat(65), "y".repeat(8_000), "nul\u0000", "tab\t", "\u007f", "é", "ÿ", "\u0100", "\ud800", "\udfff", "日本", "\u{1f600}", `${"a".repeat(70)}\u20ac`, "\u65e5".repeat(600), `${"b".repeat(1_023)}\u0100`]) {
      const stored = storedKey(key);
      expect(stored).toHaveLength(65);
      expect(stored, JSON.stringify(key.slice(-3))).toBe(`#${reference(input(key))}`);
    }
  });

  it("never gives two keys the same stored form (long vs short, lone surrogates, NUL)", () => {
    const keys = ["\ud800", "\udfff", "\ufffd", "a\u0000", "a\u0000\u0000", "A\u0000", "\u0041", "\u4100", "x".repeat(64), "x".repeat(65), "x".repeat(66), `#${"0".repeat(64)}`];
    expect(new Set(keys.map(storedKey)).size).toBe(keys.length);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: "binary", maxLength: 80 }), (a, b) => a === b || storedKey(a) !== storedKey(b)),
      { numRuns: 500, seed: 7 },
    );
  });
});
