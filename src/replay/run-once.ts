// The at-least-once state machine over any NonceStore, free of `node:` imports (the /web entry
// exports it too): runOnce and the per-provider defaults. Keys are built by delivery-key.ts.
import { argumentError, describe, isArgumentError } from "../lib/errors.js";
import { cancel, monotonicNow, schedule } from "./deadline.js";
import { assertDuration } from "./keys.js";
import { subscribed, traced, tracingChannel } from "../lib/tracing.js";
import type { BeginResult, NonceStore } from "./nonce-store.js";
import { NonceStoreError } from "./store-error.js";

/**
 * How long an attempt holds a delivery's key unless `leaseMs` says otherwise: 5 minutes. It must
 * outlast the handler (a retry arriving after it may run beside a slow handler); it also bounds
 * how long a crashed attempt delays the retry (no provider whose policy is published retries
 * sooner: see each declaration's `retryAfterSeconds`).
 */
export const DELIVERY_LEASE_MS = 5 * 60 * 1000;

/**
 * How long a processed delivery's key is kept unless `retentionMs` says otherwise: 24 hours, longer
 * than the retries of every shipped provider whose policy is published (each declaration's
 * `retentionMs`).
 */
export const DELIVERY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The `Retry-After` of an `unavailable` answer (the store could not answer), in seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

/**
 * The `Retry-After` of a `timed_out` or `lease_lost` answer unless `retryAfterSeconds` says
 * otherwise, in seconds: 60. Our choice, for providers whose retry interval is unpublished; pass
 * the provider's own interval where it is known (the receiver does: its declaration's `retryAfterSeconds`).
 * It is not "the rest of the lease": the lease is renewed while the handler runs, and a provider
 * that came back exactly when a lease ended would find a second handler free to start.
 */
export const DELIVERY_RETRY_AFTER_SECONDS = 60;

/** The largest `retryAfterSeconds`: what a lease may take, in whole seconds. */
const MAX_RETRY_AFTER_SECONDS = 2_147_483;

/** The largest value a lease or retention may take: setTimeout's and the stores' limit (2^31 - 1 ms). */
export const MAX_DURATION_MS = 2_147_483_647;

/** A store call that failed, as `onStoreError` is told about it. */
export type StoreOperation = "begin" | "complete" | "abandon" | "renew";

/**
 * The diagnostics_channel `TracingChannel` on which every store transition runOnce (and so the
 * receiver) makes is traced: `begin`, `complete`, `abandon` and `renew`, each one sequence
 * start → end → [error] → asyncStart → asyncEnd with a {@link StoreTraceContext}, inside the
 * receiver's delivery trace. Subscribe with `diagnostics_channel.tracingChannel(STORE_CHANNEL)`.
 */
export const STORE_CHANNEL = "webhook-signatures:store";

/**
 * What each event of {@link STORE_CHANNEL} carries (one object per store call, the same in its
 * five events). Never the lease's token.
 */
export interface StoreTraceContext {
  /** The transition: `begin` (claim the key), `complete` (mark it done), `abandon` (free it after a failure), `renew` (extend the lease). */
  readonly operation: StoreOperation;
  /** The delivery's key, as the store holds it. */
  readonly key: string;
  /** Set by asyncStart: `begin`'s state (`"claimed"`, `"in_progress"`, `"done"`); `complete`'s and `renew`'s answer (`true`: done, renewed). */
  result?: string | boolean;
  /** What the store threw or rejected with (then the error event comes before asyncStart). */
  error?: unknown;
}

const storeChannel = /* @__PURE__ */ tracingChannel(STORE_CHANNEL);

function settleStore(context: StoreTraceContext, value: unknown): void {
  if (context.operation === "begin") {
    const state = (value as { state?: unknown } | null | undefined)?.state;
    if (typeof state === "string") context.result = state;
  } else if (context.operation !== "abandon") {
    context.result = value === true;
  }
}

/** A store call, traced when someone subscribes to {@link STORE_CHANNEL}. */
function storeCall<R>(operation: StoreOperation, key: string, call: () => R): R {
  return subscribed(storeChannel) ? traced(storeChannel, { operation, key } as StoreTraceContext, call, settleStore) : call();
}

