import { argumentError, describe } from "../lib/errors.js";
import type { VerifyFailureReason } from "../lib/result.js";
import type { Bytes } from "../lib/types.js";
import { assertKeyScope, deliveryKey } from "./delivery-key.js";
import { assertDuration } from "./keys.js";
import type { NonceStore } from "./nonce-store.js";
import {
  DELIVERY_LEASE_MS,
  DELIVERY_RETENTION_MS,
  type RunOnceResult,
  type RunOnceAttempt,
  type StoreOperation,
  assertStore,
  runOnce,
} from "./run-once.js";

function assertFunction(value: unknown, argument: string): void {
  if (typeof value !== "function") throw argumentError(argument, `must be a function, got ${describe(value)}`);
}

/** What every verify function returns: a success (with extras), or a failure with its reason. */
export type VerifyOutcome =
  | {
      /** Genuine. */
      ok: true;
    }
  | {
      /** Refused. */
      ok: false;
      /** Why, as a stable string. */
      reason: VerifyFailureReason;
      /** One sentence for logs. */
      message: string;
    };

/** The success branch of a verify result, as the handler receives it. */
export type Verified<R extends VerifyOutcome> = Extract<
  R,
  {
    /** Genuine. */
    ok: true;
  }
>;

/** Why `handleOnce` refused a delivery: the verify failure, or `"missing_key"` (no id to deduplicate on). */
export type HandleOnceRejectReason = VerifyFailureReason | "missing_key";

/**
 * What `handleOnce` did, with the HTTP status to answer the provider: `processed` (200),
 * `duplicate` (200), `in_progress` (409, `Retry-After: retryAfterSeconds`), `lease_lost` (503: the
 * lease could not be renewed, the handler's `attempt.signal` fired), `unavailable` (503,
 * `Retry-After`; the store could not answer, nothing ran), as in {@link RunOnceResult}; or
 * `rejected`: verification failed (401), or the delivery carries no key (400), nothing claimed.
 * The promise rejects only with the handler's error (answer 500).
 */
export type HandleOnceResult<V, T> =
  | (RunOnceResult<T> & {
      /** What verification learnt. */
      verified: V;
    })
  | {
      /** Refused before the store was asked: nothing ran. */
      status: "rejected";
      /** The HTTP status to answer. */
      httpStatus: 400 | 401;
      /** Why, as a stable string. */
      reason: HandleOnceRejectReason;
      /** One sentence for logs. */
      message: string;
    };

/** What `handleOnce` takes: the store, the provider, verify, the key, the handler, and the lease and retention. */
export interface HandleOnceInput<R extends VerifyOutcome, T> {
  /** Where keys are held: `MemoryNonceStore` for one process, `RedisNonceStore` or `PostgresNonceStore` for several. */
  store: NonceStore;
  /** The provider's name (as the receiver and the command line know it), or its declaration: the first part of the delivery's key (see `deliveryKey`). */
  provider:
    | string
    | {
        /** The declaration's name. */
        readonly name: string;
      };
  /**
   * Whose delivery it is, when one store serves several tenants (a shop id; never a secret):
   * deliveries of two tenants never de-duplicate against each other. Default `""`. A receiver's
   * tenant is its route: give the same string here and there to share keys with it.
   */
  tenant?: string;
  /** The raw body: keys a delivery whose `key` is absent or empty by the body's SHA-256 (without it, such a delivery is `missing_key`). */
  body?: Bytes;
  /** Verifies the delivery (a `verify…` call). Runs first; nothing else happens unless it passes. */
  verify: () => R;
  /**
   * The id that makes the delivery unique, read from the verified delivery: a delivery-id header
   * (as `getHeader` returns it) or a body field, as the provider documents it; nothing for a
   * provider that sends none (give `body`). Trimmed; absent or empty: the body's
   * digest keys the delivery when `body` is given, else the `missing_key` rejection. The stored
   * key is {@link deliveryKey} of `provider`, `tenant` and this id.
   */
  key: (verified: Verified<R>) => string | readonly string[] | null | undefined;
  /** How long an attempt holds the key, in whole ms. Default {@link DELIVERY_LEASE_MS} (5 minutes). */
  leaseMs?: number;
  /** How long a processed key is kept, in whole ms (or computed from the verified delivery). Default {@link DELIVERY_RETENTION_MS} (24 h). */
  retentionMs?: number | ((verified: Verified<R>) => number);
  /** The work to do once per delivery. If it throws, the key is abandoned and the error rethrown. */
  handler: (verified: Verified<R>, attempt: RunOnceAttempt) => T | PromiseLike<T>;
  /** See {@link RunOnceInput.onStoreError}. */
  onStoreError?: (error: unknown, operation: StoreOperation) => void;
}

