// What the vector files do not show of the VNPay, MoMo and Adyen schemes, their strict JSON
// reader, parsers and declarations: programmer mistakes (TypeErrors naming the argument),
// hostile JSON, and the edges of their keys and answers.
import { describe, expect, it } from "vitest";
import { readStrictJson } from "../../src/lib/strict-json.js";
import { parseAdyenNotification, parseMomoIpn, parseVnpayIpn, signAdyenItem, signMomoIpn, signVnpayIpn, verifyAdyenNotification, verifyMomoIpn, verifyVnpayIpn } from "../../src/index.js";
import { adyen } from "../../src/providers/adyen.js";
import { momo } from "../../src/providers/momo.js";
import { nodeSigners, nodeVerifiers } from "../../src/providers/node.js";
import { vnpay } from "../../src/providers/vnpay.js";
import * as web from "../../src/web/index.js";

describe("the strict JSON reader", () => {
  it("reads RFC 8259 JSON: objects, arrays, strings with escapes, words, numbers that read back as themselves, a leading BOM", () => {
    expect(readStrictJson('\uFEFF { "a" : [ 1 , -2.5 , "x\\u00e9\\n" , true , false , null , [ ] , { } ] } ')).toEqual({ ok: true, value: { a: [1, -2.5, "xé\n", true, false, null, [], {}] } });
    expect(readStrictJson("9007199254740991")).toEqual({ ok: true, value: 9007199254740991 });
  });

  it("refuses a key twice, __proto__, numbers that do not read back (1.0, 1e2, -0, 2^54), text after the value, deep nesting, and what is not JSON, quoting nothing", () => {
    const refused: [string, RegExp, string][] = [
      // One reader (src/lib/strict-json.ts) for every strict scheme: its own words for each refusal.
      ['{"a":1,"a":1}', /a duplicate key/, "invalid_payload"],
      ['{"__proto__":{}}', /__proto__/, "invalid_payload"],
      ["1.0", /not written as it prints/, "invalid_payload"],
      ["1e2", /not written as it prints/, "invalid_payload"],
      ["-0", /not written as it prints/, "invalid_payload"],
      ["18014398509481984", /an integer past 2\^53/, "invalid_payload"],
      ["{} x", /text after/, "invalid_json"],
      ["[".repeat(65) + "]".repeat(65), /nesting deeper than 64/, "invalid_payload"],
      ["{'a':1}", /expected a key/, "invalid_json"],
      ['{"a" 1}', /expected a colon/, "invalid_json"],
      ["[1,]", /not a JSON value/, "invalid_json"],
      ["tru", /not a JSON value/, "invalid_json"],
      ["", /the JSON ends early/, "invalid_json"],
    ];
    for (const [text, problem, reason] of refused) {
      const result = readStrictJson(text);
      expect(result, text).toEqual({ ok: false, reason, problem: expect.stringMatching(problem) });
    }
  });
});

describe("the parsers", () => {
  it("refuse what the schemes refuse, never throwing", () => {
    expect(parseMomoIpn("{")).toMatchObject({ ok: false, reason: "invalid_json" });
    expect(parseMomoIpn('"a string"')).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(parseMomoIpn('{"orderId":"o-1","partnerUserId":"u"}')).toEqual({ ok: true, value: { orderId: "o-1" } });
    expect(parseMomoIpn('{"amount":"1000"}')).toMatchObject({ ok: false, reason: "invalid_payload", path: "amount" });
    expect(parseAdyenNotification('{"notificationItems":[{}]}')).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(parseVnpayIpn("vnp_Amount=1")).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(parseVnpayIpn(42 as never)).toMatchObject({ ok: false, reason: "invalid_payload" });
  });
});

