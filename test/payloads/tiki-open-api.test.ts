import { describe, expect, it } from "vitest";
import { parseTikiProductRequestEvent } from "../../src/payloads/tiki-open-api.js";
import { outcome } from "../helpers/outcome.js";
import { TIKI_REJECTED_VALUE } from "../helpers/documented.js";

// The body of "3. Handle events" in the webhook guide, as printed.
const REJECTED = `{
    "id": "123e4567-e89b-12d3-a456-426655440000",
    "event": "product:request:rejected",
    "payload": {
        "event": "product:request:rejected",
        "event_time": "2020-02-02 12:00:00",
        "request_id": "1154523837593192401",
        "state": "rejected",
        "product_id": "2162835",
        "product_sku": "7062617941818",
        "list_reasons": [
        {
            "reason_data": null,
            "reject_description": "The very detailed reason why your product is rejected",
            "reason_id": 9,
            "reason_name": "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình" 
        }
        ],
        "reason": null
    }
}`;


function rejectedWith(change: (event: typeof TIKI_REJECTED_VALUE) => void): unknown {
  const event = structuredClone(TIKI_REJECTED_VALUE);
  change(event);
  return event;
}

describe("parseTikiProductRequestEvent", () => {
  it("parses the guide's rejected event into the typed object, nulls and Vietnamese text included", () => {
    expect(parseTikiProductRequestEvent(REJECTED)).toEqual({ ok: true, value: TIKI_REJECTED_VALUE });
  });

  it("decodes the Vietnamese reason_name from UTF-8 bytes", () => {
    const result = parseTikiProductRequestEvent(Buffer.from(REJECTED, "utf8"));
    expect(result.ok && result.value.event === "product:request:rejected" && result.value.payload.list_reasons?.[0]?.reason_name).toBe(
      "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình",
    );
  });

  it("keeps event_time as the zone-less string on the wire", () => {
    const result = parseTikiProductRequestEvent(REJECTED);
    expect(result.ok && result.value.payload.event_time).toBe("2020-02-02 12:00:00");
  });

  it("accepts an empty payload {} for every event (\"payload could be empty\")", () => {
    for (const event of ["product:request:approved", "product:request:rejected", "product:request:locked"]) {
      const body = JSON.stringify({ id: "e1", event, payload: {} });
      expect(parseTikiProductRequestEvent(body)).toEqual({ ok: true, value: { id: "e1", event, payload: {} } });
    }
  });

  it("accepts an approved or locked payload without list_reasons and reason", () => {
    for (const event of ["product:request:approved", "product:request:locked"]) {
      const value = rejectedWith((e) => {
        (e as { event: string }).event = event;
        e.payload.event = event;
        e.payload.state = event.split(":")[2]!;
        delete (e.payload as Partial<typeof e.payload>).list_reasons;
        delete (e.payload as Partial<typeof e.payload>).reason;
      });
      expect(parseTikiProductRequestEvent(value)).toEqual({ ok: true, value });
    }
  });

  it("accepts reason_data that is not null, and a reason that is a string", () => {
    const value = rejectedWith((e) => {
      (e.payload.list_reasons[0] as { reason_data: unknown }).reason_data = { field: "image" };
      (e.payload as { reason: unknown }).reason = "Ảnh mờ";
    });
    expect(parseTikiProductRequestEvent(value).ok).toBe(true);
  });

  it("parses an event name the guide does not document, its payload unchecked (a new event is never refused)", () => {
    const value = rejectedWith((e) => {
      (e as { event: string }).event = "product:request:deleted";
    });
    expect(parseTikiProductRequestEvent(value)).toEqual({ ok: true, value });
  });

  it("names the exact path of a missing or mistyped field, down into list_reasons", () => {
    const cases: Array<[(e: typeof TIKI_REJECTED_VALUE) => void, string]> = [
      [(e) => void ((e.payload.list_reasons[0] as { reason_id: unknown }).reason_id = "9"), "payload.list_reasons[0].reason_id"],
      [(e) => void delete (e.payload.list_reasons[0] as { reason_data?: unknown }).reason_data, "payload.list_reasons[0].reason_data"],
      [(e) => void e.payload.list_reasons.push({ ...e.payload.list_reasons[0]!, reason_name: 1 as never }), "payload.list_reasons[1].reason_name"],
      [(e) => void delete (e.payload as Partial<typeof e.payload>).list_reasons, "payload.list_reasons"],
      [(e) => void ((e.payload as { reason: unknown }).reason = 0), "payload.reason"],
      [(e) => void ((e.payload as { product_id: unknown }).product_id = 2162835), "payload.product_id"],
      [(e) => void ((e.payload as { request_id: unknown }).request_id = 1154523837593192401), "payload.request_id"],
      [(e) => void delete (e.payload as Partial<typeof e.payload>).event_time, "payload.event_time"],
      [(e) => void ((e as { payload: unknown }).payload = null), "payload"],
      [(e) => void delete (e as Partial<typeof e>).payload, "payload"],
      [(e) => void ((e as { id: unknown }).id = 123), "id"],
    ];
    for (const [change, path] of cases) {
      expect(outcome(parseTikiProductRequestEvent(rejectedWith(change)))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });

  it("says what was expected and what kind of value was found, never the value", () => {
    const cases: Array<[(e: typeof TIKI_REJECTED_VALUE) => void, string, string]> = [
      [(e) => void ((e as { payload: unknown }).payload = null), "payload", "payload must be an object, got null."],
      [(e) => void ((e as { payload: unknown }).payload = []), "payload", "payload must be an object, got an array."],
      [(e) => void ((e as { payload: unknown }).payload = "CANARY"), "payload", "payload must be an object, got a string."],
      [(e) => void delete (e as Partial<typeof e>).payload, "payload", "payload is missing: expected an object."],
      [(e) => void delete (e.payload.list_reasons[0] as { reason_data?: unknown }).reason_data, "payload.list_reasons[0].reason_data", "payload.list_reasons[0].reason_data is missing: expected a value (null is one)."],
      [(e) => void ((e.payload as { list_reasons: unknown }).list_reasons = { reason_id: 9 }), "payload.list_reasons", "payload.list_reasons must be an array, got an object."],
      [(e) => void ((e.payload.list_reasons as unknown[])[0] = "CANARY"), "payload.list_reasons[0]", "payload.list_reasons[0] must be an object, got a string."],
      [(e) => void ((e.payload as { reason: unknown }).reason = 0), "payload.reason", "payload.reason must be a string, got a number."],
      [(e) => void ((e.payload as { event: unknown }).event = "CANARY"), "payload.event", 'payload.event must be one of "product:request:approved", "product:request:rejected", "product:request:locked", got a string.'],
      [(e) => void delete (e as Partial<typeof e>).event, "event", "event is missing: expected a string."],
      [(e) => void ((e as { event: unknown }).event = 7), "event", "event must be a string, got a number."],
      [(e) => void ((e as { id: unknown }).id = 123), "id", "id must be a string, got a number."],
    ];
    for (const [change, path, message] of cases) {
      expect(parseTikiProductRequestEvent(rejectedWith(change)), path).toStrictEqual({ ok: false, reason: "invalid_payload", path, message });
    }
  });

  it("checks a rejected payload with any key as a full payload, not an empty one", () => {
    const body = '{"id":"e1","event":"product:request:rejected","payload":{"event":"product:request:rejected"}}';
    expect(outcome(parseTikiProductRequestEvent(body))).toEqual({ ok: false, reason: "invalid_payload", path: "payload.event_time" });
  });

  it("reads only own fields: a payload whose fields are all inherited counts as empty", () => {
    const inherited = Object.create({ event: "product:request:approved", event_time: 1 }) as object;
    const value = { id: "e1", event: "product:request:approved", payload: inherited };
    expect(parseTikiProductRequestEvent(value)).toEqual({ ok: true, value });
  });

  it("keeps unknown fields", () => {
    const value = rejectedWith((e) => Object.assign(e.payload, { seller_id: 42 }));
    const result = parseTikiProductRequestEvent(JSON.stringify(value));
    expect(result).toMatchObject({ ok: true, value: { payload: { seller_id: 42 } } });
  });
});
