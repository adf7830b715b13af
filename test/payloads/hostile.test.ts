// Whatever arrives, every parser returns a result and never throws; no key on the wire
// reaches a prototype; no message quotes the body; 1 MiB bodies parse.
import { afterEach, describe, expect, it } from "vitest";
import { parseEwarehousingWebhook } from "../../src/payloads/ewarehousing.js";
import { parseMwWebhook } from "../../src/payloads/mobility-work.js";
import { parseTikiProductRequestEvent } from "../../src/payloads/tiki-open-api.js";
import { parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "../../src/payloads/tikinow.js";
import { parseTilbyWebhook } from "../../src/payloads/tilby.js";
import { TIKI_REJECTED_VALUE } from "../helpers/documented.js";

type Parser = (body: unknown) => { ok: boolean; reason?: string; message?: string; path?: string };

/** Each parser with one minimal valid body. */
const parsers: Array<[string, Parser, string]> = [
  ["parseTikiStockSync", parseTikiStockSync, '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}'],
  ["parseTikiOrderStatus", parseTikiOrderStatus, '{"data":{"date":"2022-10-26T14:22:05+07:00","ref_code":"TR22","order_code":"347171821","main_state":"processing","main_substate":"ready_for_pickup"}}'],
  ["parseTikiAftersale", parseTikiAftersale, '{"data":{"date":"2022-10-26T14:22:46+07:00","ref_code":"CR22509365559","order_code":"347171821","status":"canceled","type":"cr"}}'],
  ["parseTikiProductRequestEvent", parseTikiProductRequestEvent, '{"id":"123e4567-e89b-12d3-a456-426655440000","event":"product:request:approved","payload":{}}'],
  ["parseMwWebhook", parseMwWebhook, '{"_event":"string","_date":"2024-07-29T15:51:28.071Z","_metadata":[null],"stock":{"location":{"locationId":"string","name":"string"}},"sparePart":{"sparePartId":"string","name":"string","articleCode":"string"},"movement":{"on":"2024-07-29T15:51:28.071Z"}}'],
  ["parseTilbyWebhook", parseTilbyWebhook, '{"type":"SUBSCRIBED","entity_name":"sales","time":"2022-02-23T15:43:31.714Z","environment_id":"id_of_the_shop","client_id":"clientId_of_static_token"}'],
  ["parseEwarehousingWebhook", parseEwarehousingWebhook, '{"body":{"id":"f9cc7e9c","ean":"123","sku":"12345","modified_at":"2022-02-11T17:45:01+0000","article_code":"green_jacket","stock_salable":973,"stock_physical":1000,"stock_available":973,"stock_quarantine":0},"group":"stock","action":"updated","entity":"variant","customer":"be62c27e","entityId":"f9cc7e9c"}'],
];

function deepObject(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { data: value, body: value, payload: value };
  return value;
}

function cyclic(): unknown {
  const value: Record<string, unknown> = {};
  Object.assign(value, { data: value, body: value, payload: value, entities: [value], _metadata: value, type: "CLOSED", group: "stock" });
  return value;
}

const hostile: Array<[string, unknown]> = [
  ["undefined", undefined],
  ["null", null],
  ["0", 0],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["true", true],
  ["a bigint", 10n],
  ["a symbol", Symbol("body")],
  ["a function", () => ({ data: {} })],
  ["an empty string", ""],
  ["whitespace", " \n\t "],
  ["the string null", "null"],
  ["a JSON number", "42"],
  ["a JSON string", '"{\\"data\\":{}}"'],
  ["a JSON array", "[]"],
  ["an unterminated object", '{"data":'],
  ["single quotes", "{'data':{}}"],
  ["a trailing comma", '{"data":{},}'],
  ["NUL bytes", "\u0000\u0000"],
  ["invalid UTF-8 bytes", new Uint8Array([0xff, 0xfe, 0x7b, 0xc3])],
  ["an empty Uint8Array", new Uint8Array(0)],
  ["an empty ArrayBuffer", new ArrayBuffer(0)],
  ["a Uint16Array", new Uint16Array([123, 125])],
  ["a DataView", new DataView(new ArrayBuffer(4))],
  ["an array", []],
  ["nested arrays", [[[]]]],
  ["an empty object", {}],
  ["an object without prototype", Object.create(null) as unknown],
  ["a Date", new Date(0)],
  ["a Map", new Map([["data", {}]])],
  ["a Promise", Promise.resolve({})],
  ["documented keys holding numbers", { data: 1, body: 1, payload: 1, entities: 1, type: 1, group: 1, _event: 1 }],
  ["documented keys holding arrays", { data: [], body: [], payload: [], entities: [[]], type: [], group: [], _event: [] }],
  ["an object nested 10 000 deep", deepObject(10_000)],
  ["a cyclic object", cyclic()],
  ["a JSON text nested 100 000 deep", "[".repeat(100_000) + "]".repeat(100_000)],
  ["a JSON object nested 100 000 deep", '{"data":'.repeat(100_000) + "{}" + "}".repeat(100_000)],
  ["1 MiB of garbage", "x".repeat(1 << 20)],
  ["a 100 000-item array", Array.from({ length: 100_000 }, () => ({}))],
  ["an object whose getters throw", Object.defineProperties({}, Object.fromEntries(["data", "body", "payload", "type", "group", "_event", "id"].map((key) => [key, { enumerable: true, get: () => { throw new Error("boom"); } }])))],
  ["a Proxy whose traps throw", new Proxy({}, { get: () => { throw new Error("boom"); }, has: () => { throw new Error("boom"); }, getOwnPropertyDescriptor: () => { throw new Error("boom"); }, ownKeys: () => { throw new Error("boom"); }, getPrototypeOf: () => { throw new Error("boom"); } })],
];

describe("every parser, given hostile input", () => {
  for (const [name, parse] of parsers) {
    it(`${name} returns a failure for each hostile input and never throws`, () => {
      for (const [label, input] of hostile) {
        let result: ReturnType<Parser> | undefined;
        expect(() => (result = parse(input)), label).not.toThrow();
        expect(result?.ok, label).toBe(false);
        expect(["invalid_json", "invalid_payload"], label).toContain(result?.reason);
        expect(typeof result?.message, label).toBe("string");
      }
    });
  }

  it("reports text that is not JSON as invalid_json, and a value that is not an object as invalid_payload", () => {
    expect(parseTikiStockSync("{'data':{}}")).toEqual({ ok: false, reason: "invalid_json", message: "The body is not valid JSON." });
    expect(parseTikiStockSync(new Uint8Array([0xff, 0xfe]))).toMatchObject({ reason: "invalid_json" });
    expect(parseTikiStockSync("42")).toMatchObject({ reason: "invalid_payload" });
    expect(parseTikiStockSync(42)).toMatchObject({ reason: "invalid_payload" });
    expect(parseTikiStockSync(undefined)).toEqual({ ok: false, reason: "invalid_payload", message: "The payload is missing: expected an object." });
  });

  it("never quotes the body or a value from it in a message", () => {
    const canary = "CANARY-7f3a-secret";
    for (const [name, parse, valid] of parsers) {
      const broken = [`{"${canary}": ${canary}}`, `${canary}`, `{"data":"${canary}","body":"${canary}","payload":"${canary}","type":1,"_event":"${canary}","group":"${canary}"}`];
      for (const body of broken) {
        const result = parse(body);
        expect(result.ok, name).toBe(false);
        expect(result.message, name).not.toContain(canary);
      }
      // A valid body whose first string value is replaced by an object holding the canary: the message names the path only.
      const result = parse(valid.replace(/"[^"]*"(\s*[,}\]])/, `{"x":"${canary}"}$1`));
      expect(result.message ?? "", name).not.toContain(canary);
    }
  });

  it("ignores a leading UTF-8 byte order mark", () => {
    for (const [name, parse, valid] of parsers) {
      expect(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)])).ok, name).toBe(true);
    }
  });
});

