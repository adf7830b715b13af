// The one error class of a store that could not answer, free of `node:` imports (the memory
// store of the /web entry throws it too).

/** A `NonceStore` method that failed. */
export type StoreOperationName = "claim" | "release" | "begin" | "complete" | "abandon" | "renew";

/**
 * Why a store could not answer, stable for code to switch on:
 * - `timeout`: the backend did not answer within the store's `timeoutMs`;
 * - `backend_error`: the client or the backend failed (unreachable, connection refused, an error reply);
 * - `bad_reply`: the backend answered something the store cannot read as an answer (never taken for a success);
 * - `full`: `MemoryNonceStore` is full of running attempts' leases (none is evicted).
 */
export type NonceStoreErrorCode = "timeout" | "backend_error" | "bad_reply" | "full";

/** What a store was doing when it failed: a `NonceStore` method, or `PostgresNonceStore`'s clean-up. */
export type NonceStoreOperation = StoreOperationName | "cleanup";

/**
 * A store could not answer: its backend is down, too slow, or answered nonsense, or the memory store
 * is full of running leases. Every store of this package throws or rejects with it (Redis's and
 * Postgres's as the subclasses `RedisNonceStoreError` and `PostgresNonceStoreError`); a store of
 * your own may throw it too. `handleOnce`, `runOnce` and the receiver turn a failed `begin` into
 * `unavailable` (503: nothing ran, the provider retries). The message never holds a key or a body.
 */
export class NonceStoreError extends Error {
  /** `"NonceStoreError"`, or the subclass's name. */
  override readonly name: string = "NonceStoreError";
  /** Why the store failed. */
  readonly code: NonceStoreErrorCode;
  /** What the store was doing. */
  readonly operation: NonceStoreOperation;

  constructor(message: string, options: { code: NonceStoreErrorCode; operation: NonceStoreOperation; cause?: unknown }) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.code = options.code;
    this.operation = options.operation;
  }
}
