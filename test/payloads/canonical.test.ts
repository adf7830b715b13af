// The strict parsers of payOS, Casso and ZaloPay: the documented shapes, unknown fields kept,
// unconfirmed fields never failing a delivery, and a body without a single reading refused.
import { describe, expect, it } from "vitest";
import { parseCassoWebhook, parsePayosWebhook, parseZalopayCallback } from "../../src/index.js";
import { CASSO_TRANSACTION_EXAMPLE } from "../../src/providers/casso.js";
import { PAYOS_PAYMENT_EXAMPLE } from "../../src/providers/payos.js";
import { ZALOPAY_ORDER_EXAMPLE } from "../../src/providers/zalopay.js";

describe("parsePayosWebhook", () => {
  const text = JSON.stringify(PAYOS_PAYMENT_EXAMPLE);

  it("reads the docs' body from text, bytes and an ArrayBuffer, and a parsed value", () => {
    const bytes = new TextEncoder().encode(text);
    for (const input of [text, bytes, bytes.slice().buffer, JSON.parse(text) as unknown]) {
      expect(parsePayosWebhook(input)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it("keeps unknown fields and accepts null or absent optional ones", () => {
    const body = { ...PAYOS_PAYMENT_EXAMPLE, extra: [1], data: { ...PAYOS_PAYMENT_EXAMPLE.data, counterAccountName: null, virtualAccountName: undefined, more: "x" } };
    const result = parsePayosWebhook(JSON.stringify(body));
    expect(result).toMatchObject({ ok: true, value: { extra: [1], data: { counterAccountName: null, more: "x" } } });
  });

  it.each([
    ["a missing data.reference", { ...PAYOS_PAYMENT_EXAMPLE, data: { ...PAYOS_PAYMENT_EXAMPLE.data, reference: undefined } }, "data.reference"],
    ["success as a string", { ...PAYOS_PAYMENT_EXAMPLE, success: "true" }, "success"],
    ["a numeric counterAccountName", { ...PAYOS_PAYMENT_EXAMPLE, data: { ...PAYOS_PAYMENT_EXAMPLE.data, counterAccountName: 1 } }, "data.counterAccountName"],
  ])("refuses %s with its path", (_, body, path) => {
    expect(parsePayosWebhook(JSON.stringify(body))).toMatchObject({ ok: false, reason: "invalid_payload", path });
  });

  it("refuses a body without a single reading, and one that is not JSON", () => {
    expect(parsePayosWebhook(text.replace('"amount":3000', '"amount":3000.0'))).toMatchObject({ ok: false, reason: "invalid_payload", message: expect.stringMatching(/no single JSON reading/) });
    expect(parsePayosWebhook("{")).toMatchObject({ ok: false, reason: "invalid_json", message: expect.stringMatching(/^The body is not valid JSON: /) });
  });

  it("never throws on a value whose getter throws", () => {
    const hostile = Object.defineProperty({}, "code", { get: () => { throw new Error("x"); }, enumerable: true });
    expect(parsePayosWebhook(hostile)).toMatchObject({ ok: false, reason: "invalid_payload" });
  });
});

describe("parseCassoWebhook", () => {
  it("reads any object: every field is unconfirmed and typed unknown", () => {
    expect(parseCassoWebhook(JSON.stringify(CASSO_TRANSACTION_EXAMPLE))).toEqual({ ok: true, value: CASSO_TRANSACTION_EXAMPLE });
    expect(parseCassoWebhook('{"error":"x","data":[1]}')).toEqual({ ok: true, value: { error: "x", data: [1] } });
    expect(parseCassoWebhook("[]")).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(parseCassoWebhook('{"data":{"id":1,"id":2}}')).toMatchObject({ ok: false, reason: "invalid_payload" });
  });
});

describe("parseZalopayCallback", () => {
  const text = JSON.stringify(ZALOPAY_ORDER_EXAMPLE);

  it("hands over data read from the exact text, the text beside it, and the envelope's other fields", () => {
    const result = parseZalopayCallback(`${text.slice(0, -1)},"extra":true}`);
    expect(result).toEqual({
      ok: true,
      value: { data: JSON.parse(ZALOPAY_ORDER_EXAMPLE.data), dataText: ZALOPAY_ORDER_EXAMPLE.data, mac: ZALOPAY_ORDER_EXAMPLE.mac, type: 1, extra: true },
    });
    expect(parseZalopayCallback(new TextEncoder().encode(text))).toMatchObject({ ok: true });
    expect(parseZalopayCallback(JSON.parse(text))).toMatchObject({ ok: true });
  });

  it.each([
    ["data that is not a string", { ...ZALOPAY_ORDER_EXAMPLE, data: {} }, /data must be a string/],
    ["data that is not JSON", { ...ZALOPAY_ORDER_EXAMPLE, data: "{" }, /The callback's data field: The body is not valid JSON/],
    ["data with a duplicate key", { ...ZALOPAY_ORDER_EXAMPLE, data: '{"app_trans_id":"a","zp_trans_id":1,"zp_trans_id":2}' }, /duplicate key/],
    ["data without zp_trans_id", { ...ZALOPAY_ORDER_EXAMPLE, data: '{"app_trans_id":"a"}' }, /^In data: zp_trans_id is missing/],
    ["a body that is not an object", [], /The payload must be an object/],
  ])("refuses %s", (_, body, message) => {
    const result = parseZalopayCallback(JSON.stringify(body));
    expect(result).toMatchObject({ ok: false, reason: "invalid_payload", message: expect.stringMatching(message) });
  });

  it("names the path inside data", () => {
    expect(parseZalopayCallback(JSON.stringify({ ...ZALOPAY_ORDER_EXAMPLE, data: '{"app_trans_id":1,"zp_trans_id":1}' }))).toMatchObject({ path: "data.app_trans_id" });
    expect(parseZalopayCallback(JSON.stringify({ ...ZALOPAY_ORDER_EXAMPLE, data: "[]" }))).toMatchObject({ ok: false, message: expect.stringMatching(/^In data: /) });
  });
});

describe("parseZalopayCallback, other inputs", () => {
  it("reads an ArrayBuffer, and refuses a parsed value that is not an object", () => {
    expect(parseZalopayCallback(new TextEncoder().encode(JSON.stringify(ZALOPAY_ORDER_EXAMPLE)).buffer)).toMatchObject({ ok: true });
    expect(parseZalopayCallback(42)).toMatchObject({ ok: false, reason: "invalid_payload", message: "The payload must be an object, got a number." });
  });
});
