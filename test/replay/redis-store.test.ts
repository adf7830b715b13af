// RedisNonceStore's own logic, with fake clients that record what they are sent (no Redis needed;
// the real thing is in redis.test.ts and redis-faults.test.ts).
import { describe, expect, it, vi } from "vitest";
import {
  REDIS_DELETE_IF_VALUE_SCRIPT,
  REDIS_NONCE_STORE_DEFAULT_PREFIX,
  REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS,
  RedisNonceStore,
  RedisNonceStoreError,
} from "../../src/replay/redis.js";
import { thrown } from "../helpers/thrown.js";

const NOW = 1_722_268_288_000;

/** What a claim rejects with (a marker when it resolves). */
function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => "(resolved)",
    (error: unknown) => error,
  );
}

const CLAIM_CONSEQUENCE = "the nonce could not be claimed, so the delivery must not be processed: answer 5xx so the provider retries.";

/** Shaped like ioredis: positional SET arguments, and a `call` method. */
function fakeIoredis(setReply: () => unknown = () => "OK") {
  return {
    call: vi.fn(),
    set: vi.fn(async (..._args: unknown[]) => setReply()),
    del: vi.fn(async (_key: string) => 1),
    eval: vi.fn(async (..._args: unknown[]) => 1),
  };
}

/** Shaped like node-redis: SET options object, EVAL options object, no `call`. */
function fakeNodeRedis(setReply: () => unknown = () => "OK") {
  return {
    set: vi.fn(async (_key: string, _value: string, _options: unknown) => setReply()),
    del: vi.fn(async (_key: string) => 1),
    eval: vi.fn(async (_script: string, _options: unknown) => 1),
  };
}