describe("__proto__ and constructor keys in a body", () => {
  const hostileKeys = '"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},';

  for (const [name, parse, valid] of parsers) {
    it(`${name} keeps them as plain own fields and changes no prototype`, () => {
      const body = `{${hostileKeys}${valid.slice(1)}`;
      const result = parse(body) as { ok: boolean; value?: Record<string, unknown> };
      expect(result.ok).toBe(true);
      const value = result.value!;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(value, "__proto__")).toBe(true);
      expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual({ polluted: "yes", isAdmin: true });
      expect((value as { polluted?: unknown }).polluted).toBeUndefined();
      expect(({} as { polluted?: unknown; isAdmin?: unknown }).polluted).toBeUndefined();
      expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });
  }

  it("does not let a field hidden under __proto__ stand in for a missing documented field", () => {
    const body = '{"data":{"__proto__":{"qty_salable":60},"date":"d","sku":"s","warehouse":"w","seller_product_code":"c"}}';
    expect(parseTikiStockSync(body)).toMatchObject({ ok: false, reason: "invalid_payload", path: "data.qty_salable" });
  });

  it("keeps nested __proto__ keys inside documented objects as own fields too", () => {
    const body = '{"data":{"__proto__":{"x":1},"date":"d","sku":"s","warehouse":"w","qty_salable":1,"seller_product_code":"c"}}';
    const result = parseTikiStockSync(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.value.data)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(result.value.data, "__proto__")).toBe(true);
  });
});

describe("a polluted Object.prototype", () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).qty_salable;
    delete (Object.prototype as Record<string, unknown>).partner_id;
  });

  it("does not fill in a missing field, nor make an absent optional field fail", () => {
    Object.defineProperty(Object.prototype, "qty_salable", { value: 60, configurable: true, writable: true });
    Object.defineProperty(Object.prototype, "partner_id", { value: 4312132323, configurable: true, writable: true });
    expect(parseTikiStockSync('{"data":{"date":"d","sku":"s","warehouse":"w","seller_product_code":"c"}}')).toMatchObject({
      ok: false,
      path: "data.qty_salable",
    });
    expect(parseTikiStockSync('{"data":{"date":"d","sku":"s","warehouse":"w","qty_salable":1,"seller_product_code":"c"}}').ok).toBe(true);
  });
});

