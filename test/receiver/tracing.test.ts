// Tracing through node:diagnostics_channel: each delivery is one trace on
// "webhook-signatures:receive" (start → end → [error] → asyncStart → asyncEnd), each store
// transition one on "webhook-signatures:store"; never a secret, a signature, a header value or
// a body byte in a context; nothing at all (and no context built) when nobody subscribes.
import { AsyncLocalStorage } from "node:async_hooks";
import * as diagnostics from "node:diagnostics_channel";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createReceiver } from "../../src/receiver/index.js";
import { createReceiver as createWebReceiver } from "../../src/web/index.js";
import * as receiverEntry from "../../src/receiver/index.js";
import * as webEntry from "../../src/web/index.js";
import * as rootEntry from "../../src/index.js";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import { runOnce } from "../../src/replay/run-once.js";
import { TIKINOW_STOCK_EXAMPLE, tikinowDelivery } from "../../src/testing.js";
import { storeWith } from "../helpers/stores.js";
import { SECRET, TILBY_HEADER, asDelivery, deferred, downStore, refusals } from "./helpers.js";

// The names a subscriber types: literals here, not the exported constants (which a test below checks).
const RECEIVE = "webhook-signatures:receive";
const STORE = "webhook-signatures:store";
const EVENTS = ["start", "end", "asyncStart", "asyncEnd", "error"] as const;

type Seen = { event: (typeof EVENTS)[number]; context: Record<string, unknown>; json: string };

/** Subscribes to every event of a tracing channel; each event's context as it was then (a copy) and as JSON. */
function listen(name: string) {
  const seen: Seen[] = [];
  const channel = diagnostics.tracingChannel(name);
  const handlers = Object.fromEntries(
    EVENTS.map((event) => [event, (message: unknown) => void seen.push({ event, context: { ...(message as object) }, json: JSON.stringify(message) })]),
  ) as unknown as diagnostics.TracingChannelSubscribers<object>;
  channel.subscribe(handlers);
  const stop = () => channel.unsubscribe(handlers);
  stops.push(stop);
  return { seen, stop, events: () => seen.map((s) => s.event), last: () => seen.at(-1)?.context };
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  if (vi.isFakeTimers()) vi.runOnlyPendingTimers();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function tikinow(options: Record<string, unknown> = {}) {
  const { list, onRefusal } = refusals();
  const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, ...(options as object) });
  return { receiver, refusals: list };
}

const ASYNC = ["start", "end", "asyncStart", "asyncEnd"];
const FAILED = ["start", "end", "error", "asyncStart", "asyncEnd"];

/** A stock delivery of its own: a SKU no other test sends. */
const stock = (sku: string) => ({ data: { ...TIKINOW_STOCK_EXAMPLE.data, sku } });

/** The signature's query parameter, as VNPay sends one: it must not reach a trace through the route. */
const URL_WITH_SIGNATURE = "/webhooks/test?vnp_SecureHash=deadbeefcafe";

