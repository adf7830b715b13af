// The MoMo and Adyen body-field schemes (src/schemes/json-fields.ts): each refusal's reason and
// exact words, and the signed strings, computed here with node:crypto, not by the code under test.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyAdyenNotification, verifyMomoIpn } from "../../src/index.js";

const momoHex = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");
const adyenB64 = (hexKey: string, text: string) => createHmac("sha256", Buffer.from(hexKey, "hex")).update(text).digest("base64");

describe("MoMo: the body's signature field and signed fields", () => {
  const accessKey = "AK";
  const secret = "SK";
  // The signed string written out by hand: accessKey first, then the twelve fields in MoMo's order, absent as "".
  const signedOf = (f: Record<string, string>) =>
    `accessKey=${accessKey}&amount=${f.amount ?? ""}&extraData=${f.extraData ?? ""}&message=${f.message ?? ""}&orderId=${f.orderId ?? ""}&orderInfo=&orderType=&partnerCode=&payType=&requestId=&responseTime=&resultCode=&transId=`;

  it("accepts a body whose signature is over the hand-written signed string", () => {
    const body = JSON.stringify({ amount: "1000", orderId: "o-1", signature: momoHex(secret, signedOf({ amount: "1000", orderId: "o-1" })) });
    expect(verifyMomoIpn({ body, secret, accessKey })).toEqual({ ok: true });
  });

  it("refuses a signature null or empty as missing, not as malformed", () => {
    for (const signature of [null, ""]) {
      expect(verifyMomoIpn({ body: JSON.stringify({ amount: "1", signature }), secret, accessKey }), String(signature)).toEqual({
        ok: false,
        reason: "missing_header",
        message: "The body's signature field is missing or empty.",
      });
    }
  });

  it("refuses a signature that is not a string (an array of 64 hex digits) or not exactly 64 hex digits as malformed", () => {
    const good = momoHex(secret, signedOf({ amount: "1" }));
    for (const signature of [[good], `${good}0`, `0${good}`, `x${good.slice(1)}`]) {
      expect(verifyMomoIpn({ body: JSON.stringify({ amount: "1", signature }), secret, accessKey }), JSON.stringify(signature)).toEqual({
        ok: false,
        reason: "malformed_header",
        message: "The body's signature field is malformed: expected 64 hex digits.",
      });
    }
  });

  it("refuses a signed field that is null, even with a signature over it read as empty, naming the field", () => {
    const signature = momoHex(secret, signedOf({ amount: "1" }));
    expect(verifyMomoIpn({ body: JSON.stringify({ amount: "1", message: null, signature }), secret, accessKey })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: "The body is malformed: the signed field message is not a string or a number.",
    });
    expect(verifyMomoIpn({ body: JSON.stringify({ amount: true, signature }), secret, accessKey })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: "The body is malformed: the signed field amount is not a string or a number.",
    });
  });

  it("refuses a body that is not strict JSON with the reader's problem and why it matters", () => {
    const result = verifyMomoIpn({ body: '{"amount":"1","amount":"2"}', secret, accessKey });
    expect(result).toMatchObject({ ok: false, reason: "malformed_header" });
    expect(result.ok === false && result.message).toMatch(/^The body is malformed: .*a duplicate key.*; the signature covers fields of strict JSON\.$/);
  });
});

describe("Adyen: each item's hmacSignature and signed fields", () => {
  const key = "00ff10";
  const body = (item: Record<string, unknown>) => JSON.stringify({ notificationItems: [{ NotificationRequestItem: item }] });

  it("reads a null field as empty: the signed string written out by hand", () => {
    const item = { pspReference: "P", originalReference: null, merchantAccountCode: "M", merchantReference: "R", amount: { value: 5, currency: null }, eventCode: "CAPTURE", success: "true" };
    const hmacSignature = adyenB64(key, "P::M:R:5::CAPTURE:true");
    expect(verifyAdyenNotification({ body: body({ ...item, additionalData: { hmacSignature } }), secret: key })).toEqual({ ok: true });
    expect(verifyAdyenNotification({ body: body({ ...item, additionalData: { hmacSignature } }), secret: "00FF10" })).toEqual({ ok: true });
  });

  it("names each signed field that is an object", () => {
    const hmacSignature = adyenB64(key, ":::::::");
    const fields: [string, Record<string, unknown>][] = [
      ["pspReference", { pspReference: {} }],
      ["originalReference", { originalReference: {} }],
      ["merchantAccountCode", { merchantAccountCode: [] }],
      ["merchantReference", { merchantReference: {} }],
      ["amount.value", { amount: { value: {} } }],
      ["amount.currency", { amount: { currency: [] } }],
      ["eventCode", { eventCode: {} }],
      ["success", { success: {} }],
    ];
    for (const [field, item] of fields) {
      expect(verifyAdyenNotification({ body: body({ ...item, additionalData: { hmacSignature } }), secret: key }), field).toEqual({
        ok: false,
        reason: "malformed_header",
        message: `The body is malformed: notificationItems[0]'s ${field} cannot be signed (an object or an array).`,
      });
    }
  });

  it("refuses an empty list of items and a missing or malformed signature in words that say where", () => {
    expect(verifyAdyenNotification({ body: '{"notificationItems":[]}', secret: key })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: "The body is malformed: notificationItems is not a non-empty array.",
    });
    expect(verifyAdyenNotification({ body: body({ pspReference: "P" }), secret: key })).toEqual({
      ok: false,
      reason: "missing_header",
      message: "The body's notificationItems[0].NotificationRequestItem.additionalData.hmacSignature is missing or empty.",
    });
    const good = adyenB64(key, "P:::::::");
    for (const hmacSignature of [[good], `x${good}`, `${good}A`]) {
      expect(verifyAdyenNotification({ body: body({ pspReference: "P", additionalData: { hmacSignature } }), secret: key }), JSON.stringify(hmacSignature)).toEqual({
        ok: false,
        reason: "malformed_header",
        message: "The body's notificationItems[0].NotificationRequestItem.additionalData.hmacSignature is malformed: expected 44 characters of padded standard base64.",
      });
    }
  });

  it("refuses an empty key given as bytes, as a programmer mistake", () => {
    expect(() => verifyAdyenNotification({ body: "{}", secret: new Uint8Array(0) })).toThrow(/\] secret must be the HMAC key in hex .* got /);
    expect(() => verifyAdyenNotification({ body: "{}", secret: [new Uint8Array([1]), new Uint8Array(0)] })).toThrow(/\] secret\[1\] must be the HMAC key/);
  });
});
