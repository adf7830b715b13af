// RedisNonceStore against a real Redis (REDIS_URL, from scripts/test.mjs), through both
// client libraries. Without REDIS_URL these tests fail in CI and are skipped locally.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getHeader } from "../../src/lib/headers.js";
import { signHmacBase64, verifyHmacBase64 } from "../../src/schemes/ewarehousing.js";
import { signMwSignature } from "../../src/schemes/mobility-work.js";
import { handleOnce } from "../../src/replay/handle-once.js";
import { handleMwOnce } from "../../src/providers/mobility-work-once.js";
import { storedKey } from "../../src/replay/keys.js";
import { REDIS_NONCE_STORE_DEFAULT_PREFIX, REDIS_SCRIPTS, RedisNonceStore, RedisNonceStoreError } from "../../src/replay/redis.js";
import { storeBehaviour } from "./store-behaviour.js";
import { CLIENT_KINDS, type TestClient, connect } from "./clients.js";
import { REDIS_SERVER_MISSING, REDIS_URL, REDIS_URL_MISSING, describeNeeding, ownRedisServer, sleep, uniquePrefix } from "./redis-env.js";

describeNeeding("REDIS_URL", REDIS_URL_MISSING, "RedisNonceStore against a real Redis", () => {
  for (const kind of CLIENT_KINDS) {
    describe(`with a ${kind} client`, () => {
      let client: TestClient;
      beforeAll(async () => {
        client = await connect(kind, REDIS_URL as string);
      });
      afterAll(() => client?.close());

      describe("the behaviour every store shares", () => {
        storeBehaviour({ store: () => client.store({ keyPrefix: uniquePrefix(kind) }), pass: sleep });
      });

      it("keeps a lease, a done key and a long key in Redis as documented", async () => {
        const prefix = uniquePrefix(kind);
        const store = client.store({ keyPrefix: prefix });
        const begun = await store.begin("evt", 60_000);
        const ttl = await client.pttl(`${prefix}evt`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
        expect(await store.complete("evt", (begun as { token: string }).token, 3_600_000)).toBe(true);
        expect(await client.pttl(`${prefix}evt`)).toBeGreaterThan(60_000);
        await store.begin("y".repeat(8_000), 60_000);
        expect(await client.exists(`${prefix}${storedKey("y".repeat(8_000))}`)).toBe(1);
        expect(storedKey("y".repeat(8_000))).toHaveLength(65);
      });

      it("claims a nonce once, and again after release", async () => {
        const prefix = uniquePrefix(kind);
        const store = client.store({ keyPrefix: prefix });
        const expiresAt = Date.now() + 60_000;
        expect(await store.claim("n1", expiresAt)).toBe(true);
        expect(await store.claim("n1", expiresAt)).toBe(false);
        expect(await store.claim("n2", expiresAt)).toBe(true);
        expect(await client.exists(`${prefix}n1`)).toBe(1);
        await store.release("n1");
        expect(await client.exists(`${prefix}n1`)).toBe(0);
        expect(await store.claim("n1", expiresAt)).toBe(true);
        await store.release("never-claimed");
      });

      it("sets the TTL from expiresAtMs, and lets Redis forget the nonce then", async () => {
        const prefix = uniquePrefix(kind);
        const now = Date.now();
        const store = client.store({ keyPrefix: prefix, now: () => now });
        expect(await store.claim("long", now + 60_000)).toBe(true);
        const ttl = await client.pttl(`${prefix}long`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
        // A fraction of a millisecond left still gives a TTL of at least 1 ms.
        expect(await store.claim("short", now + 0.2)).toBe(true);
        // Wait (bounded) until Redis expires it, then it can be claimed again.
        for (let i = 0; i < 200 && (await client.exists(`${prefix}short`)) === 1; i++) await sleep(10);
        expect(await client.exists(`${prefix}short`)).toBe(0);
        expect(await store.claim("short", Date.now() + 60_000)).toBe(true);
      });

      it("records nothing for an expiry already past", async () => {
        const prefix = uniquePrefix(kind);
        const store = client.store({ keyPrefix: prefix });
        expect(await store.claim("old", Date.now() - 1_000)).toBe(true);
        expect(await client.exists(`${prefix}old`)).toBe(0);
      });

      it("uses the documented key prefix by default", async () => {
        const store = client.store();
        const nonce = uniquePrefix("default").slice(0, -1);
        expect(store.keyPrefix).toBe(REDIS_NONCE_STORE_DEFAULT_PREFIX);
        expect(await store.claim(nonce, Date.now() + 10_000)).toBe(true);
        expect(await client.exists(`webhook-signatures:nonce:${nonce}`)).toBe(1);
        await store.release(nonce);
      });

      it("runs handleOnce end to end: processed, then duplicate, then processed after a failed handler", async () => {
        const store = client.store({ keyPrefix: uniquePrefix(kind) });
        const body = '{"body":{"sku":"S1","stock_salable":3},"group":"stock","action":"updated","entity":"stock","customer":"ACME","entityId":"1"}';
        const headers = { "x-hmac-sha256": signHmacBase64({ body, secret: "s" }), "x-webhook-id": "evt-1" };
        const deliver = (handler: () => string) =>
          handleOnce({
      provider: "acme",
            store,
            verify: () => verifyHmacBase64({ body, secret: "s", headers }),
            key: () => getHeader(headers, "x-webhook-id"),
            retentionMs: 60_000,
            handler,
          });
        await expect(deliver(() => { throw new Error("db down"); })).rejects.toThrow("db down");
        expect(await deliver(() => "saved")).toMatchObject({ status: "processed", value: "saved", key: "acme::evt-1" });
        expect(await deliver(() => "again")).toMatchObject({ status: "duplicate", httpStatus: 200 });
      });

      it("stops a Mobility Work replay with handleMwOnce", async () => {
        const store = client.store({ keyPrefix: uniquePrefix(kind) });
        const body = '{"_event":"spare_part_out_of_stock","_date":"2024-07-29T15:51:28.071Z","_metadata":[]}';
        const headers = { "x-mw-signature": signMwSignature({ body, secret: "mw" }) };
        let runs = 0;
        const deliver = () => handleMwOnce({ body, secret: "mw", headers, store, handler: () => ++runs });
        expect((await deliver()).status).toBe("processed");
        expect((await deliver()).status).toBe("duplicate");
        expect(runs).toBe(1);
      });
    });
  }

  it("recognises its own begin or claim that Redis ran twice (ioredis re-sends an EVAL after a reconnect): claimed, not in progress (issue 25, item 2)", async () => {
    const { Redis } = await import("ioredis");
    const raw = new Redis(REDIS_URL as string);
    try {
      const keyPrefix = uniquePrefix("resent");
      const send = (script: string, keys: string[], args: string[]) => raw.call("EVAL", script, keys.length, ...keys, ...args);
      // The first run's reply is lost with the connection; the client runs the same EVAL again and answers its reply.
      const resending = new RedisNonceStore({
        client: { evalScript: (script, keys, args) => (script === REDIS_SCRIPTS.begin || script === REDIS_SCRIPTS.claim ? send(script, keys, args).then(() => send(script, keys, args)) : send(script, keys, args)) },
        keyPrefix,
      });
      const other = new RedisNonceStore({ client: raw, keyPrefix });
      const begun = await resending.begin("k", 60_000);
      expect(begun.state).toBe("claimed");
      expect((await other.begin("k", 60_000)).state).toBe("in_progress"); // still one lease: another attempt waits
      expect(await resending.complete("k", (begun as { token: string }).token, 60_000)).toBe(true);
      expect(await other.begin("k", 60_000)).toEqual({ state: "done" });
      expect(await resending.claim("n", Date.now() + 60_000)).toBe(true);
      expect(await other.claim("n", Date.now() + 60_000)).toBe(false);
    } finally {
      raw.disconnect();
    }
  });

  it("works with a RedisScriptRunner adapter over any client", async () => {
    const { Redis } = await import("ioredis");
    const raw = new Redis(REDIS_URL as string);
    try {
      const store = new RedisNonceStore({
        client: { evalScript: (script, keys, args) => raw.call("EVAL", script, keys.length, ...keys, ...args) },
        keyPrefix: uniquePrefix("adapter"),
      });
      expect(await store.claim("n", Date.now() + 10_000)).toBe(true);
      expect(await store.claim("n", Date.now() + 10_000)).toBe(false);
      await store.release("n");
      expect(await store.claim("n", Date.now() + 10_000)).toBe(true);
      const begun = await store.begin("k", 10_000);
      expect(begun.state).toBe("claimed");
      expect(await store.abandon("k", (begun as { token: string }).token)).toBe(true);
    } finally {
      raw.disconnect();
    }
  });
});

describeNeeding("a redis-server binary", REDIS_SERVER_MISSING, "RedisNonceStore on a Redis that may evict its keys (issue 25, item 2)", () => {
  const server = ownRedisServer();

  for (const kind of CLIENT_KINDS) {
    it(`warns once through ${kind} when maxmemory-policy is volatile-ttl, and not once it is noeviction`, async () => {
      const { Redis } = await import("ioredis");
      const admin = new Redis(server().url);
      const client = await connect(kind, server().url);
      try {
        await admin.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
        const warnings: string[] = [];
        const store = client.store({ keyPrefix: uniquePrefix("policy"), onWarning: (message) => warnings.push(message) });
        expect((await store.begin("a", 60_000)).state).toBe("claimed");
        expect((await store.begin("b", 60_000)).state).toBe("claimed");
        await vi.waitFor(() => expect(warnings).toHaveLength(1));
        expect(warnings[0]).toMatch(/^\[webhook-signatures\] RedisNonceStore: Redis's maxmemory-policy is volatile-ttl, not noeviction: /);
        await admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        // An adapter on the same server, to know when the check has been answered.
        const answered: Promise<unknown>[] = [];
        const quiet: string[] = [];
        const checked = new RedisNonceStore({
          client: {
            evalScript: (script, keys, args) => {
              const reply = admin.call("EVAL", script, keys.length, ...keys, ...args);
              answered.push(reply);
              return reply;
            },
          },
          keyPrefix: uniquePrefix("policy"),
          onWarning: (message) => quiet.push(message),
        });
        expect((await checked.begin("a", 60_000)).state).toBe("claimed");
        for (let i = 0; i < 100 && answered.length < 2; i++) await sleep(5);
        expect(await answered[1]).toBe("noeviction");
        await sleep(5);
        expect(quiet).toEqual([]);
      } finally {
        await admin.call("CONFIG", "SET", "maxmemory-policy", "noeviction").catch(() => undefined);
        admin.disconnect();
        client.close();
      }
    });
  }
});

// Through an adapter: no Redis needed.
describe("RedisNonceStore errors and options", () => {
  const adapter = (evalScript: () => Promise<unknown>) => ({ evalScript });

  it("wraps a rejection that is not an Error, keeping its text and the cause", async () => {
    const store = new RedisNonceStore({ client: adapter(() => Promise.reject("connection refused")) });
    const error = await store.claim("n", Date.now() + 10_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedisNonceStoreError);
    expect((error as RedisNonceStoreError).operation).toBe("claim");
    expect((error as Error).message).toMatch(/^\[webhook-signatures\] Redis is unreachable or failed \(connection refused\): the nonce could not be claimed/);
    expect((error as Error).cause).toBe("connection refused");
  });

  it("names a non-number timeoutMs by its type and a bad number by its value", () => {
    const client = adapter(async () => 1);
    expect(() => new RedisNonceStore({ client, timeoutMs: "100" as never })).toThrow(/timeoutMs must be a number of ms > 0 and <= 2147483647 \(2\^31 - 1\), got a string$/);
    expect(() => new RedisNonceStore({ client, timeoutMs: -5 })).toThrow(/got -5$/);
  });
});

