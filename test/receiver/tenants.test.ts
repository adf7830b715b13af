// Delivery keys are scoped by provider, tenant and id (issue 25): one tenant can never block
// another tenant's delivery by reusing its id, while a retry signed with either secret of one
// tenant's rotation list is still the same delivery. Over real HTTP through the Node door and
// through the Fetch door, on every store this machine has (memory; Redis and Postgres when
// npm test started them).
import { createHash } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type Receiver, createReceiver } from "../../src/receiver/index.js";
import { deliveryKey } from "../../src/replay/delivery-key.js";
import { handleOnce } from "../../src/replay/handle-once.js";
import { handleMwOnce } from "../../src/providers/mobility-work-once.js";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import { RedisNonceStore } from "../../src/replay/redis.js";
import { getHeader } from "../../src/lib/headers.js";
import { verifyHmacBase64 } from "../../src/schemes/ewarehousing.js";
import {
  EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
  TILBY_SALES_CLOSED_EXAMPLE,
  type TestDelivery,
  ewarehousingDelivery,
  mobilityWorkDelivery,
  tikiOpenApiDelivery,
  tilbyDelivery,
} from "../../src/testing.js";
import { PG_URL, pool, storeOnNewTable } from "../replay/pg-env.js";
import { REDIS_URL } from "../replay/redis-env.js";
import { deferred } from "./helpers.js";

const quiet = { onRefusal: () => {} };

