// The signature prefix (TikiNOW's "sha1=", a caller's "sha256="), matched in any case.
import { describe, expect, it } from "vitest";
import { stripPrefix } from "../../src/lib/options.js";

describe("stripPrefix", () => {
  it("strips the prefix in any case, and nothing else", () => {
    expect(stripPrefix("sha1=ab", "sha1=")).toBe("ab");
    expect(stripPrefix("SHA1=ab", "sha1=")).toBe("ab");
    expect(stripPrefix("SHA1=", "sha1=")).toBe("");
    expect(stripPrefix("ab", "")).toBe("ab");
  });
  it("refuses text that only ends with the prefix, or is shorter than it", () => {
    expect(stripPrefix("absha1=", "sha1=")).toBeNull();
    expect(stripPrefix("sha1", "sha1=")).toBeNull();
    // U+0130 lowercases to two code units, "i" and U+0307: the prefix's own lowercase.
    expect(stripPrefix("\u0130", "i\u0307")).toBeNull();
  });
});
