// The at-least-once state machine over any NonceStore, free of `node:` imports (the /web entry
// exports it too): runOnce and the per-provider defaults. Keys are built by delivery-key.ts.
import { argumentError, describe } from "../lib/errors.js";
import { cancel, schedule } from "./deadline.js";
import { assertDuration } from "./keys.js";
import type { BeginResult, NonceStore } from "./nonce-store.js";

/**
 * How long an attempt holds a delivery's key unless `leaseMs` says otherwise: 5 minutes. It must
 * outlast the handler (a retry arriving after it may run beside a slow handler); it also bounds
 * how long a crashed attempt delays the retry (every provider here retries no sooner than that
 * anyway: eWarehousing hourly, Tilby every 15 minutes).
 */
export const DELIVERY_LEASE_MS = 5 * 60 * 1000;

/**
 * How long a processed delivery's key is kept unless `retentionMs` says otherwise: 24 hours, longer
 * than the retries of every provider whose policy is published (eWarehousing: hourly, up to 10
 * times; Tilby: at least 3, 15 minutes apart).
 */
export const DELIVERY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** eWarehousing: key on the `X-Webhook-Id` header, keep it 24 h (retries hourly, up to 10 times). */
export const EWAREHOUSING_RETENTION_MS = DELIVERY_RETENTION_MS;
/** Tilby: key on `notification_uuid`, keep it 24 h (retries at least 3 times, 15 minutes apart). */
export const TILBY_RETENTION_MS = DELIVERY_RETENTION_MS;
/** Tiki Open API: key on the event's `id`, keep it 24 h (retry policy unpublished). */
export const TIKI_RETENTION_MS = DELIVERY_RETENTION_MS;
/** TikiNOW: no id is sent; key on {@link deliveryKeyFromBody} where a repeat matters, keep it 24 h (retry policy unpublished). */
export const TIKINOW_RETENTION_MS = DELIVERY_RETENTION_MS;

/** eWarehousing's de-duplication header (not covered by the signature: keys are stored bounded, see `storedKey`). */
export const EWAREHOUSING_WEBHOOK_ID_HEADER = "x-webhook-id";

/** The `Retry-After` of an `unavailable` answer (the store could not answer), in seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

/** The largest value a lease or retention may take: setTimeout's and the stores' limit (2^31 - 1 ms). */
export const MAX_DURATION_MS = 2_147_483_647;

/** A store call that failed, as `onStoreError` is told about it. */
export type StoreOperation = "begin" | "complete" | "abandon";

/** What `runOnce` did, with the HTTP status to answer the provider. */
export type RunOnceResult<T> =
  /** The handler ran and returned `value` (answer 200). `recorded: false`: the key could not be marked done (its lease had ended, or the store failed); a later copy may run again. */
  | { status: "processed"; httpStatus: 200; key: string; value: T; recorded: boolean }
  /** An earlier attempt completed: the handler did not run (answer 200, the provider stops). */
  | { status: "duplicate"; httpStatus: 200; key: string }
  /** Another attempt holds the key's lease: nothing ran (answer 409 with `Retry-After`); it may still fail, so the provider must retry. */
  | { status: "in_progress"; httpStatus: 409; key: string; retryAfterSeconds: number }
  /** The store could not answer: nothing was claimed, nothing ran (answer 503 with `Retry-After`); `error` is for the log. */
  | { status: "unavailable"; httpStatus: 503; key: string; retryAfterSeconds: number; error: unknown };

/** How an attempt that passed `deadlineMs` ended: the handler's value, or its error (the key was then abandoned). */
export type RunOnceSettled<T> =
  | Extract<RunOnceResult<T>, { status: "processed" }>
  | { status: "failed"; key: string; error: unknown };

/**
 * The handler was still running at `deadlineMs` (answer 503 with `Retry-After`: the rest of the
 * lease). It keeps running under its lease and completes or abandons the key by itself; `settled`
 * tells how it ended and never rejects. The provider's retry then finds the key done (duplicate,
 * 200), still in progress (409), or free again if the handler failed.
 */
export type RunOnceTimedOut<T> = {
  status: "timed_out";
  httpStatus: 503;
  key: string;
  retryAfterSeconds: number;
  settled: Promise<RunOnceSettled<T>>;
};

