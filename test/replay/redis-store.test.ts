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

const NOW = 1_722_268_288_000;

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
      [() => new RedisNonceStore({ client: fakeIoredis(), timeoutMs: 0 }), /^\[webhook-signatures\] timeoutMs must be a number of ms > 0 and < 2\^31, got 0$/],
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
});
