// SePay, Lazada, TikTok Shop and Shopee on the root entry: a rotation list, the header values
// given bare or in headers, the exact failure messages, and each programmer mistake a TypeError
// naming it. Every signature here is node:crypto's, never the library's.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signLazada, signSepay, signShopee, signTiktokShop, verifyLazada, verifySepay, verifyShopee, verifyTiktokShop } from "../../src/index.js";

const SECRET = "shared-secret-for-tests";
const BODY = '{"id":92704,"message_type":0,"code":3}';
const APP_KEY = "123456";
const URL_ = "https://shop.example/hooks/shopee";
const T = 1_700_000_000;

const hex = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");
const typeError = (message: string) => new TypeError(`[webhook-signatures] ${message}`);

/** The two app-key schemes and Shopee: their verify, sign, head setting and what the head is. */
const KEYED = [
  { name: "Lazada", verify: verifyLazada, sign: signLazada, setting: { appKey: APP_KEY }, head: APP_KEY, fn: "Lazada" },
  { name: "TikTok Shop", verify: verifyTiktokShop, sign: signTiktokShop, setting: { appKey: APP_KEY }, head: APP_KEY, fn: "TiktokShop" },
  { name: "Shopee", verify: verifyShopee, sign: signShopee, setting: { url: URL_ }, head: `${URL_}|`, fn: "Shopee" },
] as const;

describe.each(KEYED)("$name", ({ verify, sign, setting, head, fn }) => {
  const signature = hex(SECRET, head + BODY);
  const call = (input: Record<string, unknown>) => (verify as (input: unknown) => unknown)({ body: BODY, ...setting, ...input });

  it("signs as node:crypto, and a rotation list matches at the signing secret's position or not at all", () => {
    expect((sign as (input: unknown) => string)({ body: BODY, secret: SECRET, ...setting })).toBe(signature);
    expect(call({ secret: SECRET, signature })).toEqual({ ok: true });
    expect(call({ secret: ["first", SECRET, "third"], signature })).toEqual({ ok: true, secretIndex: 1 });
    expect(call({ secret: ["first", "second"], signature })).toEqual({
      ok: false,
      reason: "signature_mismatch",
      message: "The authorization signature does not match the body under any configured secret.",
    });
  });

  it("reads Authorization from the headers, and says what a malformed one should be", () => {
    expect(call({ secret: SECRET, headers: { Authorization: signature.toUpperCase() } })).toEqual({ ok: true });
    expect(call({ secret: SECRET, headers: { authorization: `HMAC ${signature}` } })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: "The authorization header is malformed: expected 64 hex digits (the HMAC-SHA256, no scheme word).",
    });
  });

  it("names the function whose input is not an object", () => {
    expect(() => (verify as (input: unknown) => unknown)(null)).toThrow(typeError(`verify${fn}(input) expects one options object, got null`));
    expect(() => (sign as (input: unknown) => unknown)(null)).toThrow(typeError(`sign${fn}(input) expects one options object, got null`));
  });
});

describe("the App Key (Lazada, TikTok Shop)", () => {
  it.each([
    [undefined, "got undefined"],
    [7, "got a number"],
    ["", "got a string"],
  ])("%j is refused", (appKey, got) => {
    const message = `appKey must be the App Key of the app the push belongs to, a non-empty string, ${got}`;
    expect(() => verifyLazada({ body: BODY, secret: SECRET, appKey, signature: "x" } as never)).toThrow(typeError(message));
    expect(() => signTiktokShop({ body: BODY, secret: SECRET, appKey } as never)).toThrow(typeError(message));
  });
});

