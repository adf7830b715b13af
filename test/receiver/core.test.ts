import { afterEach, describe, expect, it, vi } from "vitest";
import { type Delivery, createReceiver } from "../../src/receiver/index.js";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import { PROVIDERS } from "../../src/providers/index.js";

const PROVIDER_RETRY_AFTER_SECONDS = Object.fromEntries(PROVIDERS.map((p) => [p.name, p.retryAfterSeconds]));
import { verifyHmacBase64, verifyMwSignature, verifyTikiSha1 } from "../../src/index.js";
import { createHash } from "node:crypto";
import { storeWith } from "../helpers/stores.js";
import {
  EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
  MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
  TIKINOW_AFTERSALE_EXAMPLE,
  TIKINOW_ORDER_CANCELED_EXAMPLE,
  TIKINOW_STOCK_EXAMPLE,
  TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE,
  TILBY_SALES_CLOSED_EXAMPLE,
  TILBY_SUBSCRIBED_EXAMPLE,
  ewarehousingDelivery,
  mobilityWorkDelivery,
  tikiOpenApiDelivery,
  tikinowDelivery,
  tilbyDelivery,
} from "../../src/testing.js";
import { CREDENTIALS, SECRET, TILBY_HEADER, asDelivery, deferred, downStore, parsed, refusals, refused } from "./helpers.js";

const OK = { success: true };
const decoder = new TextDecoder();

function tikinow(options: Record<string, unknown> = {}) {
  const { list, onRefusal } = refusals();
  const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, ...(options as object) });
  return { receiver, refusals: list };
}

describe("the core: a plain delivery in, a plain answer out", () => {
  it("answers a genuine TikiNOW delivery 200 {success:true} after the handler ran with the typed payload, the raw body and the headers", async () => {
    const { receiver } = tikinow();
    const delivery = tikinowDelivery({ secret: SECRET });
    const seen: unknown[] = [];
    receiver.on("stock", (context) => void seen.push(context));
    const answer = parsed(await receiver.receive(asDelivery(delivery)));
    expect(answer).toEqual({ status: 200, headers: { "content-type": "application/json" }, body: OK });
    expect(seen).toHaveLength(1);
    const context = seen[0] as Record<string, unknown>;
    expect(context).toMatchObject({ provider: "tikinow", event: "stock", payload: TIKINOW_STOCK_EXAMPLE, headers: delivery.headers, route: "/webhooks/test" });
    expect(decoder.decode(context.body as Uint8Array)).toBe(delivery.body);
    // The body's digest, never the signature (which a log line would then print).
    expect(context.key).toBe(`tikinow:/webhooks/test:sha256:${createHash("sha256").update(delivery.body).digest("hex")}`);
  });

  it("refuses a tampered delivery 401 with the reason, runs nothing, and reports it without secret, signature or body", async () => {
    const { receiver, refusals: list } = tikinow();
    const handler = vi.fn();
    receiver.on("stock", handler);
    const genuine = tikinowDelivery({ secret: SECRET });
    const tampered = { body: genuine.body.replace("60", "61"), headers: genuine.headers };
    const answer = parsed(await receiver.receive(asDelivery(tampered)));
    expect(answer).toMatchObject({ status: 401, body: refused("SIGNATURE_MISMATCH") });
    expect(handler).not.toHaveBeenCalled();
    expect(list).toEqual([{ provider: "tikinow", route: "/webhooks/test", status: 401, reason: "signature_mismatch", message: expect.any(String) }]);
    const logged = JSON.stringify(list) + JSON.stringify(answer);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(genuine.headers["x-signature"].slice(5));
    expect(logged).not.toContain("HOB-8735");
  });

  it("answers a signed body of the wrong shape 400, and one that is not JSON 400 invalid_json", async () => {
    const { receiver } = tikinow();
    receiver.on("stock", () => {});
    expect(parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET, body: "{}" }))))).toMatchObject({ status: 400, body: refused("INVALID_PAYLOAD") });
    expect(parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET, body: "not json" }))))).toMatchObject({ status: 400, body: refused("INVALID_JSON") });
  });

  it("answers a method other than POST 405 with Allow: POST, before any work", async () => {
    const { receiver } = tikinow();
    const answer = parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }), { method: "GET" })));
    expect(answer).toMatchObject({ status: 405, headers: { allow: "POST" }, body: refused("METHOD_NOT_ALLOWED") });
  });

  it("answers a body over maxBodyBytes 413", async () => {
    const { receiver } = tikinow({ maxBodyBytes: 10 });
    const answer = parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))));
    expect(answer).toEqual({ status: 413, headers: { "content-type": "application/json" }, body: refused("BODY_TOO_LARGE") });
  });

  it("routes each TikiNOW channel to its parser", async () => {
    for (const [channel, payload] of [
      ["order_status", TIKINOW_ORDER_CANCELED_EXAMPLE],
      ["aftersale", TIKINOW_AFTERSALE_EXAMPLE],
    ] as const) {
      const receiver = createReceiver({ provider: "tikinow", channel, secret: SECRET, onRefusal: () => {} });
      const seen: unknown[] = [];
      receiver.on("*", ({ event, payload }) => void seen.push({ event, payload }));
      expect((await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET, payload })))).status).toBe(200);
      expect(seen).toEqual([{ event: channel, payload }]);
      // The stock body is not an order status nor an FD/CR: 400.
      expect((await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))))).toMatchObject({ status: 400 });
    }
  });
});

