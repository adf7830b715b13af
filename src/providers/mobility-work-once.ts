// handleMwOnce: handleOnce for Mobility Work, keyed on the signed nonce and keeping it to the end
// of its signature window. Node only (it verifies with node:crypto).
import { MW_DEFAULT_TOLERANCE_SECONDS, type VerifyMwSignatureInput, verifyMwSignature } from "../schemes/mobility-work.js";
import type { NonceStore } from "../replay/nonce-store.js";
import { type HandleOnceResult, handleOnce } from "../replay/handle-once.js";
import { assertDuration } from "../replay/keys.js";
import type { RunOnceAttempt, StoreOperation } from "../replay/run-once.js";
import { assertMwWindowFits, mwWindowRetentionMs } from "./mobility-work-window.js";
import { argumentError, describe } from "../lib/errors.js";

/** How long `handleMwOnce` keeps a nonce when `toleranceSeconds` is `Infinity` (24 h), unless `fallbackRetentionMs` says otherwise. */
export const MW_FALLBACK_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A verified Mobility Work delivery, as `handleMwOnce` hands it to the handler. */
export type MwVerified = {
  /** Genuine. */
  ok: true;
  /** The signed `t`, in unix seconds. */
  timestamp: number;
  /** The signed nonce: the delivery's key. */
  nonce: string;
};

/** What `handleMwOnce` takes: what `verifyMwSignature` takes, the store and the handler. */
export interface HandleMwOnceInput<T> extends VerifyMwSignatureInput {
  /** Where nonces are held: `MemoryNonceStore` for one process, `RedisNonceStore` or `PostgresNonceStore` for several. */
  store: NonceStore;
  /** The work to do once per delivery. If it throws, the nonce is abandoned and the error rethrown. */
  handler: (verified: MwVerified, attempt: RunOnceAttempt) => T | PromiseLike<T>;
  /** How long an attempt holds the nonce, in whole ms. Default {@link DELIVERY_LEASE_MS}. */
  leaseMs?: number;
  /** See {@link HandleOnceInput.tenant}: the key is `deliveryKey({ provider: "mobility-work", tenant, id: nonce })`. */
  tenant?: string;
  /**
   * How long to keep a processed nonce when `toleranceSeconds` is `Infinity` (the window never
   * closes, so a nonce would have to be kept forever). Default {@link MW_FALLBACK_RETENTION_MS}.
   * A replay older than this is processed again: prefer a finite tolerance.
   */
  fallbackRetentionMs?: number;
  /** See {@link RunOnceInput.onStoreError}. */
  onStoreError?: (error: unknown, operation: StoreOperation) => void;
}

/**
 * `handleOnce` for Mobility Work: verifies `X-MW-Signature` with `verifyMwSignature` (same
 * options), keys on the signed nonce, and keeps a processed nonce until the end of its tolerance
 * window (`(t + tolerance)` seconds, plus one second): a copy inside the window is `duplicate`;
 * after it, `verifyMwSignature` refuses it as `timestamp_too_old`.
 *
 * @example
 * const result = await handleMwOnce({ body, secret, headers, store, handler: () => reorder(body) });
 * // result.status: "processed" | "duplicate" | "in_progress" | "unavailable" | "rejected"
 */
export function handleMwOnce<T>(input: HandleMwOnceInput<T>): Promise<HandleOnceResult<MwVerified, T>> {
  if (typeof input !== "object" || input === null) {
    throw argumentError("handleMwOnce(input)", `expects one options object, got ${describe(input)}`);
  }
  const fallbackRetentionMs = input.fallbackRetentionMs ?? MW_FALLBACK_RETENTION_MS;
  assertDuration(fallbackRetentionMs, "fallbackRetentionMs");
  const tolerance = input.toleranceSeconds ?? MW_DEFAULT_TOLERANCE_SECONDS;
  if (typeof tolerance === "number") assertMwWindowFits(tolerance); // anything else: verifyMwSignature's TypeError
  const nowMs = () => (input.now === undefined ? Date.now() : input.now instanceof Date ? input.now.getTime() : input.now);
  return handleOnce({
    store: input.store,
    provider: "mobility-work",
    ...(input.tenant === undefined ? {} : { tenant: input.tenant }),
    verify: () => verifyMwSignature(input),
    key: (verified) => verified.nonce,
    ...(input.leaseMs === undefined ? {} : { leaseMs: input.leaseMs }),
    retentionMs: (verified) => mwWindowRetentionMs(verified.timestamp, tolerance, nowMs()) ?? fallbackRetentionMs,
    handler: input.handler,
    ...(input.onStoreError === undefined ? {} : { onStoreError: input.onStoreError }),
  });
}
