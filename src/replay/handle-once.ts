import { argumentError, describe } from "../lib/errors.js";
import type { VerifyFailureReason } from "../lib/result.js";
import {
  MW_DEFAULT_TOLERANCE_SECONDS,
  type VerifyMwSignatureInput,
  verifyMwSignature,
} from "../schemes/mobility-work.js";
import { type NonceStore, assertExpiresAt, clockOf } from "./nonce-store.js";

/** What every verify function returns: a success (with extras), or a failure with its reason. */
export type VerifyOutcome = { ok: true } | { ok: false; reason: VerifyFailureReason; message: string };

/** The success branch of a verify result, as the handler receives it. */
export type Verified<R extends VerifyOutcome> = Extract<R, { ok: true }>;

/** Why `handleOnce` refused a delivery: the verify failure, or `"missing_key"` (no id to deduplicate on). */
export type HandleOnceRejectReason = VerifyFailureReason | "missing_key";

/**
 * What `handleOnce` did, with the HTTP status to answer the provider:
 * - `processed` (200): the delivery was new and the handler returned `value`;
 * - `duplicate` (200): the key was already claimed (a replay, or a retry of a delivery being or
 *   already processed): the handler did not run; answer 2xx so the provider stops retrying;
 * - `rejected`: verification failed (401), or the delivery carries no key (400); nothing claimed.
 *
 * Anything else rejects the promise (the store failed, or the handler threw): answer 5xx.
 */
export type HandleOnceResult<V, T> =
  | { status: "processed"; httpStatus: 200; key: string; verified: V; value: T }
  | { status: "duplicate"; httpStatus: 200; key: string; verified: V }
  | { status: "rejected"; httpStatus: 400 | 401; reason: HandleOnceRejectReason; message: string };

export interface HandleOnceInput<R extends VerifyOutcome, T> {
  /** Where claimed keys are remembered: `MemoryNonceStore` for one process, `RedisNonceStore` for several. */
  store: NonceStore;
  /** Verifies the delivery (a `verify…` call). Runs first; nothing else happens unless it passes. */
  verify: () => R;
  /**
   * The id that makes the delivery unique, read from the verified delivery: Mobility Work's
   * nonce, eWarehousing's `X-Webhook-Id` header (as `getHeader` returns it), Tilby's
   * `notification_uuid`. Trimmed; absent or empty gives the `missing_key` rejection.
   */
  key: (verified: Verified<R>) => string | readonly string[] | null | undefined;
  /** When the key may be forgotten, in ms since the epoch (or computed from the verified delivery). Give this or `ttlMs`. */
  expiresAtMs?: number | ((verified: Verified<R>) => number);
  /** How long to remember the key from now, in ms: longer than the provider's retries last. Give this or `expiresAtMs`. */
  ttlMs?: number;
  /** The clock for `ttlMs`, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** The work to do once per delivery. If it throws, the key is released and the error rethrown. */
  handler: (verified: Verified<R>) => T | PromiseLike<T>;
}

function assertFunction(value: unknown, argument: string): void {
  if (typeof value !== "function") throw argumentError(argument, `must be a function, got ${describe(value)}`);
}

function assertStore(store: unknown): asserts store is NonceStore {
  const s = store as { claim?: unknown; release?: unknown } | null;
  if (typeof s !== "object" || s === null || typeof s.claim !== "function" || typeof s.release !== "function") {
    throw argumentError("store", `must be a NonceStore (an object with claim and release methods), got ${describe(store)}`);
  }
}

function assertTtl(ttlMs: unknown, argument: string): asserts ttlMs is number {
  // Number.isFinite is false for anything but a finite number.
  if (!Number.isFinite(ttlMs) || (ttlMs as number) <= 0) {
    throw argumentError(argument, `must be a finite number of ms > 0, got ${typeof ttlMs === "number" ? ttlMs : describe(ttlMs)}`);
  }
}