describe("at least once: the store", () => {
  it("processes a delivery sent twice once, and answers 200 to both", async () => {
    const { receiver } = tikinow();
    const handler = vi.fn();
    receiver.on("stock", handler);
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    expect((await receiver.receive(delivery)).status).toBe(200);
    expect((await receiver.receive(delivery)).status).toBe(200);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("keys a TikiNOW delivery on its body: a copy with the header re-cased or padded is the same delivery", async () => {
    const { receiver } = tikinow();
    const handler = vi.fn();
    receiver.on("stock", handler);
    const delivery = tikinowDelivery({ secret: SECRET });
    const digits = delivery.headers["x-signature"].slice("sha1=".length);
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    for (const respelled of [`SHA1=${digits.toUpperCase()}`, `  sha1=${digits}  `, `Sha1=${digits.slice(0, 20).toUpperCase()}${digits.slice(20)}`]) {
      const copy = asDelivery({ body: delivery.body, headers: { ...delivery.headers, "x-signature": respelled } });
      expect((await receiver.receive(copy)).status).toBe(200);
    }
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("answers a retry during a slow first attempt 409 with Retry-After, and the first attempt 200 once its handler returns", async () => {
    const { receiver } = tikinow();
    const slow = deferred();
    receiver.on("stock", () => slow.promise);
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    const first = receiver.receive(delivery);
    const retry = parsed(await receiver.receive(delivery));
    expect(retry).toMatchObject({ status: 409, body: refused("IN_PROGRESS") });
    expect(Number(retry.headers["retry-after"])).toBeGreaterThan(0);
    slow.resolve();
    expect((await first).status).toBe(200);
  });

  it("answers 500 when the handler throws, reports the error, and processes the retry", async () => {
    const { receiver, refusals: list } = tikinow();
    const boom = new Error("database down");
    let calls = 0;
    receiver.on("stock", () => {
      calls++;
      if (calls === 1) throw boom;
    });
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    const answer = parsed(await receiver.receive(delivery));
    expect(answer).toMatchObject({ status: 500, body: refused("HANDLER_FAILED") });
    expect(answer.body).not.toMatchObject({ error: { message: expect.stringContaining("database down") } });
    expect(list.at(-1)).toMatchObject({ status: 500, reason: "handler_failed", error: boom });
    expect((await receiver.receive(delivery)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it("answers 503 with Retry-After and runs nothing when the store cannot answer", async () => {
    const { receiver, refusals: list } = tikinow({ store: downStore() });
    const handler = vi.fn();
    receiver.on("stock", handler);
    const answer = parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))));
    expect(answer).toMatchObject({ status: 503, body: refused("STORE_UNAVAILABLE") });
    expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    expect(handler).not.toHaveBeenCalled();
    expect(list[0]).toMatchObject({ reason: "store_unavailable", error: expect.any(Error) });
  });

  it("answers 500 internal_error when a store breaks the NonceStore contract", async () => {
    const store = new MemoryNonceStore();
    store.begin = (() => ({ state: "maybe" })) as never;
    const { receiver, refusals: list } = tikinow({ store });
    receiver.on("stock", () => {});
    expect(parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))))).toMatchObject({ status: 500, body: refused("INTERNAL_ERROR") });
    expect(list[0]).toMatchObject({ reason: "internal_error", error: expect.any(TypeError) });
  });

  it("answers 503 at the deadline while the handler goes on under its lease; the retry then finds it done", async () => {
    const { receiver } = tikinow({ deadlineMs: 20 });
    const slow = deferred();
    let finished = 0;
    receiver.on("stock", async () => {
      await slow.promise;
      finished++;
    });
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    const answer = parsed(await receiver.receive(delivery));
    expect(answer).toMatchObject({ status: 503, body: refused("HANDLER_TIMEOUT") });
    expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    expect((await receiver.receive(delivery)).status).toBe(409); // still running: not 2xx
    slow.resolve();
    await vi.waitFor(() => expect(finished).toBe(1));
    await vi.waitFor(async () => expect((await receiver.receive(delivery)).status).toBe(200));
    expect(finished).toBe(1);
  });

  it("reports a handler that fails after its deadline answer, and the retry runs it again", async () => {
    const { receiver, refusals: list } = tikinow({ deadlineMs: 10 });
    const slow = deferred();
    let calls = 0;
    receiver.on("stock", () => (++calls === 1 ? slow.promise : undefined));
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    expect((await receiver.receive(delivery)).status).toBe(503);
    slow.reject(new Error("late failure"));
    await vi.waitFor(() => expect(list.map((r) => r.reason)).toContain("handler_failed_after_deadline"));
    expect((await receiver.receive(delivery)).status).toBe(200);
    expect(calls).toBe(2);
  });
});

