// defineProvider: the checks of a declaration (a TypeError naming the field), the forms of its
// key, and each variant of the raw-body HMAC family it declares, run through createReceiver
// (root and /web) and deliveryFor. Every expected signature is an HMAC computed here with
// node:crypto, never by the library's sign functions.
import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineProvider } from "../../src/index.js";
import type { ProviderDefinition } from "../../src/providers/define.js";
import { receivingOf as providerOf } from "../../src/providers/lookup.js";
import { nodeSigners, nodeVerifiers } from "../../src/providers/node.js";
import type { AnyProviderDeclaration } from "../../src/providers/types.js";
import { type Receiver, type Refusal, createReceiver } from "../../src/receiver/index.js";
import { deliveryFor } from "../../src/testing.js";
import { createReceiver as createWebReceiver } from "../../src/web/index.js";

/** What a step is told of the request: a POST to the receiver's route. */
const POST = { method: "POST", url: "/webhooks/acme" };

const SECRET = "define-test-secret";
const NOW_MS = 1_700_000_000_000;
const T = NOW_MS / 1000;
const encoder = new TextEncoder();

const hmac = (algorithm: string, key: string | Uint8Array, text: string | Uint8Array, encoding: "hex" | "base64") =>
  createHmac(algorithm, key).update(text).digest(encoding);

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

const escaped = (text: string) => text.replace(/[.[\]()]/g, "\\$&");

/** The call throws a TypeError whose message begins with the package prefix, `within` (a receiver's name) and `argument`. */
function expectNamed(call: () => unknown, argument: string, label = argument, within = ""): void {
  const error = thrown(call);
  expect(error, label).toBeInstanceOf(TypeError);
  expect((error as TypeError).message, label).toMatch(new RegExp(`^\\[webhook-signatures\\] ${escaped(within)}${escaped(argument)} `));
}

const BASE: ProviderDefinition = { name: "acme", signature: { header: "X-Acme-Signature" } };

/** A receiver for `provider` (root or /web), its refusals and the deliveries its handler saw. */
function receiverFor(provider: AnyProviderDeclaration, options: Record<string, unknown> = {}, web = false) {
  const refusals: Refusal[] = [];
  const seen: Array<{ event: string; key: string; payload: unknown; verified: unknown }> = [];
  const make = (web ? createWebReceiver : createReceiver) as (options: Record<string, unknown>) => Receiver<Record<string, unknown>, Record<string, unknown>>;
  const receiver = make({ provider, secret: SECRET, onRefusal: (r: Refusal) => void refusals.push(r), tenant: "t", ...options });
  receiver.on("*", ({ event, key, payload, verified }) => void seen.push({ event, key, payload, verified }));
  const receive = async (delivery: { body: string | Uint8Array; headers: Record<string, string | string[]> }) => {
    const answer = await receiver.receive({
      method: "POST",
      url: "/acme",
      headers: delivery.headers,
      body: typeof delivery.body === "string" ? encoder.encode(delivery.body) : delivery.body,
    });
    return { status: answer.status, code: answer.status === 200 ? null : (JSON.parse(answer.body) as { error: { code: string } }).error.code };
  };
  return { receive, refusals, seen };
}

