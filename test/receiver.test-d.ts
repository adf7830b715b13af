// The receiver's event router at the type level: each event narrows the payload, "*" takes
// everything as unknown, and what verification learnt is typed by provider.
import { describe, expectTypeOf, it } from "vitest";
import type {
  EwarehousingStockUpdated,
  MwSparePartOutOfStock,
  TikiAftersale,
  TikiOrderStatus,
  TikiProductRequestRejected,
  TikiStockSync,
  TilbyNotification,
  TilbySubscribed,
} from "../src/index.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { defineProvider } from "../src/index.js";
import { type DeliveryContext, type Receiver, type ReceiverOptions, type WaitUntilContext, createReceiver } from "../src/receiver/index.js";
import { createReceiver as createWebReceiver } from "../src/web/index.js";

describe("typed events", () => {
  it("TikiNOW: the channel is the one event, typed by channel", () => {
    const stock = createReceiver({ provider: "tikinow", channel: "stock", secret: "s" });
    stock.on("stock", ({ payload, verified }) => {
      expectTypeOf(payload).toEqualTypeOf<TikiStockSync>();
      expectTypeOf(verified.secretIndex).toEqualTypeOf<number | undefined>();
    });
    // @ts-expect-error another channel's event is not this route's
    stock.on("order_status", () => {});
    createReceiver({ provider: "tikinow", channel: "order_status", secret: "s" }).on("order_status", ({ payload }) => {
      expectTypeOf(payload).toEqualTypeOf<TikiOrderStatus>();
    });
    createReceiver({ provider: "tikinow", channel: "aftersale", secret: "s" }).on("aftersale", ({ payload }) => {
      expectTypeOf(payload).toEqualTypeOf<TikiAftersale>();
    });
  });

  it("Tiki Open API: by the body's event; the Basic id", () => {
    const tiki = createReceiver({ provider: "tiki", credentials: { id: "a", secret: "b" } });
    tiki.on("product:request:rejected", ({ payload, verified }) => {
      expectTypeOf(payload).toEqualTypeOf<TikiProductRequestRejected>();
      expectTypeOf(payload.event).toEqualTypeOf<"product:request:rejected">();
      expectTypeOf(verified.id).toEqualTypeOf<string>();
    });
    tiki.on("product:request:approved", ({ payload }) => expectTypeOf(payload.event).toEqualTypeOf<"product:request:approved">());
    tiki.on("product:request:locked", ({ payload }) => expectTypeOf(payload.event).toEqualTypeOf<"product:request:locked">());
  });

  it("Mobility Work: the spare-part event; nonce and timestamp", () => {
    createReceiver({ provider: "mobility-work", secret: "s" }).on("spare_part_out_of_stock", ({ payload, verified }) => {
      expectTypeOf(payload).toEqualTypeOf<MwSparePartOutOfStock>();
      expectTypeOf(verified.nonce).toEqualTypeOf<string>();
      expectTypeOf(verified.timestamp).toEqualTypeOf<number>();
    });
  });

  it("Tilby: entity_name.type, narrowed; SUBSCRIBED", () => {
    const tilby = createReceiver({ provider: "tilby", secret: "s" });
    tilby.on("sales.CLOSED", ({ payload }) => {
      expectTypeOf(payload).toMatchTypeOf<TilbyNotification>();
      expectTypeOf(payload.entity_name).toEqualTypeOf<"sales">();
      expectTypeOf(payload.type).toEqualTypeOf<"CLOSED">();
    });
    tilby.on("SUBSCRIBED", ({ payload }) => expectTypeOf(payload).toEqualTypeOf<TilbySubscribed>());
    // @ts-expect-error a typo is caught: no such event
    tilby.on("sales.CLOSD", () => {});
  });

  it("eWarehousing: group.action, narrowed", () => {
    const ew = createReceiver({ provider: "ewarehousing", secret: "s" });
    ew.on("stock.updated", ({ payload }) => expectTypeOf(payload).toEqualTypeOf<EwarehousingStockUpdated>());
    ew.on("order.shipped", ({ payload }) => {
      expectTypeOf(payload.group).toEqualTypeOf<"order">();
      expectTypeOf(payload.action).toEqualTypeOf<"shipped">();
      expectTypeOf(payload.body).toEqualTypeOf<Record<string, unknown>>();
    });
    // @ts-expect-error an action the group does not have
    ew.on("stock.deleted", () => {});
  });

  it("the catch-all takes every event, those the types do not know, as unknown", () => {
    for (const receiver of [
      createReceiver({ provider: "ewarehousing", secret: "s" }),
      createReceiver({ provider: "tilby", secret: "s" }),
    ]) {
      receiver.on("*", (context) => {
        expectTypeOf(context.payload).toEqualTypeOf<unknown>();
        expectTypeOf(context.event).toEqualTypeOf<string>();
        expectTypeOf(context.body).toEqualTypeOf<Uint8Array>();
      });
    }
    createReceiver({ provider: "tiki", credentials: [{ id: "a", secret: "b" }] }).on("*", ({ payload, verified }) => {
      expectTypeOf(payload).toEqualTypeOf<unknown>();
      expectTypeOf(verified).toEqualTypeOf<{ id: string }>();
    });
  });

  it("on() chains; the doors have their frameworks' shapes; secrets may be functions", () => {
    const receiver = createReceiver({ provider: "ewarehousing", secret: async ({ url }) => (url.includes("a") ? "s" : undefined) });
    expectTypeOf(receiver.on("*", () => {})).toEqualTypeOf(receiver);
    expectTypeOf(receiver.fetch).toEqualTypeOf<(request: Request, env?: unknown, ctx?: WaitUntilContext) => Promise<Response>>();
    expectTypeOf(receiver.fetch).toMatchTypeOf<(request: Request) => Promise<Response>>(); // Hono, Next.js, Bun, Deno
    expectTypeOf(receiver.node).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<DeliveryContext<unknown, unknown>["headers"]>().not.toBeAny();
    const web = createWebReceiver({ provider: "tikinow", channel: "stock", secret: ["a", "b"] });
    expectTypeOf(web).toMatchTypeOf<Receiver<{ stock: TikiStockSync }, { secretIndex?: number }>>();
  });

  it("is typed for a provider chosen at run time (no cast) and for a declared provider", () => {
    const chosen = (name: string): ReceiverOptions =>
      name === "tilby" ? { provider: "tilby", secret: "s", headerName: "x-sig" } : { provider: "ewarehousing", secret: "s" };
    const any = createReceiver(chosen("tilby"));
    expectTypeOf(any.on("*", ({ event, key, payload }) => {
      expectTypeOf(event).toEqualTypeOf<string>();
      expectTypeOf(key).toEqualTypeOf<string>();
      expectTypeOf(payload).toEqualTypeOf<unknown>();
    })).toEqualTypeOf(any);
    any.on("some.event", () => {});
    expectTypeOf(any.node).toMatchTypeOf<(req: IncomingMessage, res: ServerResponse) => Promise<void>>();

    const acme = defineProvider<{ "order.paid": { type: "order.paid"; id: string } }>({ name: "acme", signature: { header: "X-Acme-Signature" } });
    const declared = createReceiver({ provider: acme, secret: "s" });
    declared.on("order.paid", ({ payload }) => {
      expectTypeOf(payload).toEqualTypeOf<{ type: "order.paid"; id: string }>();
    });
    // @ts-expect-error: not an event of acme's map
    declared.on("order.refunded", () => {});
    expectTypeOf(createWebReceiver({ provider: acme, secret: "s" })).toEqualTypeOf(declared);
  });
});
