// A memory store to fake a store with, one method at a time.
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";

/** A memory store whose methods can be replaced one at a time. */
export function storeWith(overrides: Partial<NonceStore> = {}): NonceStore {
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