/** What `runOnce` did, with the HTTP status to answer the provider. */
export type RunOnceResult<T> =
  /** The handler ran and returned `value` (answer 200). `recorded: false`: the key could not be marked done (its lease had ended, or the store failed); a later copy may run again. */
  | {
      /** What happened. */
      status: "processed";
      /** The HTTP status to answer. */
      httpStatus: 200;
      /** The delivery's key in the store. */
      key: string;
      /** What the handler returned. */
      value: T;
      /** Whether the key was marked done. */
      recorded: boolean;
    }
  /** An earlier attempt completed: the handler did not run (answer 200, the provider stops). */
  | {
      /** What happened. */
      status: "duplicate";
      /** The HTTP status to answer. */
      httpStatus: 200;
      /** The delivery's key in the store. */
      key: string;
    }
  /** Another attempt holds the key's lease: nothing ran (answer 409 with `Retry-After`); it may still fail, so the provider must retry. */
  | {
      /** What happened. */
      status: "in_progress";
      /** The HTTP status to answer. */
      httpStatus: 409;
      /** The delivery's key in the store. */
      key: string;
      /** The `Retry-After` to answer, in seconds. */
      retryAfterSeconds: number;
    }
  /** The store could not answer (or `begin` did not answer by `deadlineMs`): nothing ran (answer 503 with `Retry-After`); `error` is for the log. */
  | {
      /** What happened. */
      status: "unavailable";
      /** The HTTP status to answer. */
      httpStatus: 503;
      /** The delivery's key in the store. */
      key: string;
      /** The `Retry-After` to answer, in seconds. */
      retryAfterSeconds: number;
      /** Why, for the log. */
      error: unknown;
    }
  /**
   * A renewal of the lease failed while the handler ran (the store answered false, failed, or did
   * not answer within a third of the lease): another attempt may run the delivery, so the
   * handler's `signal` fired and the key was NOT marked done, whatever the handler returned.
   * Answer 503 with `Retry-After`: the handler may have stopped half-way, so only the provider's
   * retry makes sure the delivery is handled (at least once: keep handlers idempotent). `error`
   * (also the signal's reason) says why.
   */
  | {
      /** What happened. */
      status: "lease_lost";
      /** The HTTP status to answer. */
      httpStatus: 503;
      /** The delivery's key in the store. */
      key: string;
      /** The `Retry-After` to answer, in seconds. */
      retryAfterSeconds: number;
      /** Why, for the log. */
      error: unknown;
    };

/** How an attempt that passed `deadlineMs` ended: the handler's value, its lost lease, or its error (the key was then abandoned). */
export type RunOnceSettled<T> =
  | Extract<
      RunOnceResult<T>,
      {
        /** What happened. */
        status: "processed" | "lease_lost";
      }
    >
  | {
      /** What happened. */
      status: "failed";
      /** The delivery's key in the store. */
      key: string;
      /** What the handler threw. */
      error: unknown;
    };

/**
 * The handler was still running at `deadlineMs`, or the store was still marking the key done
 * (answer 503 with `Retry-After`: `retryAfterSeconds`, the provider's retry interval). It keeps
 * running under its lease (renewed where the store can) and completes or abandons the key by
 * itself; `settled` tells how it ended and never rejects. The provider's retry then finds the key
 * done (duplicate, 200), still in progress (409), or free again if the handler failed.
 */
export type RunOnceTimedOut<T> = {
  /** What happened. */
  status: "timed_out";
  /** The HTTP status to answer. */
  httpStatus: 503;
  /** The delivery's key in the store. */
  key: string;
  /** The `Retry-After` to answer, in seconds. */
  retryAfterSeconds: number;
  /** How the attempt ended, once it did. Never rejects. */
  settled: Promise<RunOnceSettled<T>>;
};

