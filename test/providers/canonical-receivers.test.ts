// payOS, Casso and ZaloPay through the receiver over real HTTP (node:http, the root entry) and
// the Fetch door (/web, Web Crypto): a genuine delivery is answered as the provider expects and
// handled once, its duplicate answered alike without a second run; a changed byte is refused in
// the provider's shape; a body without a single JSON reading never reaches a handler.
import { createHmac } from "node:crypto";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createReceiver as createNodeReceiver } from "../../src/receiver/index.js";
import { deliveryFor } from "../../src/testing.js";
import { withBodyField } from "../../src/providers/body-field.js";
import { zalopay, zalopayReceiving } from "../../src/providers/zalopay.js";
import { payos } from "../../src/providers/payos.js";
import { casso } from "../../src/providers/casso.js";
import { nodeSigners as signersModule, nodeVerifiers } from "../../src/providers/node.js";
import { createReceiver as createWebReceiver } from "../../src/web/index.js";

const SECRET = "canonical-receiver-secret";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

type Post = (body: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

interface Door {
  name: string;
  open(provider: "payos" | "casso" | "zalopay"): Promise<{ post: Post; seen: unknown[] }>;
}

const DOORS: Door[] = [
  {
    name: "node:http (root entry)",
    async open(provider) {
      const receiver = createNodeReceiver({ provider, secret: SECRET, onRefusal: () => undefined } as never) as ReturnType<typeof createNodeReceiver>;
      const seen: unknown[] = [];
      receiver.on("*", ({ payload }: { payload: unknown }) => void seen.push(payload));
      server = createServer((req, res) => void receiver.node(req, res));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${provider}`;
      const post: Post = async (body, headers) => {
        const response = await fetch(url, { method: "POST", body, headers });
        return { status: response.status, body: await response.text() };
      };
      return { post, seen };
    },
  },
  {
    name: "Fetch (/web)",
    async open(provider) {
      const receiver = createWebReceiver({ provider, secret: SECRET, onRefusal: () => undefined } as never) as ReturnType<typeof createWebReceiver>;
      const seen: unknown[] = [];
      receiver.on("*", ({ payload }: { payload: unknown }) => void seen.push(payload));
      const post: Post = async (body, headers) => {
        const response = await receiver.fetch(new Request(`https://example.com/hooks/${provider}`, { method: "POST", body, headers }));
        return { status: response.status, body: await response.text() };
      };
      return { post, seen };
    },
  },
];

const ANSWERS = {
  payos: '{"success":true}',
  casso: '{"success":true}',
  zalopay: '{"return_code":1,"return_message":"success"}',
} as const;

/** A digit of a signed value changed (the amount of each provider's example). */
function tamper(body: string): string {
  return body.replace(/(amount\\?":)(\d)/, (_, head: string, digit: string) => `${head}${digit === "9" ? "8" : "9"}`);
}

describe.each(DOORS)("$name", (door) => {
  describe.each(["payos", "casso", "zalopay"] as const)("%s", (provider) => {
    it("answers a genuine delivery as the provider expects, and its duplicate once", async () => {
      const { post, seen } = await door.open(provider);
      const delivery = deliveryFor(provider, { secret: SECRET });
      expect(await post(delivery.body, delivery.headers)).toEqual({ status: 200, body: ANSWERS[provider] });
      expect(await post(delivery.body, delivery.headers)).toEqual({ status: 200, body: ANSWERS[provider] });
      expect(seen).toHaveLength(1);
    });

    it("refuses a changed byte, in the provider's shape, and runs nothing", async () => {
      const { post, seen } = await door.open(provider);
      const delivery = deliveryFor(provider, { secret: SECRET });
      const changed = tamper(delivery.body);
      expect(changed).not.toBe(delivery.body);
      const answer = await post(changed, delivery.headers);
      expect(answer.status).toBe(401);
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      if (provider === "zalopay") expect(body).toEqual({ return_code: -1, return_message: expect.stringMatching(/mac field does not match/) });
      else expect(body).toMatchObject({ success: false, error: { code: "SIGNATURE_MISMATCH" } });
      expect(seen).toHaveLength(0);
    });
  });

  it("payOS: a body with a duplicate key is refused before any handler", async () => {
    const { post, seen } = await door.open("payos");
    const delivery = deliveryFor("payos", { secret: SECRET });
    const answer = await post(delivery.body.replace('"amount":3000', '"amount":3000,"amount":1'), delivery.headers);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "MALFORMED_HEADER", message: expect.stringMatching(/duplicate key/) } });
    expect(seen).toHaveLength(0);
  });

  it("ZaloPay: a genuinely signed data text without a single reading is refused (return_code -1), never handled", async () => {
    const { post, seen } = await door.open("zalopay");
    const data = '{"app_trans_id":"a","zp_trans_id":1,"amount":1,"amount":2}';
    const mac = createHmac("sha256", SECRET).update(data).digest("hex");
    const answer = await post(JSON.stringify({ data, mac, type: 1 }), { "content-type": "application/json" });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ return_code: -1, return_message: expect.stringMatching(/duplicate key/) });
    expect(seen).toHaveLength(0);
  });

  it("ZaloPay: the handler gets data read from the exact signed text", async () => {
    const { post, seen } = await door.open("zalopay");
    const data = '{"app_trans_id":"b","zp_trans_id":2,"app_user":"Nguy\\u1ec5n"}';
    const mac = createHmac("sha256", SECRET).update(data).digest("hex");
    expect((await post(JSON.stringify({ data, mac, type: 2 }), { "content-type": "application/json" })).status).toBe(200);
    expect(seen).toEqual([{ type: 2, data: { app_trans_id: "b", zp_trans_id: 2, app_user: "Nguyễn" }, dataText: data, mac }]);
  });
});