describe("each delivery is one trace on webhook-signatures:receive", () => {
  it("a genuine delivery: provider and route at start; event, key, outcome processed and status 200 by asyncStart", async () => {
    const trace = listen(RECEIVE);
    const { receiver } = tikinow();
    receiver.on("stock", () => undefined);
    const delivery = tikinowDelivery({ secret: SECRET });
    const answer = await receiver.receive(asDelivery(delivery, { url: URL_WITH_SIGNATURE }));
    expect(answer.status).toBe(200);
    expect(trace.events()).toEqual(ASYNC);
    expect(trace.seen[0]?.context).toEqual({ provider: "tikinow", route: "/webhooks/test" });
    const key = (await import("node:crypto")).createHash("sha256").update(delivery.body).digest("hex");
    for (const { context } of trace.seen.slice(2)) {
      expect(context).toEqual({ provider: "tikinow", route: "/webhooks/test", event: "stock", key: `tikinow:/webhooks/test:sha256:${key}`, outcome: "processed", status: 200 });
    }
  });

  it("the same context object travels through every event of one delivery, and each delivery has its own", async () => {
    const objects: unknown[] = [];
    const channel = diagnostics.tracingChannel(RECEIVE);
    const handlers = { start: (m: unknown) => void objects.push(m), end: () => {}, asyncStart: () => {}, asyncEnd: (m: unknown) => void objects.push(m), error: () => {} };
    channel.subscribe(handlers);
    stops.push(() => channel.unsubscribe(handlers));
    const { receiver } = tikinow();
    receiver.on("stock", () => undefined);
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET, payload: stock("other") })));
    expect(objects).toHaveLength(4);
    expect(objects[0]).toBe(objects[1]);
    expect(objects[2]).toBe(objects[3]);
    expect(objects[0]).not.toBe(objects[2]);
  });

  it("a refusal: outcome refused with its reason and status, no event or key (nothing was verified)", async () => {
    const trace = listen(RECEIVE);
    const { receiver } = tikinow();
    receiver.on("stock", () => undefined);
    const genuine = tikinowDelivery({ secret: SECRET });
    await receiver.receive(asDelivery({ body: genuine.body.replace("60", "61"), headers: genuine.headers }));
    expect(trace.events()).toEqual(ASYNC);
    expect(trace.last()).toEqual({ provider: "tikinow", route: "/webhooks/test", outcome: "refused", reason: "signature_mismatch", status: 401 });
  });

  it("a duplicate: the second copy's outcome is duplicate, 200", async () => {
    const { receiver } = tikinow();
    receiver.on("stock", () => undefined);
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    await receiver.receive(delivery);
    const trace = listen(RECEIVE);
    await receiver.receive(delivery);
    expect(trace.last()).toMatchObject({ event: "stock", outcome: "duplicate", status: 200 });
    expect(trace.last()).not.toHaveProperty("reason");
  });

  it("a handler error: the error event carries it, then outcome refused, handler_failed, 500", async () => {
    const trace = listen(RECEIVE);
    const { receiver } = tikinow();
    const failure = new Error("the database is down");
    receiver.on("stock", () => {
      throw failure;
    });
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(trace.events()).toEqual(FAILED);
    const error = trace.seen.find((s) => s.event === "error")?.context;
    expect(error).toMatchObject({ outcome: "refused", reason: "handler_failed", status: 500, event: "stock" });
    expect(error?.error).toBe(failure);
  });

  it("a handler still running at the deadline: outcome timed_out, handler_timeout, 503; a delivery meanwhile: in_progress, 409", async () => {
    const trace = listen(RECEIVE);
    const { receiver } = tikinow({ deadlineMs: 20 });
    const slow = deferred();
    receiver.on("stock", () => slow.promise);
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    expect((await receiver.receive(delivery)).status).toBe(503);
    expect(trace.last()).toMatchObject({ outcome: "timed_out", reason: "handler_timeout", status: 503 });
    expect((await receiver.receive(delivery)).status).toBe(409);
    expect(trace.last()).toMatchObject({ outcome: "in_progress", reason: "in_progress", status: 409 });
    slow.resolve();
  });

  it("a store that is down: the error event, then outcome unavailable, store_unavailable, 503", async () => {
    const trace = listen(RECEIVE);
    const { receiver } = tikinow({ store: downStore() });
    receiver.on("stock", () => undefined);
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(trace.events()).toEqual(FAILED);
    expect(trace.last()).toMatchObject({ outcome: "unavailable", reason: "store_unavailable", status: 503, error: expect.any(Error) });
  });

  it("a handshake that ran its handler is processed; an unsigned ping that ran nothing is a ping", async () => {
    const trace = listen(RECEIVE);
    const tilby = createReceiver({ provider: "tilby", secret: SECRET, headerName: TILBY_HEADER, onRefusal: () => {} });
    tilby.on("*", () => undefined);
    const { tilbyDelivery, TILBY_SUBSCRIBED_EXAMPLE } = await import("../../src/testing.js");
    await tilby.receive(asDelivery(tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: TILBY_SUBSCRIBED_EXAMPLE })));
    expect(trace.last()).toMatchObject({ provider: "tilby", outcome: "processed", status: 200 });
    const woo = createReceiver({ provider: "woocommerce", secret: SECRET, onRefusal: () => {} });
    woo.on("*", () => undefined);
    const ping = new TextEncoder().encode("webhook_id=12");
    await woo.receive({ method: "POST", url: "/woo", headers: { "content-type": "application/x-www-form-urlencoded" }, body: ping });
    expect(trace.last()).toEqual({ provider: "woocommerce", route: "/woo", outcome: "ping", status: 200 });
  });

  it("a receiver's failure on a request (a store that broke its contract): the error event, refused internal_error 500", async () => {
    const trace = listen(RECEIVE);
    const store = new MemoryNonceStore();
    store.begin = (() => ({ state: "maybe" })) as never;
    const { receiver } = tikinow({ store });
    receiver.on("stock", () => undefined);
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(trace.events()).toEqual(FAILED);
    expect(trace.last()).toMatchObject({ outcome: "refused", reason: "internal_error", status: 500, error: expect.any(TypeError) });
    // One whose begin answers nothing, for a delivery without a URL: the store's trace has no result; the route is the provider's name.
    const stores = listen(STORE);
    const { receiver: other } = tikinow({ store: storeWith({ begin: () => null as never }) });
    other.on("stock", () => undefined);
    const { url: _url, ...withoutUrl } = asDelivery(tikinowDelivery({ secret: SECRET }));
    await other.receive(withoutUrl);
    expect(trace.last()).toMatchObject({ route: "tikinow", reason: "internal_error", status: 500 });
    expect(stores.last()).toEqual({ operation: "begin", key: expect.stringMatching(/^tikinow:tikinow:sha256:/) });
  });

  it("a door's own refusal (method, size, a consumed body) is a trace of its own, published when it answers", async () => {
    const trace = listen(RECEIVE);
    const { receiver } = tikinow();
    receiver.on("stock", () => undefined);
    expect((await receiver.fetch(new Request("http://127.0.0.1/hook?vnp_SecureHash=ab", { method: "GET" }))).status).toBe(405);
    expect(trace.events()).toEqual(ASYNC);
    expect(trace.last()).toEqual({ provider: "tikinow", route: "/hook", outcome: "refused", reason: "method_not_allowed", status: 405 });
    const big = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, maxBodyBytes: 4, onRefusal: () => {} });
    expect((await big.fetch(new Request("http://127.0.0.1/big", { method: "POST", body: "0123456789" }))).status).toBe(413);
    expect(trace.last()).toMatchObject({ route: "/big", outcome: "refused", reason: "body_too_large", status: 413 });
    const used = new Request("http://127.0.0.1/used", { method: "POST", body: "{}" });
    await used.text();
    expect((await receiver.fetch(used)).status).toBe(500);
    expect(trace.last()).toMatchObject({ route: "/used", reason: "body_consumed", status: 500 });
    // A request that passes the door's checks is traced once, by the core.
    const before = trace.seen.length;
    const delivery = tikinowDelivery({ secret: SECRET });
    await receiver.fetch(new Request("http://127.0.0.1/ok", { method: "POST", headers: delivery.headers, body: delivery.body }));
    expect(trace.seen.slice(before).map((s) => s.event)).toEqual(ASYNC);
  });

  it("the /web receiver (Web Crypto) publishes the same trace", async () => {
    const trace = listen(RECEIVE);
    const receiver = createWebReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => {} });
    receiver.on("stock", () => undefined);
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(trace.last()).toMatchObject({ provider: "tikinow", event: "stock", outcome: "processed", status: 200 });
  });

  it("no context ever holds the secret, the signature, a header value, a query value or a byte of the body", async () => {
    const trace = listen(RECEIVE);
    const stores = listen(STORE);
    const { receiver } = tikinow({ deadlineMs: 20 });
    let calls = 0;
    const slow = deferred();
    receiver.on("stock", () => {
      calls++;
      if (calls === 2) throw new Error("boom");
      if (calls === 3) return slow.promise;
      return undefined;
    });
    const deliveries = [1, 2, 3].map((n) => tikinowDelivery({ secret: SECRET, payload: stock(`sku-${n}-unique`) }));
    for (const delivery of deliveries) await receiver.receive(asDelivery(delivery, { url: URL_WITH_SIGNATURE }));
    await receiver.receive(asDelivery(deliveries[0]!, { url: URL_WITH_SIGNATURE })); // duplicate
    await receiver.receive(asDelivery({ body: deliveries[0]!.body, headers: { ...deliveries[0]!.headers, "x-signature": "sha1=" + "0".repeat(40) } }));
    slow.resolve();
    const forbidden = [SECRET, "deadbeefcafe", "vnp_SecureHash", ...deliveries.flatMap((d) => [d.body, ...Object.values(d.headers)]), "sku-1-unique", "sku-2-unique", "sku-3-unique", "0".repeat(40)];
    expect(trace.seen.length).toBeGreaterThanOrEqual(20);
    expect(stores.seen.length).toBeGreaterThanOrEqual(20);
    for (const { json } of [...trace.seen, ...stores.seen]) {
      for (const value of forbidden) expect(json).not.toContain(value);
      expect(json).not.toMatch(/"(body|payload|headers|secret|signature|token|verified)"/);
    }
  });

  it("a subscriber's store bound to start is the active store inside the handler (its span is the active span)", async () => {
    const als = new AsyncLocalStorage<string>();
    const start = diagnostics.tracingChannel(RECEIVE).start;
    start.bindStore(als, (context: unknown) => `span of ${(context as { route: string }).route}`);
    stops.push(() => void start.unbindStore(als));
    const { receiver } = tikinow({ store: slowStore() });
    const inHandler: unknown[] = [];
    receiver.on("stock", async () => {
      inHandler.push(als.getStore());
      await new Promise((resolve) => setTimeout(resolve, 1));
      inHandler.push(als.getStore());
    });
    expect(als.getStore()).toBeUndefined();
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(inHandler).toEqual(["span of /webhooks/test", "span of /webhooks/test"]);
    expect(als.getStore()).toBeUndefined();
  });
});