describe("never two handlers at once: lease renewal, the handler's signal, the retry interval", () => {
  afterEach(() => {
    // Deadlines share one timer per length across calls: let a fake one fire before its clock goes.
    if (vi.isFakeTimers()) vi.runOnlyPendingTimers();
    vi.useRealTimers();
  });

  /** A memory store with a renew that answers `renewed`. */
  function renewingStore(renewed: () => boolean): NonceStore & { renew: ReturnType<typeof vi.fn> } {
    const renew = vi.fn((_k: string, _t: string, _l: number) => renewed());
    return { ...storeWith({ renew }), renew };
  }

  it("gives the handler an AbortSignal, fired when a renewal of the lease fails; the answer is 503 lease_lost, not recorded", async () => {
    vi.useFakeTimers();
    const store = renewingStore(() => false);
    const { receiver, refusals: list } = tikinow({ store, leaseMs: 3_000, deadlineMs: 2_000 });
    const signals: AbortSignal[] = [];
    receiver.on("stock", ({ signal }) => {
      signals.push(signal);
      return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    });
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    const pending = receiver.receive(delivery);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.renew).toHaveBeenCalledWith(expect.stringMatching(/^tikinow:/), expect.any(String), 3_000);
    const answer = parsed(await pending);
    expect(signals[0]?.aborted).toBe(true);
    expect(answer).toMatchObject({ status: 503, headers: { "retry-after": "60" }, body: refused("LEASE_LOST") });
    expect(list.at(-1)).toMatchObject({ status: 503, reason: "lease_lost", error: signals[0]?.reason });
  });

  it("keeps renewing while a slow handler runs, and its signal does not fire", async () => {
    vi.useFakeTimers();
    const store = renewingStore(() => true);
    const { receiver } = tikinow({ store, leaseMs: 3_000, deadlineMs: 2_000 });
    const slow = deferred();
    let signal!: AbortSignal;
    receiver.on("stock", (context) => ((signal = context.signal), slow.promise));
    const pending = receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await pending).status).toBe(503);
    expect(store.renew).toHaveBeenCalledTimes(10);
    slow.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(signal.aborted).toBe(false);
  });

  it("answers the deadline 503 with the provider's usual retry interval (eWarehousing hourly), not the rest of the lease", async () => {
    expect(PROVIDER_RETRY_AFTER_SECONDS).toEqual({
      ewarehousing: 3_600,
      tilby: 900,
      tikinow: 60,
      tiki: 60,
      "mobility-work": 60,
      // Shopify (8 retries over 4 h), WooCommerce, Sendcloud, Mollie, Haravan, Sapo
      shopify: 1_800,
      woocommerce: 60,
      sendcloud: 300,
      mollie: 60,
      haravan: 60,
      sapo: 60,
      // Standard Webhooks, SePay, Lazada (12 retries 30 min apart), TikTok Shop, Shopee
      "standard-webhooks": 60,
      sepay: 60,
      lazada: 1_800,
      "tiktok-shop": 60,
      shopee: 60,
      // payOS, Casso, ZaloPay; VNPay, MoMo, Adyen
      payos: 60,
      casso: 60,
      zalopay: 60,
      vnpay: 300,
      momo: 60,
      adyen: 60,
    });
    vi.useFakeTimers();
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "ewarehousing", secret: SECRET, deadlineMs: 1_000, leaseMs: 7_200_000, onRefusal });
    const slow = deferred();
    receiver.on("*", () => slow.promise);
    const pending = receiver.receive(asDelivery(ewarehousingDelivery({ secret: SECRET, webhookId: "wh-slow" })));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(parsed(await pending)).toMatchObject({ status: 503, headers: { "retry-after": "3600" }, body: refused("HANDLER_TIMEOUT") });
    expect(list[0]?.reason).toBe("handler_timeout");
    slow.resolve();
  });

  it("gives Tilby's SUBSCRIBED handler a signal too, which never fires", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "tilby", secret: SECRET, headerName: TILBY_HEADER, onRefusal });
    const signals: AbortSignal[] = [];
    receiver.on("SUBSCRIBED", ({ signal }) => void signals.push(signal));
    const handshake = asDelivery(tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: TILBY_SUBSCRIBED_EXAMPLE }));
    expect((await receiver.receive(handshake)).status).toBe(200);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect(signals[0]?.aborted).toBe(false);
    expect(list).toEqual([]);
  });

  it.each([
    [{ leaseMs: 500 }, "got leaseMs 500 and deadlineMs 8000"],
    [{ leaseMs: 8_000 }, "got leaseMs 8000 and deadlineMs 8000"],
    [{ deadlineMs: 300_000 }, "got leaseMs 300000 and deadlineMs 300000"],
    [{ leaseMs: 500, deadlineMs: 600 }, "got leaseMs 500 and deadlineMs 600"],
  ])("refuses a lease no longer than the deadline (%j), defaults included, naming both", (options, got) => {
    expect(() => createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, ...options })).toThrow(
      new TypeError(`[webhook-signatures] createReceiver({ provider: "tikinow", channel: "stock" }): leaseMs must be longer than deadlineMs (a retry after the deadline would run beside the handler), ${got}`),
    );
    expect(() => createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, leaseMs: 8_001 })).not.toThrow();
  });
});

