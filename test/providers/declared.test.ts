// A provider the library does not ship, declared here as a user would (one defineProvider call),
// run through every way in: deliveryFor from /testing, createReceiver's two doors (a node:http
// server on a loopback port, and Fetch Requests), handleOnce and runOnce on the receiver's own
// store, whose keys agree with the receiver's. The signature deliveryFor writes is checked
// against an HMAC computed here with node:crypto.
import { createHmac } from "node:crypto";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { MemoryNonceStore, type VerifyResult, defineProvider, deliveryKey, handleOnce, runOnce } from "../../src/index.js";
import { nodeVerifiers } from "../../src/providers/node.js";
import { type Refusal, createReceiver } from "../../src/receiver/index.js";
import { type TestDelivery, deliveryFor } from "../../src/testing.js";

/** What a step is told of the request: a POST to the receiver's route. */
const POST = { method: "POST", url: "/webhooks/acme" };

interface AcmeEvents {
  "order.paid": { type: "order.paid"; order: string };
  "order.refunded": { type: "order.refunded"; order: string };
}

const acme = defineProvider<AcmeEvents>({
  name: "acme",
  title: "Acme Payments",
  signature: { header: "X-Acme-Signature", algorithm: "sha256", encoding: "hex", prefix: "sha256=" },
  timestamp: { header: "X-Acme-Timestamp", unit: "s", toleranceSeconds: 300 },
  id: { header: "X-Acme-Delivery" },
  event: { field: "type" },
  examples: [{ name: "acme-order-paid", about: "an order was paid", payload: { type: "order.paid", order: "o-1" } }],
});

const SECRET = "acme-signing-secret";
const TENANT = "shop-1";
const encoder = new TextEncoder();
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A receiver for acme on `store`, what its handler saw and what it refused. */
function acmeReceiver(store = new MemoryNonceStore()) {
  const refusals: Refusal[] = [];
  const seen: Array<{ event: string; key: string; payload: unknown }> = [];
  const receiver = createReceiver({ provider: acme, secret: SECRET, tenant: TENANT, store, onRefusal: (r) => void refusals.push(r) });
  receiver.on("order.paid", ({ event, key, payload }) => void seen.push({ event, key, payload }));
  return { receiver, seen, refusals, store };
}

