import { describe, expect, it } from "vitest";
import { isMwSparePartOutOfStock, parseMwWebhook } from "../../src/payloads/mobility-work.js";
import { outcome } from "../helpers/outcome.js";
import { MW_SPARE_PART_VALUE } from "../helpers/documented.js";

// The request body of "Spare part was out of stock", as printed (schema placeholders included).
const SPARE_PART = `{
  "_event": "string",
  "_date": "2024-07-29T15:51:28.071Z",
  "_metadata": [
    null
  ],
  "stock": {
    "location": {
      "locationId": "string",
      "name": "string"
    }
  },
  "sparePart": {
    "sparePartId": "string",
    "name": "string",
    "articleCode": "string"
  },
  "movement": {
    "on": "2024-07-29T15:51:28.071Z"
  }
}`;


function sparePartWith(change: (event: typeof MW_SPARE_PART_VALUE) => void): unknown {
  const event = structuredClone(MW_SPARE_PART_VALUE);
  change(event);
  return event;
}

describe("parseMwWebhook", () => {
  it("parses the docs' spare-part-out-of-stock body into the typed event", () => {
    const result = parseMwWebhook(SPARE_PART);
    expect(result).toEqual({ ok: true, value: MW_SPARE_PART_VALUE });
    expect(result.ok && isMwSparePartOutOfStock(result.value)).toBe(true);
  });

  it("recognises the spare-part event by its stock, sparePart and movement, whatever its _event name", () => {
    const body =
      '{"_event":"spare_part_out_of_stock","_date":"2022-08-12T21:02:29.000Z","_metadata":[],"stock":{"location":{"locationId":"42","name":"Magasin général — Bâtiment B"}},"sparePart":{"sparePartId":"1337","name":"Roulement 6204-2RS","articleCode":"SKF-6204"},"movement":{"on":"2022-08-12T21:02:28.000Z"}}';
    const result = parseMwWebhook(Buffer.from(body, "utf8"));
    expect(result.ok && isMwSparePartOutOfStock(result.value) && result.value.stock.location.name).toBe("Magasin général — Bâtiment B");
  });

  it("accepts any other event with the common envelope, and keeps its fields", () => {
    const body = '{"_event":"task_closed","_date":"2024-07-29T15:51:28.071Z","_metadata":[{"source":"app"}],"task":{"taskId":"77"}}';
    const result = parseMwWebhook(body);
    expect(result).toEqual({
      ok: true,
      value: { _event: "task_closed", _date: "2024-07-29T15:51:28.071Z", _metadata: [{ source: "app" }], task: { taskId: "77" } },
    });
    expect(result.ok && isMwSparePartOutOfStock(result.value)).toBe(false);
  });

  it("accepts, as another event, a body that carries only some of stock, sparePart and movement", () => {
    const body = '{"_event":"spare_part_created","_date":"2024-07-29T15:51:28.071Z","_metadata":[],"sparePart":{"sparePartId":7}}';
    const result = parseMwWebhook(body);
    expect(result.ok).toBe(true);
    expect(result.ok && isMwSparePartOutOfStock(result.value)).toBe(false);
  });

  it("names the path of a missing or mistyped envelope field", () => {
    const cases: Array<[(e: typeof MW_SPARE_PART_VALUE) => void, string]> = [
      [(e) => void delete (e as Partial<typeof e>)._event, "_event"],
      [(e) => void ((e as { _date: unknown })._date = 1722268288071), "_date"],
      [(e) => void ((e as { _metadata: unknown })._metadata = null), "_metadata"],
      [(e) => void ((e as { _metadata: unknown })._metadata = {}), "_metadata"],
    ];
    for (const [change, path] of cases) {
      expect(outcome(parseMwWebhook(sparePartWith(change)))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });

  it("checks every documented field of the spare-part event, naming the path", () => {
    const cases: Array<[(e: typeof MW_SPARE_PART_VALUE) => void, string]> = [
      [(e) => void ((e.sparePart as { articleCode: unknown }).articleCode = 6204), "sparePart.articleCode"],
      [(e) => void delete (e.sparePart as Partial<typeof e.sparePart>).sparePartId, "sparePart.sparePartId"],
      [(e) => void delete (e.stock.location as Partial<typeof e.stock.location>).locationId, "stock.location.locationId"],
      [(e) => void ((e.stock as { location: unknown }).location = "Building B"), "stock.location"],
      [(e) => void ((e.movement as { on: unknown }).on = null), "movement.on"],
      [(e) => void ((e as { movement: unknown }).movement = []), "movement"],
    ];
    for (const [change, path] of cases) {
      expect(outcome(parseMwWebhook(sparePartWith(change)))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });

  it("says what was expected and what kind of value was found, never the value", () => {
    const cases: Array<[(e: typeof MW_SPARE_PART_VALUE) => void, string, string]> = [
      [(e) => void ((e as { _metadata: unknown })._metadata = null), "_metadata", "_metadata must be an array, got null."],
      [(e) => void ((e as { _metadata: unknown })._metadata = { 0: "CANARY" }), "_metadata", "_metadata must be an array, got an object."],
      [(e) => void delete (e as Partial<typeof e>)._metadata, "_metadata", "_metadata is missing: expected an array."],
      [(e) => void ((e as { _date: unknown })._date = 1722268288071), "_date", "_date must be a string, got a number."],
      [(e) => void ((e.stock as { location: unknown }).location = "CANARY"), "stock.location", "stock.location must be an object, got a string."],
      [(e) => void delete (e.sparePart as Partial<typeof e.sparePart>).name, "sparePart.name", "sparePart.name is missing: expected a string."],
    ];
    for (const [change, path, message] of cases) {
      expect(parseMwWebhook(sparePartWith(change)), path).toStrictEqual({ ok: false, reason: "invalid_payload", path, message });
    }
  });

  it("keeps _date and movement.on as the strings on the wire", () => {
    const result = parseMwWebhook(SPARE_PART);
    expect(result.ok && isMwSparePartOutOfStock(result.value) && result.value.movement.on).toBe("2024-07-29T15:51:28.071Z");
  });
});
