import { describe, expect, it } from "vitest";
import { parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "../../src/payloads/tikinow.js";
import { TIKI_STOCK_SAMPLE_VALUE } from "../helpers/documented.js";
import { outcome } from "../helpers/outcome.js";

// The payload sample of "Webhook Sync Stock", as printed on the page.
const STOCK_SAMPLE = `{
  "data": {
    "date": "2022-11-24T11:12:20+07:00",
    "sku": "7445601428884",
    "warehouse": "sgn3",
    "qty_salable": 147,
    "seller_product_code": "9772945762401",
    "partner_id": "4312132323"
  }
}`;

// The body of the page's curl example, byte for byte (note the space after "partner_id":).
const STOCK_CURL =
  '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}';

// The three samples of "Webhook Sync Status".
const ORDER_CANCELED = `{
 "data": {
  "date": "2022-10-26T14:22:46+07:00",
  "ref_code": "EXT123123",
  "order_code": "347171821",
  "main_state": "canceled",
  "extra_info": {
   "cancel_reason_code": "202",
   "cancel_reason": "Đặt trùng"
  }
 }
}`;
const ORDER_DELIVERY_FAILED = `{
 "data": {
  "date": "2022-10-26T14:22:46+07:00",
  "ref_code": "EXT123123",
  "order_code": "347171821",
  "main_state": "shipping",
  "main_substate": "delivery_failed_1",
  "reason": "Khách hàng hẹn giao lại",
  "reason_code": "receiver_reschedule"
 }
}`;
const ORDER_PROCESSING = `{
 "data": {
  "date": "2022-10-26T14:22:05+07:00",
  "ref_code": "TR22",
  "order_code": "347171821",
  "main_state": "processing",
  "main_substate": "ready_for_pickup"
 }
}`;

// The body of the curl example of "Webhook FD/CR".
const AFTERSALE_CURL =
  '{"data":{"date":"2022-10-26T14:22:46+07:00","ref_code":"CR22509365559","order_code":"347171821","status":"canceled","type":"cr"}}';

describe("parseTikiStockSync", () => {
  it("parses the docs' payload sample into the typed object", () => {
    expect(parseTikiStockSync(STOCK_SAMPLE)).toEqual({ ok: true, value: TIKI_STOCK_SAMPLE_VALUE });
  });

  it("parses the docs' curl body, and keeps the date as the string on the wire", () => {
    const result = parseTikiStockSync(STOCK_CURL);
    expect(result).toEqual({
      ok: true,
      value: {
        data: {
          date: "2023-05-15T15:36:37+07:00",
          sku: "1377286379376",
          warehouse: "sgn",
          qty_salable: 60,
          seller_product_code: "HOB-8735",
          partner_id: "4312132323",
        },
      },
    });
    expect(result.ok && typeof result.value.data.date).toBe("string");
  });

  it("accepts a body without partner_id, as in the older version of the page", () => {
    const result = parseTikiStockSync('{"data":{"date":"2022-11-24T11:12:20+07:00","sku":"1","warehouse":"sgn","qty_salable":0,"seller_product_code":"X"}}');
    expect(result.ok).toBe(true);
    expect(result.ok && "partner_id" in result.value.data).toBe(false);
  });

  it("reads the same body from a string, a Buffer, a Uint8Array view at an offset, an ArrayBuffer, or an already-parsed object", () => {
    const bytes = Buffer.from(STOCK_CURL, "utf8");
    const padded = new Uint8Array(bytes.length + 8).fill(0x7b);
    padded.set(bytes, 5);
    const view = padded.subarray(5, 5 + bytes.length);
    const buffer = new Uint8Array(bytes).buffer;
    const expected = parseTikiStockSync(STOCK_CURL);
    for (const input of [bytes, view, buffer, JSON.parse(STOCK_CURL) as unknown]) {
      expect(parseTikiStockSync(input)).toEqual(expected);
    }
  });

  it("keeps unknown fields, at the top and inside data", () => {
    const result = parseTikiStockSync('{"data":{"date":"d","sku":"s","warehouse":"w","qty_salable":1,"seller_product_code":"c","batch":"B1"},"trace":7}');
    expect(result).toMatchObject({ ok: true, value: { data: { batch: "B1" }, trace: 7 } });
  });

  it("names the path of a missing or mistyped field", () => {
    const cases: Array<[string, string, string]> = [
      ['{"data":{"date":"d","sku":"s","warehouse":"w","seller_product_code":"c"}}', "data.qty_salable", "data.qty_salable is missing: expected a number."],
      ['{"data":{"date":"d","sku":"s","warehouse":"w","qty_salable":"60","seller_product_code":"c"}}', "data.qty_salable", "data.qty_salable must be a number, got a string."],
      ['{"data":{"date":"d","sku":"s","warehouse":"w","qty_salable":60,"seller_product_code":"c","partner_id":4312132323}}', "data.partner_id", "data.partner_id must be a string, got a number."],
      ['{"data":{"date":1,"sku":"s","warehouse":"w","qty_salable":60,"seller_product_code":"c"}}', "data.date", "data.date must be a string, got a number."],
      ['{"data":null}', "data", "data must be an object, got null."],
      ['{"data":[]}', "data", "data must be an object, got an array."],
      ["{}", "data", "data is missing: expected an object."],
    ];
    for (const [body, path, message] of cases) {
      expect(parseTikiStockSync(body)).toEqual({ ok: false, reason: "invalid_payload", path, message });
    }
  });

  it("takes only a finite number primitive as a number: not a numeric string, a boolean, a bigint or a Number object", () => {
    const cases: Array<[unknown, string]> = [
      ["60", "a string"],
      [true, "a boolean"],
      [60n, "a bigint"],
      [Object(60), "an object"],
      [[60], "an array"],
      [null, "null"],
    ];
    for (const [qty, kind] of cases) {
      const value = { data: { date: "d", sku: "s", warehouse: "w", qty_salable: qty, seller_product_code: "c" } };
      expect(parseTikiStockSync(value), kind).toStrictEqual({
        ok: false,
        reason: "invalid_payload",
        path: "data.qty_salable",
        message: `data.qty_salable must be a number, got ${kind}.`,
      });
    }
  });

  it("reports a top-level value that is not an object without a path", () => {
    expect(parseTikiStockSync("[]")).toEqual({ ok: false, reason: "invalid_payload", message: "The payload must be an object, got an array." });
    expect(parseTikiStockSync(null)).toEqual({ ok: false, reason: "invalid_payload", message: "The payload must be an object, got null." });
  });

  it("reports a body that is not JSON as invalid_json, without quoting it", () => {
    const result = parseTikiStockSync('{"data":{"sku": 7445601428884-secret-sku}}');
    expect(result).toEqual({ ok: false, reason: "invalid_json", message: "The body is not valid JSON." });
  });
});

describe("parseTikiOrderStatus", () => {
  it("parses the docs' canceled sample, with its extra_info", () => {
    expect(parseTikiOrderStatus(ORDER_CANCELED)).toEqual({
      ok: true,
      value: {
        data: {
          date: "2022-10-26T14:22:46+07:00",
          ref_code: "EXT123123",
          order_code: "347171821",
          main_state: "canceled",
          extra_info: { cancel_reason_code: "202", cancel_reason: "Đặt trùng" },
        },
      },
    });
  });

  it("parses the docs' failed-delivery sample, with its reason and reason_code", () => {
    expect(parseTikiOrderStatus(ORDER_DELIVERY_FAILED)).toEqual({
      ok: true,
      value: {
        data: {
          date: "2022-10-26T14:22:46+07:00",
          ref_code: "EXT123123",
          order_code: "347171821",
          main_state: "shipping",
          main_substate: "delivery_failed_1",
          reason: "Khách hàng hẹn giao lại",
          reason_code: "receiver_reschedule",
        },
      },
    });
  });

  it("parses the docs' other-status sample, with neither reason nor extra_info", () => {
    expect(parseTikiOrderStatus(ORDER_PROCESSING)).toEqual({
      ok: true,
      value: {
        data: {
          date: "2022-10-26T14:22:05+07:00",
          ref_code: "TR22",
          order_code: "347171821",
          main_state: "processing",
          main_substate: "ready_for_pickup",
        },
      },
    });
  });

  it("decodes a Vietnamese body given as UTF-8 bytes", () => {
    const result = parseTikiOrderStatus(new Uint8Array(Buffer.from(ORDER_CANCELED, "utf8")));
    expect(result.ok && result.value.data.extra_info?.cancel_reason).toBe("Đặt trùng");
  });

  it("accepts states, substates and reason codes the docs do not list (the lists are open)", () => {
    const body = '{"data":{"date":"d","ref_code":"r","order_code":"o","main_state":"returned","main_substate":"return_failed","reason_code":"box_damaged"}}';
    expect(parseTikiOrderStatus(body).ok).toBe(true);
  });

  it("names the path of a missing or mistyped field, down into extra_info", () => {
    const cases: Array<[string, string]> = [
      ['{"data":{"date":"d","ref_code":"r","order_code":"o"}}', "data.main_state"],
      ['{"data":{"date":"d","ref_code":"r","main_state":"canceled"}}', "data.order_code"],
      ['{"data":{"date":"d","ref_code":"r","order_code":347171821,"main_state":"canceled"}}', "data.order_code"],
      ['{"data":{"date":"d","ref_code":"r","order_code":"o","main_state":"shipping","reason":null}}', "data.reason"],
      ['{"data":{"date":"d","ref_code":"r","order_code":"o","main_state":"canceled","extra_info":"202"}}', "data.extra_info"],
      ['{"data":{"date":"d","ref_code":"r","order_code":"o","main_state":"canceled","extra_info":{"cancel_reason_code":"202"}}}', "data.extra_info.cancel_reason"],
      ['{"data":{"date":"d","ref_code":"r","order_code":"o","main_state":"canceled","extra_info":{"cancel_reason_code":202,"cancel_reason":"x"}}}', "data.extra_info.cancel_reason_code"],
    ];
    for (const [body, path] of cases) {
      expect(outcome(parseTikiOrderStatus(body))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });
});

describe("parseTikiAftersale", () => {
  it("parses the docs' FD/CR curl body", () => {
    expect(parseTikiAftersale(AFTERSALE_CURL)).toEqual({
      ok: true,
      value: { data: { date: "2022-10-26T14:22:46+07:00", ref_code: "CR22509365559", order_code: "347171821", status: "canceled", type: "cr" } },
    });
  });

  it("accepts type fd as well as cr", () => {
    expect(parseTikiAftersale(AFTERSALE_CURL.replace('"cr"', '"fd"')).ok).toBe(true);
  });

  it("refuses a type other than fd or cr, naming data.type", () => {
    expect(parseTikiAftersale(AFTERSALE_CURL.replace('"cr"', '"CR"'))).toEqual({
      ok: false,
      reason: "invalid_payload",
      path: "data.type",
      message: 'data.type must be one of "fd", "cr", got a string.',
    });
  });

  it("says which values type may hold when it holds another, or none", () => {
    const cases: Array<[string, string]> = [
      ['"xx"', 'data.type must be one of "fd", "cr", got a string.'],
      ['""', 'data.type must be one of "fd", "cr", got a string.'],
      ['"fdcr"', 'data.type must be one of "fd", "cr", got a string.'],
      ["1", 'data.type must be one of "fd", "cr", got a number.'],
      ['["fd"]', 'data.type must be one of "fd", "cr", got an array.'],
      ["null", 'data.type must be one of "fd", "cr", got null.'],
    ];
    for (const [type, message] of cases) {
      expect(parseTikiAftersale(AFTERSALE_CURL.replace('"cr"', type)), type).toStrictEqual({ ok: false, reason: "invalid_payload", path: "data.type", message });
    }
    expect(parseTikiAftersale('{"data":{"date":"d","ref_code":"r","order_code":"o","status":"s"}}')).toStrictEqual({
      ok: false,
      reason: "invalid_payload",
      path: "data.type",
      message: 'data.type is missing: expected one of "fd", "cr".',
    });
  });

  it("takes only the string primitives fd and cr as type: not a String object nor an array holding one", () => {
    for (const [type, kind] of [[Object("cr"), "an object"], [["cr"], "an array"], [Object("fd"), "an object"]] as const) {
      const value = { data: { date: "d", ref_code: "r", order_code: "o", status: "s", type } };
      expect(parseTikiAftersale(value), kind).toStrictEqual({
        ok: false,
        reason: "invalid_payload",
        path: "data.type",
        message: `data.type must be one of "fd", "cr", got ${kind}.`,
      });
    }
  });

  it("names the path of a missing status", () => {
    expect(outcome(parseTikiAftersale('{"data":{"date":"d","ref_code":"r","order_code":"o","type":"fd"}}'))).toEqual({
      ok: false,
      reason: "invalid_payload",
      path: "data.status",
    });
  });

  it("is not fooled by a stock body sent to the aftersale URL", () => {
    expect(outcome(parseTikiAftersale(STOCK_CURL))).toEqual({ ok: false, reason: "invalid_payload", path: "data.ref_code" });
  });
});
