// Shopify, WooCommerce, Sendcloud, Mollie, Haravan and Sapo (unconfirmed): the raw-body HMAC
// providers of issue 27, through every way in. Signatures here are computed with node:crypto,
// never by the library: deliveryFor's, the receiver's doors over a node:http server and Fetch
// Requests (a genuine delivery answered 200, its copy answered 200 without a second run), the
// command line's verify --request (exit 0, then 1 with one byte changed), /web against the root
// entry, and the TypeErrors a programmer meets.
import { createHmac } from "node:crypto";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { MemoryNonceStore } from "../../src/index.js";
import { createReceiver } from "../../src/receiver/index.js";
import { type TestDelivery, deliveryFor } from "../../src/testing.js";
import { cli, scratch } from "../cli/harness.js";
import { PROVIDERS } from "../../src/providers/index.js";

type Name = "shopify" | "woocommerce" | "sendcloud" | "mollie" | "haravan" | "sapo";
const SECRET = "raw-body-hmac-secret-1f2e";
const files = scratch();
afterAll(() => files.remove());

/** Each provider's signature header (lowercase), encoding, and the event its first example is. */
const TABLE: Record<Name, { header: string; encoding: "hex" | "base64"; event: string }> = {
  shopify: { header: "x-shopify-hmac-sha256", encoding: "base64", event: "orders/create" },
  woocommerce: { header: "x-wc-webhook-signature", encoding: "base64", event: "order.created" },
  sendcloud: { header: "sendcloud-signature", encoding: "hex", event: "parcel_status_changed" },
  mollie: { header: "x-mollie-signature", encoding: "hex", event: "payment-link.paid" },
  haravan: { header: "x-haravan-hmacsha256", encoding: "base64", event: "orders/create" },
  sapo: { header: "x-sapo-hmac-sha256", encoding: "base64", event: "orders/update" },
};
const NAMES = Object.keys(TABLE) as Name[];
const hmac = (body: string | Buffer, encoding: "hex" | "base64", secret = SECRET, algorithm = "sha256") => createHmac(algorithm, secret).update(body).digest(encoding);

describe.each(NAMES)("%s", (name) => {
  const { header, encoding, event } = TABLE[name];

  it("deliveryFor signs its first example with the HMAC computed here, in the header its declaration names", () => {
    const delivery = deliveryFor(name, { secret: SECRET });
    expect(PROVIDERS.find((p) => p.name === name)!.signatureHeader({}).toLowerCase()).toBe(header);
    expect(delivery.headers[header]).toBe(hmac(delivery.body, encoding));
    expect(delivery.headers["content-type"]).toBe("application/json");
  });

  it("the root entry and /web verify and sign alike, naming the function in a TypeError", async () => {
    const upper = name[0]!.toUpperCase() + name.slice(1);
    const verify = root[`verify${upper}` as "verifyShopify"] as (input: unknown) => { ok: boolean };
    const sign = root[`sign${upper}` as "signShopify"] as (input: unknown) => string;
    const verifyWeb = web[`verify${upper}` as "verifyShopify"] as (input: unknown) => Promise<{ ok: boolean }>;
    const signWeb = web[`sign${upper}` as "signShopify"] as (input: unknown) => Promise<string>;
    const body = '{"x":1}';
    expect(sign({ body, secret: SECRET })).toBe(hmac(body, encoding));
    expect(await signWeb({ body, secret: SECRET })).toBe(hmac(body, encoding));
    for (const signature of [hmac(body, encoding), hmac(body, encoding, "other"), "not-a-signature", undefined]) {
      expect(await verifyWeb({ body, secret: SECRET, signature })).toEqual(verify({ body, secret: SECRET, signature }));
      expect(await verifyWeb({ body, secret: SECRET, headers: new Headers(signature ? { [header]: signature } : {}) })).toEqual(
        verify({ body, secret: SECRET, headers: new Headers(signature ? { [header]: signature } : {}) }),
      );
    }
    expect(() => verify(null)).toThrow(new TypeError(`[webhook-signatures] verify${upper}(input) expects one options object, got null`));
    expect(() => verifyWeb(null)).toThrow(new TypeError(`[webhook-signatures] verify${upper}(input) expects one options object, got null`));
    expect(() => sign("x")).toThrow(new TypeError(`[webhook-signatures] sign${upper}(input) expects one options object, got a string`));
    expect(() => signWeb("x")).toThrow(TypeError);
    expect(() => verify({ body, secret: "", signature: "x" })).toThrow(TypeError);
    expect(() => verify({ body, secret: SECRET, headers: {} })).not.toThrow();
    expect(() => createReceiver({ provider: name, secret: "" })).toThrow(TypeError);
  });

  it("webhook-signatures verify --request exits 0 on a genuine delivery and 1 with one byte changed", async () => {
    const delivery = deliveryFor(name, { secret: SECRET });
    const head = ["POST /hooks HTTP/1.1", "Host: 127.0.0.1", ...Object.entries(delivery.headers).map(([k, v]) => `${k}: ${v}`)];
    const capture = (body: string) => files.file(`${name}.txt`, `${head.join("\r\n")}\r\n\r\n${body}`);
    expect((await cli(["verify", name, "--secret", SECRET, "--request", capture(delivery.body)])).code).toBe(0);
    const changed = delivery.body.replace("{", "{ ");
    expect((await cli(["verify", name, "--secret", SECRET, "--request", capture(changed)])).code).toBe(1);
  });

  describe("the receiver answers a genuine delivery 200 and its copy once", () => {
    let server: Server | undefined;
    afterEach(async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    });

    const run = async (post: (delivery: TestDelivery) => Promise<number>, seen: unknown[]) => {
      const delivery = deliveryFor(name, { secret: SECRET });
      expect(await post(delivery)).toBe(200);
      expect(await post(delivery)).toBe(200);
      expect(seen).toEqual([event]);
      expect(await post(deliveryFor(name, { secret: "not-the-secret" }))).toBe(401);
      expect(seen).toHaveLength(1);
    };
    const receiverFor = () => {
      const seen: unknown[] = [];
      const receiver = createReceiver({ provider: name, secret: SECRET, store: new MemoryNonceStore(), onRefusal: () => undefined });
      receiver.on("*", (context) => void seen.push(context.event));
      return { receiver, seen };
    };

    it("over node:http", async () => {
      const { receiver, seen } = receiverFor();
      server = createServer((req, res) => void receiver.node(req, res));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${name}`;
      await run(async (delivery) => (await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body })).status, seen);
    });

    it("through the Fetch door", async () => {
      const { receiver, seen } = receiverFor();
      const post = async (delivery: TestDelivery) =>
        (await receiver.fetch(new Request(`https://shop.example/hooks/${name}`, { method: "POST", headers: delivery.headers, body: delivery.body }))).status;
      await run(post, seen);
    });
  });
});