/** What `runOnce` takes: the store, the delivery's key, the handler, and the lease, retention and deadline. */
export interface RunOnceInput<T> {
  /** Where keys are held: `MemoryNonceStore` (one process), `RedisNonceStore` or `PostgresNonceStore` (several). */
  store: NonceStore;
  /** The delivery's id, already read from a verified delivery (a non-empty string). */
  key: string;
  /** How long this attempt holds the key, in whole ms. Default {@link DELIVERY_LEASE_MS} (5 minutes). */
  leaseMs?: number;
  /** How long the key is kept once the handler succeeded, in whole ms. Default {@link DELIVERY_RETENTION_MS} (24 h). */
  retentionMs?: number;
  /**
   * The work to do once per delivery. When it throws, the key is abandoned (by token) and the
   * error rethrown. It is given `{ signal }`: an `AbortSignal` that fires when the lease could not
   * be renewed (see `lease_lost`); pass it on (`fetch(url, { signal })`) or check it between steps.
   */
  handler: (attempt: RunOnceAttempt) => T | PromiseLike<T>;
  /**
   * Answer by this many ms even if the store or the handler has not: `begin` still pending gives
   * `unavailable` (503; nothing runs, a late claim is released), the handler still running or
   * `complete` still pending gives `timed_out` (503; the attempt goes on under its lease), and a
   * failed handler whose `abandon` is still pending rejects with its error (500). Keep it under
   * the provider's timeout (10 s, the shortest a shipped provider documents); `leaseMs` must be longer (a TypeError
   * otherwise). Counted on a monotonic clock from the call. Default: wait for the store and the handler.
   */
  deadlineMs?: number;
  /**
   * The `Retry-After` of a `timed_out` or `lease_lost` answer, in whole seconds: the provider's
   * usual retry interval. Default 60.
   */
  retryAfterSeconds?: number;
  /** Told about a completion or release the store failed (the answer does not change: a lease ends by itself). For logging. */
  onStoreError?: (error: unknown, operation: StoreOperation) => void;
}

/** What the handler is given. */
export interface RunOnceAttempt {
  /**
   * Fires when a renewal of the lease failed (its `reason`: an Error saying why): another attempt
   * may now run the delivery, and this one will not be recorded. Stop, or throw its reason.
   */
  readonly signal: AbortSignal;
}

function assertFunction(value: unknown, argument: string): void {
  if (typeof value !== "function") throw argumentError(argument, `must be a function, got ${describe(value)}`);
}

/** Throws unless `store` has the five methods of a NonceStore. */
export function assertStore(store: unknown): asserts store is NonceStore {
  const s = store as Record<string, unknown> | null;
  if (typeof s !== "object" || s === null || !["claim", "release", "begin", "complete", "abandon"].every((m) => typeof s[m] === "function")) {
    throw argumentError("store", `must be a NonceStore (claim, release, begin, complete and abandon methods), got ${describe(store)}`);
  }
}

function beginResultOf(result: unknown): BeginResult {
  const r = result as Record<string, unknown> | null;
  if (typeof r === "object" && r !== null) {
    if (r.state === "claimed" && typeof r.token === "string" && r.token.length > 0) return r as BeginResult;
    if (r.state === "in_progress" && typeof r.retryAfterMs === "number" && r.retryAfterMs >= 0) return r as BeginResult;
    if (r.state === "done") return r as BeginResult;
  }
  throw argumentError("store", `begin must give { state: "claimed", token } | { state: "in_progress", retryAfterMs } | { state: "done" }, got ${describe(result)}`);
}

const secondsOf = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Throws unless `leaseMs` is longer than `deadlineMs`: at the deadline's 503 the provider may retry, and must find the key held. */
export function assertLeaseOutlastsDeadline(leaseMs: number, deadlineMs: number): void {
  if (leaseMs <= deadlineMs) {
    throw argumentError("leaseMs", `must be longer than deadlineMs (a retry after the deadline would run beside the handler), got leaseMs ${leaseMs} and deadlineMs ${deadlineMs}`);
  }
}

/**
 * Runs `handler` for a delivery that is already verified, at least once and never beside another
 * attempt of the same key, through the store's state machine:
 *
 * 1. `store.begin(key, leaseMs)`: `done` gives `duplicate` (200); `in_progress` gives
 *    `in_progress` (409, `Retry-After` the rest of the other attempt's lease); a store that
 *    fails gives `unavailable` (503) and nothing runs;
 * 2. `claimed`: the handler runs; its value gives `processed` (200) once
 *    `store.complete(key, token, retentionMs)` has marked the key done. While it runs, a store
 *    with `renew` has the lease renewed every third of `leaseMs`; when a renewal fails, the
 *    handler's `signal` fires and the result is `lease_lost` (503), never completed;
 * 3. when the handler throws, `store.abandon(key, token)` frees the key for the provider's
 *    retry, and the promise rejects with the handler's error (answer 500).
 *
 * The promise never rejects for a store failure, only for the handler's error (and a caller
 * mistake, a TypeError thrown at once). A handler that can die between its side effects and
 * its return may still run twice for one delivery: keep those effects idempotent.
 */
