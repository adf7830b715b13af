import { describe, expect, it } from "vitest";
import { TIKI_SIGNATURE_HEADER, signTikiSha1, verifyTikiSha1 } from "../../src/index.js";
import { outcome } from "../helpers/outcome.js";

// The documented curl body, byte for byte, and the docs' example registration secret.
const BODY =
  '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}';
const SECRET = "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0";
// openssl dgst -sha1 -hmac sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0 (see vectors/generate.py)
const SIGNATURE = "sha1=f967afd72827f2cc15bd6d25cf9c86631d48213f";

describe("verifyTikiSha1", () => {
  it("accepts the documented body under the docs' example secret", () => {
    expect(verifyTikiSha1({ body: BODY, secret: SECRET, signature: SIGNATURE })).toEqual({ ok: true });
  });

  it("reads x-signature from Node, Fetch and mixed-case headers", () => {
    expect(verifyTikiSha1({ body: BODY, secret: SECRET, headers: { "x-signature": SIGNATURE } }).ok).toBe(true);
    expect(verifyTikiSha1({ body: BODY, secret: SECRET, headers: { "X-Signature": SIGNATURE } }).ok).toBe(true);
    expect(verifyTikiSha1({ body: BODY, secret: SECRET, headers: new Headers({ "X-SIGNATURE": SIGNATURE }) }).ok).toBe(true);
    expect(TIKI_SIGNATURE_HEADER).toBe("x-signature");
  });

  it("refuses the same JSON once it was parsed and re-serialised", () => {
    const reserialised = JSON.stringify(JSON.parse(BODY));
    expect(outcome(verifyTikiSha1({ body: reserialised, secret: SECRET, signature: SIGNATURE }))).toEqual({
      ok: false,
      reason: "signature_mismatch",
    });
  });

  it("accepts either secret during a rotation, and refuses a secret that is not in the list", () => {
    expect(verifyTikiSha1({ body: BODY, secret: ["new-secret", SECRET], signature: SIGNATURE }).ok).toBe(true);
    expect(verifyTikiSha1({ body: BODY, secret: [SECRET, "new-secret"], signature: SIGNATURE }).ok).toBe(true);
    expect(outcome(verifyTikiSha1({ body: BODY, secret: ["a", "b"], signature: SIGNATURE }))).toEqual({
      ok: false,
      reason: "signature_mismatch",
    });
  });

  it("reports a missing header when signature is undefined or null, or the headers lack it", () => {
    for (const signature of [undefined, null]) {
      expect(outcome(verifyTikiSha1({ body: BODY, secret: SECRET, signature }))).toEqual({ ok: false, reason: "missing_header" });
    }
    expect(outcome(verifyTikiSha1({ body: BODY, secret: SECRET, headers: { "x-other": "1" } }))).toEqual({
      ok: false,
      reason: "missing_header",
    });
  });

  it("never puts the secret, the expected signature or the body in its message", () => {
    const result = verifyTikiSha1({ body: BODY, secret: SECRET, signature: "sha1=" + "0".repeat(40) });
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : result.message;
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(SIGNATURE.slice(5));
    expect(message).not.toContain("HOB-8735");
  });

  it("signs as TikiNOW's Go example does: sha1= and lowercase hex", () => {
    expect(signTikiSha1({ body: BODY, secret: SECRET })).toBe(SIGNATURE);
    expect(signTikiSha1({ body: Buffer.from(BODY), secret: Buffer.from(SECRET) })).toBe(SIGNATURE);
  });

  it("throws a TypeError naming the argument for programmer mistakes, even when the header is missing", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ body: BODY, secret: "", signature: undefined }, /secret must not be empty/],
      [{ body: BODY, secret: [], signature: SIGNATURE }, /secret must not be an empty list/],
      [{ body: BODY, secret: [SECRET, ""], signature: SIGNATURE }, /secret\[1\] must not be empty/],
      [{ body: BODY, secret: new Uint8Array(0), signature: SIGNATURE }, /secret must not be empty/],
      [{ body: BODY, secret: 42, signature: SIGNATURE }, /secret must be a non-empty string or Uint8Array, got a number/],
      [{ body: BODY, secret: SECRET }, /must give signature .* or headers/],
      [{ body: BODY, secret: SECRET, signature: SIGNATURE, headers: {} }, /either signature or headers, not both/],
      [{ body: BODY, secret: SECRET, signature: null, headers: {} }, /either signature or headers, not both/],
      [{ body: BODY, secret: SECRET, headers: null }, /headers must be/],
      [{ body: JSON.parse(BODY), secret: SECRET, signature: SIGNATURE }, /body must be the raw request body.*JSON body parser/],
      [{ body: undefined, secret: SECRET, signature: SIGNATURE }, /body must be/],
      [null, /verifyTikiSha1\(input\) expects one options object/],
    ];
    for (const [input, message] of cases) {
      expect(() => verifyTikiSha1(input as never)).toThrow(TypeError);
      expect(() => verifyTikiSha1(input as never)).toThrow(message);
    }
    expect(() => verifyTikiSha1({ body: BODY, secret: "", signature: undefined })).toThrow(/^\[webhook-signatures\] /);
    expect(() => signTikiSha1({ body: BODY, secret: "" })).toThrow(TypeError);
    expect(() => signTikiSha1({ body: BODY, secret: [SECRET] as never })).toThrow(TypeError);
  });
});