/** A receiver, what its handlers saw, and a poster of a raw request. */
function receiving(provider: Name, options: Record<string, unknown> = {}) {
  const seen: Array<{ event: string; key: string; payload: unknown }> = [];
  const store = new MemoryNonceStore();
  const receiver = createReceiver({ provider, secret: SECRET, store, tenant: "t", onRefusal: () => undefined, ...options });
  receiver.on("*", ({ event, key, payload }) => void seen.push({ event, key, payload }));
  const post = async (headers: Record<string, string>, body: string) => {
    const answer = await receiver.receive({ method: "POST", url: `/hooks/${provider}`, headers, body: new TextEncoder().encode(body) });
    return { status: answer.status, body: answer.body };
  };
  return { seen, store, post };
}

describe("Shopify's delivery key", () => {
  const body = '{"id":1}';
  const S = hmac(body, "base64");

  it("keys a delivery on topic, handle and event id: two topics of one merchant action are two deliveries", async () => {
    const { seen, post } = receiving("shopify");
    const signed = { "x-shopify-hmac-sha256": S, "x-shopify-event-id": "ev-1" };
    expect((await post({ ...signed, "x-shopify-topic": "orders/create" }, body)).status).toBe(200);
    expect((await post({ ...signed, "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": "w-2" }, body)).status).toBe(200);
    expect((await post({ ...signed, "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": "w-3" }, body)).status).toBe(200);
    expect((await post({ ...signed, "shopify-topic": "orders/paid", "shopify-handle": "second" }, body)).status).toBe(200);
    expect(seen.map((s) => s.key)).toEqual(["shopify:t:orders/create::ev-1", "shopify:t:orders/paid::ev-1", "shopify:t:orders/paid:second:ev-1"]);
    expect(seen[0]!.payload).toMatchObject({ topic: "orders/create", eventId: "ev-1", body: { id: 1 } });
    expect((await post(signed, body)).status).toBe(200);
    expect(seen.map((s) => [s.event, s.key])[3]).toEqual(["shopify", "shopify:t:::ev-1"]);
  });

  it("without an event id keys on the webhook id, then on the body; without a topic names the event shopify", async () => {
    const { seen, post } = receiving("shopify");
    expect((await post({ "x-shopify-hmac-sha256": S, "x-shopify-webhook-id": "w-9" }, body)).status).toBe(200);
    expect((await post({ "x-shopify-hmac-sha256": S }, body)).status).toBe(200);
    expect(seen.map((s) => [s.event, s.key.replace(/[0-9a-f]{64}/, "<digest>")])).toEqual([
      ["shopify", "shopify:t:w-9"],
      ["shopify", expect.stringMatching(/^shopify:t:.*<digest>/)],
    ]);
  });

  it("refuses an empty body, signed or not: it is not JSON", async () => {
    const { seen, post } = receiving("shopify");
    const answer = await post({ "x-shopify-hmac-sha256": hmac("", "base64"), "x-shopify-topic": "orders/create" }, "");
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("INVALID_JSON");
    expect(seen).toEqual([]);
  });
});