/** A memory store whose every answer comes a turn later, as a networked store's does. */
function slowStore(): NonceStore {
  const store = new MemoryNonceStore();
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 0));
  return {
    claim: (k, e) => later(store.claim(k, e) as boolean),
    release: (k) => later(undefined).then(() => store.release(k)),
    begin: (k, l) => later(store.begin(k, l) as never),
    complete: (k, t, r) => later(store.complete(k, t, r) as boolean),
    abandon: (k, t) => later(undefined).then(() => store.abandon(k, t)),
  };
}

describe("the store's transitions are traces on webhook-signatures:store", () => {
  it("a genuine delivery: begin (claimed) then complete (true), each start → end → asyncStart → asyncEnd, with the key", async () => {
    const stores = listen(STORE);
    const { receiver } = tikinow({ store: slowStore() });
    receiver.on("stock", () => undefined);
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(stores.events()).toEqual([...ASYNC, ...ASYNC]);
    const key = expect.stringMatching(/^tikinow:\/webhooks\/test:sha256:[0-9a-f]{64}$/);
    expect(stores.seen[0]?.context).toEqual({ operation: "begin", key });
    expect(stores.seen[3]?.context).toEqual({ operation: "begin", key, result: "claimed" });
    expect(stores.seen[7]?.context).toEqual({ operation: "complete", key, result: true });
  });

  it("a synchronous store (MemoryNonceStore) gives the same sequence; a duplicate's begin answers done", async () => {
    const { receiver } = tikinow();
    receiver.on("stock", () => undefined);
    const delivery = asDelivery(tikinowDelivery({ secret: SECRET }));
    await receiver.receive(delivery);
    const stores = listen(STORE);
    await receiver.receive(delivery);
    expect(stores.events()).toEqual(ASYNC);
    expect(stores.last()).toMatchObject({ operation: "begin", result: "done" });
  });

  it("a failed handler's key is abandoned; a store that fails gives the error event", async () => {
    const stores = listen(STORE);
    const { receiver } = tikinow();
    receiver.on("stock", () => {
      throw new Error("boom");
    });
    await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(stores.seen.filter((s) => s.event === "asyncEnd").map((s) => s.context.operation)).toEqual(["begin", "abandon"]);
    const down = listen(STORE);
    const { receiver: other } = tikinow({ store: downStore() });
    other.on("stock", () => undefined);
    await other.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    expect(down.events()).toEqual(FAILED);
    expect(down.last()).toMatchObject({ operation: "begin", error: expect.any(Error) });
    expect(down.last()).not.toHaveProperty("result");
  });

  it("a store method that throws at once gives the error event too, and the receiver answers as before", async () => {
    const stores = listen(STORE);
    const { receiver } = tikinow({ store: storeWith({ begin: () => { throw new Error("sync failure"); } }) });
    receiver.on("stock", () => undefined);
    expect((await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })))).status).toBe(503);
    expect(stores.events()).toEqual(FAILED);
  });

  it("each renewal of the lease is a trace (true, false)", async () => {
    vi.useFakeTimers();
    const answers = [true, false];
    const store = { ...storeWith(), renew: () => answers.shift() ?? false };
    const stores = listen(STORE);
    const { receiver } = tikinow({ store, leaseMs: 3_000, deadlineMs: 2_000 });
    receiver.on("stock", ({ signal }) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve())));
    const pending = receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })));
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await pending).status).toBe(503);
    expect(stores.seen.filter((s) => s.event === "asyncEnd").map((s) => [s.context.operation, s.context.result])).toEqual([
      ["begin", "claimed"],
      ["renew", true],
      ["renew", false],
    ]);
  });

  it("runOnce on its own is traced the same way", async () => {
    const stores = listen(STORE);
    const result = await runOnce({ store: new MemoryNonceStore(), key: "order:1", handler: () => 7 });
    expect(result.status).toBe("processed");
    expect(stores.seen.filter((s) => s.event === "asyncEnd").map((s) => s.context)).toEqual([
      { operation: "begin", key: "order:1", result: "claimed" },
      { operation: "complete", key: "order:1", result: true },
    ]);
  });
});

