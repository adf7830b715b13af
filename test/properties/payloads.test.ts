// Properties of every payload parser: whatever arrives (any JSON, any text, any bytes, any
// value) it returns a well-formed result and never throws; a payload of the documented shape,
// with any unknown fields added, parses to exactly what JSON.parse gives, from text and from
// bytes; and breaking any one required field gives invalid_payload with that field's path.
// The shapes below are written from the providers' documentation (see PROVIDERS.md), not
// taken from the parsers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseEwarehousingWebhook,
  parseMwWebhook,
  parseTikiAftersale,
  parseTikiOrderStatus,
  parseTikiProductRequestEvent,
  parseTikiStockSync,
  parseTilbyWebhook,
} from "../../src/index.js";
import * as web from "../../src/web/index.js";

type Parse = (body: unknown) => { ok: boolean; value?: unknown; reason?: string; message?: string; path?: string };
type Kind = "string" | "number" | "object" | "array";
/** A required field: its path from the top, and the kind of JSON value it must hold. */
type Required = readonly [path: readonly string[], kind: Kind];

const str = fc.string({ maxLength: 24 });
const num = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
const json = fc.jsonValue({ maxDepth: 2 });

/** `value` with up to three extra fields whose names the documented shape does not use. */
function withExtras<T extends object>(value: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(value, fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), json, { maxKeys: 3 })).map(([known, extra]) => {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(extra)) if (!(key in known)) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    return Object.assign(out, known) as T;
  });
}

const tikiDate = str;
const mwLeaf = str;

interface ParserCase {
  name: string;
  parse: Parse;
  webParse: Parse;
  valid: fc.Arbitrary<object>;
  required: readonly Required[];
}