describe("Shopee's callback URL", () => {
  const WHAT = "the callback URL exactly as registered with Shopee (an absolute http or https URL)";
  it.each([
    [undefined, `url must be ${WHAT}, a non-empty string, got undefined`],
    ["", `url must be ${WHAT}, a non-empty string, got a string`],
    ["/hooks/shopee", `url must be ${WHAT}`],
    ["ftp://shop.example/hooks", `url must be ${WHAT}`],
    [`see ${URL_}`, `url must be ${WHAT}`],
    [`${URL_} x`, `url must be ${WHAT}`],
  ])("%j is refused", (url, message) => {
    expect(() => verifyShopee({ body: BODY, secret: SECRET, url, signature: "x" } as never)).toThrow(typeError(message));
    expect(() => signShopee({ body: BODY, secret: SECRET, url } as never)).toThrow(typeError(message));
  });

  it("is taken in either scheme and case", () => {
    for (const url of ["http://shop.example/cb", "HTTPS://shop.example/cb?x=1"]) {
      expect(signShopee({ body: BODY, secret: SECRET, url })).toBe(hex(SECRET, `${url}|${BODY}`));
    }
  });
});

describe("SePay", () => {
  const signature = `sha256=${hex(SECRET, `${T}.${BODY}`)}`;
  const at = (nowMs: number, input: Record<string, unknown> = {}) => verifySepay({ body: BODY, secret: SECRET, signature, timestamp: String(T), now: nowMs, ...input });

  it("signs as node:crypto, and a rotation list matches at the signing secret's position or not at all", () => {
    expect(signSepay({ body: BODY, secret: SECRET, timestamp: T })).toBe(signature);
    expect(signSepay({ body: BODY, secret: SECRET, timestamp: 0 })).toBe(`sha256=${hex(SECRET, `0.${BODY}`)}`);
    expect(at(T * 1000, { secret: ["first", SECRET] })).toEqual({ ok: true, timestamp: T, secretIndex: 1 });
    expect(at(T * 1000, { secret: ["first", "second"] })).toEqual({
      ok: false,
      reason: "signature_mismatch",
      message: "The x-sepay-signature signature does not match the body under any configured secret.",
    });
  });

  it("says by how much, to the millisecond, a timestamp is outside the window", () => {
    expect(at((T + 300) * 1000 + 1)).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      message: "The x-sepay-timestamp timestamp is 300.001 s old, more than the 300 s allowed.",
    });
    expect(at((T - 300) * 1000 - 1)).toEqual({
      ok: false,
      reason: "timestamp_too_new",
      message: "The x-sepay-timestamp timestamp is 300.001 s in the future, more than the 300 s allowed.",
    });
  });

  it("says what a malformed header should be", () => {
    expect(at(T * 1000, { signature: signature.slice(7) })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: 'The x-sepay-signature header is malformed: expected "sha256=" followed by 64 hex digits.',
    });
    expect(at(T * 1000, { timestamp: `${T}.5` })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: "The x-sepay-timestamp header is malformed: expected whole unix seconds (ASCII digits).",
    });
  });

  it("takes both values bare (one passed on as undefined is a missing header) or both from headers, never neither", () => {
    expect(verifySepay({ body: BODY, secret: SECRET, signature: undefined, now: T * 1000 })).toMatchObject({ ok: false, reason: "missing_header" });
    expect(verifySepay({ body: BODY, secret: SECRET, headers: { "X-SePay-Signature": signature, "X-SePay-Timestamp": String(T) }, now: T * 1000 })).toEqual({ ok: true, timestamp: T });
    expect(() => verifySepay({ body: BODY, secret: SECRET } as never)).toThrow(typeError("input must give signature, timestamp (the header values) or headers (the request headers)"));
    expect(() => verifySepay(null as never)).toThrow(typeError("verifySepay(input) expects one options object, got null"));
    expect(() => signSepay(null as never)).toThrow(typeError("signSepay(input) expects one options object, got null"));
  });

  it.each([1.5, -1, "1700000000", 2 ** 53])("signSepay refuses the timestamp %j", (timestamp) => {
    expect(() => signSepay({ body: BODY, secret: SECRET, timestamp } as never)).toThrow(typeError("timestamp must be a whole number of unix seconds >= 0"));
  });
});
