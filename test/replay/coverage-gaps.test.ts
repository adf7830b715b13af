// Rare paths of the replay helpers: argument errors naming a non-number, an expired nonce
// still in the heap, a store failure that is not an Error, handleMwOnce's fallback with a numeric now.
import { describe, expect, it, vi } from "vitest";
import { signMwSignature } from "../../src/schemes/mobility-work.js";
import { handleMwOnce, handleOnce, MW_FALLBACK_RETENTION_MS } from "../../src/replay/handle-once.js";
import { MemoryNonceStore } from "../../src/replay/nonce-store.js";
import { RedisNonceStore, RedisNonceStoreError } from "../../src/replay/redis.js";

const SECRET = "mw-secret";
const NOW_MS = 1_700_000_000_000;
const TS = NOW_MS / 1000;
const NONCE = "a".repeat(40);

function spyStore() {
  const inner = new MemoryNonceStore();
  return {
    claim: vi.fn((nonce: string, expiresAtMs: number) => inner.claim(nonce, expiresAtMs)),
    release: vi.fn((nonce: string) => inner.release(nonce)),
    begin: vi.fn((key: string, leaseMs: number) => inner.begin(key, leaseMs)),
    complete: vi.fn((key: string, token: string, retentionMs: number) => inner.complete(key, token, retentionMs)),
    abandon: vi.fn((key: string, token: string) => inner.abandon(key, token)),
  };
}

describe("handleMwOnce", () => {
  it("with toleranceSeconds Infinity and now as a number, keeps the nonce for fallbackRetentionMs", async () => {
    const header = signMwSignature({ body: "{}", secret: SECRET, timestamp: TS, nonce: NONCE });
    for (const fallbackRetentionMs of [undefined, 5_000]) {
      const store = spyStore();
      const result = await handleMwOnce({ store, body: "{}", secret: SECRET, signature: header, now: NOW_MS, toleranceSeconds: Infinity, ...(fallbackRetentionMs === undefined ? {} : { fallbackRetentionMs }), handler: () => "done" });
      expect(result).toMatchObject({ status: "processed", key: NONCE, value: "done" });
      expect(store.complete).toHaveBeenCalledWith(NONCE, expect.any(String), fallbackRetentionMs ?? MW_FALLBACK_RETENTION_MS);
    }
  });

  it("takes now as a Date too", async () => {
    const header = signMwSignature({ body: "{}", secret: SECRET, timestamp: TS, nonce: NONCE });
    const store = spyStore();
    const result = await handleMwOnce({ store, body: "{}", secret: SECRET, signature: header, now: new Date(NOW_MS + 2_000), toleranceSeconds: 10, handler: () => 1 });
    expect(result.status).toBe("processed");
    expect(store.complete).toHaveBeenCalledWith(NONCE, expect.any(String), 10_000 - 2_000 + 1_000);
  });

  it("passes onStoreError on: a completion the store failed is reported, and the delivery still answers 200", async () => {
    const header = signMwSignature({ body: "{}", secret: SECRET, timestamp: TS, nonce: NONCE });
    const store = spyStore();
    const failure = new Error("store gone");
    store.complete.mockImplementation(() => {
      throw failure;
    });
    const onStoreError = vi.fn();
    const result = await handleMwOnce({ store, body: "{}", secret: SECRET, signature: header, now: NOW_MS, onStoreError, handler: () => 1 });
    expect(result).toMatchObject({ status: "processed", httpStatus: 200, recorded: false });
    expect(onStoreError).toHaveBeenCalledWith(failure, "complete");
  });

  it("names a non-number fallbackRetentionMs by its type and a bad number by its value", () => {
    const base = { store: spyStore(), body: "{}", secret: SECRET, signature: "t=1", handler: () => 1 };
    expect(() => handleMwOnce({ ...base, fallbackRetentionMs: "60000" as never })).toThrow(/fallbackRetentionMs must be a whole number of ms from 1 to 2147483647 \(about 24.8 days\), got a string$/);
    expect(() => handleMwOnce({ ...base, fallbackRetentionMs: 0 })).toThrow(/fallbackRetentionMs must be a whole number of ms from 1 to 2147483647 \(about 24.8 days\), got 0$/);
  });
});

describe("MemoryNonceStore", () => {
  it("lets a nonce be claimed again once expired, even while it is still held (not yet dropped)", () => {
    let now = 0;
    const store = new MemoryNonceStore({ now: () => now });
    expect(store.claim("a", 100)).toBe(true);
    expect(store.claim("b", 101)).toBe(true);
    expect(store.claim("c", 102)).toBe(true);
    expect(store.claim("d", 103)).toBe(true);
    expect(store.claim("d", 500)).toBe(false);
    now = 200;
    // Claiming drops at most two expired entries first (a, b): d is expired but still held.
    expect(store.claim("d", 300)).toBe(true);
    expect(store.claim("d", 300)).toBe(false);
    expect(store.claim("c", 300)).toBe(true);
    now = 300;
    expect(store.claim("d", 400)).toBe(true);
  });
});

describe("RedisNonceStore", () => {
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

describe("handleOnce keys", () => {
  it("rejects a key sent several times, all blank, as missing, without claiming or handling", async () => {
    const store = spyStore();
    const handler = vi.fn(() => 1);
    const result = await handleOnce({ store, verify: () => ({ ok: true as const }), key: () => ["  ", " "], retentionMs: 1000, handler });
    expect(result).toMatchObject({ status: "rejected", httpStatus: 400, message: "The delivery carries no id to deduplicate it on (missing or empty)." });
    expect(store.begin).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
    const same = await handleOnce({ store, verify: () => ({ ok: true as const }), key: () => [" id-1", "id-1 "], retentionMs: 1000, handler });
    expect(store.begin).toHaveBeenCalledWith("id-1", expect.any(Number));
    expect(same).toMatchObject({ status: "processed", key: "id-1" });
  });
});