describe("events and handlers", () => {
  it("answers 500 no_handler for an event no handler takes (the provider retries: nothing is lost silently)", async () => {
    const { receiver, refusals: list } = tikinow();
    expect(parsed(await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))))).toMatchObject({ status: 500, body: refused("NO_HANDLER") });
    expect(list[0]?.message).toContain('"stock"');
  });

  it("runs an event's handlers in order, then the '*' ones, with one payload", async () => {
    const { receiver } = tikinow();
    const order: string[] = [];
    receiver.on("*", async () => void order.push("any")).on("stock", () => void order.push("first")).on("stock", async () => void order.push("second"));
    receiver.on("*", () => void order.push("any, sync"));
    expect((await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })))).status).toBe(200);
    expect(order).toEqual(["first", "second", "any", "any, sync"]);
  });

  it("eWarehousing: names the event group.action, keys on X-Webhook-Id (falling back to the body), passes secretIndex", async () => {
    const { list, onRefusal } = refusals();
    const secret = ["old-secret", SECRET];
    const receiver = createReceiver({ provider: "ewarehousing", secret, onRefusal });
    const seen: Array<{ event: string; key: string; verified: unknown; sku: string }> = [];
    receiver.on("stock.updated", ({ event, key, verified, payload }) => void seen.push({ event, key, verified, sku: payload.body.sku }));
    const delivery = ewarehousingDelivery({ secret: SECRET, webhookId: "wh-1" });
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    // Another body under the same X-Webhook-Id is the same event: not processed again.
    const again = ewarehousingDelivery({ secret: SECRET, webhookId: "wh-1", payload: { ...EWAREHOUSING_STOCK_UPDATED_EXAMPLE, entityId: 2 } });
    expect((await receiver.receive(asDelivery(again))).status).toBe(200);
    const { ok: _ok, ...expected } = verifyHmacBase64({ body: delivery.body, secret, headers: delivery.headers }) as { ok: true };
    expect(seen).toEqual([{ event: "stock.updated", key: "ewarehousing:/webhooks/test:wh-1", verified: expected, sku: EWAREHOUSING_STOCK_UPDATED_EXAMPLE.body.sku }]);
    const { "x-webhook-id": _id, ...withoutId } = delivery.headers;
    const other = parsed(await receiver.receive(asDelivery({ body: delivery.body, headers: withoutId })));
    expect(other.status).toBe(200);
    expect(seen[1]?.key).toMatch(/^ewarehousing:\/webhooks\/test:sha256:[0-9a-f]{64}$/);
    expect(list).toEqual([]);
  });

  it("eWarehousing: an event the types do not know reaches '*'", async () => {
    const receiver = createReceiver({ provider: "ewarehousing", secret: SECRET });
    const events: string[] = [];
    receiver.on("*", ({ event }) => void events.push(event));
    const payload = { ...EWAREHOUSING_STOCK_UPDATED_EXAMPLE, group: "returns", action: "received", body: {} } as never;
    expect((await receiver.receive(asDelivery(ewarehousingDelivery({ secret: SECRET, payload })))).status).toBe(200);
    expect(events).toEqual(["returns.received"]);
  });

  it("Tilby: names entity_name.type, keys on notification_uuid (else the body), and answers SUBSCRIBED 200 with or without a handler", async () => {
    const receiver = createReceiver({ provider: "tilby", secret: SECRET });
    const seen: Array<{ event: string; key: string }> = [];
    receiver.on("sales.CLOSED", ({ event, key, payload }) => void seen.push({ event, key, ...(payload.entity_name === "sales" ? {} : { wrong: true }) }));
    const sale = tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: TILBY_SALES_CLOSED_EXAMPLE });
    expect((await receiver.receive(asDelivery(sale))).status).toBe(200);
    expect(seen).toEqual([{ event: "sales.CLOSED", key: `tilby:/webhooks/test:${String(TILBY_SALES_CLOSED_EXAMPLE.notification_uuid)}` }]);
    const { notification_uuid: _uuid, ...withoutUuid } = TILBY_SALES_CLOSED_EXAMPLE;
    expect((await receiver.receive(asDelivery(tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: withoutUuid }))))).toMatchObject({ status: 200 });
    expect(seen[1]?.key).toMatch(/^tilby:\/webhooks\/test:sha256:[0-9a-f]{64}$/);
    const handshake = asDelivery(tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: TILBY_SUBSCRIBED_EXAMPLE }));
    expect(parsed(await receiver.receive(handshake))).toMatchObject({ status: 200, body: OK });
    const subscribed = vi.fn();
    receiver.on("SUBSCRIBED", subscribed);
    expect((await receiver.receive(handshake)).status).toBe(200);
    expect((await receiver.receive(handshake)).status).toBe(200);
    expect(subscribed).toHaveBeenCalledTimes(2); // a check that the URL answers: not deduplicated
  });

  it("Tilby: a SUBSCRIBED handler that throws answers 500; headerName names the header", async () => {
    const receiver = createReceiver({ provider: "tilby", secret: SECRET, headerName: "X-Sig", onRefusal: () => {} });
    receiver.on("SUBSCRIBED", () => {
      throw new Error("no");
    });
    const handshake = asDelivery(tilbyDelivery({ secret: SECRET, headerName: "x-sig", payload: TILBY_SUBSCRIBED_EXAMPLE }));
    expect(parsed(await receiver.receive(handshake))).toMatchObject({ status: 500, body: refused("HANDLER_FAILED") });
  });

  it("Tiki Open API: names the event, keys on the event id, passes the Basic id; an unknown event reaches '*' as unknown", async () => {
    const receiver = createReceiver({ provider: "tiki", credentials: [{ id: "old", secret: "old-secret" }, CREDENTIALS], onRefusal: () => {} });
    const seen: unknown[] = [];
    receiver.on("product:request:rejected", ({ event, key, verified, payload }) => void seen.push({ event, key, verified, state: payload.payload.state }));
    receiver.on("*", ({ event, payload }) => void seen.push({ any: event, payload }));
    const delivery = tikiOpenApiDelivery({ credentials: CREDENTIALS });
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    expect(seen[0]).toEqual({
      event: "product:request:rejected",
      key: `tiki:/webhooks/test#${CREDENTIALS.id}:${TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE.id}`,
      verified: { id: CREDENTIALS.id },
      state: TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE.payload.state,
    });
    const future = { id: "evt-9", event: "product:request:archived", payload: { x: 1 } };
    expect((await receiver.receive(asDelivery(tikiOpenApiDelivery({ credentials: CREDENTIALS, body: JSON.stringify(future) }))))).toMatchObject({ status: 200 });
    expect(seen.at(-1)).toEqual({ any: "product:request:archived", payload: future });
    // Without an id, or with a known event of the wrong shape, the body is refused 400 as the parser says.
    for (const body of ['{"event":"product:request:archived"}', '{"id":"e","event":"product:request:approved"}', '{"id":"e","event":""}', '{"id":"","event":"x"}', '{"id":"e","event":5}', "[1]", "null", "nope"]) {
      expect((await receiver.receive(asDelivery(tikiOpenApiDelivery({ credentials: CREDENTIALS, body })))).status).toBe(400);
    }
  });

  it("Mobility Work: the spare-part event by its shape, other events by _event; nonce and timestamp passed; a replay runs once", async () => {
    const receiver = createReceiver({ provider: "mobility-work", secret: SECRET, toleranceSeconds: 600, onRefusal: () => {} });
    const seen: unknown[] = [];
    receiver.on("spare_part_out_of_stock", ({ event, key, verified, payload }) => void seen.push({ event, key, verified, name: payload.sparePart.name }));
    receiver.on("*", ({ event }) => void seen.push(event));
    const delivery = mobilityWorkDelivery({ secret: SECRET });
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    const { ok: _ok, ...verified } = verifyMwSignature({ body: delivery.body, secret: SECRET, headers: delivery.headers }) as { ok: true; nonce: string };
    expect(seen).toEqual([
      { event: "spare_part_out_of_stock", key: `mobility-work:/webhooks/test:${verified.nonce}`, verified, name: MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE.sparePart.name },
      "spare_part_out_of_stock",
    ]);
    const other = mobilityWorkDelivery({ secret: SECRET, payload: { _event: "task.closed", _date: "2024-07-29T15:51:28.071Z", _metadata: [] } });
    expect((await receiver.receive(asDelivery(other))).status).toBe(200);
    expect(seen.at(-1)).toBe("task.closed");
    const old = mobilityWorkDelivery({ secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(parsed(await receiver.receive(asDelivery(old)))).toMatchObject({ status: 401, body: refused("TIMESTAMP_TOO_OLD") });
  });

  it("a handler added after deliveries arrived runs for the next ones", async () => {
    const { receiver } = tikinow();
    const calls: string[] = [];
    receiver.on("stock", () => void calls.push("first"));
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET, payload: { data: { ...TIKINOW_STOCK_EXAMPLE.data, sku: "1" } } })));
    receiver.on("*", () => void calls.push("any"));
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET, payload: { data: { ...TIKINOW_STOCK_EXAMPLE.data, sku: "2" } } })));
    expect(calls).toEqual(["first", "first", "any"]);
  });

  it("routes more distinct event names than it remembers (names come from the network)", async () => {
    const receiver = createReceiver({ provider: "mobility-work", secret: SECRET });
    const events = new Set<string>();
    receiver.on("*", ({ event }) => void events.add(event));
    for (let i = 0; i < 1010; i++) {
      const delivery = mobilityWorkDelivery({ secret: SECRET, payload: { _event: `event.${i}`, _date: "d", _metadata: [] } });
      expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    }
    expect(events.size).toBe(1010);
  });

  it("an event named '*' by the provider runs the '*' handlers once", async () => {
    const receiver = createReceiver({ provider: "mobility-work", secret: SECRET });
    const any = vi.fn();
    receiver.on("*", any);
    const delivery = mobilityWorkDelivery({ secret: SECRET, payload: { _event: "*", _date: "d", _metadata: [] } });
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(200);
    expect(any).toHaveBeenCalledTimes(1);
  });
});