describe("programmer mistakes: a TypeError naming the argument", () => {
  it("VNPay: query not a string; params empty, not an object, a key not vnp_ or the signature's, a value not a string or number", () => {
    expect(() => verifyVnpayIpn({ query: { vnp_Amount: "1" } as never, secret: "s" })).toThrow(/\] query must be the IPN's query string/);
    expect(() => web.verifyVnpayIpn({ query: undefined as never, secret: "s" })).toThrow(/\] query must/);
    expect(() => signVnpayIpn({ params: {}, secret: "s" })).toThrow(/\] params must not be empty/);
    expect(() => signVnpayIpn({ params: [] as never, secret: "s" })).toThrow(/\] params must be an object of vnp_ parameters, got an array/);
    expect(() => signVnpayIpn({ params: { amount: "1" }, secret: "s" })).toThrow(/got a key that is not one/);
    expect(() => signVnpayIpn({ params: { vnp_SecureHash: "1" }, secret: "s" })).toThrow(/got a key vnp_SecureHash/);
    expect(() => signVnpayIpn({ params: { vnp_Amount: null } as never, secret: "s" })).toThrow(/\] params.vnp_Amount must be a string or a finite number, got null/);
    expect(() => signVnpayIpn({ params: { "vnp_A b": Number.NaN }, secret: "s" })).toThrow(/\] params.\? must be/);
    expect(() => signVnpayIpn({ params: { vnp_Amount: 1 }, secret: "" })).toThrow(/secret must not be empty/);
  });

  it("MoMo: accessKey missing or empty, payload not an object, a signed field of another type", () => {
    expect(() => verifyMomoIpn({ body: "{}", secret: "s" } as never)).toThrow(/\] accessKey must be the partner's access key/);
    expect(() => signMomoIpn({ payload: {}, secret: "s", accessKey: "" })).toThrow(/\] accessKey/);
    expect(() => signMomoIpn({ payload: null as never, secret: "s", accessKey: "a" })).toThrow(/\] payload must be the IPN's fields as an object, got null/);
    expect(() => signMomoIpn({ payload: { amount: true }, secret: "s", accessKey: "a" })).toThrow(/\] payload.amount must be a string or a finite number/);
    expect(() => web.signMomoIpn({ payload: {}, secret: "", accessKey: "a" })).toThrow(/secret must not be empty/);
  });

  it("Adyen: a key that is not hex, an empty list, a list to sign with, an item not an object or with an object field", () => {
    expect(() => verifyAdyenNotification({ body: "{}", secret: "abc" })).toThrow(/\] secret must be the HMAC key in hex .* got a string that is not an even number of hex digits/);
    expect(() => verifyAdyenNotification({ body: "{}", secret: [] })).toThrow(/\] secret must not be an empty list/);
    expect(() => verifyAdyenNotification({ body: "{}", secret: ["00", 7 as never] })).toThrow(/\] secret\[1\] must be the HMAC key in hex .* got a number/);
    expect(() => signAdyenItem({ item: {}, secret: ["00"] as never })).toThrow(/\] secret must be the HMAC key/);
    expect(() => signAdyenItem({ item: [] as never, secret: "00" })).toThrow(/\] item must be a NotificationRequestItem object, got an array/);
    expect(() => web.signAdyenItem({ item: { eventCode: {} }, secret: "00" })).toThrow(/\] item.eventCode must be a string, a number, a boolean or absent/);
    expect(() => signAdyenItem({ item: { amount: 5 }, secret: "00" })).toThrow(/\] item.amount must be/);
  });
});

describe("edges the vectors do not show", () => {
  it("VNPay: a fragment is dropped; a name with no value is an empty one (signed under the reading that skips it, never handed over); a rotation list reports the first secret", () => {
    const query = signVnpayIpn({ params: { vnp_Amount: "1" }, secret: "k" });
    expect(verifyVnpayIpn({ query: `${query}#fragment`, secret: ["k", "k"] })).toEqual({ ok: true, secretIndex: 0 });
    expect(verifyVnpayIpn({ query: "vnp_Flag&" + query, secret: "k" })).toEqual({ ok: true });
    expect(parseVnpayIpn("vnp_Flag&" + query)).toEqual({ ok: true, value: { vnp_Amount: "1" } });
    expect(verifyVnpayIpn({ query: "%E0%A4%A&" + query, secret: "k" })).toMatchObject({ ok: false, reason: "malformed_header", message: expect.stringMatching(/percent-encoded UTF-8/) });
    expect(verifyVnpayIpn({ query: "vnp_%20x=1&vnp_%20x=2&" + query, secret: "k" })).toMatchObject({ ok: false, message: expect.stringMatching(/a vnp_ parameter is given twice/) });
  });

  it("Adyen: an amount that is not an object, an item without its wrapper, a signature that is not a string, and amount null reading as empty", async () => {
    const key = "00ff";
    const item = { pspReference: "P", eventCode: "CAPTURE", amount: null, success: true };
    const hmacSignature = signAdyenItem({ item, secret: key });
    const body = (i: unknown) => JSON.stringify({ notificationItems: [i] });
    expect(verifyAdyenNotification({ body: body({ NotificationRequestItem: { ...item, additionalData: { hmacSignature } } }), secret: key })).toEqual({ ok: true });
    expect(await web.verifyAdyenNotification({ body: body({ NotificationRequestItem: { ...item, additionalData: { hmacSignature } } }), secret: [key] })).toEqual({ ok: true, secretIndex: 0 });
    expect(verifyAdyenNotification({ body: body({ NotificationRequestItem: { ...item, amount: 5, additionalData: { hmacSignature } } }), secret: key })).toMatchObject({ reason: "malformed_header", message: expect.stringMatching(/amount cannot be signed/) });
    expect(verifyAdyenNotification({ body: body("x"), secret: key })).toMatchObject({ reason: "malformed_header", message: expect.stringMatching(/holds no NotificationRequestItem/) });
    expect(verifyAdyenNotification({ body: body({ NotificationRequestItem: { additionalData: { hmacSignature: 7 } } }), secret: key })).toMatchObject({ reason: "malformed_header" });
    expect(verifyAdyenNotification({ body: body({ NotificationRequestItem: { pspReference: "P" } }), secret: key })).toMatchObject({ reason: "missing_header" });
    for (const hmacSignature of [null, ""]) {
      expect(verifyAdyenNotification({ body: body({ NotificationRequestItem: { additionalData: { hmacSignature } } }), secret: key })).toMatchObject({ reason: "missing_header" });
    }
    expect(verifyAdyenNotification({ body: "[]", secret: key })).toMatchObject({ reason: "malformed_header", message: expect.stringMatching(/not a JSON object/) });
  });
});