export function runOnce<T>(input: RunOnceInput<T> & { deadlineMs: number }): Promise<RunOnceResult<T> | RunOnceTimedOut<T>>;
export function runOnce<T>(input: RunOnceInput<T>): Promise<RunOnceResult<T>>;
export function runOnce<T>(input: RunOnceInput<T>): Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  if (typeof input !== "object" || input === null) {
    throw argumentError("runOnce(input)", `expects one options object, got ${describe(input)}`);
  }
  const { store, key, handler, deadlineMs, onStoreError } = input;
  assertStore(store);
  if (typeof key !== "string" || key.length === 0) {
    throw argumentError("key", `must be a non-empty string, got ${typeof key === "string" ? "an empty string" : describe(key)}`);
  }
  assertFunction(handler, "handler");
  const leaseMs = input.leaseMs ?? DELIVERY_LEASE_MS;
  const retentionMs = input.retentionMs ?? DELIVERY_RETENTION_MS;
  assertDuration(leaseMs, "leaseMs");
  assertDuration(retentionMs, "retentionMs");
  if (deadlineMs !== undefined) {
    assertDuration(deadlineMs, "deadlineMs");
    assertLeaseOutlastsDeadline(leaseMs, deadlineMs);
  }
  const retryAfterSeconds = input.retryAfterSeconds ?? DELIVERY_RETRY_AFTER_SECONDS;
  if (!Number.isSafeInteger(retryAfterSeconds) || retryAfterSeconds < 1 || retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) {
    throw argumentError(
      "retryAfterSeconds",
      `must be a whole number of seconds from 1 to ${MAX_RETRY_AFTER_SECONDS}, got ${typeof retryAfterSeconds === "number" ? retryAfterSeconds : describe(retryAfterSeconds)}`,
    );
  }
  if (onStoreError !== undefined) assertFunction(onStoreError, "onStoreError");
  const startedAt = deadlineMs === undefined ? 0 : monotonicNow();
  return runChecked({ store, key, leaseMs, retentionMs, handler, deadlineMs, onStoreError, retryAfterSeconds, startedAt });
}

/** One call's settings, checked: what `runChecked` takes. */
export interface CheckedRun<T> {
  readonly store: NonceStore;
  readonly key: string;
  readonly leaseMs: number;
  readonly retentionMs: number;
  readonly handler: (attempt: RunOnceAttempt) => T | PromiseLike<T>;
  readonly deadlineMs: number | undefined;
  readonly onStoreError: ((error: unknown, operation: StoreOperation) => void) | undefined;
  readonly retryAfterSeconds: number;
  /**
   * {@link monotonicNow} when the deadline started (unused without one): `runOnce` gives the
   * call; the receiver gives the moment the body was read, so that its secret function and its
   * handlers share one deadline.
   */
  readonly startedAt: number;
}

type Run<T> = CheckedRun<T>;