describe("secrets", () => {
  it("passes which secret of a rotation list matched (secretIndex)", async () => {
    const secret = ["new-secret", SECRET];
    const { receiver } = tikinow({ secret });
    const verified: unknown[] = [];
    receiver.on("stock", (context) => void verified.push(context.verified));
    const delivery = tikinowDelivery({ secret: SECRET });
    await receiver.receive(asDelivery(delivery));
    const { ok: _ok, ...expected } = verifyTikiSha1({ body: delivery.body, secret, headers: delivery.headers }) as { ok: true };
    expect(verified).toEqual([expected]);
  });

  it("takes the secret from a function of the request, sync or async (a tenant in the path)", async () => {
    const tenants: Record<string, string> = { "/webhooks/shop-a": SECRET, "/webhooks/shop-b": "shop-b-secret" };
    const calls: unknown[] = [];
    for (const lookup of [
      (request: { url: string; method: string }) => (calls.push(request.method), tenants[new URL(request.url, "http://x").pathname]),
      async (request: { url: string }) => tenants[new URL(request.url, "http://x").pathname],
    ]) {
      const { receiver } = tikinow({ secret: lookup });
      receiver.on("stock", () => {});
      const delivery = tikinowDelivery({ secret: SECRET });
      expect((await receiver.receive(asDelivery(delivery, { url: "/webhooks/shop-a" }))).status).toBe(200);
      expect((await receiver.receive(asDelivery(delivery, { url: "/webhooks/shop-b" }))).status).toBe(401);
      expect(parsed(await receiver.receive(asDelivery(delivery, { url: "/webhooks/shop-c" })))).toMatchObject({ status: 401, body: refused("UNKNOWN_SECRET") });
    }
    expect(calls).toEqual(["POST", "POST", "POST"]);
  });

  it("answers 500 when the secret function throws, and 500 internal_error when it returns something that is not a secret", async () => {
    const failing = tikinow({ secret: () => Promise.reject(new Error("vault down")) });
    failing.receiver.on("stock", () => {});
    expect(parsed(await failing.receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))))).toMatchObject({ status: 500, body: refused("SECRET_UNAVAILABLE") });
    expect(failing.refusals[0]).toMatchObject({ reason: "secret_unavailable", error: expect.any(Error) });
    const wrong = tikinow({ secret: () => "" });
    wrong.receiver.on("stock", () => {});
    expect(parsed(await wrong.receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }))))).toMatchObject({ status: 500, body: refused("INTERNAL_ERROR") });
    expect(wrong.refusals[0]?.error).toBeInstanceOf(TypeError);
    const { url: _url, ...withoutUrl } = asDelivery(tikinowDelivery({ secret: SECRET }));
    expect((await wrong.receiver.receive(withoutUrl)).status).toBe(500);
    expect(wrong.refusals[1]?.route).toBe("tikinow");
  });

  it("takes Tiki credentials from a function too", async () => {
    const receiver = createReceiver({ provider: "tiki", credentials: async () => CREDENTIALS });
    receiver.on("*", () => {});
    expect((await receiver.receive(asDelivery(tikiOpenApiDelivery({ credentials: CREDENTIALS })))).status).toBe(200);
  });
});

