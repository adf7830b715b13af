import { argumentError, describe } from "../lib/errors.js";
import { assertDuration, assertKey, assertToken, storedKey } from "./keys.js";
import { NonceStoreError } from "./store-error.js";

/** What `begin` found: the key is now the caller's, someone else's attempt holds it, or it is done. */
export type BeginResult =
  | {
      /** The key is now the caller's. */
      state: "claimed";
      /** The attempt's token: `renew`, `complete` and `abandon` take it. */
      token: string;
    }
  | {
      /** Another attempt holds the key. */
      state: "in_progress";
      /** When its lease ends, in ms from now. */
      retryAfterMs: number;
    }
  | {
      /** An attempt completed: the delivery was processed. */
      state: "done";
    };

/**
 * Remembers delivery keys (signed nonces, delivery-id headers, event ids: each provider's
 * declaration says which), in two ways over one key space:
 *
 * - the simple replay check, `claim` / `release`, for code that deduplicates by itself;
 * - the at-least-once state machine `handleOnce` and `runOnce` drive: `begin` claims a key for
 *   a lease with a fresh token, then `complete` (the handler succeeded: done for the retention)
 *   or `abandon` (it failed: released). Both compare the token, so a late completion or release
 *   of an attempt that outlived its lease never touches a newer attempt's claim.
 *
 * Every transition is atomic: of several concurrent `begin`s (or `claim`s) of one key, exactly one
 * gets the key. A store that cannot answer (its backend is down or too slow) throws or rejects;
 * it never answers `claimed` (or `true`) when it is not sure. A key `claim` took reads as done to
 * `begin`, and a key held in any state is `false` to `claim`.
 */
export interface NonceStore {
  /**
   * Takes `nonce` until `expiresAtMs` (ms since the epoch). `true` the first time; `false`
   * while it is already taken and not expired. An `expiresAtMs` that has already passed
   * leaves nothing to protect: the claim succeeds and nothing is recorded.
   */
  claim(nonce: string, expiresAtMs: number): boolean | Promise<boolean>;
  /** Forgets `nonce`, whatever holds it. Unknown nonces are ignored. */
  release(nonce: string): void | Promise<void>;
  /**
   * Claims `key` for `leaseMs` (a whole number of ms) unless it is held: `claimed` with a new
   * token; `in_progress` while another attempt's lease runs (`retryAfterMs`: until it ends, at
   * least 1); `done` once an attempt completed (or `claim` took the key), until the retention ends.
   * An attempt whose lease ended without completing (the process died) leaves the key free.
   */
  begin(key: string, leaseMs: number): BeginResult | Promise<BeginResult>;
  /**
   * Marks `key` done for `retentionMs` (a whole number of ms from now), if `token` still holds its
   * lease. `false` when it does not (the lease ended; another attempt may hold the key): nothing changed.
   */
  complete(key: string, token: string, retentionMs: number): boolean | Promise<boolean>;
  /** Releases `key` if `token` still holds its lease (`true`); otherwise changes nothing (`false`). */
  abandon(key: string, token: string): boolean | Promise<boolean>;
  /**
   * Extends `key`'s lease to `leaseMs` (a whole number of ms) from now, if `token` still holds it
   * (`true`); otherwise (the lease ended, the key is done, another attempt holds it) changes
   * nothing (`false`). `runOnce` calls it while the handler runs, well inside the lease, so that
   * a handler longer than the lease is never joined by a second one. Optional, so that a store
   * written before it still type-checks (it then keeps a lease only for `leaseMs` from `begin`);
   * every store of this package has it.
   */
  renew?(key: string, token: string, leaseMs: number): boolean | Promise<boolean>;
}

/** How many nonces a `MemoryNonceStore` holds unless `maxEntries` says otherwise. */
export const MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES = 100_000;