describe("defineProvider's checks", () => {
  it("refuse each bad field with a TypeError naming it", () => {
    const sig = (signature: Record<string, unknown>) => ({ ...BASE, signature: { header: "X-Acme-Signature", ...signature } });
    const ts = (timestamp: Record<string, unknown>) => ({ ...BASE, timestamp: { header: "X-Acme-Timestamp", ...timestamp } });
    const cases: Array<[string, unknown]> = [
      ["defineProvider(definition)", null],
      ["defineProvider(definition)", "acme"],
      ["name", { ...BASE, name: undefined }],
      ["name", { ...BASE, name: "Acme" }],
      ["name", { ...BASE, name: "acme-" }],
      ["name", { ...BASE, name: "a".repeat(65) }],
      ["name", { ...BASE, name: 7 }],
      ["title", { ...BASE, title: 7 }],
      ["signature", { name: "acme" }],
      ["signature", { ...BASE, signature: "X-Acme-Signature" }],
      ["signature", { ...BASE, signature: null }],
      ["signature.header", { ...BASE, signature: {} }],
      ["signature.header", sig({ header: "" })],
      ["signature.header", sig({ header: "X Acme Signature" })],
      ["signature.header", sig({ header: "X-Acme-Signature " })],
      ["signature.header", sig({ header: "X-Äcme" })],
      ["signature.algorithm", sig({ algorithm: "md5" })],
      ["signature.algorithm", sig({ algorithm: "SHA256" })],
      ["signature.encoding", sig({ encoding: "base64url" })],
      ["signature.prefix", sig({ prefix: 1 })],
      ["secret", { ...BASE, secret: "hex" }],
      ["secret.form", { ...BASE, secret: { form: "binary" } }],
      ["secret.prefix", { ...BASE, secret: { form: "hex", prefix: 1 } }],
      ["secret.prefix", { ...BASE, secret: { prefix: "whsec_" } }],
      ["secret.prefix", { ...BASE, secret: { form: "utf8", prefix: "whsec_" } }],
      ["timestamp", { ...BASE, timestamp: 300 }],
      ["timestamp.header", { ...BASE, timestamp: {} }],
      ["timestamp.header", ts({ header: "X Acme Timestamp" })],
      ["timestamp.unit", ts({ unit: "seconds" })],
      ["timestamp.toleranceSeconds", ts({ toleranceSeconds: 0 })],
      ["timestamp.toleranceSeconds", ts({ toleranceSeconds: 1.5 })],
      ["timestamp.toleranceSeconds", ts({ toleranceSeconds: "300" })],
      ["timestamp.toleranceSeconds", ts({ toleranceSeconds: Number.POSITIVE_INFINITY })],
      ["timestamp.separator", ts({ separator: 0 })],
      ["id", { ...BASE, id: "X-Acme-Delivery" }],
      ["id", { ...BASE, id: {} }],
      ["id", { ...BASE, id: { name: "x" } }],
      ["id", { ...BASE, id: { header: "X-Acme-Delivery", field: "id" } }],
      ["id.header", { ...BASE, id: { header: "" } }],
      ["id.field", { ...BASE, id: { field: "" } }],
      ["id.field", { ...BASE, id: { field: 1 } }],
      ["event", { ...BASE, event: "type" }],
      ["event", { ...BASE, event: { path: "type" } }],
      ["event.header", { ...BASE, event: { header: 1 } }],
      ["event.field", { ...BASE, event: { field: null } }],
      ["parse", { ...BASE, parse: "json" }],
      ["retryAfterSeconds", { ...BASE, retryAfterSeconds: 0 }],
      ["retryAfterSeconds", { ...BASE, retryAfterSeconds: 86_401 }],
      ["retryAfterSeconds", { ...BASE, retryAfterSeconds: "60" }],
      ["retentionMs", { ...BASE, retentionMs: 0 }],
      ["retentionMs", { ...BASE, retentionMs: 1.5 }],
      ["examples", { ...BASE, examples: { name: "a" } }],
      ["examples[0]", { ...BASE, examples: [null] }],
      ["examples[0]", { ...BASE, examples: ["acme-order"] }],
      ["examples[1]", { ...BASE, examples: [{ name: "a", about: "", payload: {} }, { name: "B", about: "", payload: {} }] }],
      ["examples[0]", { ...BASE, examples: [{ name: "a", payload: {} }] }],
      ["examples[0]", { ...BASE, examples: [{ about: "x", payload: {} }] }],
    ];
    for (const [argument, definition] of cases) {
      expectNamed(() => defineProvider(definition as never), argument, `${argument}: ${JSON.stringify(definition)}`);
    }
  });

  it("never echo the value refused", () => {
    const error = thrown(() => defineProvider({ ...BASE, signature: { header: "X-Acme-Signature", prefix: "whsec_do-not-print" as never, encoding: "whsec_do-not-print" as never } }));
    expect((error as TypeError).message).not.toContain("do-not-print");
  });

  it("take a definition with every field, and give defaults for those left out", () => {
    const bare = defineProvider(BASE);
    expect([bare.name, bare.title, bare.secretOption, bare.retryAfterSeconds, bare.retentionMs, bare.examples, bare.cliOptions]).toEqual([
      "acme",
      "acme",
      "secret",
      60,
      24 * 60 * 60 * 1000,
      [],
      [],
    ]);
    expect(bare.signatureHeader({})).toBe("X-Acme-Signature");
    const full = defineProvider({
      name: "acme-2",
      title: "Acme Inc.",
      signature: { header: "X-Sig", algorithm: "sha512", encoding: "base64", prefix: "v1=" },
      secret: { form: "base64", prefix: "whsec_" },
      timestamp: { header: "X-Ts", unit: "ms", toleranceSeconds: 60, separator: ":" },
      id: { field: "id" },
      event: { header: "X-Event" },
      parse: () => ({ ok: true, value: {} }),
      retryAfterSeconds: 3600,
      retentionMs: 1000,
      examples: [{ name: "acme-2-ping", about: "a ping", payload: { id: "1" } }],
    });
    expect([full.name, full.title, full.retryAfterSeconds, full.retentionMs]).toEqual(["acme-2", "Acme Inc.", 3600, 1000]);
    expect(full.examples).toEqual([{ name: "acme-2-ping", about: "a ping", payload: { id: "1" } }]);
    expect(Object.isFrozen(full)).toBe(true);
    expect(Object.isFrozen(full.examples)).toBe(true);
  });

  it("mark what they made, so that a look-alike object is no provider", () => {
    const declared = defineProvider(BASE);
    expect(providerOf(declared)).toBe(declared);
    // The same fields without the mark (Object.entries leaves symbols out).
    expectNamed(() => providerOf(Object.fromEntries(Object.entries(declared))), "provider", "a look-alike");
    expectNamed(() => providerOf(null), "provider", "null");
  });
});

