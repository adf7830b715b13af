// A declared provider's answer: what a handled delivery (and its duplicate) is answered, and the
// checks of the `answer` field. The shipped providers keep 200 {"success":true}.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineProvider } from "../../src/index.js";
import { EWAREHOUSING_STOCK_UPDATED_EXAMPLE } from "../../src/providers/ewarehousing.js";
import { createReceiver } from "../../src/receiver/index.js";
import { createReceiver as createWebReceiver } from "../../src/web/index.js";

const SECRET = "answer-test-secret";
const body = JSON.stringify({ type: "paid", id: "p-1" });
const signature = createHmac("sha256", SECRET).update(body).digest("hex");
const delivery = () => ({ method: "POST", url: "/hooks/acme", headers: { "x-acme-signature": signature }, body: new TextEncoder().encode(body) });

describe("a declared provider's answer", () => {
  it("answers a handled delivery and its duplicate with the declared status, body and content type", async () => {
    const acme = defineProvider({ name: "acme", signature: { header: "X-Acme-Signature" }, id: { field: "id" }, answer: { status: 200, body: "[accepted]" } });
    for (const create of [createReceiver, createWebReceiver]) {
      const runs: string[] = [];
      const receiver = create({ provider: acme, secret: SECRET });
      receiver.on("*", ({ key }) => void runs.push(key));
      for (let i = 0; i < 2; i++) {
        expect(await receiver.receive(delivery())).toEqual({ status: 200, headers: { "content-type": "text/plain" }, body: "[accepted]" });
      }
      expect(runs).toEqual(["acme:/hooks/acme:p-1"]);
    }
  });

  it("answers 204 with no body and no content type", async () => {
    const acme = defineProvider({ name: "acme", signature: { header: "X-Acme-Signature" }, answer: { status: 204 } });
    const receiver = createReceiver({ provider: acme, secret: SECRET }).on("*", () => {});
    expect(await receiver.receive(delivery())).toEqual({ status: 204, headers: {}, body: "" });
  });

  it("keeps a refusal in the library's JSON shape", async () => {
    const acme = defineProvider({ name: "acme", signature: { header: "X-Acme-Signature" }, answer: { status: 204 } });
    const receiver = createReceiver({ provider: acme, secret: "another-secret", onRefusal: () => {} }).on("*", () => {});
    const answer = await receiver.receive(delivery());
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ success: false, error: { code: "SIGNATURE_MISMATCH" } });
  });

  it("answers a shipped provider 200 {\"success\":true}, as before", async () => {
    const ewhBody = JSON.stringify(EWAREHOUSING_STOCK_UPDATED_EXAMPLE);
    const receiver = createReceiver({ provider: "ewarehousing", secret: SECRET, onRefusal: () => {} }).on("*", () => {});
    const answer = await receiver.receive({
      method: "POST",
      url: "/e",
      headers: { "x-hmac-sha256": createHmac("sha256", SECRET).update(ewhBody).digest("base64"), "x-webhook-id": "1" },
      body: new TextEncoder().encode(ewhBody),
    });
    expect(answer).toEqual({ status: 200, headers: { "content-type": "application/json" }, body: '{"success":true}' });
  });

  it("checks the answer field when declared (a TypeError naming it)", () => {
    const base = { name: "acme", signature: { header: "X-Acme-Signature" } };
    expect(() => defineProvider({ ...base, answer: "ok" as never })).toThrow(/^\[webhook-signatures\] answer must be an object, got a string/);
    expect(() => defineProvider({ ...base, answer: { status: 500 } })).toThrow(/^\[webhook-signatures\] answer\.status must be a whole number from 200 to 299, got 500$/);
    expect(() => defineProvider({ ...base, answer: { body: 1 as never } })).toThrow(/^\[webhook-signatures\] answer\.body must be a string, got a number/);
    expect(() => defineProvider({ ...base, answer: { body: "x", contentType: "bad\n" } })).toThrow(/^\[webhook-signatures\] answer\.contentType must be a content type/);
    expect(defineProvider({ ...base, answer: { body: "{}", contentType: "application/json" } }).answer).toEqual({ status: 200, body: "{}", contentType: "application/json" });
    expect(defineProvider(base).answer).toBeUndefined();
  });
});
