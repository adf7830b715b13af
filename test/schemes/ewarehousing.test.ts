import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EWAREHOUSING_SIGNATURE_HEADER, signHmacBase64, verifyHmacBase64 } from "../../src/index.js";
import { outcome } from "../helpers/outcome.js";

const SECRET = "secret_key_registered_at_webhook";
const BODY = '{"body":{"sku":"SKU-1","stock_salable":3},"group":"stock","action":"updated","entity":"stock","customer":"ACME","entityId":"1"}';
/** The provider's Python snippet, transcribed: base64.b64encode(hmac.new(secret, data, sha256).digest()). */
const reference = (body: string, algorithm = "sha256", secret = SECRET) => createHmac(algorithm, secret).update(body).digest("base64");

describe("verifyHmacBase64", () => {
  it("accepts eWarehousing's X-Hmac-SHA256 in either documented spelling", () => {
    expect(EWAREHOUSING_SIGNATURE_HEADER).toBe("x-hmac-sha256");
    for (const name of ["X-Hmac-SHA256", "X-Hmac-Sha256", "x-hmac-sha256"]) {
      expect(verifyHmacBase64({ body: BODY, secret: SECRET, headers: { [name]: reference(BODY) } }).ok, name).toBe(true);
    }
  });

  it("reads another header when headerName says so, and other algorithms", () => {
    const headers = { "x-shop-hmac": reference(BODY, "sha512") };
    expect(verifyHmacBase64({ body: BODY, secret: SECRET, headers, headerName: "X-Shop-Hmac", algorithm: "sha512" }).ok).toBe(true);
    expect(verifyHmacBase64({ body: BODY, secret: SECRET, signature: reference(BODY, "sha1"), algorithm: "sha1" }).ok).toBe(true);
  });

  it("refuses a prettified body, as the provider warns", () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    expect(outcome(verifyHmacBase64({ body: pretty, secret: SECRET, signature: reference(BODY) }))).toEqual({
      ok: false,
      reason: "signature_mismatch",
    });
  });

  it("accepts only padded, canonical, standard base64 of the digest's length", () => {
    const good = reference(BODY);
    const bad = [
      good.replace(/=$/, ""),
      good.replace(/\+/g, "-").replace(/\//g, "_").replace(/=$/, "A"),
      `${good.slice(0, 10)}!${good.slice(11)}`,
      `${good.slice(0, 20)} ${good.slice(21)}`,
      reference(BODY, "sha1"),
      `${good}AAAA`,
      Buffer.from(good, "base64").toString("hex"),
    ];
    // The last digit before "=" carries two unused bits: a non-zero value decodes to the same bytes.
    const last = good[42]!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    bad.push(`${good.slice(0, 42)}${alphabet[alphabet.indexOf(last) + 1]}=`);
    expect(Buffer.from(bad.at(-1)!, "base64").equals(Buffer.from(good, "base64"))).toBe(true);
    for (const signature of bad) {
      expect(outcome(verifyHmacBase64({ body: BODY, secret: SECRET, signature })), signature).toEqual({
        ok: false,
        reason: "malformed_header",
      });
    }
    expect(verifyHmacBase64({ body: BODY, secret: SECRET, signature: ` ${good}\t` }).ok).toBe(true);
  });

  it("signs as the provider's Python snippet does", () => {
    expect(signHmacBase64({ body: BODY, secret: SECRET })).toBe(reference(BODY));
    expect(signHmacBase64({ body: BODY, secret: SECRET, algorithm: "sha512" })).toBe(reference(BODY, "sha512"));
  });

  it("throws a TypeError for an unknown algorithm or an empty headerName", () => {
    expect(() => verifyHmacBase64({ body: BODY, secret: SECRET, signature: undefined, algorithm: "md5" as never })).toThrow(
      /algorithm must be "sha256", "sha1" or "sha512"/,
    );
    expect(() => verifyHmacBase64({ body: BODY, secret: SECRET, headers: {}, headerName: "" })).toThrow(/headerName must be a non-empty string/);
    expect(() => signHmacBase64({ body: BODY, secret: SECRET, algorithm: "SHA256" as never })).toThrow(TypeError);
  });
});