const cases: ParserCase[] = [
  {
    name: "parseTikiStockSync",
    parse: parseTikiStockSync,
    webParse: web.parseTikiStockSync,
    valid: withExtras(
      fc.record({
        data: withExtras(
          fc.record(
            { date: tikiDate, sku: str, warehouse: str, qty_salable: num, seller_product_code: str, partner_id: str },
            { requiredKeys: ["date", "sku", "warehouse", "qty_salable", "seller_product_code"] },
          ),
        ),
      }),
    ),
    required: [
      [["data"], "object"],
      [["data", "date"], "string"],
      [["data", "sku"], "string"],
      [["data", "warehouse"], "string"],
      [["data", "qty_salable"], "number"],
      [["data", "seller_product_code"], "string"],
    ],
  },
  {
    name: "parseTikiOrderStatus",
    parse: parseTikiOrderStatus,
    webParse: web.parseTikiOrderStatus,
    valid: withExtras(
      fc.record({
        data: withExtras(
          fc.record(
            {
              date: tikiDate,
              ref_code: str,
              order_code: str,
              main_state: fc.oneof(fc.constantFrom("canceled", "shipping", "processing"), str),
              main_substate: str,
              reason: str,
              reason_code: str,
              extra_info: withExtras(fc.record({ cancel_reason_code: str, cancel_reason: str })),
            },
            { requiredKeys: ["date", "ref_code", "order_code", "main_state"] },
          ),
        ),
      }),
    ),
    required: [
      [["data"], "object"],
      [["data", "date"], "string"],
      [["data", "ref_code"], "string"],
      [["data", "order_code"], "string"],
      [["data", "main_state"], "string"],
    ],
  },
  {
    name: "parseTikiAftersale",
    parse: parseTikiAftersale,
    webParse: web.parseTikiAftersale,
    valid: withExtras(
      fc.record({
        data: withExtras(fc.record({ date: tikiDate, ref_code: str, order_code: str, status: str, type: fc.constantFrom("fd", "cr") })),
      }),
    ),
    required: [
      [["data"], "object"],
      [["data", "date"], "string"],
      [["data", "ref_code"], "string"],
      [["data", "order_code"], "string"],
      [["data", "status"], "string"],
    ],
  },
  {
    name: "parseTikiProductRequestEvent",
    parse: parseTikiProductRequestEvent,
    webParse: web.parseTikiProductRequestEvent,
    // Approved and locked events (their payload is not published: any record, {} included), and
    // events the guide does not list.
    valid: withExtras(
      fc.record({
        id: str,
        event: fc.oneof(fc.constantFrom("product:request:approved", "product:request:locked"), str.filter((e) => e !== "product:request:rejected")),
        payload: fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }),
      }),
    ),
    required: [
      [["id"], "string"],
      [["event"], "string"],
      [["payload"], "object"],
    ],
  },
  {
    name: "parseMwWebhook (spare part out of stock)",
    parse: parseMwWebhook,
    webParse: web.parseMwWebhook,
    valid: withExtras(
      fc.record({
        _event: str,
        _date: str,
        _metadata: fc.array(json, { maxLength: 3 }),
        stock: withExtras(fc.record({ location: withExtras(fc.record({ locationId: mwLeaf, name: mwLeaf })) })),
        sparePart: withExtras(fc.record({ sparePartId: mwLeaf, name: mwLeaf, articleCode: mwLeaf })),
        movement: withExtras(fc.record({ on: mwLeaf })),
      }),
    ),
    required: [
      [["_event"], "string"],
      [["_date"], "string"],
      [["_metadata"], "array"],
      [["stock", "location"], "object"],
      [["stock", "location", "locationId"], "string"],
      [["stock", "location", "name"], "string"],
      [["sparePart", "sparePartId"], "string"],
      [["sparePart", "name"], "string"],
      [["sparePart", "articleCode"], "string"],
      [["movement", "on"], "string"],
    ],
  },
  {
    name: "parseTilbyWebhook (SUBSCRIBED)",
    parse: parseTilbyWebhook,
    webParse: web.parseTilbyWebhook,
    valid: withExtras(fc.record({ type: fc.constant("SUBSCRIBED"), entity_name: str, time: str, environment_id: str, client_id: str })),
    required: [
      [["entity_name"], "string"],
      [["time"], "string"],
      [["environment_id"], "string"],
      [["client_id"], "string"],
    ],
  },
  {
    name: "parseTilbyWebhook (notification)",
    parse: parseTilbyWebhook,
    webParse: web.parseTilbyWebhook,
    valid: withExtras(
      fc.record(
        {
          type: fc.oneof(fc.constantFrom("CREATED", "UPDATED", "DELETED", "CLOSED"), str.filter((type) => type !== "SUBSCRIBED")),
          entity_name: str,
          // Every field but these three is unconfirmed: any JSON value, never checked.
          entities: fc.array(withExtras(fc.record({ id: json, uuid: json, external_id: json, status: json }, { requiredKeys: [] })), {
            maxLength: 4,
          }),
          time: json,
          notification_uuid: json,
          environment_id: json,
          client_id: json,
          from_user: json,
          nRetry: json,
        },
        { requiredKeys: ["type", "entity_name", "entities"] },
      ),
    ),
    required: [
      [["entity_name"], "string"],
      [["entities"], "array"],
    ],
  },
  {
    name: "parseEwarehousingWebhook (stock updated)",
    parse: parseEwarehousingWebhook,
    webParse: web.parseEwarehousingWebhook,
    valid: withExtras(
      fc.record({
        body: withExtras(
          fc.record({
            id: str,
            ean: str,
            sku: str,
            modified_at: str,
            article_code: str,
            stock_salable: num,
            stock_physical: num,
            stock_available: num,
            stock_quarantine: num,
          }),
        ),
        group: fc.constant("stock"),
        action: fc.constant("updated"),
        // Named in the docs, never shown: any JSON value, never checked.
        entity: json,
        customer: json,
        entityId: json,
      }),
    ),
    required: [
      [["body"], "object"],
      [["body", "sku"], "string"],
      [["body", "stock_salable"], "number"],
      [["body", "stock_quarantine"], "number"],
    ],
  },
  {
    name: "parseEwarehousingWebhook (other groups, and groups and actions not listed yet)",
    parse: parseEwarehousingWebhook,
    webParse: web.parseEwarehousingWebhook,
    valid: withExtras(
      fc
        .oneof(
          fc.constantFrom(
            ["article", "created"],
            ["article", "deleted"],
            ["batch", "updated"],
            ["inbound", "completed"],
            ["modification", "disapproved"],
            ["order", "shipped"],
            ["shipment", "created"],
            ["variant", "updated"],
            ["stock", "created"],
          ),
          fc.tuple(str, str).filter(([group, action]) => group !== "stock" || action !== "updated"),
        )
        .chain(([group, action]) =>
          fc.record({ body: fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 }), group: fc.constant(group), action: fc.constant(action), entity: json, customer: json, entityId: json }),
        ),
    ),
    required: [
      [["body"], "object"],
      [["group"], "string"],
      [["action"], "string"],
    ],
  },
];