/** What a `MemoryNonceStore` takes. */
export interface MemoryNonceStoreOptions {
  /**
   * Most keys held at once (a positive integer). Default
   * {@link MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES}: 100 000, at most about 30 MB whatever the
   * keys (see {@link MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY}). Size it above the deliveries you
   * expect within one retention.
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

/** One remembered key (in its stored form), in the run or the heap at `index` of its order. */
interface Entry {
  readonly key: string;
  /** The lease's token while an attempt holds the key (the entry is in the leases' order); undefined once done (or taken by `claim`). */
  token: string | undefined;
  expiresAtMs: number;
  /** True while the entry sits in the run (at `index`), false while it sits in the heap (at `index`). */
  inRun: boolean;
  index: number;
}

/** Expired entries dropped per claim, beyond what the claim itself needs: more than one, so dropping outpaces inserting. */
const DROPS_PER_CLAIM = 2;

/** Free slots the run may hold beyond its live entries before it is compacted. */
const RUN_SLACK = 64;

/**
 * Entries in order of expiry: the run, a queue of the entries that expire no sooner than the one
 * before them (O(1) to append and to take the first), and an indexed binary min-heap for the
 * others (O(log n)). The store keeps two: running attempts' leases, and the rest.
 */
class ExpiryOrder {
  /**
   * The run: entries in order of expiry (never sooner than the one before), from `#runHead` on,
   * with `undefined` in the slots of entries taken out.
   */
  #run: (Entry | undefined)[] = [];
  #runHead = 0;
  /** Slots of the run that hold no entry: before `#runHead`, and freed ones after it. */
  #runFree = 0;
  /** The expiry of the run's last entry: an entry that expires sooner goes to the heap. */
  #runLast = -Infinity;
  /** Min-heap on `expiresAtMs` of the entries not in the run. */
  readonly #heap: Entry[] = [];

  /** The entry that expires soonest: the run's first or the heap's top. */
  soonest(): Entry | undefined {
    const run = this.#run;
    let head = this.#runHead;
    while (head < run.length && run[head] === undefined) head++;
    this.#runHead = head;
    const first = run[head];
    const top = this.#heap[0];
    if (first === undefined) return top;
    return top !== undefined && top.expiresAtMs < first.expiresAtMs ? top : first;
  }

  /** Puts an entry (not in either) at the run's end when it expires no sooner than the run's last, else in the heap. */
  place(entry: Entry): void {
    if (entry.expiresAtMs >= this.#runLast) {
      entry.inRun = true;
      entry.index = this.#run.length;
      this.#run.push(entry);
      this.#runLast = entry.expiresAtMs;
      return;
    }
    entry.inRun = false;
    entry.index = this.#heap.length;
    this.#heap.push(entry);
    this.#siftUp(entry);
  }

