import { randomBytes } from "node:crypto";
import { argumentError, describe } from "../lib/errors.js";
import { assertDuration, assertKey, assertToken, storedKey } from "./keys.js";
import { type BeginResult, type NonceStore, assertExpiresAt, assertNonce, clockOf, readClock } from "./nonce-store.js";
import { NonceStoreError, type NonceStoreErrorCode, type StoreOperationName } from "./store-error.js";
import { consequenceOf, failureCode, timeoutOf, withTimeout } from "./timeout.js";

/** The prefix `RedisNonceStore` puts before every key unless `keyPrefix` says otherwise. */
export const REDIS_NONCE_STORE_DEFAULT_PREFIX = "webhook-signatures:nonce:";

/** How long `RedisNonceStore` waits for Redis before it gives up, unless `timeoutMs` says otherwise. */
export const REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS = 2_000;

/**
 * The Lua scripts `RedisNonceStore` runs with `EVAL script 1 key arg…`: each transition is one
 * script, so it is atomic in Redis (and on a cluster: one key each). A key's value is
 * `L:<token>` while an attempt holds its lease, `D` once done, `C:<token>` once `claim` took it;
 * its TTL is the lease, the retention, or the claim's expiry. Every script answers an integer.
 */
export const REDIS_SCRIPTS = {
  /**
   * ARGV: `C:<token>`, ttl ms. 1 when taken, 0 when held. A client may run one EVAL twice (ioredis
   * re-sends the commands of a lost connection): the second run finds its own token and is 1 too.
   */
  claim:
    'if redis.call("GET", KEYS[1]) == ARGV[1] then return 1 end ' +
    'if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return 1 end return 0',
  /** 1 when something was deleted. */
  release: 'return redis.call("DEL", KEYS[1])',
  /**
   * ARGV: `L:<token>`, lease ms. -1 claimed; -2 done; otherwise the lease's ms left (at least 1).
   * A second run of one EVAL (re-sent after a reconnect) finds its own token: claimed again, the
   * lease set from then (never shorter than its caller counts on).
   */
  begin:
    'local v = redis.call("GET", KEYS[1]) ' +
    'if not v or v == ARGV[1] then redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2]) return -1 end ' +
    'if string.sub(v, 1, 2) == "L:" then local t = redis.call("PTTL", KEYS[1]) if t < 1 then t = 1 end return t end ' +
    "return -2",
  /** ARGV: `L:<token>`, retention ms. 1 when the token held the lease (now done), 0 otherwise. */
  complete: 'if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("SET", KEYS[1], "D", "PX", ARGV[2]) return 1 end return 0',
  /** ARGV: `L:<token>`, lease ms. 1 when the token held the lease (now extended to the lease from now), 0 otherwise. */
  renew: 'if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("PEXPIRE", KEYS[1], ARGV[2]) return 1 end return 0',
  /**
   * No ARGV (its key only routes it on a cluster). Redis's `maxmemory-policy`, read from `INFO`
   * (scripts may not run `CONFIG`, and managed Redis often forbids it), or "" when not found.
   */
  policy: 'return string.match(redis.call("INFO", "memory"), "maxmemory_policy:([%w%-]+)") or ""',
  /** ARGV: the value to find (`L:<token>`, or `C:<token>` to undo a claim). 1 when deleted, 0 otherwise. */
  abandon: 'if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("DEL", KEYS[1]) return 1 end return 0',
} as const;

/**
 * How the store sends a script, for a client it does not recognise (a callback-style client, a
 * proxy, a client wrapped with tracing): `EVAL script keys.length ...keys ...args`, resolving to
 * Redis's integer reply.
 */
export interface RedisScriptRunner {
  /** Runs a Lua script with its keys and arguments; resolves to its reply. */
  evalScript(script: string, keys: string[], args: string[]): PromiseLike<unknown>;
}

/** What the store uses of an ioredis client (`new Redis(url)`, or a `Cluster`); recognised by its `call` method. */
export interface IoredisClientLike {
  /** ioredis's generic command (its presence tells an ioredis client). */
  call(...args: never[]): unknown;
  /** ioredis's EVAL. */
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): PromiseLike<unknown>;
}

