import { describe, expect, it } from "vitest";
import { hexDigestOf } from "../../src/lib/digest-key.js";

const DIGITS = "0123456789abcdef0123456789ABCDEF01234567"; // 40 hex digits: a SHA-1

describe("hexDigestOf: a verified hex signature header in one spelling", () => {
  it("folds the prefix's case, the padding and the digits' case", () => {
    for (const value of [`sha1=${DIGITS}`, ` SHA1=${DIGITS} `, `Sha1=${DIGITS.toUpperCase()}`, [`sha1=${DIGITS}`]]) {
      expect(hexDigestOf({ "x-signature": value }, "x-signature", "sha1", "sha1="), String(value)).toBe(DIGITS.toLowerCase());
    }
    expect(hexDigestOf({ "x-sig": "ab".repeat(32) }, "x-sig", "sha256", "")).toBe("ab".repeat(32));
  });

  it("throws for a header that spells no digest: missing, another prefix, a wrong length, a non-hex digit anywhere", () => {
    const bad = [
      {},
      { "x-signature": "" },
      { "x-signature": `md5=${DIGITS}` },
      { "x-signature": `sha1=${DIGITS.slice(1)}` },
      { "x-signature": `sha1=${DIGITS}0` },
      { "x-signature": `sha1=g${DIGITS.slice(1)}` },
      { "x-signature": `sha1=${DIGITS.slice(0, 20)}-${DIGITS.slice(21)}` },
      { "x-signature": `sha1=${DIGITS.slice(0, -1)}z` },
      { "x-signature": `sha1=${DIGITS.slice(0, 20)} ${DIGITS.slice(21)}` },
    ];
    for (const headers of bad) {
      expect(() => hexDigestOf(headers, "x-signature", "sha1", "sha1="), JSON.stringify(headers)).toThrow("x-signature does not spell a digest: only a verified delivery has a key");
    }
  });
});