/** The key as one trimmed string, or why there is none. */
function keyText(value: unknown): string | { message: string } {
  if (typeof value === "string") {
    const text = value.trim();
    if (text.length > 0) return text;
  } else if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) {
    const first = (value[0] as string).trim();
    if (!value.every((item: string) => item.trim() === first)) {
      return { message: "The delivery's id was sent several times with different values." };
    }
    if (first.length > 0) return first;
  }
  return { message: "The delivery carries no id to deduplicate it on (missing or empty)." };
}

/**
 * Handles a delivery at most once, in the one order that survives provider retries:
 *
 * 1. `verify()`; a failure gives `rejected` (answer 401) and nothing is claimed;
 * 2. `store.claim(key, expiresAt)`; already claimed gives `duplicate` (answer 200, skip);
 * 3. `handler(verified)`; its value gives `processed` (answer 200);
 * 4. if the handler throws, `store.release(key)` and rethrow: answer 5xx, and the provider's
 *    retry is processed rather than refused as a replay. (If the release fails too, the
 *    promise rejects with an `AggregateError` of both errors.)
 *
 * When the store fails (Redis unreachable), the promise rejects with the store's error
 * before the handler runs: answer 5xx, the provider retries. So does an exception thrown by
 * `key` (return `undefined` for a delivery without an id: that is the 400 rejection).
 *
 * Caller mistakes (a missing option, a bad store, an empty secret given to the verify
 * function) throw a `TypeError` at once: `verify` runs synchronously, before the promise is
 * returned. Keys are claimed as given: several providers sharing a store need ids that
 * cannot collide. A handler that can die between its side effects and its return may still
 * run twice for one delivery: keep those effects idempotent.
 *
 * @example
 * const result = await handleOnce({
 *   store,
 *   verify: () => verifyHmacBase64({ body, secret, headers }),
 *   key: () => getHeader(headers, "x-webhook-id"),
 *   ttlMs: 24 * 60 * 60 * 1000,
 *   handler: () => saveStock(body),
 * });
 * res.status(result.httpStatus).end(); // and 5xx from the catch around it
 */
export function handleOnce<R extends VerifyOutcome, T>(input: HandleOnceInput<R, T>): Promise<HandleOnceResult<Verified<R>, T>> {
  if (typeof input !== "object" || input === null) {
    throw argumentError("handleOnce(input)", `expects one options object, got ${describe(input)}`);
  }
  const { store, verify, key, expiresAtMs, ttlMs, handler } = input;
  assertStore(store);
  assertFunction(verify, "verify");
  assertFunction(key, "key");
  assertFunction(handler, "handler");
  if ((expiresAtMs === undefined) === (ttlMs === undefined)) {
    throw argumentError("input", "must give exactly one of expiresAtMs and ttlMs");
  }
  if (ttlMs !== undefined) assertTtl(ttlMs, "ttlMs");
  else if (typeof expiresAtMs !== "function") assertExpiresAt(expiresAtMs);
  const now = clockOf(input.now);
  // Verification runs synchronously: it throws only for caller mistakes, and those throw at once.
  const result = verify();
  if (typeof result !== "object" || result === null || typeof result.ok !== "boolean") {
    throw argumentError("verify", `must return a verify result ({ ok: true, ... } or { ok: false, reason, message }), got ${describe(result)}`);
  }
  if (!result.ok) {
    const failure = result as Extract<VerifyOutcome, { ok: false }>;
    return Promise.resolve({ status: "rejected", httpStatus: 401, reason: failure.reason, message: failure.message });
  }
  const expiry = ttlMs !== undefined ? { ttlMs, now } : { expiresAtMs: expiresAtMs as NonNullable<typeof expiresAtMs> };
  return claimAndRun(result as Verified<R>, store, key, expiry, handler);
}