/** What the store uses of a node-redis v4+ client (`createClient()`, or `createCluster()`), connected. */
export interface NodeRedisClientLike {
  /** node-redis's EVAL. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): PromiseLike<unknown>;
}

/** Any client `RedisNonceStore` accepts. */
export type RedisClientLike = NodeRedisClientLike | IoredisClientLike | RedisScriptRunner;

/** What a `RedisNonceStore` takes. */
export interface RedisNonceStoreOptions {
  /**
   * A connected node-redis (v4+) or ioredis client, or a {@link RedisScriptRunner} adapter. The
   * store never imports a Redis library: it only calls the client's `eval`. A client that queues
   * commands while disconnected is fine: see `timeoutMs`.
   */
  client: RedisClientLike;
  /** Put before every key. Default {@link REDIS_NONCE_STORE_DEFAULT_PREFIX}. */
  keyPrefix?: string;
  /**
   * How long to wait for Redis before an operation rejects, in ms. Default
   * {@link REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS}; keep it well under the provider's own
   * timeout (10 s, the shortest a shipped provider documents) so that the 503 answer reaches it.
   */
  timeoutMs?: number;
  /** The clock used to turn `claim`'s `expiresAtMs` into a TTL, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Told once (per store) when Redis's `maxmemory-policy` is not `noeviction`: Redis may then
   * evict the store's keys, running leases included. Default `console.warn`. The message holds
   * no key, secret or body.
   */
  onWarning?: (message: string) => void;
}

/**
 * Redis did not answer, or answered with an error or a reply the store cannot read: a
 * {@link NonceStoreError} (its `code` says which). `handleOnce` and `runOnce` turn a failed
 * `begin` into `unavailable` (503: nothing ran, the provider retries).
 */
export class RedisNonceStoreError extends NonceStoreError {
  /** `"RedisNonceStoreError"`. */
  override readonly name = "RedisNonceStoreError";
  /** What the store was doing. */
  declare readonly operation: StoreOperationName;

  constructor(operation: StoreOperationName, cause: unknown, code: NonceStoreErrorCode = "backend_error") {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`[webhook-signatures] Redis is unreachable or failed (${why.slice(0, 200)}): ${consequenceOf(operation)}.`, { code, operation, cause });
  }
}

/** Longest TTL sent: `PX` plus Redis's clock must fit a 64-bit integer, and the digits must be an integer. */
const MAX_TTL_MS = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER, as a literal: a global's property read at module level is kept by bundlers

function isFunction(value: unknown): boolean {
  return typeof value === "function";
}

/** Recognises the client: an adapter (`evalScript`), ioredis (`call`), or node-redis (`eval` taking options). */
function runnerOf(client: unknown): RedisScriptRunner {
  if (typeof client !== "object" || client === null) {
    throw argumentError("client", `must be a node-redis or ioredis client, or a RedisScriptRunner adapter, got ${describe(client)}`);
  }
  const c = client as Record<string, unknown>;
  if (isFunction(c.evalScript)) return client as RedisScriptRunner;
  if (!isFunction(c.eval)) {
    throw argumentError("client", "must be a node-redis or ioredis client (with an eval method), or a RedisScriptRunner adapter (evalScript)");
  }
  if (isFunction(c.call)) {
    const io = client as IoredisClientLike;
    return { evalScript: (script, keys, args) => io.eval(script, keys.length, ...keys, ...args) };
  }
  const node = client as NodeRedisClientLike;
  return { evalScript: (script, keys, args) => node.eval(script, { keys, arguments: args }) };
}

/** Why a script's reply is not Redis's integer reply (never read as a success), or undefined when it is one. */
function notAnInteger(reply: unknown): Error | undefined {
  if (typeof reply === "number" && Number.isSafeInteger(reply)) return undefined;
  return new Error(`unexpected reply ${describe(reply)} to a script (an integer was expected); is the client in callback/legacy mode? Pass a RedisScriptRunner adapter`);
}

