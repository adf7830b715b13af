import { describe, expect, it } from "vitest";
import { parseTilbyWebhook } from "../../src/payloads/tilby.js";
import { outcome } from "../helpers/outcome.js";

// The handshake body of the introduction page, as printed ("{entity}" placeholder included).
const SUBSCRIBED = ` {

                "type": "SUBSCRIBED",

                "entity_name": "{entity}",

                "time": "2022-02-23T15:43:31.714Z",

                "environment_id": "id_of_the_shop",

                "client_id": "clientId_of_static_token"

 }`;

// A notification in the shape of the third-party fixture PROVIDERS.md quotes (the body of vectors/hmac-hex.json).
const SALES_CLOSED =
  '{"type":"CLOSED","entity_name":"sales","time":"2024-03-14T09:26:53.589Z","notification_uuid":"9a4f0c1e-3b7d-4e2a-8c5f-1d6b2e9a7c30","environment_id":"1234","client_id":"tilby-client-5678","from_user":42,"entities":[{"id":98765,"uuid":"6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f","external_id":null,"status":"closed"}],"nRetry":0}';

function batch(count: number): string {
  const entities = Array.from({ length: count }, (_, i) => ({ id: 1000 + i, uuid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, external_id: i % 2 ? null : `EXT-${i}` }));
  return JSON.stringify({ type: "CREATED", entity_name: "items", time: "2024-03-14T09:26:53.589Z", environment_id: "1234", client_id: "c", entities, nRetry: 0 });
}

