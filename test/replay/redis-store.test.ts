// RedisNonceStore's own logic, with fake clients that record what they are sent (no Redis needed;
// the real thing is in redis.test.ts and redis-faults.test.ts).
import { describe, expect, it, vi } from "vitest";
import { storedKey } from "../../src/replay/keys.js";
import {
  REDIS_NONCE_STORE_DEFAULT_PREFIX,
  REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS,
  REDIS_SCRIPTS,
  RedisNonceStore,
  RedisNonceStoreError,
} from "../../src/replay/redis.js";
import { NonceStoreError } from "../../src/replay/store-error.js";
import { thrown } from "../helpers/thrown.js";

const NOW = 1_722_268_288_000;

/** What a promise rejects with (a marker when it resolves). */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => "(resolved)",
    (error: unknown) => error,
  );
}

const CLAIM_CONSEQUENCE = "the nonce could not be claimed, so the delivery must not be processed: answer 5xx so the provider retries.";

/** Shaped like ioredis: positional EVAL arguments, and a `call` method. */
function fakeIoredis(reply: (script: string) => unknown = () => 1) {
  return { call: vi.fn(), eval: vi.fn(async (script: string, ..._rest: unknown[]) => reply(script)) };
}

/** Shaped like node-redis: EVAL options object, no `call`. */
function fakeNodeRedis(reply: (script: string) => unknown = () => 1) {
  return { eval: vi.fn(async (script: string, _options: { keys: string[]; arguments: string[] }) => reply(script)) };
}