/** `runOnce` for a caller that has checked its arguments itself (the receiver, once, when it was created). */
export function runChecked<T>(input: CheckedRun<T>): Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  const run: Run<T> = input;
  const { store, key, leaseMs, deadlineMs } = run;
  // Synchronous where the store and the handler are (a MemoryNonceStore, a handler that returns
  // a value): no turn of the event loop is spent waiting on a value already there.
  let begun: unknown;
  try {
    // Traced when someone subscribes; no closure otherwise (the hot path).
    begun = subscribed(storeChannel) ? storeCall("begin", key, () => store.begin(key, leaseMs)) : store.begin(key, leaseMs);
  } catch (error) {
    begun = Promise.reject(error);
  }
  if (!isThenable(begun)) {
    try {
      return Promise.resolve(claimed(run, begun));
    } catch (error) {
      return Promise.reject(error); // a store that broke the contract: a TypeError, as a rejection
    }
  }
  if (deadlineMs === undefined) {
    return Promise.resolve(begun).then(
      (state) => claimed(run, state),
      (error: unknown) => unavailable<T>(key, error),
    );
  }
  return new Promise((resolve, reject) => {
    // The deadline covers begin too: a store that hangs gets 503 and nothing runs, ever.
    let answered = false;
    const deadline = schedule(deadlineMs, run.startedAt, () => {
      answered = true;
      resolve({ status: "unavailable", httpStatus: 503, key, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS, error: new NonceStoreError(`begin did not answer within ${deadlineMs} ms`, { code: "timeout", operation: "begin" }) });
    });
    Promise.resolve(begun)
      .then(
        (state) => {
          if (answered) return releaseLateClaim(run, state);
          cancel(deadline);
          return claimed(run, state); // under a deadline of its own, from the same start
        },
        (error: unknown) => {
          if (answered) return undefined;
          cancel(deadline);
          return unavailable<T>(key, error);
        },
      )
      .then((result) => result !== undefined && resolve(result), reject);
  });
}

/** Whether a value is a promise (or any thenable) rather than a value already there. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === "function";
}

/**
 * `begin` failed: `unavailable`, whatever the store threw (a `NonceStoreError` from this package's
 * stores, anything from a store of the user's), unless it was a caller mistake of ours (a clock
 * giving NaN, say), rethrown: a 503 would hide it behind the provider's retries.
 */
function unavailable<T>(key: string, error: unknown): RunOnceResult<T> {
  if (isArgumentError(error)) throw error;
  return { status: "unavailable", httpStatus: 503, key, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS, error };
}

/** Tells `onStoreError`; a logger that throws must not change the answer. */
function report(run: Run<unknown>, error: unknown, operation: StoreOperation): void {
  try {
    run.onStoreError?.(error, operation);
  } catch {
    // ignored
  }
}

/** `begin` claimed the key after the deadline was answered 503: the handler must not run; free the key for the retry. */
function releaseLateClaim(run: Run<unknown>, state: unknown): undefined {
  const late = state as { state?: unknown; token?: unknown } | null;
  if (late?.state === "claimed" && typeof late.token === "string") {
    const token = late.token;
    Promise.resolve()
      .then(() => storeCall("abandon", run.key, () => run.store.abandon(run.key, token)))
      .then(undefined, (error: unknown) => report(run, error, "abandon")); // the lease ends by itself
  }
  return undefined;
}

/** After `begin`: the duplicate or in-progress answer, or the handler's run under the claim. */
function claimed<T>(run: Run<T>, begun: unknown): RunOnceResult<T> | Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  const { store, key } = run;
  const state = beginResultOf(begun);
  if (state.state === "done") return { status: "duplicate", httpStatus: 200, key };
  if (state.state === "in_progress") return { status: "in_progress", httpStatus: 409, key, retryAfterSeconds: secondsOf(state.retryAfterMs) };
  const { token } = state;

  // The handler's signal, made on first use (an AbortSignal costs more than the rest of a call).
  let controller: AbortController | undefined;
  let lost: Error | undefined;
  const attempt: RunOnceAttempt = {
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (lost !== undefined) controller.abort(lost);
      }
      return controller.signal;
    },
  };
  const lose = (error: Error) => {
    lost = error;
    controller?.abort(error);
  };

  let failure: { error: unknown } | undefined;
  const failed = async (error: unknown): Promise<never> => {
    failure = { error };
    try {
      await storeCall("abandon", key, () => store.abandon(key, token));
    } catch (abandonError) {
      report(run, abandonError, "abandon"); // the lease ends by itself: the retry runs after it
    }
    throw error;
  };
  const processed = (value: T): RunOnceResult<T> | Promise<RunOnceResult<T>> => {
    // Not completed: another attempt may hold the key, and the handler was told to stop.
    if (lost !== undefined) return { status: "lease_lost", httpStatus: 503, key, retryAfterSeconds: run.retryAfterSeconds, error: lost };
    let completed: unknown;
    try {
      completed = subscribed(storeChannel) ? storeCall("complete", key, () => store.complete(key, token, run.retentionMs)) : store.complete(key, token, run.retentionMs);
    } catch (completeError) {
      report(run, completeError, "complete");
      return { status: "processed", httpStatus: 200, key, value, recorded: false };
    }
    if (!isThenable(completed)) return { status: "processed", httpStatus: 200, key, value, recorded: completed === true };
    return Promise.resolve(completed).then(
      (recorded): RunOnceResult<T> => ({ status: "processed", httpStatus: 200, key, value, recorded: recorded === true }),
      (completeError: unknown): RunOnceResult<T> => {
        report(run, completeError, "complete");
        return { status: "processed", httpStatus: 200, key, value, recorded: false };
      },
    );
  };
  const failedWith = () => failure;

  let returned: T | PromiseLike<T>;
  try {
    returned = run.handler(attempt);
  } catch (error) {
    const failing = failed(error);
    return run.deadlineMs === undefined ? failing : withDeadline(run, failing, failedWith);
  }
  if (!isThenable(returned)) {
    const result = processed(returned);
    // A synchronous handler and store have answered already: no deadline to wait for.
    if (!isThenable(result) || run.deadlineMs === undefined) return result;
    return withDeadline(run, Promise.resolve(result), failedWith);
  }
  // The handler runs on: keep its lease while it does, where the store can renew.
  const stop = typeof store.renew === "function" ? heartbeat(run, token, lose) : undefined;
  const ended = Promise.resolve(returned).then(
    (value) => (stop?.(), processed(value)),
    (error: unknown) => (stop?.(), failed(error)),
  );
  return run.deadlineMs === undefined ? ended : withDeadline(run, ended, failedWith);
}