describe("large bodies", () => {
  for (const [name, parse, valid] of parsers) {
    it(`${name} parses a 1 MiB body, unknown padding kept`, () => {
      const padding = "p".repeat((1 << 20) - valid.length - 13);
      const body = Buffer.from(`{"padding":"${padding}",${valid.slice(1)}`, "utf8");
      expect(body.length).toBeGreaterThanOrEqual(1 << 20);
      const result = parse(body) as { ok: boolean; value?: { padding?: string } };
      expect(result.ok).toBe(true);
      expect(result.value?.padding?.length).toBe(padding.length);
    });
  }

  it("parses a 1 MiB Tilby batch of many entities", () => {
    const entity = '{"id":1,"uuid":"6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f","external_id":null,"status":"closed"}';
    const count = Math.ceil((1 << 20) / (entity.length + 1));
    const body = `{"type":"CREATED","entity_name":"items","entities":[${Array(count).fill(entity).join(",")}]}`;
    expect(body.length).toBeGreaterThanOrEqual(1 << 20);
    const result = parseTilbyWebhook(body);
    expect(result.ok && result.value.type !== "SUBSCRIBED" && result.value.entities.length).toBe(count);
  });
});

describe("an already-parsed value", () => {
  it("is checked in place and returned as it is, not copied", () => {
    for (const [name, parse, valid] of parsers) {
      const value = JSON.parse(valid) as unknown;
      const result = parse(value) as { ok: boolean; value?: unknown };
      expect(result.ok, name).toBe(true);
      expect(result.value, name).toBe(value);
    }
  });
});

describe("the whole failure of every parser, message included", () => {
  it("reports a top-level value that is not an object, with no path", () => {
    const cases: Array<[unknown, string]> = [
      ["null", "The payload must be an object, got null."],
      [null, "The payload must be an object, got null."],
      ["[]", "The payload must be an object, got an array."],
      [[], "The payload must be an object, got an array."],
      ["5", "The payload must be an object, got a number."],
      ['"x"', "The payload must be an object, got a string."],
      ["true", "The payload must be an object, got a boolean."],
      [undefined, "The payload is missing: expected an object."],
    ];
    for (const [name, parse] of parsers) {
      for (const [input, message] of cases) {
        expect(parse(input), `${name} ${String(input)}`).toStrictEqual({ ok: false, reason: "invalid_payload", message });
      }
    }
  });

  it("reports a getter that throws, without the error's text", () => {
    const throwing = (keys: string[]): unknown =>
      Object.defineProperties(
        {},
        Object.fromEntries(keys.map((key) => [key, { enumerable: true, get: () => { throw new Error("boom CANARY"); } }])),
      );
    const keys = ["data", "body", "payload", "type", "group", "_event", "id"];
    for (const [name, parse] of parsers) {
      expect(parse(throwing(keys)), name).toStrictEqual({
        ok: false,
        reason: "invalid_payload",
        message: "The payload could not be read: a property access threw.",
      });
    }
    // One throwing getter deep inside an otherwise valid value.
    const value = JSON.parse(parsers[0]![2]) as { data: Record<string, unknown> };
    Object.defineProperty(value.data, "sku", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(parseTikiStockSync(value)).toStrictEqual({
      ok: false,
      reason: "invalid_payload",
      message: "The payload could not be read: a property access threw.",
    });
  });

  it("refuses a non-finite number in an already-parsed value, saying so and not which one", () => {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      const stock = JSON.parse(parsers[0]![2]) as { data: Record<string, unknown> };
      stock.data.qty_salable = bad;
      expect(parseTikiStockSync(stock), String(bad)).toStrictEqual({
        ok: false,
        reason: "invalid_payload",
        path: "data.qty_salable",
        message: "data.qty_salable must be a number, got a non-finite number.",
      });
      const ewh = JSON.parse(parsers[6]![2]) as { body: Record<string, unknown> };
      ewh.body.stock_physical = bad;
      expect(parseEwarehousingWebhook(ewh), String(bad)).toStrictEqual({
        ok: false,
        reason: "invalid_payload",
        path: "body.stock_physical",
        message: "body.stock_physical must be a number, got a non-finite number.",
      });
      const rejected = structuredClone(TIKI_REJECTED_VALUE) as { payload: { list_reasons: Array<Record<string, unknown>> } };
      rejected.payload.list_reasons[0]!.reason_id = bad;
      expect(parseTikiProductRequestEvent(rejected), String(bad)).toStrictEqual({
        ok: false,
        reason: "invalid_payload",
        path: "payload.list_reasons[0].reason_id",
        message: "payload.list_reasons[0].reason_id must be a number, got a non-finite number.",
      });
    }
    // The largest finite numbers are numbers.
    const stock = JSON.parse(parsers[0]![2]) as { data: Record<string, unknown> };
    for (const fine of [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -0]) {
      stock.data.qty_salable = fine;
      expect(parseTikiStockSync(stock).ok, String(fine)).toBe(true);
    }
  });
});