describe("RedisNonceStore", () => {
  it("sends each transition as one EVAL to an ioredis client: key after the prefix, then its arguments", async () => {
    const client = fakeIoredis((script) => (script === REDIS_SCRIPTS.begin ? -1 : 1));
    const store = new RedisNonceStore({ client, now: () => NOW, onWarning: () => {} });
    // The transitions, without the one eviction-policy check after the first begin.
    const sent = () => client.eval.mock.calls.filter(([script]) => script !== REDIS_SCRIPTS.policy);
    expect(await store.claim("abc", NOW + 300_000)).toBe(true);
    const [script, numkeys, key, value, ttl] = sent()[0] as unknown[];
    expect([script, numkeys, key, ttl]).toEqual([REDIS_SCRIPTS.claim, 1, "webhook-signatures:nonce:abc", "300000"]);
    expect(value).toMatch(/^C:[0-9a-f]{32}$/);
    await store.release("abc");
    expect(sent()[1]).toEqual([REDIS_SCRIPTS.release, 1, "webhook-signatures:nonce:abc"]);
    const begun = await store.begin("evt", 5_000);
    expect(begun).toEqual({ state: "claimed", token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const token = (begun as { token: string }).token;
    expect(sent()[2]).toEqual([REDIS_SCRIPTS.begin, 1, "webhook-signatures:nonce:evt", `L:${token}`, "5000"]);
    expect(await store.complete("evt", token, 86_400_000)).toBe(true);
    expect(sent()[3]).toEqual([REDIS_SCRIPTS.complete, 1, "webhook-signatures:nonce:evt", `L:${token}`, "86400000"]);
    expect(await store.abandon("evt", token)).toBe(true);
    expect(sent()[4]).toEqual([REDIS_SCRIPTS.abandon, 1, "webhook-signatures:nonce:evt", `L:${token}`]);
    expect(await store.renew("evt", token, 60_000)).toBe(true);
    expect(sent()[5]).toEqual([REDIS_SCRIPTS.renew, 1, "webhook-signatures:nonce:evt", `L:${token}`, "60000"]);
    expect(client.eval.mock.calls.filter(([script]) => script === REDIS_SCRIPTS.policy)).toEqual([[REDIS_SCRIPTS.policy, 1, "webhook-signatures:nonce:evt"]]);
    expect(client.call).not.toHaveBeenCalled();
  });

  it("sends the same to a node-redis client as keys and arguments", async () => {
    const client = fakeNodeRedis();
    const store = new RedisNonceStore({ client, keyPrefix: "p:", now: () => NOW });
    expect(await store.claim("abc", NOW + 1_500)).toBe(true);
    const [script, options] = client.eval.mock.calls[0] as [string, { keys: string[]; arguments: string[] }];
    expect(script).toBe(REDIS_SCRIPTS.claim);
    expect(options.keys).toEqual(["p:abc"]);
    expect(options.arguments[1]).toBe("1500");
    expect(await store.abandon("k", "t")).toBe(true);
    expect(client.eval.mock.calls[1]).toEqual([REDIS_SCRIPTS.abandon, { keys: ["p:k"], arguments: ["L:t"] }]);
  });

  it("stores a long key as its digest, after the prefix", async () => {
    const client = fakeNodeRedis(() => -1);
    const store = new RedisNonceStore({ client, keyPrefix: "p:" });
    await store.begin("x".repeat(8_000), 1_000);
    expect(client.eval.mock.calls[0]?.[1].keys).toEqual([`p:${storedKey("x".repeat(8_000))}`]);
    expect(client.eval.mock.calls[0]?.[1].keys[0]).toHaveLength(67);
  });

  it("reads the begin script's integer: -1 claimed, -2 done, n >= 1 the lease's ms left; anything else is a failure", async () => {
    const begin = (reply: unknown) => new RedisNonceStore({ client: fakeIoredis(() => reply) }).begin("k", 1_000);
    expect((await begin(-1)).state).toBe("claimed");
    expect(await begin(-2)).toEqual({ state: "done" });
    expect(await begin(1)).toEqual({ state: "in_progress", retryAfterMs: 1 });
    expect(await begin(4_321)).toEqual({ state: "in_progress", retryAfterMs: 4_321 });
    for (const reply of [0, -3, 1.5, "-1", null, undefined, [-1], Buffer.from("-1")]) {
      const error = await rejection(begin(reply));
      expect(error, String(reply)).toBeInstanceOf(RedisNonceStoreError);
      expect(error).toMatchObject({ operation: "begin" });
    }
    expect(((await rejection(begin(0))) as Error).message).toBe(
      "[webhook-signatures] Redis is unreachable or failed (unexpected reply 0 to the begin script): the key could not be claimed, so the delivery must not be processed: answer 503 so the provider retries.",
    );
  });

  it("takes only the integer 1 as a claim, a completion or a release", async () => {
    for (const [reply, expected] of [[1, true], [0, false]] as const) {
      const store = new RedisNonceStore({ client: fakeNodeRedis(() => reply), now: () => NOW });
      expect(await store.claim("n", NOW + 1_000)).toBe(expected);
      expect(await store.complete("n", "t", 1_000)).toBe(expected);
      expect(await store.abandon("n", "t")).toBe(expected);
    }
    const weird = new RedisNonceStore({ client: fakeIoredis(() => "OK"), now: () => NOW });
    const error = await rejection(weird.claim("n", NOW + 1_000));
    expect((error as Error).message).toBe(
      `[webhook-signatures] Redis is unreachable or failed (unexpected reply a string to a script (an integer was expected); is the client in callback/legacy mode? Pass a RedisScriptRunner adapter): ${CLAIM_CONSEQUENCE}`,
    );
  });

  it("never resolves a claim when Redis fails: it rejects with a clear error, and undoes the claim if it lands later", async () => {
    for (const make of [fakeIoredis, fakeNodeRedis]) {
      const cause = new Error("connect ECONNREFUSED 127.0.0.1:6390");
      const client = make((script) => {
        if (script === REDIS_SCRIPTS.abandon) return 1;
        throw cause;
      });
      const store = new RedisNonceStore({ client, keyPrefix: "p:", now: () => NOW });
      const claim = store.claim("abc", NOW + 10_000);
      const error = (await rejection(claim)) as RedisNonceStoreError;
      expect(error).toBeInstanceOf(RedisNonceStoreError);
      expect(error.message).toBe(`[webhook-signatures] Redis is unreachable or failed (connect ECONNREFUSED 127.0.0.1:6390): ${CLAIM_CONSEQUENCE}`);
      expect(error).toMatchObject({ name: "RedisNonceStoreError", operation: "claim", cause });
      await vi.waitFor(() => expect(client.eval).toHaveBeenCalledTimes(2));
      const calls = client.eval.mock.calls as unknown as unknown[][];
      const value = make === fakeIoredis ? calls[0]?.[3] : (calls[0]?.[1] as { arguments: string[] }).arguments[0];
      if (make === fakeIoredis) expect(calls[1]).toEqual([REDIS_SCRIPTS.abandon, 1, "p:abc", value]);
      else expect(calls[1]).toEqual([REDIS_SCRIPTS.abandon, { keys: ["p:abc"], arguments: [value] }]);

      // The same for begin: the lease it may have set is released by its token.
      const begin = store.begin("evt", 1_000);
      expect(await rejection(begin)).toMatchObject({ operation: "begin" });
      await vi.waitFor(() => expect(client.eval).toHaveBeenCalledTimes(4));
      const leased = make === fakeIoredis ? calls[2]?.[3] : (calls[2]?.[1] as { arguments: string[] }).arguments[0];
      expect(leased).toMatch(/^L:[0-9a-f]{32}$/);
      if (make === fakeIoredis) expect(calls[3]).toEqual([REDIS_SCRIPTS.abandon, 1, "p:evt", leased]);
      else expect(calls[3]).toEqual([REDIS_SCRIPTS.abandon, { keys: ["p:evt"], arguments: [leased] }]);
    }
  });

  describe("warns once when Redis may evict the store's keys (maxmemory-policy not noeviction) (issue 25, item 2)", () => {
    const policyClient = (policy: () => unknown) =>
      fakeNodeRedis((script) => (script === REDIS_SCRIPTS.policy ? policy() : script === REDIS_SCRIPTS.begin ? -1 : 1));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

    it("tells onWarning once, after the first begin Redis answered, naming the policy and no key", async () => {
      const client = policyClient(() => "volatile-lru");
      const warnings: string[] = [];
      const store = new RedisNonceStore({ client, keyPrefix: "p:", onWarning: (message) => warnings.push(message) });
      await store.claim("secret-nonce", Date.now() + 10_000);
      await settle();
      expect(warnings).toEqual([]); // a claim holds no lease: nothing checked yet
      await store.begin("order-4711", 1_000);
      await vi.waitFor(() => expect(warnings).toHaveLength(1));
      await store.begin("order-4712", 1_000);
      await settle();
      expect(warnings).toEqual([
        "[webhook-signatures] RedisNonceStore: Redis's maxmemory-policy is volatile-lru, not noeviction: when Redis runs short of memory it may evict this store's keys, the leases of running deliveries included (a retry then runs beside the handler) and done keys (a copy runs again). Set maxmemory-policy noeviction, or give the store a Redis of its own.",
      ]);
      expect(client.eval.mock.calls.filter(([script]) => script === REDIS_SCRIPTS.policy)).toEqual([[REDIS_SCRIPTS.policy, { keys: ["p:order-4711"], arguments: [] }]]);
    });

    it("says nothing for noeviction, or when the policy cannot be read (forbidden, odd reply, no answer), and never fails a begin for it", async () => {
      for (const [label, policy] of [
        ["noeviction", () => "noeviction"],
        ["an error", () => Promise.reject(new Error("NOPERM this user has no permissions to run the 'info' command"))],
        ["no policy found", () => ""],
        ["a number", () => 1],
        ["not a name", () => "volatile lru\r\nfoo"],
        ["no answer", () => new Promise(() => {})],
      ] as const) {
        const warnings: string[] = [];
        const store = new RedisNonceStore({ client: policyClient(policy), timeoutMs: 20, onWarning: (message) => warnings.push(message) });
        expect((await store.begin("k", 1_000)).state, label).toBe("claimed");
        await new Promise((resolve) => setTimeout(resolve, 40));
        expect(warnings, label).toEqual([]);
      }
    });

    it("checks after the first begin Redis answered, not after one that failed", async () => {
      let up = false;
      const client = fakeNodeRedis((script) => {
        if (!up) throw new Error("ECONNREFUSED");
        return script === REDIS_SCRIPTS.policy ? "allkeys-lru" : -1;
      });
      const warnings: string[] = [];
      const store = new RedisNonceStore({ client, onWarning: (message) => warnings.push(message) });
      await expect(store.begin("k", 1_000)).rejects.toMatchObject({ operation: "begin" });
      up = true;
      await store.begin("k", 1_000);
      await vi.waitFor(() => expect(warnings).toHaveLength(1));
      expect(warnings[0]).toMatch(/maxmemory-policy is allkeys-lru, not noeviction/);
    });

    it("warns through console.warn by default, and survives an onWarning that throws", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        await new RedisNonceStore({ client: policyClient(() => "volatile-ttl") }).begin("k", 1_000);
        await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
        expect(warn.mock.calls[0]?.[0]).toMatch(/^\[webhook-signatures\] RedisNonceStore: Redis's maxmemory-policy is volatile-ttl, not noeviction/);
      } finally {
        warn.mockRestore();
      }
      let told = 0;
      const throwing = new RedisNonceStore({ client: policyClient(() => "volatile-lru"), onWarning: () => { told++; throw new Error("logger down"); } });
      expect((await throwing.begin("k", 1_000)).state).toBe("claimed");
      await vi.waitFor(() => expect(told).toBe(1)); // and no unhandled rejection (vitest fails the run on one)
    });

    it("refuses an onWarning that is not a function", () => {
      const error = thrown(() => new RedisNonceStore({ client: fakeNodeRedis(), onWarning: "log" as never }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe("[webhook-signatures] onWarning must be a function taking a message, got a string");
    });
  });

  it("names what a failed completion or release means", async () => {
    const client = fakeNodeRedis(() => {
      throw new Error("READONLY You can't write against a read only replica.");
    });
    const store = new RedisNonceStore({ client });
    const messages = {
      release: "the nonce could not be released, so the provider's retry may be taken for a duplicate until the nonce expires: answer 5xx.",
      complete: "the key could not be marked done: its lease ends by itself, and a later copy may be processed again.",
      abandon: "the key could not be released: its lease ends by itself, and the provider's retry is processed after it.",
      renew: "the lease could not be renewed: it ends by itself, and a retry may then run, so the handler must stop.",
    };
    for (const [operation, promise] of [["release", store.release("n")], ["complete", store.complete("n", "t", 5)], ["abandon", store.abandon("n", "t")], ["renew", store.renew("n", "t", 5)]] as const) {
      const error = await rejection(promise);
      expect(error).toMatchObject({ name: "RedisNonceStoreError", operation });
      expect((error as Error).message).toBe(`[webhook-signatures] Redis is unreachable or failed (READONLY You can't write against a read only replica.): ${messages[operation]}`);
    }
    await vi.waitFor(() => expect(client.eval).toHaveBeenCalledTimes(4)); // no undo for these
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(client.eval).toHaveBeenCalledTimes(4);
  });

  it("gives up after timeoutMs when Redis does not answer (a client queueing while it reconnects)", async () => {
    const client = fakeIoredis(() => new Promise(() => {}));
    const store = new RedisNonceStore({ client, timeoutMs: 20 });
    await expect(store.claim("n", Date.now() + 60_000)).rejects.toThrow(/Redis did not answer within 20 ms\): the nonce could not be claimed/);
    await expect(store.begin("n", 1_000)).rejects.toMatchObject({ operation: "begin" });
    await expect(store.release("n")).rejects.toMatchObject({ operation: "release" });
  });

  it("gives every failure one class, NonceStoreError, with a code: timeout, backend_error or bad_reply", async () => {
    const failing = (reply: (script: string) => unknown, timeoutMs = 2_000) =>
      new RedisNonceStore({ client: fakeIoredis(reply), now: () => NOW, timeoutMs });
    const refused = new Error("connect ECONNREFUSED 127.0.0.1:6390");
    const cases = [
      ["timeout", failing(() => new Promise(() => {}), 20)],
      ["backend_error", failing(() => { throw refused; })],
      ["bad_reply", failing(() => "OK")],
    ] as const;
    for (const [code, store] of cases) {
      for (const [operation, call] of [
        ["claim", () => store.claim("n", NOW + 1_000)],
        ["release", () => store.release("n")],
        ["begin", () => store.begin("k", 1_000)],
        ["complete", () => store.complete("k", "t", 1_000)],
        ["abandon", () => store.abandon("k", "t")],
        ["renew", () => store.renew("k", "t", 1_000)],
      ] as const) {
        const error = await rejection(call());
        expect(error, `${code} ${operation}`).toBeInstanceOf(NonceStoreError);
        expect(error, `${code} ${operation}`).toBeInstanceOf(RedisNonceStoreError);
        expect(error).toMatchObject({ name: "RedisNonceStoreError", code, operation });
      }
    }
    expect((await rejection(cases[1][1].claim("n", NOW + 1_000))) as Error).toHaveProperty("cause", refused);
    // A begin answered with an integer the script never gives: a reply the store cannot read.
    await expect(failing(() => 0).begin("k", 1_000)).rejects.toMatchObject({ code: "bad_reply", operation: "begin" });
    // Built by hand (a test's fake, say): an error of the backend unless told otherwise.
    expect(new RedisNonceStoreError("complete", refused)).toMatchObject({ code: "backend_error", operation: "complete", cause: refused });
  });

  it("quotes at most the first 200 characters of the cause", async () => {
    const long = `${"x".repeat(200)}${"y".repeat(100)}`;
    const store = new RedisNonceStore({ client: fakeNodeRedis(() => { throw new Error(long); }), now: () => NOW });
    const claimError = await rejection(store.claim("n", NOW + 1_000));
    expect((claimError as Error).message).toBe(`[webhook-signatures] Redis is unreachable or failed (${"x".repeat(200)}): ${CLAIM_CONSEQUENCE}`);
    expect(((claimError as Error).cause as Error).message).toBe(long);
  });

  it("rounds a claim's TTL up to whole ms, caps it, and asks nothing for an expiry already past", async () => {
    const client = fakeIoredis();
    const store = new RedisNonceStore({ client, now: () => NOW });
    await store.claim("a", NOW + 0.2);
    expect(client.eval.mock.calls[0]?.[4]).toBe("1");
    await store.claim("b", NOW + 2 ** 60);
    expect(client.eval.mock.calls[1]?.[4]).toBe(String(Number.MAX_SAFE_INTEGER));
    expect(await store.claim("c", NOW)).toBe(true);
    expect(await store.claim("c", NOW - 5)).toBe(true);
    expect(client.eval).toHaveBeenCalledTimes(2);
  });

  it("leaves no timer behind once Redis has answered", async () => {
    vi.useFakeTimers();
    try {
      const store = new RedisNonceStore({ client: fakeIoredis(), now: () => NOW, timeoutMs: 60_000 });
      expect(await store.claim("n", NOW + 1_000)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("works where setTimeout returns a number with no unref (Deno, browsers)", async () => {
    const realSetTimeout = globalThis.setTimeout;
    const numericTimeout = (handler: () => void, ms?: number) => Number(realSetTimeout(handler, ms));
    const store = new RedisNonceStore({ client: fakeIoredis(), now: () => NOW });
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(numericTimeout as unknown as typeof setTimeout);
    try {
      expect(await store.claim("n", NOW + 1_000)).toBe(true);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("uses a RedisScriptRunner adapter as given", async () => {
    const adapter = { evalScript: vi.fn(async (_script: string, _keys: string[], _args: string[]) => -2) };
    const store = new RedisNonceStore({ client: adapter, keyPrefix: "" });
    expect(await store.begin("n", 5)).toEqual({ state: "done" });
    expect(adapter.evalScript).toHaveBeenCalledWith(REDIS_SCRIPTS.begin, ["n"], [expect.stringMatching(/^L:/), "5"]);
  });

  it("documents its defaults", () => {
    expect(REDIS_NONCE_STORE_DEFAULT_PREFIX).toBe("webhook-signatures:nonce:");
    expect(REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS).toBe(2_000);
    expect(new RedisNonceStore({ client: fakeIoredis() }).keyPrefix).toBe(REDIS_NONCE_STORE_DEFAULT_PREFIX);
  });

  it("names each caller mistake with the whole message, at once", () => {
    const fn = () => {};
    const notAClient = "must be a node-redis or ioredis client, or a RedisScriptRunner adapter";
    const noEval = "client must be a node-redis or ioredis client (with an eval method), or a RedisScriptRunner adapter (evalScript)";
    const timeout = "timeoutMs must be a number of ms > 0 and <= 2147483647 (2^31 - 1)";
    const bad: [unknown, string][] = [
      [null, "options must be an object with a client, got null"],
      ["redis://127.0.0.1:6379", "options must be an object with a client, got a string"],
      [{ client: null }, `client ${notAClient}, got null`],
      [{ client: "redis://127.0.0.1:6379" }, `client ${notAClient}, got a string`],
      [{ client: { set: fn, del: fn } }, noEval],
      [{ client: { call: fn } }, noEval],
      [{ client: { evalScript: "no" } }, noEval],
      [{ client: fakeIoredis(), keyPrefix: 1 }, "keyPrefix must be a string, got a number"],
      [{ client: fakeIoredis(), timeoutMs: 0 }, `${timeout}, got 0`],
      [{ client: fakeIoredis(), timeoutMs: 2_147_483_648 }, `${timeout}, got 2147483648`],
      [{ client: fakeIoredis(), timeoutMs: "100" }, `${timeout}, got a string`],
      [{ client: fakeIoredis(), timeoutMs: Number.NaN }, `${timeout}, got NaN`],
      [{ client: fakeIoredis(), now: "x" }, "now must be a function returning ms since the epoch, got a string"],
    ];
    for (const [options, message] of bad) {
      const error = thrown(() => new RedisNonceStore(options as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
    const store = new RedisNonceStore({ client: fakeIoredis() });
    const calls: [() => unknown, string][] = [
      [() => store.claim("", 1), "nonce must be a non-empty string, got an empty string"],
      [() => store.claim("n", Number.NaN), "expiresAtMs must be a finite number of ms since the epoch, got NaN"],
      [() => store.release(null as never), "nonce must be a non-empty string, got null"],
      [() => store.begin("", 1), "key must be a non-empty string, got an empty string"],
      [() => store.begin("k", 0), "leaseMs must be a whole number of ms from 1 to 2147483647 (about 24.8 days), got 0"],
      [() => store.complete("k", "", 1), "token must be the non-empty string begin() returned, got an empty string"],
      [() => store.complete("k", "t", 1.5), "retentionMs must be a whole number of ms from 1 to 2147483647 (about 24.8 days), got 1.5"],
      [() => store.abandon(7 as never, "t"), "key must be a non-empty string, got a number"],
      [() => store.abandon("k", undefined as never), "token must be the non-empty string begin() returned, got undefined"],
    ];
    for (const [call, message] of calls) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
    const clocked = new RedisNonceStore({ client: fakeIoredis(), now: () => Number.NaN });
    expect(() => clocked.claim("n", 1)).toThrow("[webhook-signatures] now must return a finite number of ms since the epoch, got NaN");
  });
});