/**
 * A `NonceStore` on Redis, shared by every process that uses the same Redis and key prefix.
 * Each transition is one Lua script ({@link REDIS_SCRIPTS}) sent with `EVAL`, so it is atomic
 * across processes. Keys are stored bounded (a long key as its SHA-256), after `keyPrefix`.
 *
 * - `begin` sets `L:<random token>` with the lease as TTL unless the key exists; `complete` and
 *   `abandon` change the key only while it still holds that value, so an attempt that outlived
 *   its lease never touches a newer one's claim. A lease ends by itself with its TTL.
 * - `claim` sets `C:<token>` with `SET NX PX` (an `expiresAtMs` already past sends nothing and
 *   returns `true`); `release` deletes the key.
 * - When Redis fails or does not answer within `timeoutMs`, the promise rejects with a
 *   {@link RedisNonceStoreError}: never `claimed` or `true`. A `begin` or `claim` that timed out
 *   may still reach Redis later (clients queue commands while they reconnect), so the store then
 *   also queues its undo (`abandon` with its token): once Redis is back, the late claim is undone
 *   and the provider's retry is processed. (If it landed and its undo is lost, the lease ends by itself.)
 *   node-redis and ioredis send one key's commands in order on one connection (on a cluster, the
 *   key's node), so the undo always runs after the late claim, never before it: a
 *   {@link RedisScriptRunner} over several connections must keep that order too. A client that
 *   runs one `EVAL` twice (ioredis re-sends the commands of a lost connection) is fine: the
 *   second run of a `begin` or `claim` finds its own token and answers as the first did.
 * - Without persistence, a Redis restart forgets every key: copies of processed deliveries that
 *   arrive afterwards are processed again, and so are retries of deliveries whose handler is
 *   still running (their leases are forgotten too: a second handler runs beside the first).
 *   Turn on AOF (`appendonly yes`) where that matters.
 * - Redis must not evict the store's keys: set `maxmemory-policy noeviction` (the default of a
 *   self-run Redis; managed Redis often sets `volatile-lru` or `volatile-ttl`, which evict keys
 *   with a TTL, that is every key of this store, running leases first under `volatile-ttl`).
 *   After its first `begin`, the store reads the policy once (from `INFO memory`, ignoring an
 *   error where the server forbids it) and calls `onWarning` (default `console.warn`) once when
 *   it is not `noeviction`. Better: a Redis (or database) of its own for the store.
 *
 * For fast failure, configure the client not to queue while disconnected (node-redis
 * `disableOfflineQueue: true`; ioredis `enableOfflineQueue: false`), and give node-redis an
 * `error` listener: it emits one on every lost connection.
 */
export class RedisNonceStore implements NonceStore {
  readonly #runner: RedisScriptRunner;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onWarning: (message: string) => void;
  #policyChecked = false;

  constructor(options: RedisNonceStoreOptions) {
    if (typeof options !== "object" || options === null) {
      throw argumentError("options", `must be an object with a client, got ${describe(options)}`);
    }
    this.#runner = runnerOf(options.client);
    const prefix = options.keyPrefix ?? REDIS_NONCE_STORE_DEFAULT_PREFIX;
    if (typeof prefix !== "string") throw argumentError("keyPrefix", `must be a string, got ${describe(prefix)}`);
    this.#prefix = prefix;
    this.#timeoutMs = timeoutOf(options.timeoutMs, REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS);
    this.#now = clockOf(options.now);
    const onWarning = options.onWarning ?? ((message: string) => console.warn(message));
    if (typeof onWarning !== "function") throw argumentError("onWarning", `must be a function taking a message, got ${describe(onWarning)}`);
    this.#onWarning = onWarning;
  }

  /** The prefix put before every key. */
  get keyPrefix(): string {
    return this.#prefix;
  }

