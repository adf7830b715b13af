// runOnce: the state machine over any store, with stores that answer what the test needs.
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import {
  DELIVERY_LEASE_MS,
  DELIVERY_RETENTION_MS,
  DELIVERY_RETRY_AFTER_SECONDS,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  type RunOnceAttempt,
  type RunOnceResult,
  type RunOnceSettled,
  runOnce,
} from "../../src/replay/run-once.js";
import {
  EWAREHOUSING_RETENTION_MS,
  EWAREHOUSING_WEBHOOK_ID_HEADER,
  TIKINOW_RETENTION_MS,
  TIKI_RETENTION_MS,
  TILBY_RETENTION_MS,
} from "../../src/index.js";
import { NonceStoreError } from "../../src/replay/store-error.js";
import { storeWith } from "../helpers/stores.js";
import { thrown } from "../helpers/thrown.js";


/** A promise settled from outside. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A promise that never settles: a store call that hangs. */
const never = <T>() => new Promise<T>(() => {});

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
      [{ store, key: "k", handler: () => 1, deadlineMs: 1_000, leaseMs: 500 }, "leaseMs must be longer than deadlineMs (a retry after the deadline would run beside the handler), got leaseMs 500 and deadlineMs 1000"],
      [{ store, key: "k", handler: () => 1, deadlineMs: 1_000, leaseMs: 1_000 }, "leaseMs must be longer than deadlineMs (a retry after the deadline would run beside the handler), got leaseMs 1000 and deadlineMs 1000"],
      [{ store, key: "k", handler: () => 1, deadlineMs: DELIVERY_LEASE_MS }, `leaseMs must be longer than deadlineMs (a retry after the deadline would run beside the handler), got leaseMs ${DELIVERY_LEASE_MS} and deadlineMs ${DELIVERY_LEASE_MS}`],
      [{ store, key: "k", handler: () => 1, retryAfterSeconds: 0 }, "retryAfterSeconds must be a whole number of seconds from 1 to 2147483, got 0"],
      [{ store, key: "k", handler: () => 1, retryAfterSeconds: 1.5 }, "retryAfterSeconds must be a whole number of seconds from 1 to 2147483, got 1.5"],
      [{ store, key: "k", handler: () => 1, retryAfterSeconds: "60" }, "retryAfterSeconds must be a whole number of seconds from 1 to 2147483, got a string"],
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

