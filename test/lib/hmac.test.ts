// The algorithm option of the generic HMAC schemes.
import { describe, expect, it } from "vitest";
import { assertAlgorithm } from "../../src/lib/hmac.js";

describe("assertAlgorithm", () => {
  it("defaults to sha256 and accepts the three algorithms", () => {
    expect(assertAlgorithm(undefined)).toBe("sha256");
    expect(assertAlgorithm("sha1")).toBe("sha1");
    expect(assertAlgorithm("sha512")).toBe("sha512");
  });
  it("names a string by its (cut) value and anything else by its type", () => {
    expect(() => assertAlgorithm("md5")).toThrow(new TypeError('[webhook-signatures] algorithm must be "sha256", "sha1" or "sha512", got "md5"'));
    expect(() => assertAlgorithm(256)).toThrow(new TypeError('[webhook-signatures] algorithm must be "sha256", "sha1" or "sha512", got a number'));
    expect(() => assertAlgorithm(null)).toThrow(new TypeError('[webhook-signatures] algorithm must be "sha256", "sha1" or "sha512", got null'));
  });
});