describe("a declared key's form", () => {
  const KEY = new Uint8Array([0, 1, 2, 0xfe, 0xff, 0x80, 0x7f, 0x10, 0x20, 0x30, 0xa5, 0x5a]);
  const hexKey = `whsec_${Buffer.from(KEY).toString("hex")}`;
  const base64Key = `whsec_${Buffer.from(KEY).toString("base64")}`;
  const body = '{"type":"ping"}';

  for (const [form, secret] of [
    ["hex", hexKey],
    ["base64", base64Key],
  ] as const) {
    it(`${form} after "whsec_": signs and verifies with the decoded bytes`, async () => {
      const provider = defineProvider({ ...BASE, secret: { form, prefix: "whsec_" } });
      const delivery = deliveryFor(provider, { secret, body });
      expect(delivery.headers["x-acme-signature"]).toBe(hmac("sha256", KEY, body, "hex"));
      // The text of the secret itself is not the key.
      expect(delivery.headers["x-acme-signature"]).not.toBe(hmac("sha256", secret, body, "hex"));
      const { receive } = receiverFor(provider, { secret });
      expect(await receive(delivery)).toEqual({ status: 200, code: null });
      const independent = { body, headers: { "x-acme-signature": hmac("sha256", KEY, body, "hex") } };
      expect(await receive(independent)).toEqual({ status: 200, code: null });
    });
  }

  it("hex in upper case, and a key given as bytes, are the same key", () => {
    const provider = defineProvider({ ...BASE, secret: { form: "hex", prefix: "whsec_" } });
    const expected = hmac("sha256", KEY, body, "hex");
    expect(deliveryFor(provider, { secret: `whsec_${Buffer.from(KEY).toString("hex").toUpperCase()}`, body }).headers["x-acme-signature"]).toBe(expected);
    expect(deliveryFor(provider, { secret: KEY, body }).headers["x-acme-signature"]).toBe(expected);
  });

  it("without a prefix: the whole text is the encoded key", () => {
    const provider = defineProvider({ ...BASE, secret: { form: "base64" } });
    expect(deliveryFor(provider, { secret: Buffer.from(KEY).toString("base64"), body }).headers["x-acme-signature"]).toBe(hmac("sha256", KEY, body, "hex"));
  });

  it("is checked when the receiver is made and when a delivery is signed: a TypeError naming the secret, never echoing it", () => {
    const hex = defineProvider({ ...BASE, secret: { form: "hex", prefix: "whsec_" } });
    const base64 = defineProvider({ ...BASE, secret: { form: "base64", prefix: "whsec_" } });
    const cases: Array<[AnyProviderDeclaration, unknown]> = [
      [hex, Buffer.from(KEY).toString("hex")], // no prefix
      [hex, "whsec_"], // nothing after it
      [hex, "whsec_abc"], // an odd number of digits
      [hex, "whsec_zz"],
      [hex, ""],
      [base64, "whsec_AAA"], // not padded
      [base64, "whsec_AB=="], // unused bits that are not zero
      [base64, "whsec_AAE-"], // base64url
      [base64, ["whsec_AAEC", "whsec_!"]], // a rotation list with one bad key
    ];
    for (const [provider, secret] of cases) {
      const label = `${JSON.stringify(secret)}`;
      expectNamed(() => createReceiver({ provider, secret: secret as string }), "secret", label, 'createReceiver({ provider: "acme" }): ');
      const error = thrown(() => createReceiver({ provider, secret: secret as string }));
      for (const part of [secret].flat() as string[]) if (part.length > 6) expect((error as Error).message, label).not.toContain(part.slice(6));
      if (!Array.isArray(secret)) expectNamed(() => deliveryFor(provider, { secret: secret as string, body }), "secret", label);
    }
  });

  it("of a secret function is checked on each request: a bad key is the receiver's internal error, a good one verifies", async () => {
    const provider = defineProvider({ ...BASE, secret: { form: "hex", prefix: "whsec_" } });
    let current = hexKey;
    const { receive, refusals } = receiverFor(provider, { secret: () => current });
    const delivery = deliveryFor(provider, { secret: hexKey, body });
    expect(await receive(delivery)).toEqual({ status: 200, code: null });
    current = "whsec_zz";
    expect((await receive(deliveryFor(provider, { secret: hexKey, body: '{"n":2}' }))).status).toBe(500);
    expect(refusals.map((r) => r.reason)).toEqual(["internal_error"]);
    current = `whsec_${Buffer.from(KEY).toString("hex").toUpperCase()}`;
    expect(await receive(deliveryFor(provider, { secret: hexKey, body: '{"n":3}' }))).toEqual({ status: 200, code: null });
  });
});

