import { describe, expect, it } from "vitest";
import { parseEwarehousingWebhook } from "../../src/payloads/ewarehousing.js";
import { outcome } from "../helpers/outcome.js";
import { EWAREHOUSING_STOCK_VALUE } from "../helpers/documented.js";

// The stock webhook example of api-dev.docs.ewarehousing-solutions.com/docs/webhooks, as printed.
const STOCK_UPDATED = `{
 "body": {
 "id": "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
 "ean": "123",
 "sku": "12345",
 "modified_at": "2022-02-11T17:45:01+0000",
 "article_code": "green_jacket",
 "stock_salable": 973,
 "stock_physical": 1000,
 "stock_available": 973,
 "stock_quarantine": 0
 },
 "group": "stock",
 "action": "updated",
 "entity": "variant",
 "customer": "be62c27e-2aac-4ac1-902e-f770d64f8dce",
 "entityId": "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d"
}`;


function stockWith(change: (webhook: typeof EWAREHOUSING_STOCK_VALUE) => void): unknown {
  const webhook = structuredClone(EWAREHOUSING_STOCK_VALUE);
  change(webhook);
  return webhook;
}

describe("parseEwarehousingWebhook", () => {
  it("parses the docs' stock example into the typed stock/updated webhook", () => {
    expect(parseEwarehousingWebhook(STOCK_UPDATED)).toEqual({ ok: true, value: EWAREHOUSING_STOCK_VALUE });
  });

  it("keeps modified_at as the string on the wire (offset without a colon)", () => {
    const result = parseEwarehousingWebhook(STOCK_UPDATED);
    expect(result.ok && result.value.group === "stock" && result.value.body.modified_at).toBe("2022-02-11T17:45:01+0000");
  });

  it("accepts every documented group and action, keeping their undocumented bodies as records", () => {
    const table: Record<string, string[]> = {
      article: ["created", "updated", "deleted"],
      batch: ["updated"],
      inbound: ["created", "updated", "completed"],
      modification: ["created", "updated", "approved", "disapproved"],
      order: ["created", "updated", "planned", "processing", "shipped"],
      shipment: ["created", "updated"],
      variant: ["created", "updated", "deleted"],
    };
    for (const [group, actions] of Object.entries(table)) {
      for (const action of actions) {
        const value = { body: { reference: "ORD-1", lines: [{ sku: "12345", quantity: 2 }] }, group, action, entity: group, customer: "c", entityId: "e" };
        expect(parseEwarehousingWebhook(JSON.stringify(value))).toEqual({ ok: true, value });
      }
    }
  });

  it("parses a group or an action the table does not list, its body as a record (a new event is never refused)", () => {
    const stocks = parseEwarehousingWebhook(stockWith((w) => void (w.group = "stocks")));
    expect(stocks).toMatchObject({ ok: true, value: { group: "stocks" } });
    // "stock" with another action than "updated": its body is not the published stock body.
    expect(parseEwarehousingWebhook(stockWith((w) => Object.assign(w, { action: "created", body: { any: 1 } })))).toMatchObject({
      ok: true,
      value: { group: "stock", action: "created", body: { any: 1 } },
    });
  });

  it("names the exact path of a missing or mistyped stock field", () => {
    const cases: Array<[(w: typeof EWAREHOUSING_STOCK_VALUE) => void, string]> = [
      [(w) => void ((w.body as { stock_salable: unknown }).stock_salable = "973"), "body.stock_salable"],
      [(w) => void delete (w.body as Partial<typeof w.body>).stock_quarantine, "body.stock_quarantine"],
      [(w) => void ((w.body as { ean: unknown }).ean = 123), "body.ean"],
      [(w) => void ((w as { body: unknown }).body = null), "body"],
      [(w) => void delete (w as Partial<typeof w>).group, "group"],
    ];
    for (const [change, path] of cases) {
      expect(outcome(parseEwarehousingWebhook(stockWith(change)))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });

  it("requires the body of other groups to be an object", () => {
    const body = '{"body":[],"group":"order","action":"shipped","entity":"order","customer":"c","entityId":"e"}';
    expect(outcome(parseEwarehousingWebhook(body))).toEqual({ ok: false, reason: "invalid_payload", path: "body" });
  });

  it("says what was expected and what kind of value was found, never the value", () => {
    const cases: Array<[(w: typeof EWAREHOUSING_STOCK_VALUE) => void, string, string]> = [
      [(w) => void ((w as { group: unknown }).group = 7), "group", "group must be a string, got a number."],
      [(w) => void delete (w as Partial<typeof w>).group, "group", "group is missing: expected a string."],
      [(w) => void ((w as { action: unknown }).action = null), "action", "action must be a string, got null."],
      [(w) => void delete (w as Partial<typeof w>).action, "action", "action is missing: expected a string."],
      [(w) => Object.assign(w, { group: "order", action: "shipped", body: [] }), "body", "body must be an object, got an array."],
      [(w) => Object.assign(w, { group: "order", action: "shipped", body: "CANARY" }), "body", "body must be an object, got a string."],
      [(w) => Object.assign(w, { group: "order", action: "shipped", body: undefined }), "body", "body is missing: expected an object."],
      [(w) => void ((w as { body: unknown }).body = null), "body", "body must be an object, got null."],
      [(w) => void ((w.body as { stock_salable: unknown }).stock_salable = "973"), "body.stock_salable", "body.stock_salable must be a number, got a string."],
    ];
    for (const [change, path, message] of cases) {
      expect(parseEwarehousingWebhook(stockWith(change)), path).toStrictEqual({ ok: false, reason: "invalid_payload", path, message });
    }
  });

  it("keeps unknown fields of the stock body", () => {
    const result = parseEwarehousingWebhook(stockWith((w) => Object.assign(w.body, { batch_number: "B-7" })));
    expect(result).toMatchObject({ ok: true, value: { body: { batch_number: "B-7" } } });
  });
});
