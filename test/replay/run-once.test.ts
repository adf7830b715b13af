// runOnce: the state machine over any store, with stores that answer what the test needs.
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import {
  DELIVERY_LEASE_MS,
  DELIVERY_RETENTION_MS,
  EWAREHOUSING_RETENTION_MS,
  EWAREHOUSING_WEBHOOK_ID_HEADER,
  TIKINOW_RETENTION_MS,
  TIKI_RETENTION_MS,
  TILBY_RETENTION_MS,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  type RunOnceResult,
  type RunOnceSettled,
  runOnce,
} from "../../src/replay/run-once.js";
import { thrown } from "../helpers/thrown.js";

/** A memory store whose methods can be replaced one at a time. */
function storeWith(overrides: Partial<NonceStore> = {}): NonceStore {
  const inner = new MemoryNonceStore();
  return {
    claim: (k, e) => inner.claim(k, e),
    release: (k) => inner.release(k),
    begin: (k, l) => inner.begin(k, l),
    complete: (k, t, r) => inner.complete(k, t, r),
    abandon: (k, t) => inner.abandon(k, t),
    ...overrides,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("runOnce", () => {
  it("documents its defaults: a 5-minute lease, 24 h of retention, 30 s Retry-After when the store is down", () => {
    expect(DELIVERY_LEASE_MS).toBe(300_000);
    expect(DELIVERY_RETENTION_MS).toBe(86_400_000);
    for (const retention of [EWAREHOUSING_RETENTION_MS, TILBY_RETENTION_MS, TIKI_RETENTION_MS, TIKINOW_RETENTION_MS]) expect(retention).toBe(86_400_000);
    expect(UNAVAILABLE_RETRY_AFTER_SECONDS).toBe(30);
    expect(EWAREHOUSING_WEBHOOK_ID_HEADER).toBe("x-webhook-id");
  });

  it("begins with the lease and completes with the retention it is given, or the defaults", async () => {
    const begin = vi.fn((_key: string, _leaseMs: number) => ({ state: "claimed" as const, token: "t1" }));
    const complete = vi.fn((_key: string, _token: string, _retentionMs: number) => true);
    const store = storeWith({ begin, complete });
    expect(await runOnce({ store, key: "k", handler: () => 7 })).toEqual({ status: "processed", httpStatus: 200, key: "k", value: 7, recorded: true });
    expect(begin).toHaveBeenLastCalledWith("k", DELIVERY_LEASE_MS);
    expect(complete).toHaveBeenLastCalledWith("k", "t1", DELIVERY_RETENTION_MS);
    await runOnce({ store, key: "k", leaseMs: 10, retentionMs: 20, handler: () => 7 });
    expect(begin).toHaveBeenLastCalledWith("k", 10);
    expect(complete).toHaveBeenLastCalledWith("k", "t1", 20);
  });

  it("answers in_progress with Retry-After in whole seconds, at least 1", async () => {
    for (const [retryAfterMs, seconds] of [[0, 1], [1, 1], [1_000, 1], [1_001, 2], [299_500, 300]] as const) {
      const store = storeWith({ begin: () => ({ state: "in_progress", retryAfterMs }) });
      const handler = vi.fn();
      expect(await runOnce({ store, key: "k", handler })).toEqual({ status: "in_progress", httpStatus: 409, key: "k", retryAfterSeconds: seconds });
      expect(handler).not.toHaveBeenCalled();
    }
  });

  it("answers duplicate for a done key, without running the handler", async () => {
    const handler = vi.fn();
    expect(await runOnce({ store: storeWith({ begin: async () => ({ state: "done" }) }), key: "k", handler })).toEqual({ status: "duplicate", httpStatus: 200, key: "k" });
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers unavailable when begin fails, runs nothing, and keeps the error for the log", async () => {
    const down = new Error("ECONNREFUSED");
    const handler = vi.fn();
    for (const begin of [() => Promise.reject(down), () => { throw down; }, () => Promise.reject("text")]) {
      const result = await runOnce({ store: storeWith({ begin }), key: "k", handler });
      expect(result).toMatchObject({ status: "unavailable", httpStatus: 503, key: "k", retryAfterSeconds: 30 });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("passes a caller mistake the store reports (its own TypeError) on rather than hiding it as 503", async () => {
    const mistake = new TypeError("[webhook-signatures] key must be a non-empty string, got a number");
    await expect(runOnce({ store: storeWith({ begin: () => { throw mistake; } }), key: "k", handler: () => 1 })).rejects.toBe(mistake);
    const foreign = new TypeError("Cannot read properties of undefined");
    expect(await runOnce({ store: storeWith({ begin: () => { throw foreign; } }), key: "k", handler: () => 1 })).toMatchObject({ status: "unavailable", error: foreign });
  });

  it("still answers processed when the key cannot be marked done, with recorded false, and tells onStoreError", async () => {
    const failure = new Error("complete failed");
    const onStoreError = vi.fn();
    const failing = storeWith({ complete: () => Promise.reject(failure) });
    expect(await runOnce({ store: failing, key: "k", handler: () => "v", onStoreError })).toEqual({ status: "processed", httpStatus: 200, key: "k", value: "v", recorded: false });
    expect(onStoreError).toHaveBeenCalledWith(failure, "complete");
    const lost = storeWith({ complete: () => false });
    expect(await runOnce({ store: lost, key: "k", handler: () => "v", onStoreError })).toMatchObject({ status: "processed", recorded: false });
    expect(onStoreError).toHaveBeenCalledOnce();
    const odd = storeWith({ complete: () => "yes" as never });
    expect(await runOnce({ store: odd, key: "k", handler: () => "v" })).toMatchObject({ status: "processed", recorded: false });
  });

  it("rejects with the handler's error after abandoning by token, and a throwing onStoreError changes nothing", async () => {
    const abandon = vi.fn((_key: string, _token: string) => true);
    const store = storeWith({ begin: () => ({ state: "claimed", token: "tok" }), abandon });
    const error = new Error("handler");
    await expect(runOnce({ store, key: "k", handler: () => { throw error; } })).rejects.toBe(error);
    expect(abandon).toHaveBeenCalledWith("k", "tok");
    const broken = storeWith({ abandon: () => { throw new Error("abandon"); } });
    const onStoreError = vi.fn(() => { throw new Error("logger"); });
    await expect(runOnce({ store: broken, key: "k", handler: () => Promise.reject(error), onStoreError })).rejects.toBe(error);
    expect(onStoreError).toHaveBeenCalledWith(new Error("abandon"), "abandon");
    const quiet = storeWith({ complete: () => { throw new Error("c"); } });
    expect(await runOnce({ store: quiet, key: "k", handler: () => 1 })).toMatchObject({ recorded: false }); // no onStoreError: fine
  });

  it("answers timed_out at the deadline while the handler goes on under its lease, and settles later", async () => {
    const store = new MemoryNonceStore();
    let finish!: (value: string) => void;
    const result = await runOnce({ store, key: "slow", deadlineMs: 20, leaseMs: 60_000, handler: () => new Promise<string>((resolve) => (finish = resolve)) });
    expect(result).toMatchObject({ status: "timed_out", httpStatus: 503, key: "slow" });
    if (result.status !== "timed_out") throw new Error("unreachable");
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await runOnce({ store, key: "slow", handler: () => "retry" })).toMatchObject({ status: "in_progress" });
    finish("saved");
    expect(await result.settled).toEqual({ status: "processed", httpStatus: 200, key: "slow", value: "saved", recorded: true });
    expect(await runOnce({ store, key: "slow", handler: () => "retry" })).toMatchObject({ status: "duplicate" });
  });

  it("after the deadline, a failing handler settles as failed and frees the key for the retry", async () => {
    const store = new MemoryNonceStore();
    let fail!: (error: Error) => void;
    const result = await runOnce({ store, key: "slow", deadlineMs: 10, handler: () => new Promise<string>((_, reject) => (fail = reject)) });
    if (result.status !== "timed_out") throw new Error(`expected timed_out, got ${result.status}`);
    const error = new Error("late");
    fail(error);
    expect(await result.settled).toEqual({ status: "failed", key: "slow", error });
    expect(await runOnce({ store, key: "slow", handler: () => "retry" })).toMatchObject({ status: "processed", value: "retry" });
  });

  it("with a deadline, answers as usual when the handler is quicker, and rejects with its error before the deadline", async () => {
    const store = new MemoryNonceStore();
    vi.useFakeTimers();
    try {
      const quick = runOnce({ store, key: "q", deadlineMs: 60_000, handler: () => "fast" });
      expect(await quick).toMatchObject({ status: "processed", value: "fast" });
      expect(vi.getTimerCount()).toBe(0);
      await expect(runOnce({ store, key: "r", deadlineMs: 60_000, handler: () => Promise.reject(new Error("no")) })).rejects.toThrow("no");
      // One timer serves every deadline of a length; with nothing pending it fires once, finds nothing due, and is gone.
      vi.runOnlyPendingTimers();
      expect(vi.getTimerCount()).toBe(0);
      expect(await runOnce({ store, key: "q", deadlineMs: 60_000, handler: () => "again" })).toMatchObject({ status: "duplicate" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("holds a synchronous handler's answer to the deadline too while the store is still marking the key done", async () => {
    let completed!: (done: boolean) => void;
    const store = storeWith({ complete: () => new Promise<boolean>((resolve) => (completed = resolve)) });
    const result = await runOnce({ store, key: "k", deadlineMs: 10, handler: () => "sync" });
    if (result.status !== "timed_out") throw new Error(`expected timed_out, got ${result.status}`);
    completed(true);
    expect(await result.settled).toEqual({ status: "processed", httpStatus: 200, key: "k", value: "sync", recorded: true });
  });

  it("counts the deadline from the call, the time begin took included", async () => {
    let finish!: () => void;
    const slowBegin = storeWith({ begin: async () => (await new Promise((resolve) => setTimeout(resolve, 30)), { state: "claimed", token: "t" }) });
    const started = Date.now();
    const result = await runOnce({ store: slowBegin, key: "k", deadlineMs: 30, handler: () => new Promise<void>((resolve) => (finish = resolve)) });
    expect(result.status).toBe("timed_out");
    await tick();
    finish();
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
  });

  it("names each caller mistake with the whole message, at once", () => {
    const store = new MemoryNonceStore();
    const duration = "must be a whole number of ms from 1 to 2147483647 (about 24.8 days)";
    const bad: [unknown, string][] = [
      [null, "runOnce(input) expects one options object, got null"],
      [{ store: {}, key: "k", handler: () => 1 }, "store must be a NonceStore (claim, release, begin, complete and abandon methods), got an object"],
      [{ store, key: "", handler: () => 1 }, "key must be a non-empty string, got an empty string"],
      [{ store, key: ["k"], handler: () => 1 }, "key must be a non-empty string, got an array"],
      [{ store, key: "k" }, "handler must be a function, got undefined"],
      [{ store, key: "k", handler: () => 1, leaseMs: 0 }, `leaseMs ${duration}, got 0`],
      [{ store, key: "k", handler: () => 1, retentionMs: "1" }, `retentionMs ${duration}, got a string`],
      [{ store, key: "k", handler: () => 1, deadlineMs: -1 }, `deadlineMs ${duration}, got -1`],
      [{ store, key: "k", handler: () => 1, onStoreError: "log" }, "onStoreError must be a function, got a string"],
    ];
    for (const [input, message] of bad) {
      const error = thrown(() => runOnce(input as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
  });

  it("types its results", async () => {
    const plain = await runOnce({ store: new MemoryNonceStore(), key: "k", handler: async () => 42 });
    expectTypeOf(plain).toEqualTypeOf<RunOnceResult<number>>();
    const timed = await runOnce({ store: new MemoryNonceStore(), key: "k", deadlineMs: 1_000, handler: () => "x" });
    if (timed.status === "timed_out") expectTypeOf(timed.settled).toEqualTypeOf<Promise<RunOnceSettled<string>>>();
  });
});