describe("WooCommerce's creation ping, algorithm and delivery id", () => {
  it("answers the exact ping 200 before verification, running no handler (not even '*') and recording nothing", async () => {
    const { seen, store, post } = receiving("woocommerce");
    const answer = await post({ "content-type": "application/x-www-form-urlencoded" }, "webhook_id=42");
    expect(answer.status).toBe(200);
    expect(seen).toEqual([]);
    expect(store.size).toBe(0);
  });

  it("verifies anything else: a ping with a signature header, another form body, a JSON body without signature", async () => {
    const { seen, post } = receiving("woocommerce");
    expect((await post({ "x-wc-webhook-signature": "AAAA" }, "webhook_id=42")).status).toBe(401);
    for (const body of ["webhook_id=42&x=1", "webhook_id=", "webhook_id=4a", "webhook_id=123456789012345678901", '{"id":1}', " webhook_id=42"]) {
      expect((await post({}, body)).status, body).toBe(401);
    }
    expect(seen).toEqual([]);
  });

  it("keys on X-WC-Webhook-Delivery-ID (or the docs' X-WC-Delivery-ID), names the event by topic, and takes the site's algorithm", async () => {
    const { seen, post } = receiving("woocommerce", { algorithm: "sha512" });
    const body = '{"id":727}';
    const signature = hmac(body, "base64", SECRET, "sha512");
    expect((await post({ "x-wc-webhook-signature": signature, "x-wc-webhook-topic": "order.updated", "x-wc-webhook-delivery-id": "d-1" }, body)).status).toBe(200);
    expect((await post({ "x-wc-webhook-signature": signature, "x-wc-webhook-topic": "order.updated", "x-wc-delivery-id": "d-1" }, body)).status).toBe(200);
    expect((await post({ "x-wc-webhook-signature": signature, "x-wc-delivery-id": "d-2" }, body)).status).toBe(200);
    expect(seen.map((s) => [s.event, s.key])).toEqual([
      ["order.updated", "woocommerce:t:d-1"],
      ["woocommerce", "woocommerce:t:d-2"],
    ]);
    expect((await post({ "x-wc-webhook-signature": hmac(body, "base64"), "x-wc-delivery-id": "d-3" }, body)).status).toBe(401);
  });

  it("signs with the algorithm and topic given, and names a wrong one in a TypeError", () => {
    const delivery = deliveryFor("woocommerce", { secret: SECRET, algorithm: "sha1", topic: "product.deleted", body: "{}" });
    expect(delivery.headers["x-wc-webhook-signature"]).toBe(hmac("{}", "base64", SECRET, "sha1"));
    expect([delivery.headers["x-wc-webhook-resource"], delivery.headers["x-wc-webhook-event"]]).toEqual(["product", "deleted"]);
    expect(deliveryFor("woocommerce", { secret: SECRET, topic: "custom", body: "{}" }).headers["x-wc-webhook-resource"]).toBe("custom");
    expect(() => deliveryFor("woocommerce", { secret: SECRET, algorithm: "md5" })).toThrow(new TypeError('[webhook-signatures] algorithm must be "sha256", "sha1" or "sha512", got a string'));
    expect(() => createReceiver({ provider: "woocommerce", secret: SECRET, algorithm: "md5" } as never)).toThrow(TypeError);
    expect(() => deliveryFor("shopify", { secret: SECRET, topic: "a\nb" })).toThrow(new TypeError("[webhook-signatures] topic must be a non-empty string on one line, got a string"));
    expect(() => deliveryFor("shopify", { secret: SECRET, eventId: 7 })).toThrow(new TypeError("[webhook-signatures] eventId must be a non-empty string on one line, got a number"));
    expect(deliveryFor("shopify", { secret: SECRET, eventId: "e-1", topic: "orders/paid" }).headers).toMatchObject({ "x-shopify-event-id": "e-1", "x-shopify-topic": "orders/paid" });
  });
});