describe("the declarations", () => {
  const request = (url: string) => ({ method: "GET", url });

  it("VNPay keys an IPN without vnp_TxnRef by its signed parameters, names its signature's place, and signs nothing from a body that is not JSON", () => {
    const steps = vnpay.steps({ secret: "k" }, nodeVerifiers);
    const parsed = steps.parse(new Uint8Array(0), {}, request(`/ipn?${signVnpayIpn({ params: { vnp_Amount: "1", vnp_Note: "a b" }, secret: "k" })}`));
    expect(parsed.ok && steps.id(parsed.value, {}, {})).toBe("vnp_Amount=1&vnp_Note=a+b");
    expect(steps.parse(new Uint8Array(0), {}, request("/ipn?vnp_Amount=1"))).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(vnpay.signatureHeader({})).toBe("vnp_SecureHash (query)");
    expect(vnpay.sign(nodeSigners, "", "k", { nowMs: 0, randomId: () => "x" })).toEqual([]);
    expect(() => vnpay.signDelivery!(nodeSigners, "{", "k", { nowMs: 0, randomId: () => "x" })).toThrow(/\] params must be an object/);
    expect(vnpay.refusal!(503, "store_unavailable", "")).toMatchObject({ status: 503, body: '{"RspCode":"99","Message":"Unknown error"}' });
    expect(vnpay.refusal!(405, "method_not_allowed", "")).toBeUndefined();
  });

  it("MoMo keys an IPN without orderId by its body, refuses a body that is not JSON to sign, and reads --access-key", () => {
    const steps = momo.steps({ secret: "k", accessKey: "a" }, nodeVerifiers);
    expect(steps.id({ event: "ipn", payload: { transId: 1 } }, {}, {})).toBeUndefined();
    expect(momo.signatureHeader({})).toBe("signature (body field)");
    expect(momo.sign(nodeSigners, "", "k", { nowMs: 0, randomId: () => "x" })).toEqual([["Content-Type", "application/json"]]);
    expect(() => momo.signDelivery!(nodeSigners, "{", "k", { nowMs: 0, randomId: () => "x", accessKey: "a" })).toThrow(/\] body must be a JSON object for MoMo/);
    expect(momo.cliSettings!({ "access-key": "a" }, 0)).toEqual({ accessKey: "a" });
    expect(momo.cliReceiverOptions!({ "access-key": "a" }, ["k"])).toEqual({ accessKey: "a" });
  });

  it("Adyen names a batch of several eventCodes BATCH, keys it by every item, and refuses a body that is not a notification to sign", () => {
    const steps = adyen.steps({ secret: "00" }, nodeVerifiers);
    const items = [
      { NotificationRequestItem: { eventCode: "CAPTURE", pspReference: "A" } },
      { NotificationRequestItem: { eventCode: "REFUND", pspReference: "B" } },
    ];
    const parsed = steps.parse(new TextEncoder().encode(JSON.stringify({ notificationItems: items })), {}, request("/"));
    expect(parsed.ok && parsed.value.event).toBe("BATCH");
    expect(parsed.ok && steps.id(parsed.value, {}, {})).toBe("A:CAPTURE,B:REFUND");
    expect(adyen.signatureHeader({})).toBe("additionalData.hmacSignature (body field)");
    expect(adyen.sign(nodeSigners, "", "00", { nowMs: 0, randomId: () => "x" })).toEqual([["Content-Type", "application/json"]]);
    expect(() => adyen.signDelivery!(nodeSigners, "{}", "00", { nowMs: 0, randomId: () => "x" })).toThrow(/\] body must be an Adyen notification/);
    expect(() => adyen.checkOptions({ secret: "xyz" })).toThrow(TypeError);
    expect(() => adyen.checkOptions({ secret: () => "xyz" })).not.toThrow();
  });
});