export interface RunOnceInput<T> {
  /** Where keys are held: `MemoryNonceStore` (one process), `RedisNonceStore` or `PostgresNonceStore` (several). */
  store: NonceStore;
  /** The delivery's id, already read from a verified delivery (a non-empty string). */
  key: string;
  /** How long this attempt holds the key, in whole ms. Default {@link DELIVERY_LEASE_MS} (5 minutes). */
  leaseMs?: number;
  /** How long the key is kept once the handler succeeded, in whole ms. Default {@link DELIVERY_RETENTION_MS} (24 h). */
  retentionMs?: number;
  /** The work to do once per delivery. When it throws, the key is abandoned (by token) and the error rethrown. */
  handler: () => T | PromiseLike<T>;
  /**
   * Answer by this many ms even if the handler is still running: the result is then
   * `timed_out` (503) and the handler goes on under its lease. Keep it under the provider's
   * timeout (eWarehousing: 10 s) and well under `leaseMs`. Default: wait for the handler.
   */
  deadlineMs?: number;
  /** Told about a completion or release the store failed (the answer does not change: a lease ends by itself). For logging. */
  onStoreError?: (error: unknown, operation: StoreOperation) => void;
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

/**
 * Runs `handler` for a delivery that is already verified, at least once and never beside another
 * attempt of the same key, through the store's state machine:
 *
 * 1. `store.begin(key, leaseMs)`: `done` gives `duplicate` (200); `in_progress` gives
 *    `in_progress` (409, `Retry-After` the rest of the other attempt's lease); a store that
 *    fails gives `unavailable` (503) and nothing runs;
 * 2. `claimed`: the handler runs; its value gives `processed` (200) once
 *    `store.complete(key, token, retentionMs)` has marked the key done;
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
  if (deadlineMs !== undefined) assertDuration(deadlineMs, "deadlineMs");
  if (onStoreError !== undefined) assertFunction(onStoreError, "onStoreError");
  return runChecked(store, key, leaseMs, retentionMs, handler, deadlineMs, onStoreError);
}

/** `runOnce` for a caller that has checked its arguments itself (the receiver, once, when it was created). */
export function runChecked<T>(
  store: NonceStore,
  key: string,
  leaseMs: number,
  retentionMs: number,
  handler: () => T | PromiseLike<T>,
  deadlineMs: number | undefined,
  onStoreError: ((error: unknown, operation: StoreOperation) => void) | undefined,
): Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  // Synchronous where the store and the handler are (a MemoryNonceStore, a handler that returns
  // a value): no turn of the event loop is spent waiting on a value already there.
  const startedAt = Date.now();
  let begun: unknown;
  try {
    begun = store.begin(key, leaseMs);
  } catch (error) {
    begun = Promise.reject(error);
  }
  if (isThenable(begun)) {
    return Promise.resolve(begun).then(
      (state) => claimed(store, key, leaseMs, retentionMs, handler, deadlineMs, onStoreError, startedAt, state),
      (error: unknown) => unavailable<T>(key, error),
    );
  }
  try {
    return Promise.resolve(claimed(store, key, leaseMs, retentionMs, handler, deadlineMs, onStoreError, startedAt, begun));
  } catch (error) {
    return Promise.reject(error); // a store that broke the contract: a TypeError, as a rejection
  }
}

/** Whether a value is a promise (or any thenable) rather than a value already there. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === "function";
}

/** `begin` failed: `unavailable`, unless it was a caller mistake of ours (a TypeError), rethrown. */
function unavailable<T>(key: string, error: unknown): RunOnceResult<T> {
  if (error instanceof TypeError && error.message.startsWith("[webhook-signatures] ")) throw error;
  return { status: "unavailable", httpStatus: 503, key, retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS, error };
}

/** After `begin`: the duplicate or in-progress answer, or the handler's run under the claim. */
function claimed<T>(
  store: NonceStore,
  key: string,
  leaseMs: number,
  retentionMs: number,
  handler: () => T | PromiseLike<T>,
  deadlineMs: number | undefined,
  onStoreError: ((error: unknown, operation: StoreOperation) => void) | undefined,
  startedAt: number,
  begun: unknown,
): RunOnceResult<T> | Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  const state = beginResultOf(begun);
  if (state.state === "done") return { status: "duplicate", httpStatus: 200, key };
  if (state.state === "in_progress") return { status: "in_progress", httpStatus: 409, key, retryAfterSeconds: secondsOf(state.retryAfterMs) };
  const { token } = state;

  const report = (error: unknown, operation: StoreOperation) => {
    try {
      onStoreError?.(error, operation);
    } catch {
      // a logger that throws must not change the answer
    }
  };
  const failed = async (error: unknown): Promise<never> => {
    try {
      await store.abandon(key, token);
    } catch (abandonError) {
      report(abandonError, "abandon"); // the lease ends by itself: the retry runs after it
    }
    throw error;
  };
  const processed = (value: T): RunOnceResult<T> | Promise<RunOnceResult<T>> => {
    let completed: unknown;
    try {
      completed = store.complete(key, token, retentionMs);
    } catch (completeError) {
      report(completeError, "complete");
      return { status: "processed", httpStatus: 200, key, value, recorded: false };
    }
    if (!isThenable(completed)) return { status: "processed", httpStatus: 200, key, value, recorded: completed === true };
    return Promise.resolve(completed).then(
      (recorded): RunOnceResult<T> => ({ status: "processed", httpStatus: 200, key, value, recorded: recorded === true }),
      (completeError: unknown): RunOnceResult<T> => {
        report(completeError, "complete");
        return { status: "processed", httpStatus: 200, key, value, recorded: false };
      },
    );
  };

  let returned: T | PromiseLike<T>;
  try {
    returned = handler();
  } catch (error) {
    return failed(error);
  }
  if (!isThenable(returned)) {
    const result = processed(returned);
    // A synchronous handler and store have answered already: no deadline to wait for.
    if (!isThenable(result) || deadlineMs === undefined) return result;
    return withDeadline(Promise.resolve(result), key, leaseMs, deadlineMs, startedAt);
  }
  const attempt = Promise.resolve(returned).then(processed, failed);
  return deadlineMs === undefined ? attempt : withDeadline(attempt, key, leaseMs, deadlineMs, startedAt);
}

/** The attempt's result, or `timed_out` once `deadlineMs` have passed since `startedAt` (the attempt goes on). */
function withDeadline<T>(
  attempt: Promise<RunOnceResult<T>>,
  key: string,
  leaseMs: number,
  deadlineMs: number,
  startedAt: number,
): Promise<RunOnceResult<T> | RunOnceTimedOut<T>> {
  return new Promise((resolve, reject) => {
    const deadline = schedule(deadlineMs, startedAt, () => {
      const settled = attempt.then(
        (result): RunOnceSettled<T> => result as Extract<RunOnceResult<T>, { status: "processed" }>,
        (error: unknown): RunOnceSettled<T> => ({ status: "failed", key, error }),
      );
      const restOfLease = leaseMs - (Date.now() - startedAt);
      resolve({ status: "timed_out", httpStatus: 503, key, retryAfterSeconds: secondsOf(restOfLease), settled });
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