describe("nobody subscribes, or no diagnostics_channel", () => {
  it("exports the channel names from /receiver, /web and the root (runOnce's store channel)", () => {
    expect(receiverEntry.RECEIVE_CHANNEL).toBe(RECEIVE);
    expect(receiverEntry.STORE_CHANNEL).toBe(STORE);
    expect(webEntry.RECEIVE_CHANNEL).toBe(RECEIVE);
    expect(webEntry.STORE_CHANNEL).toBe(STORE);
    expect(rootEntry.STORE_CHANNEL).toBe(STORE);
  });

  it("with no subscriber, nothing is published or run through the channels, and the answers are the same as with one", async () => {
    const receive = diagnostics.tracingChannel(RECEIVE);
    const store = diagnostics.tracingChannel(STORE);
    const spies = [receive.start, receive.end, receive.asyncStart, receive.asyncEnd, receive.error, store.start, store.end].flatMap((channel) => [
      vi.spyOn(channel, "publish"),
      vi.spyOn(channel, "runStores"),
    ]);
    const run = async () => {
      const { receiver } = tikinow({ deadlineMs: 20 });
      let calls = 0;
      receiver.on("stock", () => {
        if (++calls === 2) throw new Error("boom");
      });
      const genuine = tikinowDelivery({ secret: SECRET });
      const other = tikinowDelivery({ secret: SECRET, payload: stock("b") });
      const answers = [];
      for (const d of [genuine, genuine, other, { body: genuine.body + " ", headers: genuine.headers }]) answers.push(await receiver.receive(asDelivery(d)));
      answers.push(await receiver.fetch(new Request("http://127.0.0.1/x", { method: "PUT" })));
      return Promise.all(answers.map(async (a) => (a instanceof Response ? { status: a.status, body: await a.text() } : { status: a.status, body: a.body })));
    };
    const without = await run();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks(); // a subscription swaps a channel's prototype: a spy's own property would hide it
    const trace = listen(RECEIVE);
    listen(STORE);
    const withOne = await run();
    expect(withOne).toEqual(without);
    expect(without.map((a) => a.status)).toEqual([200, 200, 500, 401, 405]);
    expect(trace.seen.length).toBe(5 * 4 + 1); // one error event, for the handler's
  });

  it("where process.getBuiltinModule is missing (an edge runtime, Node < 20.16), a receiver works and publishes nothing", async () => {
    const trace = listen(RECEIVE);
    const answers = [];
    for (const stub of [undefined, () => undefined, () => ({}), () => { throw new Error("no such module"); }]) {
      vi.resetModules();
      const saved = process.getBuiltinModule;
      (process as { getBuiltinModule: unknown }).getBuiltinModule = stub;
      let fresh: typeof import("../../src/receiver/index.js");
      try {
        fresh = await import("../../src/receiver/index.js");
      } finally {
        process.getBuiltinModule = saved;
      }
      const receiver = fresh.createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => {} });
      receiver.on("stock", () => undefined);
      answers.push((await receiver.receive(asDelivery(tikinowDelivery({ secret: SECRET })))).status);
      answers.push((await receiver.fetch(new Request("http://127.0.0.1/x", { method: "GET" }))).status);
    }
    expect(answers).toEqual([200, 405, 200, 405, 200, 405, 200, 405]);
    expect(trace.seen).toEqual([]);
  });
});

describe("traced (src/lib/tracing.ts) on a value that comes at once", () => {
  it("returns the value itself, its whole sequence published before it returns", async () => {
    const { tracingChannel: channelOf, traced } = await import("../../src/lib/tracing.js");
    const name = "webhook-signatures:test-sync";
    const channel = channelOf(name);
    expect(channel).toBeDefined();
    const events: string[] = [];
    const handlers = Object.fromEntries(EVENTS.map((event) => [event, () => void events.push(event)])) as unknown as diagnostics.TracingChannelSubscribers<object>;
    diagnostics.tracingChannel(name).subscribe(handlers);
    try {
      const context: { value?: number; error?: unknown } = {};
      const returned = traced(channel!, context, () => 5, (ctx, value) => void (ctx.value = value));
      // Not a promise: a synchronous store's transitions stay synchronous, and the trace is complete at once.
      expect(returned).toBe(5);
      expect(context.value).toBe(5);
      expect(events).toEqual(["start", "end", "asyncStart", "asyncEnd"]);
    } finally {
      diagnostics.tracingChannel(name).unsubscribe(handlers);
    }
  });
});