type Door = "node" | "fetch";
const DOORS: Door[] = ["node", "fetch"];

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** POSTs deliveries to the receivers through one door: a node:http server on 127.0.0.1, or Request objects. */
async function poster(door: Door, routes: Record<string, Receiver<never, never>>): Promise<(path: string, delivery: TestDelivery) => Promise<number>> {
  const receiverOf = (path: string) => routes[path.split("?")[0]!]!;
  if (door === "fetch") {
    return async (path, delivery) =>
      (await receiverOf(path).fetch(new Request(`http://127.0.0.1${path}`, { method: "POST", body: delivery.body, headers: delivery.headers }))).status;
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => void receiverOf(req.url ?? "").node(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (path, delivery) => (await fetch(`${base}${path}`, { method: "POST", body: delivery.body, headers: delivery.headers })).status;
}

const redis = REDIS_URL === undefined ? undefined : new Redis(REDIS_URL, { lazyConnect: true });
const pg = PG_URL === undefined ? undefined : pool(PG_URL);
afterAll(async () => {
  redis?.disconnect();
  await pg?.end();
});
let prefixes = 0;
const STORES: Array<[string, () => Promise<NonceStore>]> = [
  ["memory", async () => new MemoryNonceStore()],
  ...(redis === undefined ? [] : [["redis", async () => new RedisNonceStore({ client: redis, keyPrefix: `tenants:${process.pid}:${++prefixes}:` })] as [string, () => Promise<NonceStore>]]),
  ...(pg === undefined ? [] : [["postgres", () => storeOnNewTable(pg)] as [string, () => Promise<NonceStore>]]),
];

describe.each(STORES)("delivery keys on the %s store", (_name, newStore) => {
  describe.each(DOORS)("through the %s door", (door) => {
    it("eWarehousing, one route, two tenants by a secret function: tenant B's delivery 1001 never blocks tenant A's 1001; A's retry under its other secret is a duplicate", async () => {
      const store = await newStore();
      const SECRETS: Record<string, string[]> = { a: ["a-old", "a-new"], b: ["b-secret"] };
      const receiver = createReceiver({
        provider: "ewarehousing",
        store,
        ...quiet,
        secret: ({ url }) => SECRETS[new URL(url, "http://x").searchParams.get("shop") ?? ""],
      });
      const handled: string[] = [];
      receiver.on("*", ({ key, verified }) => void handled.push(`${key.split(":").length} ${String(verified.secretIndex)}`));
      const post = await poster(door, { "/webhooks/ewarehousing": receiver as never });
      const fromB = ewarehousingDelivery({ secret: "b-secret", webhookId: "1001" });
      const fromA = ewarehousingDelivery({ secret: "a-new", webhookId: "1001", payload: { ...EWAREHOUSING_STOCK_UPDATED_EXAMPLE, entityId: 7 } });
      const retryA = ewarehousingDelivery({ secret: "a-old", webhookId: "1001", payload: { ...EWAREHOUSING_STOCK_UPDATED_EXAMPLE, entityId: 7 } });
      expect(await post("/webhooks/ewarehousing?shop=b", fromB)).toBe(200);
      expect(await post("/webhooks/ewarehousing?shop=a", fromA)).toBe(200);
      expect(handled).toHaveLength(2); // before: 1, A's delivery answered 200 and never handled
      expect(await post("/webhooks/ewarehousing?shop=a", retryA)).toBe(200);
      expect(await post("/webhooks/ewarehousing?shop=b", fromB)).toBe(200);
      expect(handled).toHaveLength(2);
    });

    it("a secret function that names its tenant: keys are `<provider>:<tenant>:<id>`, stable across a rotation that changes the list", async () => {
      const store = await newStore();
      let list = ["s1"];
      const receiver = createReceiver({ provider: "ewarehousing", store, ...quiet, secret: () => ({ tenant: "shop-7", secret: list }) });
      const keys: string[] = [];
      receiver.on("*", ({ key }) => void keys.push(key));
      const post = await poster(door, { "/hooks": receiver as never });
      expect(await post("/hooks", ewarehousingDelivery({ secret: "s1", webhookId: "9" }))).toBe(200);
      list = ["s1", "s2"];
      expect(await post("/hooks", ewarehousingDelivery({ secret: "s2", webhookId: "9" }))).toBe(200);
      expect(keys).toEqual(["ewarehousing:shop-7:9"]);
    });

    it("Tiki Open API, two sellers on one route and one event id: both events are handled, each once", async () => {
      const store = await newStore();
      const sellers = [{ id: "seller-1", secret: "one-secret" }, { id: "seller-2", secret: "two-secret" }];
      const receiver = createReceiver({ provider: "tiki", credentials: sellers, store, ...quiet });
      const handled: string[] = [];
      receiver.on("*", ({ verified }) => void handled.push(verified.id));
      const post = await poster(door, { "/webhooks/tiki": receiver as never });
      const body = JSON.stringify({ id: "evt-1", event: "product:request:archived", payload: {} });
      for (const seller of [...sellers, ...sellers]) expect(await post("/webhooks/tiki", tikiOpenApiDelivery({ credentials: seller, body }))).toBe(200);
      expect(handled).toEqual(["seller-1", "seller-2"]);
    });

    it("Tiki Open API: events with an empty id are keyed on their bodies, not all on one key", async () => {
      const store = await newStore();
      const credentials = { id: "seller-1", secret: "one-secret" };
      const receiver = createReceiver({ provider: "tiki", credentials, store, ...quiet });
      const keys: string[] = [];
      receiver.on("*", ({ key }) => void keys.push(key));
      const post = await poster(door, { "/webhooks/tiki": receiver as never });
      const first = tikiOpenApiDelivery({ credentials, body: JSON.stringify({ id: "", event: "product:request:archived", payload: { n: 1 } }) });
      const second = tikiOpenApiDelivery({ credentials, body: JSON.stringify({ id: "", event: "product:request:archived", payload: { n: 2 } }) });
      for (const delivery of [first, second, first]) expect(await post("/webhooks/tiki", delivery)).toBe(200);
      expect(keys).toHaveLength(2); // before: one "tiki:undefined", the second event dropped
      expect(keys[0]).toMatch(/^tiki:\/webhooks\/tiki#seller-1:sha256:[0-9a-f]{64}$/);
    });

    it("Tilby, two receivers (two shops) on one shared store: one notification_uuid is handled by each", async () => {
      const store = await newStore();
      const handled: string[] = [];
      const shop = (name: string) => {
        const receiver = createReceiver({ provider: "tilby", secret: `${name}-token`, store, ...quiet });
        receiver.on("*", () => void handled.push(name));
        return receiver;
      };
      const post = await poster(door, { "/webhooks/tilby/one": shop("one") as never, "/webhooks/tilby/two": shop("two") as never });
      for (const name of ["one", "two", "one"]) {
        const delivery = tilbyDelivery({ secret: `${name}-token`, headerName: "x-tilby-signature", payload: TILBY_SALES_CLOSED_EXAMPLE });
        expect(await post(`/webhooks/tilby/${name}`, delivery)).toBe(200);
      }
      expect(handled).toEqual(["one", "two"]);
    });
  });

  it("handleOnce and the receiver share keys: a delivery handleOnce is running is 409 to the receiver, and a duplicate once done", async () => {
    const store = await newStore();
    const delivery = ewarehousingDelivery({ secret: "s", webhookId: "w-1" });
    const receiver = createReceiver({ provider: "ewarehousing", secret: "s", store, ...quiet });
    const handler = vi.fn();
    receiver.on("*", handler);
    const slow = deferred();
    const started = deferred();
    const first = handleOnce({
      provider: "ewarehousing",
      tenant: "/webhooks/ewarehousing",
      store,
      verify: () => verifyHmacBase64({ body: delivery.body, secret: "s", headers: delivery.headers }),
      key: () => getHeader(delivery.headers, "x-webhook-id"),
      handler: () => (started.resolve(), slow.promise),
    });
    const post = await poster("fetch", { "/webhooks/ewarehousing": receiver as never });
    await started.promise;
    expect(await post("/webhooks/ewarehousing", delivery)).toBe(409);
    slow.resolve();
    expect(await first).toMatchObject({ status: "processed", key: deliveryKey({ provider: "ewarehousing", tenant: "/webhooks/ewarehousing", id: "w-1" }) });
    expect(await post("/webhooks/ewarehousing", delivery)).toBe(200);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("Mobility Work nonces through the receiver", () => {
  afterEach(() => void vi.useRealTimers());

  it("are kept to the end of a long signature window, not only retentionMs (issue 25: a 2-day tolerance ran again after 25 h)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.UTC(2026, 11, 7, 12);
    vi.setSystemTime(start);
    const store = new MemoryNonceStore();
    const receiver = createReceiver({ provider: "mobility-work", secret: "mw", toleranceSeconds: 2 * 86_400, store, ...quiet });
    const handler = vi.fn();
    receiver.on("*", handler);
    const delivery = mobilityWorkDelivery({ secret: "mw", timestamp: start / 1000 });
    const post = await poster("fetch", { "/mw": receiver as never });
    expect(await post("/mw", delivery)).toBe(200);
    vi.setSystemTime(start + 25 * 3_600_000);
    expect(await post("/mw", delivery)).toBe(200);
    vi.setSystemTime(start + 2 * 86_400_000);
    expect(await post("/mw", delivery)).toBe(200);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("refuses a tolerance whose window no store can keep, instead of shortening the retention", () => {
    expect(() => createReceiver({ provider: "mobility-work", secret: "mw", toleranceSeconds: 30 * 86_400 })).toThrow(/toleranceSeconds must be at most 1073741/);
    expect(() => createReceiver({ provider: "mobility-work", secret: "mw", toleranceSeconds: Infinity })).not.toThrow();
  });
});

describe("the tenant's options and the id's forms", () => {
  const encoder = new TextEncoder();
  const receive = (receiver: Receiver<never, never>, delivery: TestDelivery, url = "/hooks") =>
    receiver.receive({ method: "POST", url, headers: delivery.headers, body: encoder.encode(delivery.body) });

  it("the tenant option replaces the route in keys, and is checked when the receiver is created", async () => {
    const receiver = createReceiver({ provider: "ewarehousing", secret: "s", tenant: "shop:7", ...quiet });
    const keys: string[] = [];
    receiver.on("*", ({ key }) => void keys.push(key));
    expect((await receive(receiver as never, ewarehousingDelivery({ secret: "s", webhookId: "1" }))).status).toBe(200);
    expect(keys).toEqual(["ewarehousing:shop%3A7:1"]);
    for (const tenant of ["", 7]) {
      expect(() => createReceiver({ provider: "ewarehousing", secret: "s", tenant: tenant as never })).toThrow(/tenant must be a non-empty string/);
    }
  });

  it("a secret function naming a tenant that is not a non-empty string is a configuration mistake (500); naming no secret is 401", async () => {
    const refusals: string[] = [];
    let found: unknown = { tenant: "", secret: "s" };
    const receiver = createReceiver({ provider: "ewarehousing", secret: () => found as never, onRefusal: ({ reason }) => void refusals.push(reason) });
    receiver.on("*", () => {});
    const delivery = ewarehousingDelivery({ secret: "s", webhookId: "1" });
    expect((await receive(receiver as never, delivery)).status).toBe(500);
    found = { tenant: "t", secret: undefined };
    expect((await receive(receiver as never, delivery)).status).toBe(401);
    expect(refusals).toEqual(["internal_error", "unknown_secret"]);
  });

  it("eWarehousing: an X-Webhook-Id sent twice alike is that id; twice different names no delivery, and the body keys it", async () => {
    const receiver = createReceiver({ provider: "ewarehousing", secret: "s", ...quiet });
    const keys: string[] = [];
    receiver.on("*", ({ key }) => void keys.push(key));
    const delivery = ewarehousingDelivery({ secret: "s" });
    const sha = createHash("sha256").update(delivery.body).digest("hex");
    for (const id of [["a", "a"], ["a", "b"], " ", "  b  "]) await receive(receiver as never, { body: delivery.body, headers: { ...delivery.headers, "x-webhook-id": id } as never });
    expect(keys).toEqual(["ewarehousing:/hooks:a", `ewarehousing:/hooks:sha256:${sha}`, "ewarehousing:/hooks:b"]);
  });

  it("handleOnce: the tenant scopes the key, and a delivery without an id is keyed on the body when it is given", async () => {
    const store = new MemoryNonceStore();
    const body = '{"data":{"sku":"1"}}';
    const sha = createHash("sha256").update(body).digest("hex");
    const run = (key: () => string | undefined, extra: { tenant?: string; body?: string }) =>
      handleOnce({ provider: "tikinow", store, verify: () => ({ ok: true as const }), key, handler: () => 1, ...extra });
    expect(await run(() => undefined, { tenant: "/tikinow/stock", body })).toMatchObject({ status: "processed", key: `tikinow:/tikinow/stock:sha256:${sha}` });
    expect(await run(() => " ", { tenant: "/tikinow/stock", body })).toMatchObject({ status: "duplicate" });
    expect(await run(() => undefined, {})).toMatchObject({ status: "rejected", reason: "missing_key", httpStatus: 400 });
    expect(await run(() => "e1", { tenant: "other" })).toMatchObject({ status: "processed", key: "tikinow:other:e1" });
  });

  it("handleMwOnce: the tenant scopes the nonce's key", async () => {
    const delivery = mobilityWorkDelivery({ secret: "mw" });
    const result = await handleMwOnce({ store: new MemoryNonceStore(), tenant: "fleet-2", body: delivery.body, secret: "mw", headers: delivery.headers, handler: () => 1 });
    expect(result.status === "processed" && result.key).toMatch(/^mobility-work:fleet-2:[0-9a-f]{40}$/);
  });
});
