import { describe, expect, it } from "vitest";
import { getHeader } from "../../src/index.js";

describe("getHeader", () => {
  it("reads Fetch Headers case-insensitively", () => {
    const headers = new Headers({ "X-Signature": "sha1=ab" });
    expect(getHeader(headers, "x-signature")).toBe("sha1=ab");
    expect(getHeader(headers, "X-SIGNATURE")).toBe("sha1=ab");
    expect(getHeader(headers, "x-missing")).toBeUndefined();
  });

  it("reads Node-style records with any key case, arrays and numbers", () => {
    expect(getHeader({ "x-signature": "a" }, "X-Signature")).toBe("a");
    expect(getHeader({ "X-Signature": ["a", "b"] }, "x-signature")).toEqual(["a", "b"]);
    expect(getHeader({ "content-length": 12 }, "Content-Length")).toBe("12");
    expect(getHeader({ "x-signature": undefined, other: "x" }, "x-signature")).toBeUndefined();
  });

  it("returns every value when keys differ only by case, so a verifier can refuse the ambiguity", () => {
    expect(getHeader({ "x-signature": "a", "X-Signature": "b" }, "x-signature")).toEqual(["a", "b"]);
  });

  it("treats a header named get as a header, not as Fetch Headers", () => {
    expect(getHeader({ get: "x", "x-signature": "a" } as never, "x-signature")).toBe("a");
  });

  it("ignores values that are not text", () => {
    expect(getHeader({ "x-signature": { toString: () => "a" } } as never, "x-signature")).toBeUndefined();
    expect(getHeader({ "x-signature": ["a", 1] } as never, "x-signature")).toBeUndefined();
  });

  it("skips a key of the same length as the name that differs, whatever its case", () => {
    expect(getHeader({ "x-signaturf": "a" }, "x-signature")).toBeUndefined();
    expect(getHeader({ "X-SIGNATURF": "a", "X-Signature": "b" }, "x-signature")).toBe("b");
  });

  it("folds non-ASCII keys with toLowerCase: the Kelvin sign is a k, other letters are not", () => {
    // U+212A KELVIN SIGN lowercases to ASCII "k".
    expect(getHeader({ "\u212Aey": "a" }, "key")).toBe("a");
    expect(getHeader({ "\u00C9ey": "a" }, "key")).toBeUndefined();
    expect(getHeader({ "k\u00C9y": "a" }, "key")).toBeUndefined();
  });

  it("throws a TypeError for bad arguments", () => {
    expect(() => getHeader(null as never, "x")).toThrow(/headers must be/);
    expect(() => getHeader({}, "")).toThrow(/name must be a non-empty string/);
  });
});