describe("refusals", () => {
  it("names the route: the option, else the path of the URL (a path, a full URL, or none)", async () => {
    const cases: Array<[Partial<Delivery>, Record<string, unknown>, string]> = [
      [{}, { route: "stock-route" }, "stock-route"],
      [{ url: "https://example.com/a/b?c#d" }, {}, "/a/b"],
      [{ url: "https://example.com" }, {}, "/"],
      [{ url: "/p#frag" }, {}, "/p"],
      [{ url: undefined as never }, {}, "tikinow"],
    ];
    for (const [overrides, options, route] of cases) {
      const { receiver, refusals: list } = tikinow(options);
      const delivery = asDelivery(tikinowDelivery({ secret: SECRET }), { method: "PUT", ...overrides });
      if (overrides.url === undefined && "url" in overrides) delete delivery.url;
      await receiver.receive(delivery);
      expect(list[0]?.route).toBe(route);
    }
  });

  it("a refusal hook that throws does not change the answer", async () => {
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => { throw new Error("logger down"); } });
    expect((await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET }), { method: "GET" }))).status).toBe(405);
  });

  it("by default logs one line per refusal on console.warn, without the secret, the signature or the body", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET });
      const genuine = tikinowDelivery({ secret: SECRET });
      await receiver.receive(asDelivery({ body: genuine.body.replace("60", "61"), headers: genuine.headers }));
      expect(warn).toHaveBeenCalledTimes(1);
      const line = String(warn.mock.calls[0]?.[0]);
      expect(line).toMatch(/^\[webhook-signatures\] refused 401 signature_mismatch \(tikinow \/webhooks\/test\): /);
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(genuine.headers["x-signature"].slice(5));
      expect(line).not.toContain("HOB-8735");
      expect(line).not.toContain("\n");
    } finally {
      warn.mockRestore();
    }
  });

  it("a very long event name is cut in the no_handler message", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "mobility-work", secret: SECRET, onRefusal });
    const delivery = mobilityWorkDelivery({ secret: SECRET, payload: { _event: "e".repeat(500), _date: "d", _metadata: [] } });
    expect((await receiver.receive(asDelivery(delivery))).status).toBe(500);
    expect(list[0]?.message.length).toBeLessThan(300);
  });
});

