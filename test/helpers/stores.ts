// Stores to fake a store with, one method at a time.
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";

/** `store`'s methods bound to it (renew left out), with `overrides` in place of some. */
export function storeOver(store: NonceStore, overrides: Partial<NonceStore> = {}): NonceStore {
  return {
    claim: (k, e) => store.claim(k, e),
    release: (k) => store.release(k),
    begin: (k, l) => store.begin(k, l),
    complete: (k, t, r) => store.complete(k, t, r),
    abandon: (k, t) => store.abandon(k, t),
    ...overrides,
  };
}

/** A memory store whose methods can be replaced one at a time (renew left out unless given). */
export function storeWith(overrides: Partial<NonceStore> = {}): NonceStore {
  return storeOver(new MemoryNonceStore(), overrides);
}