describe("runOnce: never two handlers at once, however long the handler runs", () => {
  afterEach(() => {
    // Deadlines share one timer per length across calls: let a fake one fire before its clock goes.
    if (vi.isFakeTimers()) vi.runOnlyPendingTimers();
    vi.useRealTimers();
  });

  /** A memory store with a renew that answers what `answer` says (a memory store cannot renew by itself here). */
  function renewing(answer: (call: number) => boolean | Promise<boolean>) {
    const renew = vi.fn((_key: string, _token: string, _leaseMs: number) => answer(renew.mock.calls.length));
    const complete = vi.fn((_key: string, _token: string, _retentionMs: number) => true);
    const store = storeWith({ begin: () => ({ state: "claimed", token: "tok" }), renew, complete });
    return { store, renew, complete };
  }

  it("hands the handler an AbortSignal that has not fired, and a () => T handler still works", async () => {
    const seen: RunOnceAttempt[] = [];
    expect(await runOnce({ store: new MemoryNonceStore(), key: "a", handler: (attempt) => (seen.push(attempt), "v") })).toMatchObject({ status: "processed", value: "v" });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(seen[0]?.signal.aborted).toBe(false);
    expect(await runOnce({ store: new MemoryNonceStore(), key: "b", handler: () => "plain" })).toMatchObject({ status: "processed", value: "plain" });
  });

  it("renews the lease every third of it while the handler runs, by token, and stops when the handler ends", async () => {
    vi.useFakeTimers();
    const { store, renew, complete } = renewing(() => true);
    const work = deferred<string>();
    let signal!: AbortSignal;
    const running = runOnce({ store, key: "k", leaseMs: 3_000, handler: (attempt) => ((signal = attempt.signal), work.promise) });
    await vi.advanceTimersByTimeAsync(999);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledWith("k", "tok", 3_000);
    await vi.advanceTimersByTimeAsync(9_000); // three leases long: the lease never ended
    expect(renew).toHaveBeenCalledTimes(10);
    work.resolve("done");
    expect(await running).toEqual({ status: "processed", httpStatus: 200, key: "k", value: "done", recorded: true });
    expect(complete).toHaveBeenCalledWith("k", "tok", DELIVERY_RETENTION_MS);
    expect(signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renew).toHaveBeenCalledTimes(10);
  });

  it("keeps a slow handler's lease on a real store: a retry after the first lease would have ended is in_progress, not a second handler", async () => {
    vi.useFakeTimers();
    const inner = new MemoryNonceStore();
    // A store that renews: begin again under the same token is not possible, so renew is a complete-free re-lease of the memory store's entry.
    const leases = new Map<string, { token: string; until: number }>();
    const store: NonceStore = {
      claim: (k, e) => inner.claim(k, e),
      release: (k) => inner.release(k),
      begin: (k, l) => {
        const held = leases.get(k);
        if (held !== undefined && held.until > Date.now()) return { state: "in_progress", retryAfterMs: held.until - Date.now() };
        const token = `t${leases.size + 1}`;
        leases.set(k, { token, until: Date.now() + l });
        return { state: "claimed", token };
      },
      complete: () => true,
      abandon: () => true,
      renew: (k, t, l) => {
        const held = leases.get(k);
        if (held?.token !== t || held.until <= Date.now()) return false;
        held.until = Date.now() + l;
        return true;
      },
    };
    const work = deferred<string>();
    const first = runOnce({ store, key: "k", leaseMs: 3_000, deadlineMs: 1_000, handler: () => work.promise });
    await vi.advanceTimersByTimeAsync(1_000);
    const answer = await first;
    if (answer.status !== "timed_out") throw new Error(`expected timed_out, got ${answer.status}`);
    await vi.advanceTimersByTimeAsync(answer.retryAfterSeconds * 1000); // the provider honours Retry-After
    const second = vi.fn();
    expect(await runOnce({ store, key: "k", leaseMs: 3_000, handler: second })).toMatchObject({ status: "in_progress" });
    expect(second).not.toHaveBeenCalled();
    work.resolve("saved");
    expect(await answer.settled).toMatchObject({ status: "processed", value: "saved" });
  });

  const losses: Array<[string, (call: number) => boolean | Promise<boolean>, RegExp, boolean]> = [
    ["answers false", (call) => call < 2, /renew answered false/, false],
    ["throws", (call) => { if (call < 2) return true; throw new Error("renew down"); }, /renew failed/, true],
    ["rejects", (call) => (call < 2 ? Promise.resolve(true) : Promise.reject(new Error("renew down"))), /renew failed/, true],
    ["hangs", (call) => (call < 2 ? true : never<boolean>()), /renew did not answer within 1000 ms/, false],
  ];
  it.each(losses)("when a renewal %s, fires the handler's signal, does not complete, and answers lease_lost (503, not recorded)", async (_name, answer, message, reported) => {
    vi.useFakeTimers();
    const { store, renew, complete } = renewing(answer);
    const onStoreError = vi.fn();
    const work = deferred<string>();
    let signal!: AbortSignal;
    const running = runOnce({ store, key: "k", leaseMs: 3_000, retryAfterSeconds: 900, onStoreError, handler: (attempt) => ((signal = attempt.signal), work.promise) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000); // the second renewal fails (or, hanging, is found pending by the third)
    await vi.advanceTimersByTimeAsync(1_000);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(Error);
    expect((signal.reason as Error).message).toMatch(/lease .*was lost/);
    expect((signal.reason as Error).message).toMatch(message);
    const calls = renew.mock.calls.length;
    work.resolve("finished anyway"); // a handler that ignores the signal
    const result = await running;
    expect(result).toEqual({ status: "lease_lost", httpStatus: 503, key: "k", retryAfterSeconds: 900, error: signal.reason });
    expect(complete).not.toHaveBeenCalled();
    expect(onStoreError).toHaveBeenCalledTimes(reported ? 1 : 0);
    if (reported) expect(onStoreError).toHaveBeenCalledWith(new Error("renew down"), "renew");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renew).toHaveBeenCalledTimes(calls); // no renewal once the lease is lost
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a handler that stops on the signal rejects with its error, and the key is abandoned", async () => {
    vi.useFakeTimers();
    const { store, complete } = renewing(() => false);
    const abandon = vi.spyOn(store, "abandon");
    const running = runOnce({
      store,
      key: "k",
      leaseMs: 3_000,
      handler: ({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    const settled = running.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await settled).toMatchObject({ message: expect.stringMatching(/was lost/) });
    expect(abandon).toHaveBeenCalledWith("k", "tok");
    expect(complete).not.toHaveBeenCalled();
  });

  it.each([
    ["answers false", (late: ReturnType<typeof deferred<boolean>>) => late.resolve(false)],
    ["fails", (late: ReturnType<typeof deferred<boolean>>) => late.reject(new Error("late"))],
  ])("a renewal that %s after the handler ended changes nothing", async (_name, settle) => {
    vi.useFakeTimers();
    const late = deferred<boolean>();
    const { store } = renewing(() => late.promise);
    const onStoreError = vi.fn();
    const work = deferred<string>();
    let signal!: AbortSignal;
    const running = runOnce({ store, key: "k", leaseMs: 3_000, onStoreError, handler: (attempt) => ((signal = attempt.signal), work.promise) });
    await vi.advanceTimersByTimeAsync(1_000);
    work.resolve("v");
    expect(await running).toMatchObject({ status: "processed", recorded: true });
    settle(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(signal.aborted).toBe(false);
    expect(onStoreError).not.toHaveBeenCalled();
  });

  it("a handler that looks at its signal only after the lease was lost finds it fired", async () => {
    vi.useFakeTimers();
    const { store } = renewing(() => false);
    const work = deferred<string>();
    let attempt!: RunOnceAttempt;
    const running = runOnce({ store, key: "k", leaseMs: 3_000, handler: (given) => ((attempt = given), work.promise) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempt.signal.aborted).toBe(true);
    expect((attempt.signal.reason as Error).message).toMatch(/renew answered false/);
    work.resolve("v");
    expect(await running).toMatchObject({ status: "lease_lost" });
  });

  it("a store without renew keeps today's behaviour: no heartbeat timer", async () => {
    vi.useFakeTimers();
    const work = deferred<string>();
    const store = storeWith(); // a memory store's methods, renew left out
    expect(store.renew).toBeUndefined();
    const running = runOnce({ store, key: "k", leaseMs: 3_000, handler: () => work.promise });
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    work.resolve("v");
    expect(await running).toMatchObject({ status: "processed", recorded: true });
  });

  it("answers the deadline 503 with the retry interval it is given (default 60 s), not the rest of the lease", async () => {
    expect(DELIVERY_RETRY_AFTER_SECONDS).toBe(60);
    vi.useFakeTimers();
    for (const [retryAfterSeconds, expected] of [[undefined, 60], [3_600, 3_600]] as const) {
      const work = deferred<string>();
      const running = runOnce({ store: new MemoryNonceStore(), key: "k", leaseMs: 600_000, deadlineMs: 1_000, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }), handler: () => work.promise });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await running).toMatchObject({ status: "timed_out", retryAfterSeconds: expected });
      work.resolve("v");
    }
  });

  it("a begin still pending at the deadline is a store failure like the others: a NonceStoreError, code timeout, operation begin", async () => {
    vi.useFakeTimers();
    const running = runOnce({ store: storeWith({ begin: () => new Promise(() => {}) }), key: "k", deadlineMs: 1_000, handler: () => 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    const { error } = (await running) as { error: unknown };
    expect(error).toBeInstanceOf(NonceStoreError);
    expect(error).toMatchObject({ name: "NonceStoreError", code: "timeout", operation: "begin" });
  });

  it("answers unavailable at the deadline when begin hangs; a claim that arrives later is abandoned and the handler never runs", async () => {
    vi.useFakeTimers();
    const begun = deferred<{ state: "claimed"; token: string }>();
    const abandon = vi.fn((_key: string, _token: string) => true);
    const handler = vi.fn();
    const running = runOnce({ store: storeWith({ begin: () => begun.promise, abandon }), key: "k", deadlineMs: 1_000, handler });
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await running;
    expect(result).toMatchObject({ status: "unavailable", httpStatus: 503, key: "k", retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS });
    expect((result as { error: Error }).error.message).toBe("begin did not answer within 1000 ms");
    begun.resolve({ state: "claimed", token: "late" });
    await vi.advanceTimersByTimeAsync(0);
    expect(abandon).toHaveBeenCalledWith("k", "late");
    expect(handler).not.toHaveBeenCalled();
  });

  it("after a begin that hung, a late answer other than a claim, a late failure, or a failing abandon are ignored", async () => {
    vi.useFakeTimers();
    const onStoreError = vi.fn();
    const lateStates = [
      { begin: deferred<unknown>(), settle: (d: ReturnType<typeof deferred<unknown>>) => d.resolve({ state: "done" }) },
      { begin: deferred<unknown>(), settle: (d: ReturnType<typeof deferred<unknown>>) => d.reject(new Error("late failure")) },
      { begin: deferred<unknown>(), settle: (d: ReturnType<typeof deferred<unknown>>) => d.resolve({ state: "claimed", token: "t" }) },
      { begin: deferred<unknown>(), settle: (d: ReturnType<typeof deferred<unknown>>) => d.resolve({ state: "??" }) },
    ];
    for (const { begin, settle } of lateStates) {
      const store = storeWith({ begin: () => begin.promise as never, abandon: () => Promise.reject(new Error("abandon down")) });
      const running = runOnce({ store, key: "k", deadlineMs: 1_000, onStoreError, handler: () => 1 });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await running).toMatchObject({ status: "unavailable" });
      settle(begin);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(onStoreError.mock.calls).toEqual([[new Error("abandon down"), "abandon"]]);
  });

  it("a begin that answers before the deadline: the deadline still counts from the call", async () => {
    vi.useFakeTimers();
    const begun = deferred<{ state: "claimed"; token: string }>();
    const work = deferred<string>();
    const running = runOnce({ store: storeWith({ begin: () => begun.promise }), key: "k", deadlineMs: 1_000, handler: () => work.promise });
    await vi.advanceTimersByTimeAsync(600);
    begun.resolve({ state: "claimed", token: "t" });
    await vi.advanceTimersByTimeAsync(399);
    let answered = false;
    void running.then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await running).toMatchObject({ status: "timed_out" });
    work.resolve("v");
  });

  it("a begin that rejects or breaks the contract before the deadline answers as without one", async () => {
    const down = new Error("down");
    expect(await runOnce({ store: storeWith({ begin: () => Promise.reject(down) }), key: "k", deadlineMs: 1_000, handler: () => 1 })).toMatchObject({ status: "unavailable", error: down });
    await expect(runOnce({ store: storeWith({ begin: async () => ({ state: "maybe" }) as never }), key: "k", deadlineMs: 1_000, handler: () => 1 })).rejects.toThrow(TypeError);
    const mistake = new TypeError("[webhook-signatures] key must be a non-empty string");
    await expect(runOnce({ store: storeWith({ begin: () => Promise.reject(mistake) }), key: "k", deadlineMs: 1_000, handler: () => 1 })).rejects.toBe(mistake);
  });

  it("answers timed_out at the deadline when complete hangs after an async handler (the handler ran, not recorded)", async () => {
    vi.useFakeTimers();
    const running = runOnce({ store: storeWith({ complete: () => never<boolean>() }), key: "k", deadlineMs: 1_000, handler: async () => "v" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await running).toMatchObject({ status: "timed_out", httpStatus: 503 });
  });

  it.each([
    ["a synchronous handler", (error: Error) => () => { throw error; }],
    ["an async handler", (error: Error) => () => Promise.reject(error)],
  ])("rejects with %s's error at the deadline when abandon hangs (answer 500)", async (_name, handlerOf) => {
    vi.useFakeTimers();
    const error = new Error("handler failed");
    const running = runOnce({ store: storeWith({ abandon: () => never<boolean>() }), key: "k", deadlineMs: 1_000, handler: handlerOf(error) });
    const settled = running.then(() => "resolved", (reason: unknown) => reason);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await settled).toBe(error);
  });

  it("runs its deadline on a monotonic clock: a wall clock stepped back 10 s neither delays nor fires one", async () => {
    vi.useFakeTimers();
    const first = runOnce({ store: new MemoryNonceStore(), key: "a", deadlineMs: 200, handler: () => never<string>() });
    await vi.advanceTimersByTimeAsync(100);
    const second = runOnce({ store: new MemoryNonceStore(), key: "b", deadlineMs: 200, handler: () => never<string>() });
    vi.setSystemTime(Date.now() - 10_000);
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toMatchObject({ status: "timed_out" });
    let answered = false;
    void second.then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await second).toMatchObject({ status: "timed_out" });
  });
});
