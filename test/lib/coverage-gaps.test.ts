// Small units and rare branches the scheme suites do not reach: argument errors that name a
// non-number, the strict signature checks and prefix strip, non-ASCII header keys, BOM bodies.
import { describe, expect, it } from "vitest";
import { describe as describeValue } from "../../src/lib/errors.js";
import { isBase64, isHex } from "../../src/lib/encoding.js";
import { getHeader } from "../../src/lib/headers.js";
import { stripPrefix } from "../../src/lib/options.js";
import { assertAlgorithm } from "../../src/lib/hmac.js";
import { parseTilbyWebhook } from "../../src/payloads/tilby.js";
import { signMwSignature } from "../../src/schemes/mobility-work.js";
import { basicAuthHeader, verifyBasicAuth } from "../../src/schemes/tiki-basic.js";

describe("describe (error messages)", () => {
  it("names each kind of value without echoing it", () => {
    expect(describeValue(null)).toBe("null");
    expect(describeValue([1])).toBe("an array");
    expect(describeValue(new Uint8Array(2))).toBe("a Uint8Array");
    expect(describeValue(Buffer.from("x"))).toBe("a Uint8Array");
    expect(describeValue({})).toBe("an object");
    expect(describeValue("secret")).toBe("a string");
    expect(describeValue(undefined)).toBe("undefined");
  });
});

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
});

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

describe("isBase64 anchors", () => {
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

describe("assertAlgorithm", () => {
  it("defaults to sha256 and accepts the three algorithms", () => {
    expect(assertAlgorithm(undefined)).toBe("sha256");
    expect(assertAlgorithm("sha1")).toBe("sha1");
    expect(assertAlgorithm("sha512")).toBe("sha512");
  });
  it("names a string by its (cut) value and anything else by its type", () => {
    expect(() => assertAlgorithm("md5")).toThrow(new TypeError('[webhook-signatures] algorithm must be "sha256", "sha1" or "sha512", got "md5"'));
    expect(() => assertAlgorithm(256)).toThrow(/algorithm must be .* got a number$/);
    expect(() => assertAlgorithm(null)).toThrow(/got null$/);
  });
});

describe("getHeader with keys of the same length as the name", () => {
  it("skips a same-length key that differs, whatever its case", () => {
    expect(getHeader({ "x-signaturf": "a" }, "x-signature")).toBeUndefined();
    expect(getHeader({ "X-SIGNATURF": "a", "X-Signature": "b" }, "x-signature")).toBe("b");
  });
  it("folds non-ASCII keys with toLowerCase: the Kelvin sign is a k, other letters are not", () => {
    // U+212A KELVIN SIGN lowercases to ASCII "k".
    expect(getHeader({ "\u212Aey": "a" }, "key")).toBe("a");
    expect(getHeader({ "\u00C9ey": "a" }, "key")).toBeUndefined();
    expect(getHeader({ "k\u00C9y": "a" }, "key")).toBeUndefined();
  });
});

describe("parsers and a byte order mark", () => {
  it("parses a body that starts with a UTF-8 BOM as the body without it", () => {
    const body = '{"type":"SUBSCRIBED","entity_name":"sales","time":"2022-02-23T15:43:31.714Z","environment_id":"e","client_id":"c"}';
    const plain = parseTilbyWebhook(body);
    expect(plain.ok).toBe(true);
    expect(parseTilbyWebhook(`\ufeff${body}`)).toEqual(plain);
    expect(parseTilbyWebhook(new TextEncoder().encode(`\ufeff${body}`))).toEqual(plain);
  });
});

describe("signMwSignature argument errors", () => {
  it("names a non-number timestamp by its type and a bad number by its value", () => {
    expect(() => signMwSignature({ body: "{}", secret: "s", timestamp: "1700000000" as never })).toThrow(
      /timestamp must be a whole number of unix seconds >= 0, got a string$/,
    );
    expect(() => signMwSignature({ body: "{}", secret: "s", timestamp: -1 })).toThrow(/got -1$/);
  });
});

describe("verifyBasicAuth with a single pair", () => {
  const pair = { id: "shop", secret: "pw" };
  it("accepts a single credentials object, not only a list", () => {
    expect(verifyBasicAuth({ credentials: pair, authorization: basicAuthHeader(pair) })).toEqual({ ok: true, id: "shop" });
    const wrong = verifyBasicAuth({ credentials: pair, authorization: basicAuthHeader({ id: "shop", secret: "px" }) });
    expect(wrong.ok).toBe(false);
  });
  it("names the argument when the single pair is not an object", () => {
    expect(() => verifyBasicAuth({ credentials: null as never, authorization: "Basic eDp5" })).toThrow(
      new TypeError("[webhook-signatures] credentials must be an object { id, secret }, got null"),
    );
    expect(() => verifyBasicAuth({ credentials: "shop:pw" as never, authorization: "Basic eDp5" })).toThrow(/credentials must be an object \{ id, secret \}, got a string$/);
  });
});
