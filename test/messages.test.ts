// The failure messages, word for word: users log them, so a change is a change of behaviour.
// None may carry a secret, an expected signature or the body.
import { describe, expect, it } from "vitest";
import { basicAuthHeader, verifyBasicAuth, verifyHmacBase64, verifyHmacHex, verifyMwSignature, verifyTikiSha1 } from "../src/index.js";

const body = "x";
const secret = "k";
const T = 1_700_000_000;

const cases: Array<[string, () => unknown, string]> = [
  ["a missing header", () => verifyTikiSha1({ body, secret, signature: undefined }), "The x-signature header is missing or empty."],
  ["a bad TikiNOW value", () => verifyTikiSha1({ body, secret, signature: "sha1=zz" }), 'The x-signature header is malformed: expected "sha1=" followed by 40 hex digits.'],
  ["different repeated values", () => verifyTikiSha1({ body, secret, signature: ["a", "b"] }), "The x-signature header is malformed: it was sent several times with different values."],
  ["a value that is not text", () => verifyTikiSha1({ body, secret, signature: {} as never }), "The x-signature header is malformed: the value is not text."],
  ["an array holding a non-text value", () => verifyTikiSha1({ body, secret, signature: ["a", 1] as never }), "The x-signature header is malformed: the value is not text."],
  ["a value over 8 KiB", () => verifyTikiSha1({ body, secret, signature: "a".repeat(8193) }), "The x-signature header is malformed: the value is too long."],
  ["an array value over 8 KiB", () => verifyTikiSha1({ body, secret, signature: ["a".repeat(8193)] }), "The x-signature header is malformed: the value is too long."],
  ["a wrong TikiNOW signature", () => verifyTikiSha1({ body, secret, signature: `sha1=${"0".repeat(40)}` }), "The x-signature signature does not match the body under any configured secret."],
  ["a Bearer token", () => verifyBasicAuth({ credentials: { id: "a", secret: "b" }, authorization: "Bearer x" }), 'The authorization header is malformed: expected "Basic" and the base64 of id:secret.'],
  ["wrong credentials", () => verifyBasicAuth({ credentials: { id: "a", secret: "b" }, authorization: basicAuthHeader({ id: "a", secret: "c" }) }), "The authorization header does not match any configured credentials."],
  ["an incomplete MW header", () => verifyMwSignature({ body, secret, signature: "t=1" }), "The x-mw-signature header is malformed: expected t={unix seconds},nonce={nonce},signature={64 hex digits}, each field once."],
  ["a bad base64 value", () => verifyHmacBase64({ body, secret, signature: "x" }), "The x-hmac-sha256 header is malformed: expected 44 characters of padded standard base64."],
  ["a bad base64 SHA-1 value", () => verifyHmacBase64({ body, secret, signature: "x", algorithm: "sha1" }), "The x-hmac-sha256 header is malformed: expected 28 characters of padded standard base64."],
  ["a bad base64 SHA-512 value", () => verifyHmacBase64({ body, secret, signature: "x", algorithm: "sha512" }), "The x-hmac-sha256 header is malformed: expected 88 characters of padded standard base64."],
  ["a bad hex value", () => verifyHmacHex({ body, secret, signature: "x" }), "The signature header is malformed: expected 64 hex digits."],
  ["a bad prefixed hex value", () => verifyHmacHex({ body, secret, signature: "x", prefix: "v1=", algorithm: "sha512" }), 'The signature header is malformed: expected "v1=" followed by 128 hex digits.'],
  ["a missing named header", () => verifyHmacHex({ body, secret, headers: {}, headerName: "X-Tilby" }), "The x-tilby header is missing or empty."],
];

describe("failure messages", () => {
  for (const [situation, run, message] of cases) {
    it(`for ${situation}: ${message}`, () => {
      expect((run() as { message: string }).message).toBe(message);
    });
  }

  it("say how far outside the window a timestamp is, to the millisecond", async () => {
    const { signMwSignature } = await import("../src/index.js");
    const signature = signMwSignature({ body, secret, timestamp: T, nonce: "n" });
    const at = (now: number) => (verifyMwSignature({ body, secret, signature, now }) as { message: string }).message;
    expect(at((T + 300) * 1000 + 1)).toBe("The x-mw-signature timestamp is 300.001 s old, more than the 300 s allowed.");
    expect(at((T - 301) * 1000)).toBe("The x-mw-signature timestamp is 301 s in the future, more than the 300 s allowed.");
  });
});
