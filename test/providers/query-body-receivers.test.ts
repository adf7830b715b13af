// VNPay (a GET signed in its query), MoMo and Adyen (signed in body fields) through the
// receiver, over real HTTP on node:http and through the Fetch door of webhook-signatures/web:
// each answered as the provider expects, a duplicate answered alike and handled once.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ADYEN_AUTHORISATION_EXAMPLE } from "../../src/providers/adyen.js";
import { MOMO_IPN_EXAMPLE } from "../../src/providers/momo.js";
import { VNPAY_IPN_EXAMPLE } from "../../src/providers/vnpay.js";
import { createReceiver } from "../../src/receiver/index.js";
import { deliveryFor } from "../../src/testing.js";
import { createReceiver as createWebReceiver } from "../../src/web/receiver.js";

const VNPAY_SECRET = "VNPAYTESTHASHSECRET0123456789ABCDEF";
const MOMO_SECRET = "MoMoTestSecretKey0123456789abcdef";
const ACCESS_KEY = "MoMoTestAccessKey";
const ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

type AnyReceiver = { node: (req: never, res: never) => Promise<void>; fetch: (request: Request) => Promise<Response>; on: (event: string, handler: (context: { payload: unknown; key: string; event: string }) => void) => void };

/** Sends through node:http (a real server on 127.0.0.1) or the Fetch door; the answer as status, content type and text. */
type Send = (path: string, init: RequestInit) => Promise<{ status: number; type: string | null; text: string }>;

async function viaNode(receiver: AnyReceiver): Promise<Send> {
  server = createServer((req, res) => void receiver.node(req as never, res as never));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return async (path, init) => {
    const response = await fetch(base + path, init);
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  };
}

function viaFetch(receiver: AnyReceiver): Send {
  return async (path, init) => {
    const response = await receiver.fetch(new Request(`https://shop.example${path}`, init));
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  };
}

const DOORS: [string, (options: Record<string, unknown>) => AnyReceiver, (receiver: AnyReceiver) => Promise<Send> | Send][] = [
  ["node:http", (options) => createReceiver(options as never) as unknown as AnyReceiver, viaNode],
  ["the Fetch door (/web)", (options) => createWebReceiver(options as never) as unknown as AnyReceiver, viaFetch],
];

const quiet = { onRefusal: () => {} };

