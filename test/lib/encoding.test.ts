// The strict signature checks: hex of exactly the digest length, and canonical padded base64
// (Node's own decoder skips stray characters and accepts base64url: these do not).
import { describe, expect, it } from "vitest";
import { isBase64, isHex } from "../../src/lib/encoding.js";

describe("isHex", () => {
  it("accepts exactly length bytes of hex, either case", () => {
    expect(isHex("00ffAb", 3)).toBe(true);
    expect(isHex("", 0)).toBe(true);
  });
  it("refuses a wrong length or a non-hex digit", () => {
    expect(isHex("00ff", 3)).toBe(false);
    expect(isHex("00ffab00", 3)).toBe(false);
    expect(isHex("00ffag", 3)).toBe(false);
    expect(isHex("0xffab", 3)).toBe(false);
  });
});

describe("isBase64", () => {
  it("accepts canonical padded base64 of exactly length bytes", () => {
    expect(isBase64("AAEC", 3)).toBe(true);
    expect(isBase64("AAE=", 2)).toBe(true);
    expect(isBase64("AA==", 1)).toBe(true);
  });
  it("refuses a wrong text length", () => {
    expect(isBase64("AAE", 2)).toBe(false);
    expect(isBase64("AAECAw==", 3)).toBe(false);
  });
  it("refuses text of the right length that decodes to another length", () => {
    expect(isBase64("AA==", 2)).toBe(false);
    expect(isBase64("AAE=", 3)).toBe(false);
  });
  it("refuses non-canonical spellings: base64url, stray characters, non-zero pad bits", () => {
    expect(isBase64("-_8=", 2)).toBe(false);
    expect(isBase64("+/8=", 2)).toBe(true);
    expect(isBase64("AA.E", 2)).toBe(false);
    expect(isBase64("AAF=", 2)).toBe(false);
    expect(isBase64("AB==", 1)).toBe(false);
  });
  it("refuses a stray character before or after text of the right length", () => {
    // 4 bytes (length % 3 = 1: two padding characters) and 5 bytes (one).
    expect(isBase64("AAAAAA==", 4)).toBe(true);
    expect(isBase64(".AAAAA==", 4)).toBe(false);
    expect(isBase64("AAAAA==.", 4)).toBe(false);
    expect(isBase64("AAAAAAE=", 5)).toBe(true);
    expect(isBase64(".AAAAAE=", 5)).toBe(false);
    expect(isBase64("AAAAAE=.", 5)).toBe(false);
    expect(isBase64(".AAA", 3)).toBe(false);
    expect(isBase64("AAA.", 3)).toBe(false);
  });
});