describe("a declared signature", () => {
  const body = '{"type":"order.paid","id":"o-1"}';

  it("in base64, with a prefix and SHA-1: verifies the HMAC computed here, refuses a header without the prefix", async () => {
    const provider = defineProvider({ ...BASE, signature: { header: "X-Acme-Signature", algorithm: "sha1", encoding: "base64", prefix: "v1=" } });
    const expected = `v1=${hmac("sha1", SECRET, body, "base64")}`;
    expect(deliveryFor(provider, { secret: SECRET, body }).headers["x-acme-signature"]).toBe(expected);
    const { receive } = receiverFor(provider);
    expect(await receive({ body, headers: { "X-Acme-Signature": expected } })).toEqual({ status: 200, code: null });
    expect(await receive({ body, headers: { "x-acme-signature": `V1=${hmac("sha1", SECRET, body, "base64")}` } })).toEqual({ status: 200, code: null });
    expect(await receive({ body, headers: { "x-acme-signature": hmac("sha1", SECRET, body, "base64") } })).toEqual({ status: 401, code: "MALFORMED_HEADER" });
    expect(await receive({ body, headers: { "x-acme-signature": `v1=${hmac("sha1", "other", body, "base64")}` } })).toEqual({ status: 401, code: "SIGNATURE_MISMATCH" });
    expect(await receive({ body, headers: {} })).toEqual({ status: 401, code: "MISSING_HEADER" });
  });

  it("in base64 without a prefix, SHA-512", async () => {
    const provider = defineProvider({ ...BASE, signature: { header: "X-Acme-Signature", algorithm: "sha512", encoding: "base64" } });
    const expected = hmac("sha512", SECRET, body, "base64");
    expect(deliveryFor(provider, { secret: SECRET, body }).headers["x-acme-signature"]).toBe(expected);
    const { receive } = receiverFor(provider);
    expect(await receive({ body, headers: { "x-acme-signature": expected } })).toEqual({ status: 200, code: null });
    expect(await receive({ body, headers: { "x-acme-signature": hmac("sha512", "other", body, "base64") } })).toEqual({ status: 401, code: "SIGNATURE_MISMATCH" });
  });

  it("in hex by default, SHA-256, either case", async () => {
    const provider = defineProvider(BASE);
    const expected = hmac("sha256", SECRET, body, "hex");
    expect(deliveryFor(provider, { secret: SECRET, body }).headers).toEqual({ "content-type": "application/json", "x-acme-signature": expected });
    const { receive } = receiverFor(provider);
    expect(await receive({ body, headers: { "x-acme-signature": expected.toUpperCase() } })).toEqual({ status: 200, code: null });
  });

  it("verifies under every secret of a rotation list, and says which matched", async () => {
    const provider = defineProvider(BASE);
    const { receive, seen } = receiverFor(provider, { secret: ["old-secret", SECRET] });
    expect(await receive({ body, headers: { "x-acme-signature": hmac("sha256", SECRET, body, "hex") } })).toEqual({ status: 200, code: null });
    expect(seen[0]!.verified).toMatchObject({ secretIndex: 1 });
  });
});

