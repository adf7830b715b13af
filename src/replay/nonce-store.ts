import { argumentError, describe } from "../lib/errors.js";

/**
 * Remembers the ids of deliveries already taken (Mobility Work nonces, eWarehousing
 * `X-Webhook-Id`s, Tilby `notification_uuid`s) until they can no longer be replayed.
 *
 * A store must make `claim` atomic: of several concurrent claims of one nonce, exactly one
 * gets `true`. A store that cannot answer (its backend is down) must throw or reject, never
 * return `true`: the caller then answers 5xx and the provider retries later.
 */
export interface NonceStore {
  /**
   * Takes `nonce` until `expiresAtMs` (ms since the epoch). `true` the first time; `false`
   * while it is already taken and not expired. An `expiresAtMs` that has already passed
   * leaves nothing to protect: the claim succeeds and nothing is recorded.
   */
  claim(nonce: string, expiresAtMs: number): boolean | Promise<boolean>;
  /** Forgets `nonce` (the handler failed and the provider will retry). Unknown nonces are ignored. */
  release(nonce: string): void | Promise<void>;
}

/** How many nonces a `MemoryNonceStore` holds unless `maxEntries` says otherwise. */
export const MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES = 100_000;

export interface MemoryNonceStoreOptions {
  /**
   * Most nonces held at once (a positive integer). Default
   * {@link MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES} (100 000, a few tens of MB at worst with
   * 40-character nonces). Size it above the deliveries you expect within one window.
   */
  maxEntries?: number;
  /** The clock, in ms since the epoch. Default `Date.now`. For tests. */
  now?: () => number;
}

/** Throws unless `nonce` is a non-empty string. */
export function assertNonce(nonce: unknown): asserts nonce is string {
  if (typeof nonce !== "string" || nonce.length === 0) {
    throw argumentError("nonce", `must be a non-empty string, got ${typeof nonce === "string" ? "an empty string" : describe(nonce)}`);
  }
}

/** Throws unless `expiresAtMs` is a finite number (ms since the epoch). */
export function assertExpiresAt(expiresAtMs: unknown, argument = "expiresAtMs"): asserts expiresAtMs is number {
  // Number.isFinite (unlike the global isFinite) is false for anything but a finite number.
  if (!Number.isFinite(expiresAtMs)) {
    throw argumentError(
      argument,
      `must be a finite number of ms since the epoch, got ${typeof expiresAtMs === "number" ? expiresAtMs : describe(expiresAtMs)}`,
    );
  }
}

/** Checks an optional clock option and returns the clock to use. */
export function clockOf(now: unknown): () => number {
  if (now === undefined) return Date.now;
  if (typeof now !== "function") throw argumentError("now", `must be a function returning ms since the epoch, got ${describe(now)}`);
  return now as () => number;
}

/** Reads the clock; throws a TypeError naming `now` unless it gave a finite number (NaN would make every expiry test false). */
export function readClock(now: () => number): number {
  const reading: unknown = now();
  if (!Number.isFinite(reading)) {
    throw argumentError(
      "now",
      `must return a finite number of ms since the epoch, got ${typeof reading === "number" ? reading : describe(reading)}`,
    );
  }
  return reading as number;
}

/** One remembered nonce, placed in the heap at `index`. */
interface Entry {
  readonly nonce: string;
  readonly expiresAtMs: number;
  index: number;
}

/** Expired entries dropped per claim, beyond what the claim itself needs: more than one, so dropping outpaces inserting. */
const DROPS_PER_CLAIM = 2;

/**
 * A `NonceStore` in this process's memory: for a single process (several processes need a
 * shared store such as `RedisNonceStore`).
 *
 * Memory is bounded: at most `maxEntries` nonces, held in a `Map` and in an indexed binary
 * min-heap ordered by expiry (each entry knows its heap slot, so `release` removes it at once
 * and the heap never holds garbage). Every claim drops up to two expired entries from the top
 * of the heap, so expired entries go in amortised O(1) drops per claim, each O(log n), without
 * a pause when many expire together. When the store is full of live entries, the one that
 * expires soonest is evicted (counted in {@link MemoryNonceStore.evictions}): a nonce is lost
 * before its window closes, but no legitimate delivery is ever refused. `claim` and `release`
 * are O(log n).
 */