/** A JSON value of some kind other than `kind`, or undefined (the field left out). */
function wrongFor(kind: Kind): fc.Arbitrary<unknown> {
  const all: Record<Kind, fc.Arbitrary<unknown>> = {
    string: str,
    number: num,
    object: fc.constant({ x: 1 }),
    array: fc.constant([1]),
  };
  const others = (Object.keys(all) as Kind[]).filter((other) => other !== kind).map((other) => all[other]);
  return fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), ...others);
}

/** A deep copy of `value` (through JSON) with the field at `path` set to `replacement`, or removed. */
function replaced(value: object, path: readonly string[], replacement: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

function expectWellFormed(result: ReturnType<Parse>): void {
  if (result.ok) {
    expect(Object.keys(result)).toEqual(["ok", "value"]);
    return;
  }
  expect(["invalid_json", "invalid_payload"]).toContain(result.reason);
  expect(typeof result.message).toBe("string");
  if (result.path !== undefined) {
    expect(result.reason).toBe("invalid_payload");
    expect(result.path).not.toBe("");
  }
}

const parsers = new Map(cases.map((c) => [c.parse, c.name.split(" ")[0]]));

describe("every parser, on anything", () => {
  for (const [parse, name] of parsers) {
    it(`${name} returns a well-formed result for any JSON value, as text, as bytes or as the value itself`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const text = JSON.stringify(value);
          const fromText = parse(text);
          expectWellFormed(fromText);
          expect(parse(new TextEncoder().encode(text))).toEqual(fromText);
          expectWellFormed(parse(value));
        }),
      );
    });

    it(`${name} never throws on any text, bytes or value`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array(), fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true })), (input) => {
          expectWellFormed(parse(input));
        }),
      );
    });
  }
});

for (const c of cases) {
  describe(`${c.name} properties`, () => {
    it("parses a payload of the documented shape, unknown fields and all, to exactly what JSON.parse gives", () => {
      fc.assert(
        fc.property(c.valid, (value) => {
          const text = JSON.stringify(value);
          const expected = JSON.parse(text) as unknown;
          expect(c.parse(text)).toEqual({ ok: true, value: expected });
          expect(c.parse(new TextEncoder().encode(text))).toEqual({ ok: true, value: expected });
          expect(c.parse(expected)).toEqual({ ok: true, value: expected });
        }),
      );
    });

    it("gives invalid_payload at the field's path when any one required field is missing or of another kind", () => {
      const breakage = fc.constantFrom(...c.required).chain(([path, kind]) => fc.tuple(fc.constant(path), wrongFor(kind)));
      fc.assert(
        fc.property(c.valid, breakage, (value, [path, wrong]) => {
          const result = c.parse(JSON.stringify(replaced(value, path, wrong)));
          expect(result).toMatchObject({ ok: false, reason: "invalid_payload", path: path.join(".") });
        }),
      );
    });

    it("gives the same result from the /web entry", () => {
      fc.assert(
        fc.property(c.valid, fc.constantFrom(...c.required), fc.boolean(), (value, [path], broken) => {
          const text = JSON.stringify(broken ? replaced(value, path, undefined) : value);
          expect(c.webParse(text)).toEqual(c.parse(text));
        }),
        { numRuns: 50 },
      );
    });
  });
}