for (const [door, make, connect] of DOORS) {
  describe(`over ${door}`, () => {
    it("VNPay: a GET IPN is answered RspCode 00 twice and handled once, with exactly the parameters verified", async () => {
      const receiver = make({ provider: "vnpay", secret: VNPAY_SECRET, ...quiet });
      const seen: unknown[] = [];
      receiver.on("ipn", ({ payload, key }) => void seen.push([payload, key]));
      const send = await connect(receiver);
      const { query, body } = deliveryFor("vnpay", { secret: VNPAY_SECRET });
      expect(body).toBe("");
      const confirm = { status: 200, type: "application/json", text: '{"RspCode":"00","Message":"Confirm Success"}' };
      expect(await send(`/vnpay/ipn?${query}`, { method: "GET" })).toEqual(confirm);
      expect(await send(`/vnpay/ipn?${query}`, { method: "GET" })).toEqual(confirm);
      expect(seen).toEqual([[VNPAY_IPN_EXAMPLE, "vnpay:/vnpay/ipn:5:14226112"]]);
    });

    it("VNPay: a changed amount is answered RspCode 97, a parameter given twice too, a POST 405", async () => {
      const receiver = make({ provider: "vnpay", secret: VNPAY_SECRET, ...quiet });
      receiver.on("ipn", () => {});
      const send = await connect(receiver);
      const { query } = deliveryFor("vnpay", { secret: VNPAY_SECRET });
      const tampered = await send(`/ipn?${query!.replace("vnp_Amount=1000000", "vnp_Amount=9000000")}`, { method: "GET" });
      expect(JSON.parse(tampered.text)).toEqual({ RspCode: "97", Message: "Invalid Checksum" });
      expect(tampered.status).toBe(401);
      const twice = await send(`/ipn?vnp_Amount=1&${query}`, { method: "GET" });
      expect(JSON.parse(twice.text)).toEqual({ RspCode: "97", Message: "Invalid Checksum" });
      expect((await send(`/ipn?${query}`, { method: "POST", body: "" })).status).toBe(405);
    });

    it("MoMo: an IPN is answered 204 twice and handled once, keyed on orderId and transId", async () => {
      const receiver = make({ provider: "momo", secret: MOMO_SECRET, accessKey: ACCESS_KEY, ...quiet });
      const seen: unknown[] = [];
      receiver.on("ipn", ({ payload, key }) => void seen.push([payload, key]));
      const send = await connect(receiver);
      const delivery = deliveryFor("momo", { secret: MOMO_SECRET, accessKey: ACCESS_KEY });
      const init = { method: "POST", body: delivery.body, headers: delivery.headers };
      expect(await send("/momo", init)).toEqual({ status: 204, type: null, text: "" });
      expect(await send("/momo", init)).toEqual({ status: 204, type: null, text: "" });
      const signature = (JSON.parse(delivery.body) as { signature: string }).signature;
      expect(seen).toEqual([[{ ...MOMO_IPN_EXAMPLE, signature }, "momo:/momo:01234567890123451633504872421:2588659987"]]);
    });

    it("MoMo: another accessKey, an unsigned field's change is not handed over, a duplicate key is refused", async () => {
      const other = make({ provider: "momo", secret: MOMO_SECRET, accessKey: "another", ...quiet });
      other.on("ipn", () => {});
      const delivery = deliveryFor("momo", { secret: MOMO_SECRET, accessKey: ACCESS_KEY });
      expect((await (await connect(other))("/momo", { method: "POST", body: delivery.body, headers: delivery.headers })).status).toBe(401);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
      const receiver = make({ provider: "momo", secret: MOMO_SECRET, accessKey: ACCESS_KEY, ...quiet });
      const seen: unknown[] = [];
      receiver.on("ipn", ({ payload }) => void seen.push(payload));
      const send = await connect(receiver);
      const extra = `${delivery.body.slice(0, -1)},"partnerUserId":"forged"}`;
      expect((await send("/momo", { method: "POST", body: extra, headers: delivery.headers })).status).toBe(204);
      expect(seen[0]).not.toHaveProperty("partnerUserId");
      const twice = `{"amount":9000,${delivery.body.slice(1)}`;
      expect((await send("/momo/2", { method: "POST", body: twice, headers: delivery.headers })).status).toBe(401);
    });

    it("Adyen: a notification is answered [accepted] twice and handled once under its eventCode", async () => {
      const receiver = make({ provider: "adyen", secret: ADYEN_KEY, ...quiet });
      const seen: unknown[] = [];
      receiver.on("AUTHORISATION", ({ key }) => void seen.push(key));
      const send = await connect(receiver);
      const delivery = deliveryFor("adyen", { secret: ADYEN_KEY });
      const init = { method: "POST", body: delivery.body, headers: delivery.headers };
      const accepted = { status: 200, type: "text/plain", text: "[accepted]" };
      expect(await send("/adyen", init)).toEqual(accepted);
      expect(await send("/adyen", init)).toEqual(accepted);
      expect(seen).toEqual(["adyen:/adyen:QFQTPCQ8HXSKGK82:AUTHORISATION"]);
      const tampered = delivery.body.replace('"value":1130', '"value":1');
      expect((await send("/adyen", { ...init, body: tampered })).status).toBe(401);
    });
  });
}

describe("programmer mistakes", () => {
  it("MoMo without accessKey, Adyen with a key that is not hex, VNPay with an empty secret: a TypeError naming the option", () => {
    expect(() => createReceiver({ provider: "momo", secret: MOMO_SECRET } as never)).toThrow(/accessKey/);
    expect(() => createReceiver({ provider: "adyen", secret: "not hex" })).toThrow(/secret must be the HMAC key in hex/);
    expect(() => createReceiver({ provider: "vnpay", secret: "" })).toThrow(TypeError);
    expect(() => deliveryFor("momo", { secret: MOMO_SECRET })).toThrow(/accessKey/);
    expect(() => deliveryFor("adyen", { secret: "zz" })).toThrow(/hex/);
  });
});

describe("deliveryFor", () => {
  it("signs a VNPay IPN as a query, MoMo and Adyen inside the body", () => {
    const vnpay = deliveryFor("vnpay", { secret: VNPAY_SECRET });
    expect(vnpay.query).toMatch(/^vnp_Amount=1000000&.*&vnp_SecureHash=[0-9a-f]{128}$/);
    expect(JSON.parse(deliveryFor("momo", { secret: MOMO_SECRET, accessKey: ACCESS_KEY }).body)).toMatchObject({ orderId: MOMO_IPN_EXAMPLE.orderId, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const adyen = JSON.parse(deliveryFor("adyen", { secret: ADYEN_KEY }).body) as typeof ADYEN_AUTHORISATION_EXAMPLE;
    expect(adyen.notificationItems[0]!.NotificationRequestItem.additionalData).toMatchObject({ authCode: "58747", hmacSignature: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
  });
});