describe("a declared provider's deliveries (deliveryFor)", () => {
  it("carry the first example, the timestamp, the id and the signature an HMAC computed here gives", () => {
    const delivery = deliveryFor(acme, { secret: SECRET, id: "d-1" });
    expect(delivery.body).toBe('{"type":"order.paid","order":"o-1"}');
    expect(Object.keys(delivery.headers)).toEqual(["content-type", "x-acme-timestamp", "x-acme-signature", "x-acme-delivery"]);
    const t = delivery.headers["x-acme-timestamp"]!;
    expect(t).toMatch(/^[0-9]{10}$/);
    expect(delivery.headers["x-acme-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(`${t}.${delivery.body}`).digest("hex")}`);
    expect(delivery.headers["x-acme-delivery"]).toBe("d-1");
  });

  it("at a fixed time are fixed: the same inputs, the same headers", () => {
    const fixed = { secret: SECRET, id: "d-1", timestamp: 1_700_000_000, payload: { type: "order.refunded", order: "o-2" } };
    const body = '{"type":"order.refunded","order":"o-2"}';
    expect(deliveryFor(acme, fixed)).toEqual({
      body,
      headers: {
        "content-type": "application/json",
        "x-acme-timestamp": "1700000000",
        "x-acme-signature": `sha256=${createHmac("sha256", SECRET).update(`1700000000.${body}`).digest("hex")}`,
        "x-acme-delivery": "d-1",
      },
    });
  });

  it("need a payload when the declaration has no example", () => {
    const bare = defineProvider({ name: "acme", signature: { header: "X-Acme-Signature" } });
    expect(() => deliveryFor(bare, { secret: SECRET })).toThrow(new TypeError("[webhook-signatures] payload is required: acme declares no example payload"));
    expect(deliveryFor(bare, { secret: SECRET, payload: { type: "x" } }).body).toBe('{"type":"x"}');
  });
});

/** What a door answered: its status and its JSON body. */
type Posted = { status: number; body: { success: boolean; error?: { code: string } } };

/**
 * The behaviours the issue asks of a declared provider, through one door: a genuine delivery is
 * processed once (a copy is a duplicate, answered 200, its handler not run again), a wrong secret,
 * a stale timestamp, a missing signature and a body that is not JSON are refused with their reasons.
 */
async function runsThroughDoor(post: (delivery: TestDelivery) => Promise<Posted>, seen: ReturnType<typeof acmeReceiver>["seen"], refusals: Refusal[]) {
  const genuine = deliveryFor(acme, { secret: SECRET, id: "d-1" });
  expect(await post(genuine)).toEqual({ status: 200, body: { success: true } });
  expect(seen).toEqual([{ event: "order.paid", key: `acme:${TENANT}:d-1`, payload: { type: "order.paid", order: "o-1" } }]);
  expect(await post(genuine)).toEqual({ status: 200, body: { success: true } });
  expect(seen).toHaveLength(1);

  const refused = (code: string) => ({ success: false, error: { code, message: expect.any(String) } });
  expect(await post(deliveryFor(acme, { secret: "not-the-secret", id: "d-2" }))).toEqual({ status: 401, body: refused("SIGNATURE_MISMATCH") });
  expect(await post(deliveryFor(acme, { secret: SECRET, id: "d-3", timestamp: nowSeconds() - 3600 }))).toEqual({ status: 401, body: refused("TIMESTAMP_TOO_OLD") });
  const { "x-acme-signature": _dropped, ...unsigned } = deliveryFor(acme, { secret: SECRET, id: "d-4" }).headers;
  expect(await post({ body: genuine.body, headers: unsigned as TestDelivery["headers"] })).toEqual({ status: 401, body: refused("MISSING_HEADER") });
  expect(await post(deliveryFor(acme, { secret: SECRET, id: "d-5", body: "not json" }))).toEqual({ status: 400, body: refused("INVALID_JSON") });

  expect(seen).toHaveLength(1);
  expect(refusals.map(({ provider, status, reason }) => [provider, status, reason])).toEqual([
    ["acme", 401, "signature_mismatch"],
    ["acme", 401, "timestamp_too_old"],
    ["acme", 401, "missing_header"],
    ["acme", 400, "invalid_json"],
  ]);
}

describe("a declared provider in createReceiver", () => {
  it("types the receiver's events from the declaration's event map (an interface, as the shipped ones are)", () => {
    const receiver = createReceiver({ provider: acme, secret: SECRET });
    receiver.on("order.paid", ({ payload }) => expectTypeOf(payload.order).toEqualTypeOf<string>());
    // @ts-expect-error acme declares no such event
    receiver.on("order.shipped", () => undefined);
  });

  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it("through the Node door, on a node:http server", async () => {
    const { receiver, seen, refusals } = acmeReceiver();
    server = createServer((req, res) => void receiver.node(req, res));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/acme`;
    const post = async (delivery: TestDelivery): Promise<Posted> => {
      const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
      return { status: response.status, body: (await response.json()) as Posted["body"] };
    };
    await runsThroughDoor(post, seen, refusals);
  });

  it("through the Fetch door", async () => {
    const { receiver, seen, refusals } = acmeReceiver();
    const post = async (delivery: TestDelivery): Promise<Posted> => {
      const response = await receiver.fetch(new Request("https://shop.example/webhooks/acme", { method: "POST", headers: delivery.headers, body: delivery.body }));
      return { status: response.status, body: (await response.json()) as Posted["body"] };
    };
    await runsThroughDoor(post, seen, refusals);
  });
});

describe("a declared provider in handleOnce and runOnce", () => {
  /** handleOnce over the declaration's own steps (node:crypto), on `store`. */
  function handleAcme(store: MemoryNonceStore, delivery: TestDelivery, secret: string, handler: () => void, provider: string | typeof acme = acme.name) {
    const steps = acme.steps({ secret }, nodeVerifiers);
    const body = encoder.encode(delivery.body);
    return handleOnce({
      store,
      provider,
      tenant: TENANT,
      body,
      verify: () => steps.verify(body, delivery.headers, secret, POST) as VerifyResult<Record<string, unknown>>,
      key: (verified) => {
        const parsed = steps.parse(body, delivery.headers, POST);
        return parsed.ok ? steps.id(parsed.value, verified, delivery.headers) : undefined;
      },
      handler,
    });
  }

  it("key a delivery as the receiver does: what one processed, the other finds processed", async () => {
    const { receiver, seen, store } = acmeReceiver();
    let handled = 0;
    const count = () => void handled++;

    const first = deliveryFor(acme, { secret: SECRET, id: "d-1" });
    expect((await receiver.receive({ method: "POST", url: "/webhooks/acme", headers: first.headers, body: encoder.encode(first.body) })).status).toBe(200);
    expect(await handleAcme(store, first, SECRET, count)).toMatchObject({ status: "duplicate", httpStatus: 200 });
    expect(handled).toBe(0);

    const second = deliveryFor(acme, { secret: SECRET, id: "d-2" });
    expect(await handleAcme(store, second, SECRET, count)).toMatchObject({ status: "processed", httpStatus: 200 });
    expect(await handleAcme(store, second, SECRET, count)).toMatchObject({ status: "duplicate", httpStatus: 200 });
    expect(handled).toBe(1);
    expect((await receiver.receive({ method: "POST", url: "/webhooks/acme", headers: second.headers, body: encoder.encode(second.body) })).status).toBe(200);
    expect(seen.map(({ key }) => key)).toEqual([`acme:${TENANT}:d-1`]);

    const key = deliveryKey({ provider: acme.name, tenant: TENANT, id: "d-2" });
    expect(key).toBe("acme:shop-1:d-2");
    expect(await runOnce({ store, key, handler: count })).toMatchObject({ status: "duplicate" });
    expect(await runOnce({ store, key: deliveryKey({ provider: acme.name, tenant: TENANT, id: "d-3" }), handler: count })).toMatchObject({ status: "processed" });
    expect(handled).toBe(2);
  });

  it("handleOnce takes the declaration itself as its provider, keyed under its name as the receiver keys", async () => {
    const { receiver, store } = acmeReceiver();
    let handled = 0;
    const delivery = deliveryFor(acme, { secret: SECRET, id: "d-7" });
    expect((await receiver.receive({ method: "POST", url: "/webhooks/acme", headers: delivery.headers, body: encoder.encode(delivery.body) })).status).toBe(200);
    expect(await handleAcme(store, delivery, SECRET, () => void handled++, acme)).toMatchObject({ status: "duplicate", httpStatus: 200 });
    const other = deliveryFor(acme, { secret: SECRET, id: "d-8" });
    expect(await handleAcme(store, other, SECRET, () => void handled++, acme)).toMatchObject({ status: "processed" });
    expect(await handleAcme(store, other, SECRET, () => void handled++)).toMatchObject({ status: "duplicate" });
    expect(handled).toBe(1);
  });

  it("refuse what the declaration refuses, before anything is claimed", async () => {
    const store = new MemoryNonceStore();
    let handled = 0;
    const forged = deliveryFor(acme, { secret: "not-the-secret", id: "d-1" });
    expect(await handleAcme(store, forged, SECRET, () => void handled++)).toMatchObject({ status: "rejected", httpStatus: 401, reason: "signature_mismatch" });
    const stale = deliveryFor(acme, { secret: SECRET, id: "d-1", timestamp: nowSeconds() - 3600 });
    expect(await handleAcme(store, stale, SECRET, () => void handled++)).toMatchObject({ status: "rejected", httpStatus: 401, reason: "timestamp_too_old" });
    expect(handled).toBe(0);
    // Nothing was claimed: the genuine delivery of that id is processed.
    expect(await handleAcme(store, deliveryFor(acme, { secret: SECRET, id: "d-1" }), SECRET, () => void handled++)).toMatchObject({ status: "processed" });
    expect(handled).toBe(1);
  });
});