async function claimAndRun<V, T>(
  verified: V,
  store: NonceStore,
  keyOf: (verified: V) => unknown,
  expiry: { ttlMs: number; now: () => number } | { expiresAtMs: number | ((verified: V) => number) },
  handler: (verified: V) => T | PromiseLike<T>,
): Promise<HandleOnceResult<V, T>> {
  const key = keyText(keyOf(verified));
  if (typeof key !== "string") return { status: "rejected", httpStatus: 400, reason: "missing_key", message: key.message };

  let expiresAt: number;
  if ("ttlMs" in expiry) {
    expiresAt = expiry.now() + expiry.ttlMs;
  } else {
    expiresAt = typeof expiry.expiresAtMs === "function" ? expiry.expiresAtMs(verified) : expiry.expiresAtMs;
    assertExpiresAt(expiresAt);
  }

  const claimed = await store.claim(key, expiresAt);
  if (typeof claimed !== "boolean") {
    throw argumentError("store", `claim must return a boolean (or a promise of one), got ${describe(claimed)}`);
  }
  if (!claimed) return { status: "duplicate", httpStatus: 200, key, verified };

  let value: T;
  try {
    value = await handler(verified);
  } catch (error) {
    try {
      await store.release(key);
    } catch (releaseError) {
      throw new AggregateError(
        [error, releaseError],
        "[webhook-signatures] the handler failed and its key could not be released: answer 5xx; the provider's retry may be taken for a duplicate until the key expires",
      );
    }
    throw error;
  }
  return { status: "processed", httpStatus: 200, key, verified, value };
}

/** How long `handleMwOnce` remembers a nonce when `toleranceSeconds` is `Infinity` (24 h), unless `fallbackTtlMs` says otherwise. */
export const MW_REPLAY_FALLBACK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Added to the end of the Mobility Work window before a nonce is forgotten: the window is
 * inclusive (a replay at exactly t + tolerance still verifies), and processes sharing a Redis
 * store may disagree on the time by a fraction of a second.
 */
const MW_WINDOW_MARGIN_MS = 1000;

/** A verified Mobility Work delivery, as `handleMwOnce` hands it to the handler. */
export type MwVerified = { ok: true; timestamp: number; nonce: string };

export interface HandleMwOnceInput<T> extends VerifyMwSignatureInput {
  /** Where nonces are remembered: `MemoryNonceStore` for one process, `RedisNonceStore` for several. */
  store: NonceStore;
  /** The work to do once per delivery. If it throws, the nonce is released and the error rethrown. */
  handler: (verified: MwVerified) => T | PromiseLike<T>;
  /**
   * How long to remember a nonce when `toleranceSeconds` is `Infinity` (the window never
   * closes, so a nonce would have to be kept forever). Default {@link MW_REPLAY_FALLBACK_TTL_MS}.
   * A replay older than this is processed again: prefer a finite tolerance.
   */
  fallbackTtlMs?: number;
}

/**
 * `handleOnce` for Mobility Work: verifies `X-MW-Signature` with `verifyMwSignature` (same
 * options), claims the signed nonce until the end of the tolerance window (`(t + tolerance)`
 * seconds, plus one second), runs the handler, and releases the nonce if it throws. A replay
 * inside the window is `duplicate`; after it, `verifyMwSignature` refuses it as
 * `timestamp_too_old`.
 *
 * @example
 * const result = await handleMwOnce({ body, secret, headers, store, handler: () => reorder(body) });
 * // result.status: "processed" | "duplicate" | "rejected"; answer result.httpStatus, 5xx on a throw
 */
export function handleMwOnce<T>(input: HandleMwOnceInput<T>): Promise<HandleOnceResult<MwVerified, T>> {
  if (typeof input !== "object" || input === null) {
    throw argumentError("handleMwOnce(input)", `expects one options object, got ${describe(input)}`);
  }
  const fallbackTtlMs = input.fallbackTtlMs ?? MW_REPLAY_FALLBACK_TTL_MS;
  assertTtl(fallbackTtlMs, "fallbackTtlMs");
  const tolerance = input.toleranceSeconds ?? MW_DEFAULT_TOLERANCE_SECONDS;
  return handleOnce({
    store: input.store,
    verify: () => verifyMwSignature(input),
    key: (verified) => verified.nonce,
    expiresAtMs: (verified) => {
      const windowEnd = (verified.timestamp + tolerance) * 1000 + MW_WINDOW_MARGIN_MS;
      if (Number.isFinite(windowEnd)) return windowEnd;
      const now = input.now === undefined ? Date.now() : input.now instanceof Date ? input.now.getTime() : input.now;
      return now + fallbackTtlMs;
    },
    handler: input.handler,
  });
}