describe("Haravan's receiver", () => {
  const body = '{"id":1}';
  it("names the event by X-Haravan-Topic, the shop by X-Haravan-Org-Id", async () => {
    const { seen, post } = receiving("haravan");
    expect((await post({ "x-haravan-hmacsha256": hmac(body, "hex"), "x-haravan-topic": "orders/paid", "x-haravan-org-id": "200" }, body)).status).toBe(200);
    expect(seen[0]).toMatchObject({ event: "orders/paid", payload: { topic: "orders/paid", orgId: "200", body: { id: 1 } } });
    // No delivery id: the body keys a delivery, so the same body again is a duplicate.
    expect((await post({ "x-haravan-hmacsha256": hmac(body, "base64") }, body)).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect((await post({ "x-haravan-hmacsha256": hmac('{"id":2}', "base64") }, '{"id":2}')).status).toBe(200);
    expect(seen[1]).toMatchObject({ event: "haravan", payload: { topic: undefined, orgId: undefined } });
    const sapo = receiving("sapo");
    expect((await sapo.post({ "x-sapo-hmac-sha256": hmac(body, "base64") }, body)).status).toBe(200);
    expect(sapo.seen[0]).toMatchObject({ event: "sapo", payload: { topic: undefined } });
  });
});

describe("the envelope parsers never throw on network input and never fail on unconfirmed fields", () => {
  it("keep the body whole and read each header as one value", () => {
    const headers = { "x-sapo-topic": ["orders/update", "orders/update"], "x-sapo-object-id": ["1", "2"], "x-sapo-shop-domain": " a.mysapo.net " };
    expect(root.parseSapoWebhook('{"id":1,"extra":{"x":[1]}}', headers)).toEqual({
      ok: true,
      value: { topic: "orders/update", objectId: undefined, shopDomain: "a.mysapo.net", test: undefined, body: { id: 1, extra: { x: [1] } } },
    });
    expect(root.parseWoocommerceWebhook("[1]", {})).toMatchObject({ ok: false, reason: "invalid_payload" });
    expect(root.parseShopifyWebhook("not json", {})).toMatchObject({ ok: false, reason: "invalid_json" });
    expect(root.parseSendcloudWebhook('{"action":7,"timestamp":"x"}')).toEqual({ ok: true, value: { action: 7, timestamp: "x" } });
    expect(root.parseMollieEvent('{"type":null}')).toEqual({ ok: true, value: { type: null } });
  });

  it("name Sendcloud and Mollie events by a string field, else by the provider", async () => {
    for (const [provider, field] of [["sendcloud", "action"], ["mollie", "type"]] as const) {
      const { seen, post } = receiving(provider);
      const header = TABLE[provider].header;
      for (const body of [`{"${field}":"a.b"}`, `{"${field}":1}`, `{"${field}":" "}`, "{}"]) {
        expect((await post({ [header]: hmac(body, "hex") }, body)).status).toBe(200);
      }
      expect(seen.map((s) => s.event)).toEqual(["a.b", provider, provider, provider]);
    }
  });
});

describe("the command line's sign", () => {
  it("writes each provider's signature header and the topic given with --topic", async () => {
    const body = files.file("body.json", '{"id":1}');
    for (const [name, topicHeader, extra] of [
      ["shopify", "X-Shopify-Topic", ["--event-id", "ev-1"]],
      ["woocommerce", "X-WC-Webhook-Topic", ["--algorithm", "sha512"]],
      ["haravan", "X-Haravan-Topic", []],
      ["sapo", "X-Sapo-Topic", []],
    ] as const) {
      const { code, stdout } = await cli(["sign", name, "--secret", SECRET, "--body", body, "--topic", "a/b", ...extra]);
      expect(code, name).toBe(0);
      expect(stdout, name).toContain(`${topicHeader}: a/b`);
      expect(stdout.toLowerCase(), name).toContain(`${TABLE[name].header}: `);
    }
    const { stdout } = await cli(["sign", "woocommerce", "--secret", SECRET, "--body", body, "--algorithm", "sha512"]);
    expect(stdout).toContain(hmac('{"id":1}', "base64", SECRET, "sha512"));
    const capture = files.file("woo.txt", `POST / HTTP/1.1\r\nX-WC-Webhook-Signature: ${hmac('{"id":1}', "base64", SECRET, "sha512")}\r\n\r\n{"id":1}`);
    expect((await cli(["verify", "woocommerce", "--secret", SECRET, "--request", capture, "--algorithm", "sha512"])).code).toBe(0);
    expect((await cli(["verify", "woocommerce", "--secret", SECRET, "--request", capture])).code).toBe(1);
    expect((await cli(["sign", "sendcloud", "--secret", SECRET, "--body", body])).stdout).toContain(`Sendcloud-Signature: ${hmac('{"id":1}', "hex")}`);
  });
});