  /** Takes an entry out of the run or the heap. */
  unplace(entry: Entry): void {
    if (entry.inRun) {
      this.#run[entry.index] = undefined;
      this.#runFree++;
      if (2 * this.#runFree > this.#run.length + RUN_SLACK) this.#compactRun();
      return;
    }
    const heap = this.#heap;
    const last = heap.pop() as Entry;
    if (last === entry) return;
    heap[entry.index] = last;
    last.index = entry.index;
    // Stryker disable next-line EqualityOperator: equivalent; when last ties with entry, its parent is <= and its children >= it, so #siftUp and #siftDown both leave it in place
    if (last.expiresAtMs < entry.expiresAtMs) this.#siftUp(last);
    else this.#siftDown(last);
  }

  /** Rebuilds the run without its free slots (amortised O(1): free slots outnumber the entries moved). */
  #compactRun(): void {
    const run: Entry[] = [];
    for (let index = this.#runHead; index < this.#run.length; index++) {
      const entry = this.#run[index];
      if (entry === undefined) continue;
      entry.index = run.length;
      run.push(entry);
    }
    this.#run = run;
    this.#runHead = 0;
    this.#runFree = 0;
    this.#runLast = run.length === 0 ? -Infinity : (run[run.length - 1] as Entry).expiresAtMs;
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

/**
 * The most bytes of heap one entry of a `MemoryNonceStore` takes, whatever its key: a key longer
 * than 64 characters, or not printable ASCII, is kept as a 65-character digest (see `storedKey`),
 * so an entry is a one-byte string of at most 65 characters, a short token while leased, the
 * entry object, its `Map` slot and its slot in the run or the heap (the run holds at most two
 * slots per live entry, plus 64). The bound sits above what `scripts/replay-figures.ts` measures
 * per entry (the figures are in the repository's bench/RESULTS.md), with room for lease tokens
 * and the `Map`'s growth; a test holds a long key's entry under it. At the default 100 000
 * entries: at most about 30 MB.
 */
export const MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY = 300;

/**
 * A `NonceStore` in this process's memory: for a single process (several processes need a
 * shared store: `RedisNonceStore` or `PostgresNonceStore`). A restart forgets everything.
 *
 * Memory is bounded by bytes: at most `maxEntries` keys, each stored in at most
 * {@link MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY} (300) bytes (long keys as a fixed-size SHA-256
 * digest), so at most about 30 MB at the default 100 000 entries, whatever the network sends.
 *
 * Entries sit in a `Map` and in one of two orders by expiry, one for running attempts' leases,
 * one for the rest (done keys, `claim`ed nonces). Each order is a run, a queue of the entries
 * that expire no sooner than the one before them (leases of one length, keys kept for one
 * retention arrive in that order: appending and dropping them is O(1)), and an indexed binary
 * min-heap for the others (nonces with their own expiry, a clock stepped back: O(log n) of
 * those). A release, a completion or a renewal takes an entry out at once (a run's slot is
 * freed, and the run is compacted once free slots outnumber its entries). Every claim or begin
 * drops up to two expired entries, the soonest first, so expired entries go in amortised O(1)
 * drops per claim, without a pause when many expire together.
 *
 * When the store is full of live entries, the done key or claimed nonce that expires soonest is
 * evicted (counted in {@link MemoryNonceStore.evictions}: a copy of it could run again) and the
 * newest claim is always remembered: a replay right after it is refused. A running attempt's
 * lease is never evicted (a retry would run beside the handler): when the store is full of
 * leases only, `begin` and `claim` throw a `NonceStoreError` with code `full`, which `runOnce` and the
 * receiver answer `unavailable` (503: nothing ran, the provider retries), and nothing is evicted.
 * Size `maxEntries` above your traffic within one retention and alert on `evictions > 0`.
 * A key over 64 characters costs its SHA-256, in proportion to its length.
 */
export class MemoryNonceStore implements NonceStore {
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Running attempts' leases, never evicted. */
  readonly #leases = new ExpiryOrder();
  /** Done keys and `claim`ed nonces: when the store is full, the one that expires soonest is evicted. */
  readonly #kept = new ExpiryOrder();
  #evictions = 0;
  #tokens = 0;
  #lastKey: string | undefined;
  #lastStored = "";

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

  /** The most keys held at once. */
  get maxEntries(): number {
    return this.#maxEntries;
  }

  /**
   * Live keys evicted before their expiry because the store was full. Anything above zero
   * means `maxEntries` is too small for the traffic: those keys could be processed again.
   */
  get evictions(): number {
    return this.#evictions;
  }

  /** Keys held and not expired (reading it drops the expired ones). */
  get size(): number {
    this.#dropExpired(readClock(this.#now), Infinity);
    return this.#entries.size;
  }

  claim(nonce: string, expiresAtMs: number): boolean {
    assertNonce(nonce);
    assertExpiresAt(expiresAtMs);
    const now = readClock(this.#now);
    const key = this.#stored(nonce);
    if (this.#live(key, now) !== undefined) return false;
    if (expiresAtMs > now) this.#insert(key, undefined, expiresAtMs, "claim");
    return true;
  }

  release(nonce: string): void {
    assertNonce(nonce);
    const entry = this.#entries.get(this.#stored(nonce));
    if (entry !== undefined) this.#remove(entry);
  }

  begin(key: string, leaseMs: number): BeginResult {
    assertKey(key);
    assertDuration(leaseMs, "leaseMs");
    const now = readClock(this.#now);
    const stored = this.#stored(key);
    const held = this.#live(stored, now);
    if (held !== undefined) {
      return held.token === undefined ? { state: "done" } : { state: "in_progress", retryAfterMs: held.expiresAtMs - now };
    }
    const token = (++this.#tokens).toString(36);
    this.#insert(stored, token, now + leaseMs, "begin");
    return { state: "claimed", token };
  }

  complete(key: string, token: string, retentionMs: number): boolean {
    assertKey(key);
    assertToken(token);
    assertDuration(retentionMs, "retentionMs");
    const now = readClock(this.#now);
    const entry = this.#heldBy(key, token, now);
    if (entry === undefined) return false;
    this.#leases.unplace(entry);
    entry.token = undefined;
    entry.expiresAtMs = now + retentionMs;
    this.#kept.place(entry);
    return true;
  }

  renew(key: string, token: string, leaseMs: number): boolean {
    assertKey(key);
    assertToken(token);
    assertDuration(leaseMs, "leaseMs");
    const now = readClock(this.#now);
    const entry = this.#heldBy(key, token, now);
    if (entry === undefined) return false;
    this.#leases.unplace(entry);
    entry.expiresAtMs = now + leaseMs;
    this.#leases.place(entry);
    return true;
  }

  abandon(key: string, token: string): boolean {
    assertKey(key);
    assertToken(token);
    const now = readClock(this.#now);
    const entry = this.#heldBy(key, token, now);
    if (entry === undefined) return false;
    this.#remove(entry);
    return true;
  }

  /**
   * `storedKey(key)`, remembered for the last key: `complete` and `abandon` follow the `begin` of
   * the same key, and a long key's digest is not computed twice.
   */
  #stored(key: string): string {
    if (key !== this.#lastKey) {
      this.#lastStored = storedKey(key);
      this.#lastKey = key;
    }
    return this.#lastStored;
  }

  /** Drops a few expired entries, then returns the live entry of `key` (an expired one is removed). */
  /** The live lease of `key` that `token` holds, if it still does (complete, renew and abandon act only on it). */
  #heldBy(key: string, token: string, now: number): Entry | undefined {
    const entry = this.#live(this.#stored(key), now);
    return entry?.token === token ? entry : undefined;
  }

  #live(key: string, now: number): Entry | undefined {
    this.#dropExpired(now, DROPS_PER_CLAIM);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs > now) return entry;
    this.#remove(entry);
    return undefined;
  }

  /**
   * Adds a key not held; when the store is full (of live entries), evicts the done key or claimed
   * nonce that expires soonest first, never a running attempt's lease: full of leases only, throws.
   */
  #insert(key: string, token: string | undefined, expiresAtMs: number, operation: "claim" | "begin"): void {
    if (this.#entries.size >= this.#maxEntries) {
      // Full, and of live entries: #dropExpired stops before its limit only at a live soonest
      // entry (or an empty store), and a claim that dropped the full limit left the store not
      // full. The newest claim is the one a replay is about to test (every signed nonce of
      // one second shares its expiry): it stays, the held entry that expires soonest goes, unless
      // it holds a running attempt's lease (evicting it would let a retry run beside the handler).
      const victim = this.#kept.soonest();
      if (victim === undefined) {
        throw new NonceStoreError(
          `[webhook-signatures] MemoryNonceStore is full of running attempts' leases (maxEntries ${this.#maxEntries}): none is evicted, so this key cannot be held now; answer 503 so the provider retries, and raise maxEntries.`,
          { code: "full", operation },
        );
      }
      this.#evictions++;
      this.#remove(victim);
    }
    const entry: Entry = { key, token, expiresAtMs, inRun: false, index: 0 };
    this.#entries.set(key, entry);
    this.#orderOf(entry).place(entry);
  }

  /** Drops up to `limit` expired entries, the soonest first. */
  #dropExpired(now: number, limit: number): void {
    for (let dropped = 0; dropped < limit; dropped++) {
      const soonest = this.#soonest();
      if (soonest === undefined || soonest.expiresAtMs > now) return;
      this.#remove(soonest);
    }
  }

  /** The entry that expires soonest, a lease or not. */
  #soonest(): Entry | undefined {
    const lease = this.#leases.soonest();
    const kept = this.#kept.soonest();
    if (lease === undefined) return kept;
    return kept !== undefined && kept.expiresAtMs < lease.expiresAtMs ? kept : lease;
  }

  /** The order an entry sits in: the leases' while a token holds it. */
  #orderOf(entry: Entry): ExpiryOrder {
    return entry.token === undefined ? this.#kept : this.#leases;
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.key);
    this.#orderOf(entry).unplace(entry);
  }
}