describe("Casso's tolerance option", () => {
  it("refuses a delivery older than toleranceSeconds, and a bad option at once", async () => {
    const receiver = createWebReceiver({ provider: "casso", secret: SECRET, toleranceSeconds: 60, onRefusal: () => undefined });
    receiver.on("transaction", () => undefined);
    const delivery = deliveryFor("casso", { secret: SECRET, timestamp: Date.now() - 61_000 });
    const answer = await receiver.fetch(new Request("https://example.com/casso", { method: "POST", body: delivery.body, headers: delivery.headers }));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ error: { code: "TIMESTAMP_TOO_OLD" } });
    expect(() => createNodeReceiver({ provider: "casso", secret: SECRET, toleranceSeconds: -1 })).toThrow(/toleranceSeconds must be a number >= 0/);
  });
});

describe("ZaloPay's own codes", () => {
  it("a failure on our side answers return_code 0 (ZaloPay calls back), a refusal -1", () => {
    expect(zalopayReceiving.refusal!(503, "store_unavailable", "The delivery store could not answer.")).toEqual({
      status: 503,
      body: '{"return_code":0,"return_message":"The delivery store could not answer."}',
      contentType: "application/json",
    });
    expect(JSON.parse(zalopayReceiving.refusal!(401, "signature_mismatch", "m")!.body)).toEqual({ return_code: -1, return_message: "m" });
  });

  it("a callback of another type is the event other", async () => {
    const receiver = createWebReceiver({ provider: "zalopay", secret: SECRET, onRefusal: () => undefined });
    const events: string[] = [];
    receiver.on("*", ({ event }: { event: string }) => void events.push(event));
    const data = '{"app_trans_id":"c","zp_trans_id":3}';
    const mac = createHmac("sha256", SECRET).update(data).digest("hex");
    const answer = await receiver.fetch(new Request("https://example.com/z", { method: "POST", body: JSON.stringify({ data, mac, type: 3 }) }));
    expect(answer.status).toBe(200);
    expect(events).toEqual(["other"]);
  });
});

describe("writing a signature field into a body (/testing, the command line)", () => {
  it("appends the field to a body without it, keeping every other byte", () => {
    expect(withBodyField('{"data":"x"} \n', "mac", () => "m")).toBe('{"data":"x","mac":"m"} \n');
    expect(withBodyField(new TextEncoder().encode("{ }"), "mac", () => "m")).toBe('{ "mac":"m"}');
    expect(withBodyField('{"mac":"old","data":"x"}', "mac", () => "m")).toBe('{"mac":"m","data":"x"}');
  });

  it.each([["[]"], ['{"a":1,"a":2}'], ["nope"]])("refuses %s with a TypeError naming the body", (body) => {
    expect(() => withBodyField(body, "mac", () => "m")).toThrow(/^\[webhook-signatures\] body must be a JSON object with one reading \(its mac field is written into it\)/);
  });
});

describe("the Casso declaration", () => {
  const steps = casso.steps({ secret: SECRET }, nodeVerifiers);
  const parsed = (payload: unknown) => ({ event: "transaction", payload });

  it("keys a delivery on data.id, a number or a non-empty string, else on the body's digest", () => {
    expect(steps.id(parsed({ data: { id: 42 } }), {}, {})).toBe("42");
    expect(steps.id(parsed({ data: { id: "tx-1" } }), {}, {})).toBe("tx-1");
    expect(steps.id(parsed({ data: { id: "" } }), {}, {})).toBeUndefined();
    expect(steps.id(parsed({ data: [{ id: 1 }] }), {}, {})).toBeUndefined();
    expect(steps.id(parsed({ data: null }), {}, {})).toBeUndefined();
    expect(steps.id(parsed({}), {}, {})).toBeUndefined();
  });

  it("signs in X-Casso-Signature, t now unless given", () => {
    expect(casso.signatureHeader({})).toBe("X-Casso-Signature");
    const lines = casso.sign(signersModule, "{}", SECRET, { nowMs: 1234, randomId: () => "id" });
    expect(lines[1]).toEqual(["X-Casso-Signature", expect.stringMatching(/^t=1234,v1=[0-9a-f]{128}$/)]);
  });

  it("payOS and ZaloPay send only a content type as headers: their signature is written into the body (signDelivery)", () => {
    for (const declaration of [payos, zalopay]) {
      expect(declaration.sign(signersModule, "{}", SECRET, { nowMs: 0, randomId: () => "id" }), declaration.name).toEqual([["Content-Type", "application/json"]]);
      const signed = declaration.signDelivery!(signersModule, JSON.stringify(declaration.examples[0]!.payload), SECRET, { nowMs: 0, randomId: () => "id" });
      expect(signed.headers, declaration.name).toEqual([["Content-Type", "application/json"]]);
      expect(signed.query, declaration.name).toBeUndefined();
    }
  });
});
