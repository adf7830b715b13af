// Type-level tests: parse results narrow on `ok`, payloads narrow on their discriminators,
// and reading a field that is not there does not compile.
import { describe, expectTypeOf, it } from "vitest";
import {
  type EwarehousingStockBody,
  type EwarehousingStockUpdated,
  type EwarehousingWebhook,
  parseEwarehousingWebhook,
} from "../src/payloads/ewarehousing.js";
import { type MwOtherWebhook, type MwSparePartOutOfStock, isMwSparePartOutOfStock, parseMwWebhook } from "../src/payloads/mobility-work.js";
import type { ParseFailureReason, ParseResult } from "../src/payloads/shape.js";
import {
  type TikiProductRequestEmptyPayload,
  type TikiProductRequestEvent,
  type TikiProductRequestPayload,
  type TikiProductRequestRejected,
  type TikiProductRequestRejectedPayload,
  type TikiRejectReason,
  parseTikiProductRequestEvent,
} from "../src/payloads/tiki-open-api.js";
import { type TikiAftersale, type TikiOrderStatus, type TikiStockSync, parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "../src/payloads/tikinow.js";
import { type TilbyEntityName, type TilbyNotification, type TilbySubscribed, type TilbyWebhook, parseTilbyWebhook } from "../src/payloads/tilby.js";
import { TIKINOW_STOCK_EXAMPLE, type TestDelivery, tikinowDelivery, tilbyDelivery } from "../src/testing.js";

declare const body: Uint8Array;

describe("ParseResult", () => {
  it("gives the value only after ok is checked, and the reason and path only on failure", () => {
    const result = parseTikiStockSync(body);
    expectTypeOf(result).toEqualTypeOf<ParseResult<TikiStockSync>>();
    // @ts-expect-error the value is not there before `ok` is checked
    void result.value;
    if (result.ok) {
      expectTypeOf(result.value).toEqualTypeOf<TikiStockSync>();
      // @ts-expect-error a success has no reason
      void result.reason;
    } else {
      expectTypeOf(result.reason).toEqualTypeOf<ParseFailureReason>();
      expectTypeOf(result.reason).toEqualTypeOf<"invalid_json" | "invalid_payload">();
      expectTypeOf(result.path).toEqualTypeOf<string | undefined>();
      expectTypeOf(result.message).toBeString();
    }
  });

  it("accepts raw bytes in every form and already-parsed values", () => {
    expectTypeOf(parseTikiStockSync).parameter(0).toBeUnknown();
    parseTikiStockSync("{}");
    parseTikiStockSync(new ArrayBuffer(0));
    parseTikiStockSync(Buffer.from("{}"));
    parseTikiStockSync({ data: {} });
  });
});

describe("TikiNOW", () => {
  it("types each channel with the field names on the wire; partner_id and the order extras are optional", () => {
    const stock = parseTikiStockSync(body);
    if (stock.ok) {
      expectTypeOf(stock.value.data.qty_salable).toBeNumber();
      expectTypeOf(stock.value.data.date).toBeString();
      expectTypeOf(stock.value.data.partner_id).toEqualTypeOf<string | undefined>();
      // @ts-expect-error the field is qty_salable
      void stock.value.data.quantity;
      // @ts-expect-error the fields are inside data
      void stock.value.sku;
    }
    const order = parseTikiOrderStatus(body);
    if (order.ok) {
      expectTypeOf(order.value).toEqualTypeOf<TikiOrderStatus>();
      expectTypeOf(order.value.data.reason).toEqualTypeOf<string | undefined>();
      expectTypeOf(order.value.data.extra_info?.cancel_reason).toEqualTypeOf<string | undefined>();
      expectTypeOf(order.value.data.main_state).toMatchTypeOf<string>();
      // @ts-expect-error extra_info may be absent
      void order.value.data.extra_info.cancel_reason_code;
    }
    const aftersale = parseTikiAftersale(body);
    if (aftersale.ok) {
      expectTypeOf(aftersale.value).toEqualTypeOf<TikiAftersale>();
      expectTypeOf(aftersale.value.data.type).toEqualTypeOf<"fd" | "cr">();
      // @ts-expect-error "fd" or "cr" only, in lowercase
      if (aftersale.value.data.type === "FD") return;
    }
  });
});

describe("Tiki Open API", () => {
  it("narrows on event, and tells an empty payload from a full one", () => {
    const result = parseTikiProductRequestEvent(body);
    if (!result.ok) return;
    const event = result.value;
    expectTypeOf(event).toEqualTypeOf<TikiProductRequestEvent>();
    // @ts-expect-error not one of the three documented events
    if (event.event === "product:request:created") return;
    switch (event.event) {
      case "product:request:rejected": {
        expectTypeOf(event).toEqualTypeOf<TikiProductRequestRejected>();
        expectTypeOf(event.payload).toEqualTypeOf<TikiProductRequestRejectedPayload | TikiProductRequestEmptyPayload>();
        // An empty payload `{}` has none of the fields.
        expectTypeOf(event.payload.request_id).toEqualTypeOf<string | undefined>();
        if (event.payload.event !== undefined) {
          expectTypeOf(event.payload).toEqualTypeOf<TikiProductRequestRejectedPayload>();
          expectTypeOf(event.payload.list_reasons).toEqualTypeOf<TikiRejectReason[]>();
          expectTypeOf(event.payload.reason).toEqualTypeOf<string | null>();
          expectTypeOf(event.payload.list_reasons[0]?.reason_id).toEqualTypeOf<number | undefined>();
          expectTypeOf(event.payload.list_reasons[0]?.reason_data).toBeUnknown();
          // @ts-expect-error the field is reason_id
          void event.payload.list_reasons[0]?.id;
        } else {
          expectTypeOf(event.payload).toEqualTypeOf<TikiProductRequestEmptyPayload>();
        }
        break;
      }
      case "product:request:approved":
      case "product:request:locked": {
        // Never published: a record whose fields are unknown until tested.
        expectTypeOf(event.payload).toEqualTypeOf<TikiProductRequestPayload>();
        expectTypeOf(event.payload.product_id).toBeUnknown();
        break;
      }
      default:
        expectTypeOf(event).toBeNever();
    }
  });
});

describe("Mobility Work", () => {
  it("narrows to the spare-part event with its guard, never on a guessed _event name", () => {
    const result = parseMwWebhook(body);
    if (!result.ok) return;
    const webhook = result.value;
    expectTypeOf(webhook._event).toBeString();
    expectTypeOf(webhook._date).toBeString();
    expectTypeOf(webhook._metadata).toEqualTypeOf<unknown[]>();
    // @ts-expect-error the other events do not type sparePart
    void webhook.sparePart.articleCode;
    if (isMwSparePartOutOfStock(webhook)) {
      expectTypeOf(webhook).toEqualTypeOf<MwSparePartOutOfStock>();
      expectTypeOf(webhook.sparePart.articleCode).toBeString();
      expectTypeOf(webhook.stock.location.locationId).toBeString();
      expectTypeOf(webhook.movement.on).toBeString();
      // @ts-expect-error the field is sparePartId
      void webhook.sparePart.id;
    } else {
      expectTypeOf(webhook).toEqualTypeOf<MwOtherWebhook>();
      expectTypeOf(webhook.sparePart).toBeUnknown();
    }
    // `"sparePart" in webhook` proves nothing (other events may carry one), so it does not narrow.
    if ("sparePart" in webhook) {
      // @ts-expect-error still either event
      void webhook.sparePart.name;
    }
  });
});

describe("Tilby", () => {
  it("narrows on type === \"SUBSCRIBED\" to the handshake, and otherwise to a notification with entities", () => {
    const result = parseTilbyWebhook(body);
    if (!result.ok) return;
    const webhook = result.value;
    expectTypeOf(webhook).toEqualTypeOf<TilbyWebhook>();
    // @ts-expect-error only notifications carry entities
    void webhook.entities;
    if (webhook.type === "SUBSCRIBED") {
      expectTypeOf(webhook).toEqualTypeOf<TilbySubscribed>();
      expectTypeOf(webhook.environment_id).toBeString();
      // @ts-expect-error the handshake has no entities
      void webhook.entities;
    } else {
      expectTypeOf(webhook).toEqualTypeOf<TilbyNotification>();
      // Unconfirmed fields are unknown: test their type before use.
      expectTypeOf(webhook.entities[0]?.id).toEqualTypeOf<unknown>();
      expectTypeOf(webhook.from_user).toEqualTypeOf<unknown>();
      expectTypeOf(webhook.nRetry).toEqualTypeOf<unknown>();
      // @ts-expect-error the field is nRetry
      void webhook.retries;
    }
    switch (webhook.type) {
      case "SUBSCRIBED":
        expectTypeOf(webhook).toEqualTypeOf<TilbySubscribed>();
        break;
      case "CLOSED":
        expectTypeOf(webhook).toEqualTypeOf<TilbyNotification>();
        break;
    }
  });

  it("offers the known entity names while accepting any string", () => {
    expectTypeOf<"sales">().toMatchTypeOf<TilbyEntityName>();
    expectTypeOf<"fidelity_movements">().toMatchTypeOf<TilbyEntityName>();
    expectTypeOf<TilbyEntityName>().toMatchTypeOf<string>();
  });
});

describe("eWarehousing", () => {
  it("narrows on group to the typed stock body, and on group and action for the others", () => {
    const result = parseEwarehousingWebhook(body);
    if (!result.ok) return;
    const webhook = result.value;
    expectTypeOf(webhook).toEqualTypeOf<EwarehousingWebhook>();
    // @ts-expect-error the group is "stock"
    if (webhook.group === "stocks") return;
    // @ts-expect-error the body is only typed once the group is known
    void webhook.body.stock_salable.toFixed();
    if (webhook.group === "stock") {
      expectTypeOf(webhook).toEqualTypeOf<EwarehousingStockUpdated>();
      expectTypeOf(webhook.body).toEqualTypeOf<EwarehousingStockBody>();
      expectTypeOf(webhook.body.stock_salable).toBeNumber();
      expectTypeOf(webhook.action).toEqualTypeOf<"updated">();
      // @ts-expect-error the field is stock_salable
      void webhook.body.salable;
    } else {
      expectTypeOf(webhook.body).toEqualTypeOf<Record<string, unknown>>();
    }
    if (webhook.group === "order") {
      expectTypeOf(webhook.action).toEqualTypeOf<"created" | "updated" | "planned" | "processing" | "shipped">();
      // @ts-expect-error orders are never "completed" (inbounds are)
      if (webhook.action === "completed") return;
    }
    if (webhook.group === "inbound" && webhook.action === "completed") {
      expectTypeOf(webhook.entityId).toEqualTypeOf<unknown>(); // named in the docs, never shown: not checked
    }
  });
});

describe("webhook-signatures/testing", () => {
  it("types each delivery's headers, including a Tilby header named by the caller", () => {
    const tiki = tikinowDelivery({ secret: "s" });
    expectTypeOf(tiki).toEqualTypeOf<TestDelivery<"x-signature">>();
    expectTypeOf(tiki.headers["x-signature"]).toBeString();
    expectTypeOf(tiki.headers).toMatchTypeOf<Record<string, string>>();
    const tilby = tilbyDelivery({ secret: "s", headerName: "X-Tilby-Signature" });
    expectTypeOf(tilby.headers["x-tilby-signature"]).toBeString();
    // @ts-expect-error the names are lowercase
    void tilby.headers["X-Tilby-Signature"];
    // Without headerName: the receiver's default header, typed as such.
    expectTypeOf(tilbyDelivery({ secret: "s" })).toEqualTypeOf<TestDelivery<"x-tilby-signature">>();
    // @ts-expect-error a TikiNOW payload must have the documented shape
    tikinowDelivery({ secret: "s", payload: { data: { sku: "1" } } });
    tikinowDelivery({ secret: "s", payload: { ...TIKINOW_STOCK_EXAMPLE, data: { ...TIKINOW_STOCK_EXAMPLE.data, qty_salable: 0 } } });
  });
});
