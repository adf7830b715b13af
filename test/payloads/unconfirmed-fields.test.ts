// A field that no provider confirms never makes a genuine delivery fail: answering 400 to it
// makes the provider retry and then drop the event. Documented fields stay strict (their
// tests are beside each parser); these are the ones PROVIDERS.md marks as unconfirmed.
import { describe, expect, it } from "vitest";
import { parseEwarehousingWebhook, parseTikiProductRequestEvent, parseTilbyWebhook } from "../../src/index.js";

// The one notification anyone has published (a third-party fixture, quoted in PROVIDERS.md), the uuids filled in.
const TILBY_FIXTURE = JSON.stringify({
  type: "CLOSED",
  entity_name: "sales",
  time: "2022-03-24T10:25:03.499Z",
  notification_uuid: "625bd8dc-5b2a-4c3e-9d1f-0a7b6c5d4e3f",
  environment_id: "s3_e2e_restaurant",
  client_id: "SclobyElectron3",
  from_user: "mario.rossi@gmail.com",
  entities: [{ id: 29, uuid: "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", external_id: "X-29", status: "closed" }],
  nRetry: 0,
});

describe("Tilby notifications: only type, entity_name and entities are checked", () => {
  it("parses the published fixture, from_user an e-mail address", () => {
    const parsed = parseTilbyWebhook(TILBY_FIXTURE);
    expect(parsed).toEqual({ ok: true, value: JSON.parse(TILBY_FIXTURE) });
  });

  it("parses whatever type the fixture's other fields and entity fields come in", () => {
    const fixture = JSON.parse(TILBY_FIXTURE) as Record<string, unknown>;
    for (const value of [42, "x", null, true, { a: 1 }, [1]]) {
      for (const field of ["time", "notification_uuid", "environment_id", "client_id", "from_user", "nRetry"]) {
        const body = { ...fixture, [field]: value };
        expect(parseTilbyWebhook(body).ok, `${field}: ${JSON.stringify(value)}`).toBe(true);
      }
      for (const field of ["id", "uuid", "external_id", "status"]) {
        const body = { ...fixture, entities: [{ [field]: value }] };
        expect(parseTilbyWebhook(body).ok, `entities[0].${field}: ${JSON.stringify(value)}`).toBe(true);
      }
    }
  });

  it("still refuses a notification without its documented fields", () => {
    const fixture = JSON.parse(TILBY_FIXTURE) as Record<string, unknown>;
    expect(parseTilbyWebhook({ ...fixture, entities: "29" })).toMatchObject({ ok: false, reason: "invalid_payload", path: "entities" });
    expect(parseTilbyWebhook({ ...fixture, entity_name: 7 })).toMatchObject({ ok: false, reason: "invalid_payload", path: "entity_name" });
  });
});

const EWH = { body: {}, group: "order", action: "shipped", entity: "order", customer: "DEMO", entityId: "42" };

describe("eWarehousing: the envelope's identity fields and unknown events are not refused", () => {
  it("parses entity, customer and entityId of any type (no published example shows their values)", () => {
    for (const value of [42, "x", null]) {
      for (const field of ["entity", "customer", "entityId"]) {
        expect(parseEwarehousingWebhook({ ...EWH, [field]: value }).ok, `${field}: ${value}`).toBe(true);
      }
    }
  });

  it("parses an action or a group the docs do not list yet, with its body as a record", () => {
    expect(parseEwarehousingWebhook({ ...EWH, action: "cancelled" }).ok).toBe(true);
    expect(parseEwarehousingWebhook({ ...EWH, group: "return", action: "created" }).ok).toBe(true);
    expect(parseEwarehousingWebhook({ ...EWH, group: "return", body: [] })).toMatchObject({ ok: false, path: "body" });
  });

  it("still refuses an envelope without a group or action string", () => {
    expect(parseEwarehousingWebhook({ ...EWH, group: 3 })).toMatchObject({ ok: false, reason: "invalid_payload", path: "group" });
    expect(parseEwarehousingWebhook({ ...EWH, action: null })).toMatchObject({ ok: false, reason: "invalid_payload", path: "action" });
  });
});

const TIKI_ID = "123e4567-e89b-12d3-a456-426655440000";

describe("Tiki Open API: only the rejected event's payload is published", () => {
  it("parses an approved or locked payload whatever its fields are (the docs: its format depends on the event)", () => {
    for (const event of ["product:request:approved", "product:request:locked"]) {
      const payload = { event, request_id: 1154523837593192401, product_id: 2162835, state: null };
      expect(parseTikiProductRequestEvent({ id: TIKI_ID, event, payload }).ok, event).toBe(true);
    }
  });

  it("parses an event the docs do not list yet, with its payload as a record", () => {
    const event = "product:request:created";
    expect(parseTikiProductRequestEvent({ id: TIKI_ID, event, payload: { anything: 1 } }).ok).toBe(true);
  });
});