export class MemoryNonceStore implements NonceStore {
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Min-heap on `expiresAtMs`; exactly the entries of the map. */
  // Stryker disable next-line ArrayDeclaration: equivalent; a junk first element is dropped by the first claim's or size's #dropExpired (undefined > now is false) before anything else reads the heap
  readonly #heap: Entry[] = [];
  #evictions = 0;

  constructor(options?: MemoryNonceStoreOptions) {
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw argumentError("options", `must be an object, got ${describe(options)}`);
    }
    const maxEntries = options?.maxEntries ?? MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES;
    // Number.isSafeInteger is false for anything but an integer number.
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw argumentError(
        "maxEntries",
        `must be a positive integer, got ${typeof maxEntries === "number" ? maxEntries : describe(maxEntries)}`,
      );
    }
    this.#maxEntries = maxEntries;
    this.#now = clockOf(options?.now);
  }

  /** The most nonces held at once. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /**
   * Live nonces evicted before their expiry because the store was full. Anything above zero
   * means `maxEntries` is too small for the traffic: those nonces could be replayed.
   */
  get evictions(): number {
    return this.#evictions;
  }

  /** Nonces held and not expired (reading it drops the expired ones). */
  get size(): number {
    this.#dropExpired(readClock(this.#now), Infinity);
    return this.#entries.size;
  }

  claim(nonce: string, expiresAtMs: number): boolean {
    assertNonce(nonce);
    assertExpiresAt(expiresAtMs);
    const now = readClock(this.#now);
    this.#dropExpired(now, DROPS_PER_CLAIM);
    const existing = this.#entries.get(nonce);
    if (existing !== undefined) {
      if (existing.expiresAtMs > now) return false;
      this.#remove(existing);
    }
    if (expiresAtMs <= now) return true;
    if (this.#entries.size >= this.#maxEntries) {
      // Full, and of live entries: #dropExpired above stops before its limit only at a live top
      // (or an empty heap), and a claim that dropped the full limit left the store not full.
      // Evict the held entry that expires soonest, never the newcomer: the newest claim is the
      // one a replay is about to test (every nonce of one second shares its expiry).
      this.#evictions++;
      this.#remove(this.#heap[0] as Entry);
    }
    const entry: Entry = { nonce, expiresAtMs, index: this.#heap.length };
    this.#entries.set(nonce, entry);
    this.#heap.push(entry);
    this.#siftUp(entry);
    return true;
  }

  release(nonce: string): void {
    assertNonce(nonce);
    const entry = this.#entries.get(nonce);
    if (entry !== undefined) this.#remove(entry);
  }

  /** Drops up to `limit` expired entries from the top of the heap. */
  #dropExpired(now: number, limit: number): void {
    const heap = this.#heap;
    for (let dropped = 0; dropped < limit; dropped++) {
      const top = heap[0];
      if (top === undefined || top.expiresAtMs > now) return;
      this.#remove(top);
    }
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.nonce);
    const heap = this.#heap;
    const last = heap.pop() as Entry;
    if (last === entry) return;
    heap[entry.index] = last;
    last.index = entry.index;
    // Stryker disable next-line EqualityOperator: equivalent; when last ties with entry, its parent is <= and its children >= it, so #siftUp and #siftDown both leave it in place
    if (last.expiresAtMs < entry.expiresAtMs) this.#siftUp(last);
    else this.#siftDown(last);
  }

  #siftUp(entry: Entry): void {
    const heap = this.#heap;
    let index = entry.index;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Entry;
      if (parent.expiresAtMs <= entry.expiresAtMs) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.index = index;
  }

  #siftDown(entry: Entry): void {
    const heap = this.#heap;
    const length = heap.length;
    let index = entry.index;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= length) break;
      const left = heap[leftIndex] as Entry;
      const right = heap[leftIndex + 1];
      const child = right !== undefined && right.expiresAtMs < left.expiresAtMs ? right : left;
      if (child.expiresAtMs >= entry.expiresAtMs) break;
      heap[index] = child;
      child.index = index;
      index = child === left ? leftIndex : leftIndex + 1;
    }
    heap[index] = entry;
    entry.index = index;
  }
}