describe("a declared timestamp", () => {
  const body = '{"type":"ping"}';
  const signed = (t: string, separator = ".") => `${t}${separator}${body}`;

  for (const web of [false, true]) {
    describe(web ? "on /web (Web Crypto)" : "on the root entry", () => {
      it("in seconds: accepted within the tolerance either way, refused outside it, malformed or missing", async () => {
        const provider = defineProvider({ ...BASE, timestamp: { header: "X-Acme-Timestamp", toleranceSeconds: 300 } });
        const headersAt = (t: number) => ({ "x-acme-timestamp": String(t), "x-acme-signature": hmac("sha256", SECRET, signed(String(t)), "hex") });
        const realNow = Math.floor(Date.now() / 1000);
        const { receive, seen } = receiverFor(provider, {}, web);
        expect(await receive({ body, headers: headersAt(realNow) })).toEqual({ status: 200, code: null });
        expect(seen[0]!.verified).toMatchObject({ timestamp: realNow });
        expect(await receive({ body, headers: headersAt(realNow - 3600) })).toEqual({ status: 401, code: "TIMESTAMP_TOO_OLD" });
        expect(await receive({ body, headers: headersAt(realNow + 3600) })).toEqual({ status: 401, code: "TIMESTAMP_TOO_NEW" });
        expect(await receive({ body, headers: { ...headersAt(realNow), "x-acme-timestamp": "12e3" } })).toEqual({ status: 401, code: "MALFORMED_HEADER" });
        expect(await receive({ body, headers: { "x-acme-signature": headersAt(realNow)["x-acme-signature"] } })).toEqual({ status: 401, code: "MISSING_HEADER" });
        // A signature over the body alone does not cover the timestamp: refused.
        expect(await receive({ body, headers: { "x-acme-timestamp": String(realNow), "x-acme-signature": hmac("sha256", SECRET, body, "hex") } })).toEqual({
          status: 401,
          code: "SIGNATURE_MISMATCH",
        });
      });
    });
  }

  it("in milliseconds, with its own separator, read on a clock the steps are given", async () => {
    const provider = defineProvider({ ...BASE, timestamp: { header: "X-Acme-Timestamp", unit: "ms", toleranceSeconds: 60, separator: ":" } });
    const steps = provider.steps({ secret: SECRET }, nodeVerifiers, { now: () => NOW_MS });
    const at = (ms: number) => ({ "x-acme-timestamp": String(ms), "x-acme-signature": hmac("sha256", SECRET, signed(String(ms), ":"), "hex") });
    const bytes = encoder.encode(body);
    expect(steps.verify(bytes, at(NOW_MS + 60_000), SECRET, POST)).toEqual({ ok: true, timestamp: NOW_MS + 60_000 });
    expect(steps.verify(bytes, at(NOW_MS - 60_000), SECRET, POST)).toEqual({ ok: true, timestamp: NOW_MS - 60_000 });
    expect(steps.verify(bytes, at(NOW_MS - 60_001), SECRET, POST)).toMatchObject({ ok: false, reason: "timestamp_too_old" });
    expect(steps.verify(bytes, at(NOW_MS + 60_001), SECRET, POST)).toMatchObject({ ok: false, reason: "timestamp_too_new" });
    expect(steps.verify(bytes, { ...at(NOW_MS), "x-acme-timestamp": "1.7e12" }, SECRET, POST)).toEqual({
      ok: false,
      reason: "malformed_header",
      message: expect.stringContaining("unix time in whole milliseconds"),
    });
  });

  it("is signed by deliveryFor at the time given, or now in the declared unit", () => {
    const seconds = defineProvider({ ...BASE, timestamp: { header: "X-Acme-Timestamp" } });
    const fixed = deliveryFor(seconds, { secret: SECRET, body, timestamp: T });
    expect(fixed.headers).toEqual({
      "content-type": "application/json",
      "x-acme-timestamp": String(T),
      "x-acme-signature": hmac("sha256", SECRET, signed(String(T)), "hex"),
    });
    const ms = defineProvider({ ...BASE, timestamp: { header: "X-Acme-Timestamp", unit: "ms", separator: ":" } });
    const settings = { nowMs: NOW_MS + 0.5, randomId: () => "unused" };
    expect(ms.sign(nodeSigners, encoder.encode(body), SECRET, settings)).toEqual([
      ["Content-Type", "application/json"],
      ["X-Acme-Timestamp", String(NOW_MS)],
      ["X-Acme-Signature", hmac("sha256", SECRET, signed(String(NOW_MS), ":"), "hex")],
    ]);
    expect(seconds.sign(nodeSigners, body, SECRET, { nowMs: NOW_MS + 999, randomId: () => "unused" })[1]).toEqual(["X-Acme-Timestamp", String(T)]);
  });

  it("given to sign as something other than unix time: a TypeError naming timestamp", () => {
    const provider = defineProvider({ ...BASE, timestamp: { header: "X-Acme-Timestamp" } });
    for (const timestamp of ["1700000000", -1, 1.5, Number.NaN, null]) {
      expectNamed(() => deliveryFor(provider, { secret: SECRET, body, timestamp }), "timestamp", String(timestamp));
    }
  });
});