/** The id as one trimmed string (`""`: none), or why it names no one delivery. */
function keyText(value: unknown): string | { message: string } {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) {
    const first = (value[0] as string).trim();
    if (!value.every((item: string) => item.trim() === first)) {
      return { message: "The delivery's id was sent several times with different values." };
    }
    return first;
  }
  return "";
}

const NO_KEY = { message: "The delivery carries no id to deduplicate it on (missing or empty)." };

/**
 * Verifies a delivery, then handles it at least once and never twice at the same time
 * ({@link runOnce}): `verify()`; a failure gives `rejected` (401) and nothing is claimed; then the
 * key is read (`missing_key`, 400, when there is none) and the state machine runs.
 *
 * Caller mistakes (a missing option, a bad store, an empty secret given to the verify
 * function) throw a `TypeError` at once: `verify` runs synchronously, before the promise is
 * returned. Keys are claimed as given: several providers sharing a store need ids that
 * cannot collide (a key prefix per provider does it).
 *
 * @example
 * const result = await handleOnce({
 *   store,
 *   verify: () => verifyHmacBase64({ body, secret, headers }),
 *   key: () => getHeader(headers, "x-acme-delivery"),
 *   retentionMs: 24 * 60 * 60 * 1000,
 *   handler: () => saveStock(body),
 * });
 * if ("retryAfterSeconds" in result) res.setHeader("retry-after", String(result.retryAfterSeconds));
 * res.status(result.httpStatus).end(); // 500 from the catch around it (the handler threw)
 */
export function handleOnce<R extends VerifyOutcome, T>(input: HandleOnceInput<R, T>): Promise<HandleOnceResult<Verified<R>, T>> {
  if (typeof input !== "object" || input === null) {
    throw argumentError("handleOnce(input)", `expects one options object, got ${describe(input)}`);
  }
  const { store, tenant, body, verify, key, retentionMs, handler, onStoreError } = input;
  const provider = typeof input.provider === "object" && input.provider !== null ? input.provider.name : input.provider;
  assertStore(store);
  assertKeyScope(provider, tenant ?? "");
  assertFunction(verify, "verify");
  assertFunction(key, "key");
  assertFunction(handler, "handler");
  const leaseMs = input.leaseMs ?? DELIVERY_LEASE_MS;
  assertDuration(leaseMs, "leaseMs");
  if (typeof retentionMs !== "function") assertDuration(retentionMs ?? DELIVERY_RETENTION_MS, "retentionMs");
  if (onStoreError !== undefined) assertFunction(onStoreError, "onStoreError");
  // Verification runs synchronously: it throws only for caller mistakes, and those throw at once.
  const result = verify();
  if (typeof result !== "object" || result === null || typeof result.ok !== "boolean") {
    throw argumentError("verify", `must return a verify result ({ ok: true, ... } or { ok: false, reason, message }), got ${describe(result)}`);
  }
  if (!result.ok) {
    const failure = result as Extract<VerifyOutcome, { ok: false }>;
    return Promise.resolve({ status: "rejected", httpStatus: 401, reason: failure.reason, message: failure.message });
  }
  const verified = result as Verified<R>;
  return (async (): Promise<HandleOnceResult<Verified<R>, T>> => {
    const text = keyText(key(verified));
    if (typeof text !== "string") return { status: "rejected", httpStatus: 400, reason: "missing_key", message: text.message };
    if (text === "" && body === undefined) return { status: "rejected", httpStatus: 400, reason: "missing_key", message: NO_KEY.message };
    const retention = typeof retentionMs === "function" ? retentionMs(verified) : (retentionMs ?? DELIVERY_RETENTION_MS);
    const outcome = await runOnce({
      store,
      key: deliveryKey({ provider, id: text, ...(tenant === undefined ? {} : { tenant }), ...(body === undefined ? {} : { body }) }),
      leaseMs,
      retentionMs: retention,
      handler: (attempt) => handler(verified, attempt),
      ...(onStoreError === undefined ? {} : { onStoreError }),
    });
    return { ...outcome, verified };
  })();
}