describe("parseTilbyWebhook", () => {
  it("parses a body that starts with a UTF-8 byte order mark as the body without it", () => {
    const body = '{"type":"SUBSCRIBED","entity_name":"sales","time":"2022-02-23T15:43:31.714Z","environment_id":"e","client_id":"c"}';
    const plain = parseTilbyWebhook(body);
    expect(plain.ok).toBe(true);
    expect(parseTilbyWebhook(`\ufeff${body}`)).toEqual(plain);
    expect(parseTilbyWebhook(new TextEncoder().encode(`\ufeff${body}`))).toEqual(plain);
  });

  it("parses the docs' SUBSCRIBED handshake into the typed object", () => {
    expect(parseTilbyWebhook(SUBSCRIBED)).toEqual({
      ok: true,
      value: {
        type: "SUBSCRIBED",
        entity_name: "{entity}",
        time: "2022-02-23T15:43:31.714Z",
        environment_id: "id_of_the_shop",
        client_id: "clientId_of_static_token",
      },
    });
  });

  it("parses a sales CLOSED notification with its entities", () => {
    expect(parseTilbyWebhook(SALES_CLOSED)).toEqual({
      ok: true,
      value: {
        type: "CLOSED",
        entity_name: "sales",
        time: "2024-03-14T09:26:53.589Z",
        notification_uuid: "9a4f0c1e-3b7d-4e2a-8c5f-1d6b2e9a7c30",
        environment_id: "1234",
        client_id: "tilby-client-5678",
        from_user: 42,
        entities: [{ id: 98765, uuid: "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", external_id: null, status: "closed" }],
        nRetry: 0,
      },
    });
  });

  it("parses an import batch of 80 entities, the documented maximum", () => {
    const result = parseTilbyWebhook(batch(80));
    expect(result.ok && result.value.type !== "SUBSCRIBED" && result.value.entities.length).toBe(80);
  });

  it("accepts a notification with only type, entity_name and entities (the rest is unconfirmed)", () => {
    expect(parseTilbyWebhook('{"type":"DELETED","entity_name":"customers","entities":[{}]}').ok).toBe(true);
  });

  it("accepts event types and entity names the docs do not list (the lists are open)", () => {
    const result = parseTilbyWebhook('{"type":"CANCELED","entity_name":"fidelity_movements","entities":[{"id":1,"points":20}]}');
    expect(result).toMatchObject({ ok: true, value: { type: "CANCELED", entity_name: "fidelity_movements", entities: [{ id: 1, points: 20 }] } });
  });

  it("names the path of a missing or mistyped handshake field", () => {
    const cases: Array<[string, string]> = [
      ['{"type":"SUBSCRIBED","entity_name":"sales","time":"t","environment_id":"e"}', "client_id"],
      ['{"type":"SUBSCRIBED","entity_name":"sales","time":"t","environment_id":1234,"client_id":"c"}', "environment_id"],
      ['{"type":"SUBSCRIBED","time":"t","environment_id":"e","client_id":"c"}', "entity_name"],
    ];
    for (const [body, path] of cases) {
      expect(outcome(parseTilbyWebhook(body))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });

  it("names the path of a missing or mistyped notification field, down to the entity that is not an object", () => {
    const cases: Array<[string, string]> = [
      ['{"entity_name":"sales","entities":[]}', "type"],
      ['{"type":1,"entity_name":"sales","entities":[]}', "type"],
      ['{"type":"CLOSED","entity_name":"sales"}', "entities"],
      ['{"type":"CLOSED","entity_name":"sales","entities":{"id":1}}', "entities"],
      ['{"type":"CLOSED","entity_name":"sales","entities":[{"id":1},{"id":2},{"id":3},"4"]}', "entities[3]"],
      ['{"type":"CLOSED","entity_name":"sales","entities":[null]}', "entities[0]"],
      ['{"type":"CLOSED","entity_name":"sales","entities":[[]]}', "entities[0]"],
    ];
    for (const [body, path] of cases) {
      expect(outcome(parseTilbyWebhook(body))).toEqual({ ok: false, reason: "invalid_payload", path });
    }
  });

  it("says what was expected and what kind of value was found, never the value", () => {
    const cases: Array<[string, string, string]> = [
      ['{"entity_name":"sales","entities":[]}', "type", "type is missing: expected a string."],
      ['{"type":1,"entity_name":"sales","entities":[]}', "type", "type must be a string, got a number."],
      ['{"type":null,"entity_name":"sales","entities":[]}', "type", "type must be a string, got null."],
      ['{"type":["SUBSCRIBED"],"entity_name":"sales","entities":[]}', "type", "type must be a string, got an array."],
      ['{"type":"CLOSED","entity_name":"sales","entities":{"id":1}}', "entities", "entities must be an array, got an object."],
      ['{"type":"CLOSED","entity_name":"sales","entities":"CANARY"}', "entities", "entities must be an array, got a string."],
      ['{"type":"CLOSED","entity_name":"sales"}', "entities", "entities is missing: expected an array."],
      ['{"type":"CLOSED","entity_name":"sales","entities":[null]}', "entities[0]", "entities[0] must be an object, got null."],
      ['{"type":"CLOSED","entity_name":"sales","entities":[7]}', "entities[0]", "entities[0] must be an object, got a number."],
      ['{"type":"SUBSCRIBED","entity_name":"sales","time":"t","environment_id":"e"}', "client_id", "client_id is missing: expected a string."],
    ];
    for (const [body, path, message] of cases) {
      expect(parseTilbyWebhook(body), body).toStrictEqual({ ok: false, reason: "invalid_payload", path, message });
    }
  });

  it("judges a type that is not a string on that one read, without reading it again", () => {
    // An already-parsed value whose type getter gives a number, then a notification's type:
    // the number is what the parser saw, and what it reports.
    let reads = 0;
    const value = { entity_name: "sales", entities: [] } as Record<string, unknown>;
    Object.defineProperty(value, "type", { enumerable: true, get: () => (reads++ === 0 ? 1 : "CLOSED") });
    expect(parseTilbyWebhook(value)).toStrictEqual({ ok: false, reason: "invalid_payload", path: "type", message: "type must be a string, got a number." });
    expect(reads).toBe(1);
  });

  it("reports the first bad entity of a large batch by its index", () => {
    const value = JSON.parse(batch(80)) as { entities: Array<Record<string, unknown>> };
    (value.entities as unknown[])[79] = "79";
    expect(outcome(parseTilbyWebhook(value))).toEqual({ ok: false, reason: "invalid_payload", path: "entities[79]" });
  });
});