describe("a declared id and event", () => {
  it("from headers: the id keys the delivery, the header names the event", async () => {
    const provider = defineProvider({ ...BASE, id: { header: "X-Acme-Delivery" }, event: { header: "X-Acme-Event" } });
    const body = "{}";
    const signature = hmac("sha256", SECRET, body, "hex");
    const { receive, seen } = receiverFor(provider);
    await receive({ body, headers: { "x-acme-signature": signature, "x-acme-delivery": "d-1", "x-acme-event": "order.paid" } });
    await receive({ body, headers: { "x-acme-signature": signature, "x-acme-delivery": ["d-2", "d-2"], "x-acme-event": ["a", "a"] } });
    // Two different values name no one delivery and no one event: the body keys it, the provider names it.
    await receive({ body, headers: { "x-acme-signature": signature, "x-acme-delivery": ["d-3", "d-4"], "x-acme-event": ["a", "b"] } });
    await receive({ body: " {}", headers: { "x-acme-signature": hmac("sha256", SECRET, " {}", "hex"), "x-acme-event": "  " } });
    const digest = (text: string) => `sha256:${hashHex(text)}`;
    expect(seen.map(({ event, key }) => [event, key])).toEqual([
      ["order.paid", "acme:t:d-1"],
      ["a", "acme:t:d-2"],
      ["acme", `acme:t:${digest("{}")}`],
      ["acme", `acme:t:${digest(" {}")}`],
    ]);
  });

  it("from the body's fields: a string field names them, anything else leaves them to the provider's name and the body", async () => {
    const provider = defineProvider({ ...BASE, id: { field: "id" }, event: { field: "type" } });
    const { receive, seen } = receiverFor(provider);
    for (const body of ['{"id":"o-1","type":"order.paid"}', '{"id":"","type":""}', '{"id":7,"type":["x"]}', "{}"]) {
      expect(await receive({ body, headers: { "x-acme-signature": hmac("sha256", SECRET, body, "hex") } }), body).toEqual({ status: 200, code: null });
    }
    expect(seen.map(({ event, key }) => [event, key])).toEqual([
      ["order.paid", "acme:t:o-1"],
      ["acme", `acme:t:sha256:${hashHex('{"id":"","type":""}')}`],
      ["acme", `acme:t:sha256:${hashHex('{"id":7,"type":["x"]}')}`],
      ["acme", `acme:t:sha256:${hashHex("{}")}`],
    ]);
    // An id field puts no header on a delivery.
    expect(Object.keys(deliveryFor(provider, { secret: SECRET, body: "{}" }).headers)).toEqual(["content-type", "x-acme-signature"]);
  });

  it("from a parser of your own: its refusal is the answer, and a body that is no object names no field", async () => {
    const provider = defineProvider({
      ...BASE,
      id: { field: "id" },
      event: { field: "type" },
      parse: (bytes) => {
        const text = new TextDecoder().decode(bytes);
        return text.startsWith("ok:") ? { ok: true, value: text.slice(3) } : { ok: false, reason: "invalid_payload", message: "not ok" };
      },
    });
    const { receive, seen } = receiverFor(provider);
    const sign = (body: string) => ({ body, headers: { "x-acme-signature": hmac("sha256", SECRET, body, "hex") } });
    expect(await receive(sign("ok:hello"))).toEqual({ status: 200, code: null });
    expect(seen).toEqual([{ event: "acme", key: `acme:t:sha256:${hashHex("ok:hello")}`, payload: "hello", verified: {} }]);
    expect(await receive(sign("no"))).toEqual({ status: 400, code: "INVALID_PAYLOAD" });
  });

  it("by default: the body must be a JSON object", async () => {
    const { receive } = receiverFor(defineProvider(BASE));
    const sign = (body: string) => ({ body, headers: { "x-acme-signature": hmac("sha256", SECRET, body, "hex") } });
    expect(await receive(sign("not json"))).toEqual({ status: 400, code: "INVALID_JSON" });
    expect(await receive(sign("[1]"))).toEqual({ status: 400, code: "INVALID_PAYLOAD" });
  });

  it("an id header is signed by deliveryFor with the id given, or a fresh UUID; anything but a non-empty string is a TypeError naming id", () => {
    const provider = defineProvider({ ...BASE, id: { header: "X-Acme-Delivery" } });
    expect(deliveryFor(provider, { secret: SECRET, body: "{}", id: "d-9" }).headers["x-acme-delivery"]).toBe("d-9");
    const first = deliveryFor(provider, { secret: SECRET, body: "{}" }).headers["x-acme-delivery"];
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryFor(provider, { secret: SECRET, body: "{}" }).headers["x-acme-delivery"]).not.toBe(first);
    for (const id of ["", 7, ["d"]]) expectNamed(() => deliveryFor(provider, { secret: SECRET, body: "{}", id }), "id", JSON.stringify(id));
  });
});

/** SHA-256 in hex, computed here. */
function hashHex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
