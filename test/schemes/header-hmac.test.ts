// The six raw-body HMAC schemes of issue 27 as functions (root entry and /web): names in their
// TypeErrors, Shopify's two signature headers, Haravan's two encodings. Signatures are computed
// here with node:crypto; the recorded vectors are in vectors/<provider>.json (test/vectors.test.ts).
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";

const SECRET = "raw-body-hmac-secret-1f2e";
const hmac = (body: string, encoding: "hex" | "base64", secret = SECRET) => createHmac("sha256", secret).update(body).digest(encoding);

describe("each verify and sign function names itself in a TypeError, on both entries", () => {
  for (const name of ["Shopify", "Woocommerce", "Sendcloud", "Mollie", "Haravan", "Sapo"]) {
    it(name, () => {
      for (const entry of [root, web] as Record<string, unknown>[]) {
        for (const fn of [`verify${name}`, `sign${name}`]) {
          expect(() => (entry[fn] as (input: unknown) => unknown)(null)).toThrow(new TypeError(`[webhook-signatures] ${fn}(input) expects one options object, got null`));
        }
      }
    });
  }
});

describe("verifyShopify: X-Shopify-Hmac-Sha256 or shopify-hmac-sha256", () => {
  const body = '{"id":1}';
  const S = hmac(body, "base64");
  it("reads shopify-hmac-sha256 alone, or both when they agree; both differing is a clear malformed_header", () => {
    expect(root.verifyShopify({ body, secret: SECRET, headers: { "Shopify-Hmac-Sha256": S } })).toEqual({ ok: true });
    expect(root.verifyShopify({ body, secret: SECRET, headers: new Headers({ "Shopify-Hmac-Sha256": S }) })).toEqual({ ok: true });
    expect(root.verifyShopify({ body, secret: SECRET, headers: new Headers({ "X-Shopify-Hmac-Sha256": S }) })).toEqual({ ok: true });
    expect(root.verifyShopify({ body, secret: SECRET, headers: { "shopify-hmac-sha256": " ", "x-shopify-hmac-sha256": "" } })).toMatchObject({ reason: "malformed_header" });
    expect(root.verifyShopify({ body, secret: SECRET, headers: { "shopify-hmac-sha256": S, "x-shopify-hmac-sha256": ` ${S}` } })).toEqual({ ok: true });
    const other = hmac(body, "base64", "other");
    const refused = {
      ok: false,
      reason: "malformed_header",
      message: "The x-shopify-hmac-sha256 header is malformed: shopify-hmac-sha256 carries a different value.",
    };
    expect(root.verifyShopify({ body, secret: SECRET, headers: { "shopify-hmac-sha256": other, "x-shopify-hmac-sha256": S } })).toEqual(refused);
    expect(root.verifyShopify({ body, secret: SECRET, headers: { "shopify-hmac-sha256": "", "x-shopify-hmac-sha256": S } })).toEqual(refused);
    expect(root.verifyShopify({ body, secret: SECRET, headers: new Headers({ "shopify-hmac-sha256": other, "x-shopify-hmac-sha256": S }) })).toEqual(refused);
    expect(root.verifyShopify({ body, secret: [SECRET], headers: { "shopify-hmac-sha256": S } })).toEqual({ ok: true, secretIndex: 0 });
    expect(root.verifyShopify({ body, secret: SECRET, headers: { "x-shopify-hmac-sha256": other } })).toMatchObject({ reason: "signature_mismatch" });
    expect(root.verifyShopify({ body, secret: SECRET, headers: {} })).toMatchObject({ reason: "missing_header" });
    // A programmer's mistake still throws when the headers disagree.
    expect(() => root.verifyShopify({ body, secret: "", headers: { "shopify-hmac-sha256": other, "x-shopify-hmac-sha256": S } })).toThrow(TypeError);
    expect(() => root.verifyShopify({ body: 1 as never, secret: SECRET, headers: { "shopify-hmac-sha256": other, "x-shopify-hmac-sha256": S } })).toThrow(TypeError);
    expect(() => root.verifyShopify({ body, secret: SECRET, headers: null as never })).toThrow(TypeError);
    expect(() => root.verifyShopify({ body, secret: SECRET, signature: S, headers: {} })).toThrow(TypeError);
  });

  it("/web reads them alike", async () => {
    const other = hmac(body, "base64", "other");
    for (const headers of [{ "shopify-hmac-sha256": S }, { "shopify-hmac-sha256": other, "x-shopify-hmac-sha256": S }, { "shopify-hmac-sha256": S, "x-shopify-hmac-sha256": S }]) {
      expect(await web.verifyShopify({ body, secret: SECRET, headers })).toEqual(root.verifyShopify({ body, secret: SECRET, headers }));
    }
    expect(() => web.verifyShopify({ body, secret: "", headers: { "shopify-hmac-sha256": other, "x-shopify-hmac-sha256": S } })).toThrow(TypeError);
  });

});

describe("verifyHaravan: base64 (third-party receivers) or hex (PHP's hash_hmac default)", () => {
  const body = '{"id":1}';
  it("accepts either, on both entries", async () => {
    for (const signature of [hmac(body, "base64"), hmac(body, "hex"), [hmac(body, "hex")]]) {
      expect(root.verifyHaravan({ body, secret: SECRET, signature })).toEqual({ ok: true });
      expect(await web.verifyHaravan({ body, secret: SECRET, signature })).toEqual({ ok: true });
    }
    expect(root.verifyHaravan({ body, secret: SECRET, headers: { "X-Haravan-Hmacsha256": hmac(body, "hex") } })).toEqual({ ok: true });
    expect(root.verifyHaravan({ body, secret: SECRET, signature: hmac(body, "hex", "x") })).toMatchObject({ reason: "signature_mismatch" });
    expect(() => root.verifyHaravan({ body, secret: SECRET } as never)).toThrow(TypeError);
  });

  it("tells hex from base64 by the trimmed length, and reads the bare value under signature", () => {
    expect(root.verifyHaravan({ body, secret: SECRET, signature: ` ${hmac(body, "hex")}\t` })).toEqual({ ok: true });
    expect(() => root.verifyHaravan({ body, secret: SECRET } as never)).toThrow(
      new TypeError("[webhook-signatures] input must give signature (the header value) or headers (the request headers)"),
    );
    expect(root.verifyHaravan({ body, secret: SECRET, headers: {} })).toMatchObject({ ok: false, reason: "missing_header" });
    expect(() => root.verifyShopify({ body, secret: SECRET } as never)).toThrow(
      new TypeError("[webhook-signatures] input must give signature (the header value) or headers (the request headers)"),
    );
  });
});