describe("RedisNonceStore", () => {
  it("sends SET key token PX ttl NX to an ioredis client, and DEL to release", async () => {
    const client = fakeIoredis();
    const store = new RedisNonceStore({ client, now: () => NOW });
    expect(await store.claim("abc", NOW + 300_000)).toBe(true);
    const [key, token, px, ttl, nx] = client.set.mock.calls[0] as unknown[];
    expect([key, px, ttl, nx]).toEqual(["webhook-signatures:nonce:abc", "PX", 300_000, "NX"]);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    await store.release("abc");
    expect(client.del).toHaveBeenCalledWith("webhook-signatures:nonce:abc");
    expect(client.eval).not.toHaveBeenCalled();
  });

  it("sends both spellings of the SET options to a node-redis client (v4, and v5+)", async () => {
    const client = fakeNodeRedis();
    const store = new RedisNonceStore({ client, keyPrefix: "p:", now: () => NOW });
    expect(await store.claim("abc", NOW + 1_500)).toBe(true);
    expect(client.set).toHaveBeenCalledWith("p:abc", expect.stringMatching(/^[0-9a-f]{32}$/), {
      expiration: { type: "PX", value: 1_500 },
      condition: "NX",
      PX: 1_500,
      NX: true,
    });
    await store.release("abc");
    expect(client.del).toHaveBeenCalledWith("p:abc");
  });

  it("reads OK as taken and null as already claimed, from either client, as text or bytes", async () => {
    for (const make of [fakeIoredis, fakeNodeRedis]) {
      expect(await new RedisNonceStore({ client: make(() => "OK") }).claim("n", Date.now() + 1_000)).toBe(true);
      expect(await new RedisNonceStore({ client: make(() => Buffer.from("OK")) }).claim("n", Date.now() + 1_000)).toBe(true);
      expect(await new RedisNonceStore({ client: make(() => null) }).claim("n", Date.now() + 1_000)).toBe(false);
    }
  });

  it("rounds the TTL up to whole ms, and caps it", async () => {
    const client = fakeIoredis();
    const store = new RedisNonceStore({ client, now: () => NOW });
    await store.claim("a", NOW + 0.01);
    await store.claim("b", NOW + 1e300);
    expect(client.set.mock.calls.map((call) => call[3])).toEqual([1, Number.MAX_SAFE_INTEGER]);
  });

  it("records nothing, and asks Redis nothing, for an expiry already past", async () => {
    const client = fakeIoredis();
    const store = new RedisNonceStore({ client, now: () => NOW });
    expect(await store.claim("a", NOW)).toBe(true);
    expect(await store.claim("a", NOW - 60_000)).toBe(true);
    expect(client.set).not.toHaveBeenCalled();
  });

  it("never resolves true when Redis fails: it rejects with a clear error, and undoes the claim if it lands later", async () => {
    for (const make of [fakeIoredis, fakeNodeRedis]) {
      const cause = new Error("connect ECONNREFUSED 127.0.0.1:6390");
      const client = make(() => {
        throw cause;
      });
      const store = new RedisNonceStore({ client, keyPrefix: "p:", now: () => NOW });
      const claim = store.claim("abc", NOW + 10_000);
      await expect(claim).rejects.toBeInstanceOf(RedisNonceStoreError);
      const error = (await claim.catch((e: unknown) => e)) as RedisNonceStoreError;
      expect(error.message).toBe(
        "[webhook-signatures] Redis is unreachable or failed (connect ECONNREFUSED 127.0.0.1:6390): the nonce could not be claimed, so the delivery must not be processed: answer 5xx so the provider retries.",
      );
      expect(error).toMatchObject({ name: "RedisNonceStoreError", operation: "claim", cause });
      await vi.waitFor(() => expect(client.eval).toHaveBeenCalledOnce());
      const token = client.set.mock.calls[0]?.[1];
      const cleanup = client.eval.mock.calls[0] as unknown[];
      if (make === fakeIoredis) expect(cleanup).toEqual([REDIS_DELETE_IF_VALUE_SCRIPT, 1, "p:abc", token]);
      else expect(cleanup).toEqual([REDIS_DELETE_IF_VALUE_SCRIPT, { keys: ["p:abc"], arguments: [token] }]);
    }
  });

  it("gives up after timeoutMs when Redis does not answer (a client queueing while it reconnects)", async () => {
    const client = fakeIoredis(() => new Promise(() => {}));
    const store = new RedisNonceStore({ client, timeoutMs: 20 });
    await expect(store.claim("n", Date.now() + 60_000)).rejects.toThrow(/Redis did not answer within 20 ms\): the nonce could not be claimed/);
    expect(client.eval).toHaveBeenCalledOnce();
    client.del.mockImplementation(() => new Promise(() => {}));
    await expect(store.release("n")).rejects.toMatchObject({ operation: "release" });
  });

  it("refuses a reply it does not understand (a callback-mode client) instead of guessing", async () => {
    const store = new RedisNonceStore({ client: fakeNodeRedis(() => undefined) });
    await expect(store.claim("n", Date.now() + 1_000)).rejects.toThrow(/unexpected reply to SET NX \(undefined\).*RedisNonceCommands adapter/);
    const weird = new RedisNonceStore({ client: fakeIoredis(() => "QUEUED") });
    await expect(weird.claim("n", Date.now() + 1_000)).rejects.toBeInstanceOf(RedisNonceStoreError);
  });

  it("takes only the bytes O K as a win, from a Buffer, a plain Uint8Array, or a view into a larger buffer", async () => {
    const claim = (reply: unknown) => new RedisNonceStore({ client: fakeIoredis(() => reply), now: () => NOW }).claim("n", NOW + 1_000);
    expect(await claim(new TextEncoder().encode("OK"))).toBe(true);
    expect(await claim(Buffer.from("--OK--").subarray(2, 4))).toBe(true);
    for (const reply of [Buffer.from("QUEUED"), Buffer.from("--OK--"), new Uint8Array(0)]) {
      const error = await rejection(claim(reply));
      expect(error).toBeInstanceOf(RedisNonceStoreError);
      expect((error as Error).message).toBe(
        `[webhook-signatures] Redis is unreachable or failed (unexpected reply to SET NX (a Uint8Array); is the client in callback/legacy mode? Pass a RedisNonceCommands adapter): ${CLAIM_CONSEQUENCE}`,
      );
    }
  });

  it("quotes at most the first 200 characters of the cause", async () => {
    const long = `${"x".repeat(200)}${"y".repeat(100)}`;
    const client = fakeNodeRedis(() => {
      throw new Error(long);
    });
    client.del.mockRejectedValue(new Error(long));
    const store = new RedisNonceStore({ client, now: () => NOW });
    const claimError = await rejection(store.claim("n", NOW + 1_000));
    expect(claimError).toBeInstanceOf(RedisNonceStoreError);
    expect((claimError as Error).message).toBe(`[webhook-signatures] Redis is unreachable or failed (${"x".repeat(200)}): ${CLAIM_CONSEQUENCE}`);
    expect(((claimError as Error).cause as Error).message).toBe(long);
    const releaseError = await rejection(store.release("n"));
    expect(releaseError).toBeInstanceOf(RedisNonceStoreError);
    expect((releaseError as Error).message).toBe(
      `[webhook-signatures] Redis is unreachable or failed (${"x".repeat(200)}): the nonce could not be released, so the provider's retry may be taken for a duplicate until the nonce expires: answer 5xx.`,
    );
  });

  it("leaves no timer behind once Redis has answered", async () => {
    vi.useFakeTimers();
    try {
      const store = new RedisNonceStore({ client: fakeIoredis(), now: () => NOW, timeoutMs: 60_000 });
      expect(await store.claim("n", NOW + 1_000)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      await store.release("n");
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("works where setTimeout returns a number with no unref (Deno, browsers)", async () => {
    const realSetTimeout = globalThis.setTimeout;
    // The real timer behind a numeric id, as Node's clearTimeout also accepts.
    const numericTimeout = (handler: () => void, ms?: number) => Number(realSetTimeout(handler, ms));
    const store = new RedisNonceStore({ client: fakeIoredis(), now: () => NOW });
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(numericTimeout as unknown as typeof setTimeout);
    try {
      const claimed = store.claim("n", NOW + 1_000);
      const released = store.release("m");
      expect(await claimed).toBe(true);
      expect(await released).toBeUndefined();
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("reports a failed release: the provider's retry may be refused until the nonce expires", async () => {
    const client = fakeNodeRedis();
    client.del.mockRejectedValue(new Error("READONLY You can't write against a read only replica."));
    const store = new RedisNonceStore({ client });
    const release = store.release("n");
    await expect(release).rejects.toMatchObject({ name: "RedisNonceStoreError", operation: "release" });
    await expect(release).rejects.toThrow(/READONLY.*could not be released.*answer 5xx/);
  });

  it("uses a RedisNonceCommands adapter as given, and checks that it answers a boolean", async () => {
    const adapter = {
      setNxPx: vi.fn(async (_key: string, _value: string, _ttl: number) => true),
      del: vi.fn(async () => 1),
      delIfValue: vi.fn(async () => 1),
    };
    const store = new RedisNonceStore({ client: adapter, keyPrefix: "", now: () => NOW });
    expect(await store.claim("n", NOW + 5)).toBe(true);
    expect(adapter.setNxPx).toHaveBeenCalledWith("n", expect.any(String), 5);
    await store.release("n");
    expect(adapter.del).toHaveBeenCalledWith("n");
    adapter.setNxPx.mockResolvedValueOnce("OK" as unknown as boolean);
    await expect(store.claim("n", NOW + 5)).rejects.toThrow(/setNxPx resolved to a string, not a boolean/);
    expect(adapter.delIfValue).toHaveBeenCalledOnce();
  });

  it("documents its defaults", () => {
    expect(REDIS_NONCE_STORE_DEFAULT_PREFIX).toBe("webhook-signatures:nonce:");
    expect(REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS).toBe(2_000);
    expect(new RedisNonceStore({ client: fakeIoredis() }).keyPrefix).toBe(REDIS_NONCE_STORE_DEFAULT_PREFIX);
  });

  it("throws a TypeError at once for caller mistakes", () => {
    const store = new RedisNonceStore({ client: fakeIoredis() });
    const bad: [() => unknown, RegExp][] = [
      [() => new RedisNonceStore(undefined as never), /^\[webhook-signatures\] options must be an object with a client, got undefined$/],
      [() => new RedisNonceStore({} as never), /^\[webhook-signatures\] client must be a node-redis or ioredis client, or a RedisNonceCommands adapter, got undefined$/],
      [() => new RedisNonceStore({ client: { set() {}, del() {} } as never }), /^\[webhook-signatures\] client must be a node-redis or ioredis client \(with set, del and eval methods\)/],
      [() => new RedisNonceStore({ client: { setNxPx() {} } as never }), /^\[webhook-signatures\] client looks like a RedisNonceCommands adapter but lacks del or delIfValue$/],
      [() => new RedisNonceStore({ client: fakeIoredis(), keyPrefix: 1 as never }), /^\[webhook-signatures\] keyPrefix must be a string, got a number$/],
      [() => new RedisNonceStore({ client: fakeIoredis(), timeoutMs: 0 }), /^\[webhook-signatures\] timeoutMs must be a number of ms > 0 and <= 2147483647 \(2\^31 - 1\), got 0$/],
      [() => new RedisNonceStore({ client: fakeIoredis(), timeoutMs: Infinity }), /timeoutMs/],
      [() => new RedisNonceStore({ client: fakeIoredis(), timeoutMs: Number.NaN }), /timeoutMs/],
      [() => new RedisNonceStore({ client: fakeIoredis(), now: "x" as never }), /^\[webhook-signatures\] now must be a function/],
      [() => store.claim("", 1), /^\[webhook-signatures\] nonce must be a non-empty string/],
      [() => store.claim("n", Number.NaN), /^\[webhook-signatures\] expiresAtMs must be a finite number/],
      [() => store.release(null as never), /^\[webhook-signatures\] nonce must be a non-empty string, got null$/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    }
    // @ts-expect-error: a client must at least look like one
    expect(() => new RedisNonceStore({ client: {} })).toThrow(TypeError);
  });

  it("names each caller mistake with the whole message", () => {
    const fn = () => {};
    const notAClient = "must be a node-redis or ioredis client, or a RedisNonceCommands adapter";
    const noMethods = "client must be a node-redis or ioredis client (with set, del and eval methods), or a RedisNonceCommands adapter";
    const halfAdapter = "client looks like a RedisNonceCommands adapter but lacks del or delIfValue";
    const timeout = "timeoutMs must be a number of ms > 0 and <= 2147483647 (2^31 - 1)";
    const bad: [unknown, string][] = [
      [null, "options must be an object with a client, got null"],
      ["redis://127.0.0.1:6379", "options must be an object with a client, got a string"],
      [{ client: null }, `client ${notAClient}, got null`],
      [{ client: "redis://127.0.0.1:6379" }, `client ${notAClient}, got a string`],
      [{ client: { setNxPx: fn, del: fn } }, halfAdapter],
      [{ client: { setNxPx: fn, delIfValue: fn } }, halfAdapter],
      [{ client: { setNxPx: fn, del: fn, delIfValue: "no" } }, halfAdapter],
      [{ client: { del: fn, eval: fn } }, noMethods],
      [{ client: { del: fn, eval: fn, call: fn } }, noMethods],
      [{ client: { set: fn, eval: fn } }, noMethods],
      [{ client: { set: fn, del: fn } }, noMethods],
      [{ client: fakeIoredis(), timeoutMs: 2_147_483_648 }, `${timeout}, got 2147483648`],
      [{ client: fakeIoredis(), timeoutMs: 2_147_483_647.5 }, `${timeout}, got 2147483647.5`],
      [{ client: fakeIoredis(), timeoutMs: "100" }, `${timeout}, got a string`],
      [{ client: fakeIoredis(), timeoutMs: Number.NaN }, `${timeout}, got NaN`],
      [{ client: fakeIoredis(), timeoutMs: -Infinity }, `${timeout}, got -Infinity`],
    ];
    for (const [options, message] of bad) {
      const error = thrown(() => new RedisNonceStore(options as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
  });

  it("takes the longest timeout a timer allows, 2^31 - 1 ms", async () => {
    const store = new RedisNonceStore({ client: fakeNodeRedis(), now: () => NOW, timeoutMs: 2_147_483_647 });
    expect(await store.claim("n", NOW + 1_000)).toBe(true);
  });
});