  claim(nonce: string, expiresAtMs: number): Promise<boolean> {
    assertNonce(nonce);
    assertExpiresAt(expiresAtMs);
    const ttlMs = Math.ceil(expiresAtMs - readClock(this.#now));
    if (ttlMs < 1) return Promise.resolve(true);
    const value = `C:${randomBytes(16).toString("hex")}`;
    return this.#send("claim", REDIS_SCRIPTS.claim, this.#key(nonce), [value, String(Math.min(ttlMs, MAX_TTL_MS))], value).then(
      (reply) => reply === 1,
    );
  }

  release(nonce: string): Promise<void> {
    assertNonce(nonce);
    return this.#send("release", REDIS_SCRIPTS.release, this.#key(nonce), []).then(() => undefined);
  }

  begin(key: string, leaseMs: number): Promise<BeginResult> {
    assertKey(key);
    assertDuration(leaseMs, "leaseMs");
    const token = randomBytes(16).toString("hex");
    const value = `L:${token}`;
    const stored = this.#key(key);
    return this.#send("begin", REDIS_SCRIPTS.begin, stored, [value, String(leaseMs)], value).then((reply): BeginResult => {
      this.#checkPolicy(stored);
      if (reply === -1) return { state: "claimed", token };
      if (reply === -2) return { state: "done" };
      if (reply >= 1) return { state: "in_progress", retryAfterMs: reply };
      throw new RedisNonceStoreError("begin", new Error(`unexpected reply ${reply} to the begin script`), "bad_reply");
    });
  }

  complete(key: string, token: string, retentionMs: number): Promise<boolean> {
    assertKey(key);
    assertToken(token);
    assertDuration(retentionMs, "retentionMs");
    return this.#send("complete", REDIS_SCRIPTS.complete, this.#key(key), [`L:${token}`, String(retentionMs)]).then((reply) => reply === 1);
  }

  abandon(key: string, token: string): Promise<boolean> {
    assertKey(key);
    assertToken(token);
    return this.#send("abandon", REDIS_SCRIPTS.abandon, this.#key(key), [`L:${token}`]).then((reply) => reply === 1);
  }

  renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    assertKey(key);
    assertToken(token);
    assertDuration(leaseMs, "leaseMs");
    return this.#send("renew", REDIS_SCRIPTS.renew, this.#key(key), [`L:${token}`, String(leaseMs)]).then((reply) => reply === 1);
  }

  /** Once per store, after a begin Redis answered: warns when Redis may evict the store's keys. */
  #checkPolicy(key: string): void {
    if (this.#policyChecked) return;
    this.#policyChecked = true;
    const runner = this.#runner;
    Promise.resolve()
      .then(() => withTimeout(() => runner.evalScript(REDIS_SCRIPTS.policy, [key], []), this.#timeoutMs, "Redis"))
      .then((policy) => {
        // Not a policy's name (a server that forbids INFO, a client that answers otherwise): nothing known, nothing said.
        if (typeof policy !== "string" || !/^[a-z-]{1,40}$/.test(policy) || policy === "noeviction") return;
        this.#onWarning(
          `[webhook-signatures] RedisNonceStore: Redis's maxmemory-policy is ${policy}, not noeviction: when Redis runs short of memory it may evict this store's keys, the leases of running deliveries included (a retry then runs beside the handler) and done keys (a copy runs again). Set maxmemory-policy noeviction, or give the store a Redis of its own.`,
        );
      })
      .then(undefined, () => undefined); // an error, a timeout or a throwing onWarning: never a failed delivery
  }

  #key(key: string): string {
    return this.#prefix + storedKey(key);
  }

  /** Runs a script within the timeout; on failure rejects with RedisNonceStoreError, after queueing the undo of a claim that may still land. */
  async #send(operation: StoreOperationName, script: string, key: string, args: string[], undo?: string): Promise<number> {
    const runner = this.#runner;
    let cause: unknown;
    let code: NonceStoreErrorCode;
    try {
      const reply: unknown = await withTimeout(() => runner.evalScript(script, [key], args), this.#timeoutMs, "Redis");
      cause = notAnInteger(reply);
      if (cause === undefined) return reply as number;
      code = "bad_reply";
    } catch (error) {
      cause = error;
      code = failureCode(error);
    }
    if (undo !== undefined) {
      // Undo the claim if it still lands (or landed, and was answered oddly); queued behind it on the same connection.
      Promise.resolve()
        .then(() => runner.evalScript(REDIS_SCRIPTS.abandon, [key], [undo]))
        .then(undefined, () => undefined);
    }
    throw new RedisNonceStoreError(operation, cause, code);
  }
}
