// What the receiver's core takes from a declaration beyond the five shipped ones use: the method
// deliveries come with (a provider whose notifications are GET requests) and an answer of the
// provider's own to a refusal. A declaration made here, handed to the core directly.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { nodeVerifiers } from "../../src/providers/node.js";
import type { ReceivingDeclaration } from "../../src/providers/types.js";
import { createCore } from "../../src/receiver/core.js";

const SECRET = "hooks-secret";

/** Signed in the query: `?sig=<hex HMAC-SHA256 of the rest of the query>`; the query is the payload. */
const queryProvider: ReceivingDeclaration<"query-pay"> = {
  name: "query-pay",
  title: "Query Pay",
  secretOption: "secret",
  method: "GET",
  checkOptions: () => {},
  steps: (_options, verifiers) => ({
    verify: (_body, _headers, secret, request) => {
      const query = new URL(request.url, "http://x").searchParams;
      const signed = [...query].filter(([k]) => k !== "sig").map(([k, v]) => `${k}=${v}`).join("&");
      return verifiers.verifyHmacHex({ body: signed, signature: query.get("sig"), secret: secret as string });
    },
    parse: (_body, _headers, request) => ({ ok: true, value: { event: "paid", payload: Object.fromEntries(new URL(request.url, "http://x").searchParams) } }),
    id: (parsed) => (parsed.payload as { ref?: string }).ref,
  }),
  retryAfterSeconds: 60,
  retentionMs: 60_000,
  answer: { status: 200, body: '{"RspCode":"00"}', contentType: "application/json" },
  refusal: (status, reason) => (status === 401 ? { status: 200, body: JSON.stringify({ RspCode: "97", reason }), contentType: "application/json" } : undefined),
};

const signedUrl = (query: string, secret = SECRET) => `/ipn?${query}&sig=${createHmac("sha256", secret).update(query).digest("hex")}`;
const request = (method: string, url: string) => ({ method, url, headers: {}, body: new Uint8Array(0) });

describe("a declaration's method and refusal answers", () => {
  it("takes a GET delivery signed in its query, answers it once with the declared answer", async () => {
    const seen: unknown[] = [];
    const { core, on } = createCore(queryProvider, nodeVerifiers, { provider: "query-pay", secret: SECRET, onRefusal: () => {} });
    on("paid", ({ payload, key }) => void seen.push([payload, key]));
    const url = signedUrl("ref=T1&amount=100");
    expect(await core.receive(request("GET", url))).toEqual({ status: 200, headers: { "content-type": "application/json" }, body: '{"RspCode":"00"}' });
    expect(await core.receive(request("GET", url))).toEqual({ status: 200, headers: { "content-type": "application/json" }, body: '{"RspCode":"00"}' });
    expect(seen).toEqual([[{ ref: "T1", amount: "100", sig: expect.any(String) }, "query-pay:/ipn:T1"]]);
  });

  it("answers a POST to a GET provider 405 naming the method it expects", async () => {
    const refusals: unknown[] = [];
    const { core } = createCore(queryProvider, nodeVerifiers, { provider: "query-pay", secret: SECRET, onRefusal: (r: unknown) => void refusals.push(r) });
    const answer = await core.receive(request("POST", signedUrl("ref=T1")));
    expect(answer.status).toBe(405);
    expect(answer.headers).toMatchObject({ allow: "GET" });
    expect(refusals).toMatchObject([{ reason: "method_not_allowed", message: 'Query Pay deliveries come as GET; got "POST".' }]);
  });

  it("answers a refusal as the declaration says (its own status and body), else in the library's shape", async () => {
    const { core, on } = createCore(queryProvider, nodeVerifiers, { provider: "query-pay", secret: SECRET, onRefusal: () => {} });
    on("paid", () => {});
    expect(await core.receive(request("GET", signedUrl("ref=T2", "another-secret")))).toEqual({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"RspCode":"97","reason":"signature_mismatch"}',
    });
    const tooLarge = createCore(queryProvider, nodeVerifiers, { provider: "query-pay", secret: SECRET, maxBodyBytes: 0, onRefusal: () => {} });
    const answer = await tooLarge.core.receive({ ...request("GET", signedUrl("ref=T3")), body: new Uint8Array(1) });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ success: false, error: { code: "BODY_TOO_LARGE" } });
  });

  it("keeps the refusal's own headers (Allow, Retry-After) beside the declared answer", async () => {
    const refusing: ReceivingDeclaration<"query-pay"> = { ...queryProvider, refusal: (status) => ({ status, body: "no" }) };
    const { core } = createCore(refusing, nodeVerifiers, { provider: "query-pay", secret: SECRET, onRefusal: () => {} });
    expect(await core.receive(request("PUT", "/ipn"))).toEqual({ status: 405, headers: { allow: "GET" }, body: "no" });
  });
});