/**
 * Renews the lease every third of `leaseMs` until the returned function is called. A renewal that
 * answers anything but `true`, fails, or is still pending when the next one is due (a third of
 * the lease is then left, at least) loses the lease: `lose` is called once and renewals stop.
 */
function heartbeat(run: Run<unknown>, token: string, lose: (error: Error) => void): () => void {
  const { store, key, leaseMs } = run;
  const every = Math.max(1, Math.floor(leaseMs / 3));
  let pending = false;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const lost = (why: string, cause?: unknown) => {
    stop();
    const message = `The lease on this delivery was lost (${why}): another attempt may run it; stop, this attempt will not be recorded.`;
    lose(cause === undefined ? new Error(message) : new Error(message, { cause }));
  };
  const timer = setInterval(() => {
    if (pending) return lost(`renew did not answer within ${every} ms`);
    pending = true;
    Promise.resolve()
      .then(() => storeCall("renew", key, () => (store.renew as NonNullable<NonceStore["renew"]>)(key, token, leaseMs)))
      .then(
        (renewed) => {
          pending = false;
          if (!stopped && renewed !== true) lost("renew answered false: the lease ended, or another attempt holds the key");
        },
        (error: unknown) => {
          pending = false;
          if (stopped) return;
          report(run, error, "renew");
          lost("renew failed", error);
        },
      );
  }, every);
  // Never the reason the process stays up (Node, Bun); on Workers a timer belongs to its request.
  (timer as { unref?: () => unknown }).unref?.();
  return stop;
}

/** The attempt's result, or at `deadlineMs` from the call: `timed_out` (the attempt goes on), or the handler's error when only its release is pending. */
function withDeadline<T>(
  run: Run<T>,
  attempt: Promise<RunOnceResult<T>>,
  failure: () => { error: unknown } | undefined,
): Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  const { key } = run;
  return new Promise((resolve, reject) => {
    const deadline = schedule(run.deadlineMs as number, run.startedAt, () => {
      const failed = failure();
      if (failed !== undefined) return reject(failed.error); // the handler failed; a hanging abandon must not hold the 500
      const settled = attempt.then(
        (result) => result as RunOnceSettled<T>,
        (error: unknown): RunOnceSettled<T> => ({ status: "failed", key, error }),
      );
      resolve({ status: "timed_out", httpStatus: 503, key, retryAfterSeconds: run.retryAfterSeconds, settled });
    });
    attempt.then(
      (result) => {
        cancel(deadline);
        resolve(result);
      },
      (error: unknown) => {
        cancel(deadline);
        reject(error);
      },
    );
  });
}