describe("caller mistakes throw a TypeError naming the argument", () => {
  const base = { provider: "tikinow", channel: "stock", secret: SECRET };
  const cases: Array<[unknown, string]> = [
    [undefined, "options"],
    [{ ...base, provider: "github" }, "provider"],
    [{ ...base, channel: "orders" }, "channel"],
    [{ ...base, secret: "" }, "secret"],
    [{ ...base, secret: ["ok", ""] }, "secret"],
    [{ provider: "tiki", credentials: { id: "a" } }, "credentials.secret"],
    [{ provider: "tiki", credentials: [{ id: "a:b", secret: "s" }] }, "credentials"],
    [{ provider: "mobility-work", secret: SECRET, toleranceSeconds: -1 }, "toleranceSeconds"],
    [{ provider: "tilby", secret: SECRET, headerName: "" }, "headerName"],
    [{ ...base, store: {} }, "store"],
    [{ ...base, maxBodyBytes: -1 }, "maxBodyBytes"],
    [{ ...base, maxBodyBytes: "1mb" }, "maxBodyBytes"],
    [{ ...base, deadlineMs: 0 }, "deadlineMs"],
    [{ ...base, leaseMs: 1.5 }, "leaseMs"],
    [{ ...base, retentionMs: "1d" }, "retentionMs"],
    [{ ...base, route: 1 }, "route"],
    [{ ...base, onRefusal: "log" }, "onRefusal"],
  ];
  it.each(cases)("%j names %s", (options, argument) => {
    expect(() => createReceiver(options as never)).toThrow(TypeError);
    expect(() => createReceiver(options as never)).toThrow(new RegExp(`^\\[webhook-signatures\\] createReceiver\\(.*\\): ${argument.replace(".", "\\.")}[ [.]`));
  });

  it("accepts a secret function and a credentials function without calling them", () => {
    const lookup = vi.fn();
    createReceiver({ provider: "tikinow", channel: "stock", secret: lookup });
    createReceiver({ provider: "tiki", credentials: lookup });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("receive() checks the delivery", () => {
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET });
    expect(() => receiver.receive(undefined as never)).toThrow(/^\[webhook-signatures\] delivery /);
    expect(() => receiver.receive({ method: "POST", headers: {}, body: "{}" as never })).toThrow(/^\[webhook-signatures\] delivery\.body /);
  });

  it("on() checks the event and the handler", () => {
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET });
    expect(() => receiver.on("" as never, () => {})).toThrow(/^\[webhook-signatures\] event /);
    expect(() => receiver.on("stock", "h" as never)).toThrow(/^\[webhook-signatures\] handler /);
  });
});
