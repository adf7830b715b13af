// The Basic credentials' base64 is checked and measured without decoding: the check must
// accept exactly the canonical padded base64 that Buffer writes, and the length must be the
// decoded length, or the padded compare would read the wrong bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64ByteLength, isBase64Any } from "../../src/lib/encoding.js";

const canonical = (text: string) => text.length % 4 === 0 && Buffer.from(text, "base64").toString("base64") === text;
const CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \t.";

describe("isBase64Any and base64ByteLength", () => {
  it("give the decoded length of what Buffer encodes, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(isBase64Any(text)).toBe(true);
        expect(base64ByteLength(text)).toBe(bytes.length);
      }),
    );
  });

  it("accept exactly the canonical padded standard base64", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((c) => c.join("")), (text) => {
        expect(isBase64Any(text), JSON.stringify(text)).toBe(canonical(text));
      }),
      { numRuns: 5000 },
    );
    for (const text of ["", "QQ==", "QUI=", "QUJD"]) expect(isBase64Any(text)).toBe(true);
    for (const text of ["QR==", "QUJ=", "QQ=", "Q===", "QUJD\n", "QU-D"]) expect(isBase64Any(text), text).toBe(false);
  });
});
