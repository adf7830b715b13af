import { randomBytes } from "node:crypto";
import { argumentError, describe } from "../lib/errors.js";
import { type NonceStore, assertExpiresAt, assertNonce, clockOf } from "./nonce-store.js";

/** The prefix `RedisNonceStore` puts before every nonce unless `keyPrefix` says otherwise. */
export const REDIS_NONCE_STORE_DEFAULT_PREFIX = "webhook-signatures:nonce:";

/** How long `RedisNonceStore` waits for Redis before it gives up, unless `timeoutMs` says otherwise. */
export const REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS = 2_000;

/**
 * The three commands `RedisNonceStore` sends, for a client it does not recognise (a
 * callback-style client, a proxy, a client wrapped with tracing). They must run in order on
 * one connection, as Redis clients do.
 */
export interface RedisNonceCommands {
  /** `SET key value NX PX ttlMs`: `true` when the key was set, `false` when it already existed. */
  setNxPx(key: string, value: string, ttlMs: number): PromiseLike<boolean>;
  /** `DEL key`. */
  del(key: string): PromiseLike<unknown>;
  /**
   * Deletes `key` only while it still holds `value`, atomically: run
   * {@link REDIS_DELETE_IF_VALUE_SCRIPT} with `EVAL script 1 key value`.
   */
  delIfValue(key: string, value: string): PromiseLike<unknown>;
}

/** The Lua script behind `RedisNonceCommands.delIfValue`. */
export const REDIS_DELETE_IF_VALUE_SCRIPT =
  'if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end';

/** What the store uses of an ioredis client (`new Redis(url)`, or a `Cluster`); recognised by its `call` method. */
export interface IoredisClientLike {
  call(...args: never[]): unknown;
  set(key: string, value: string, millisecondsToken: "PX", milliseconds: number, nx: "NX"): PromiseLike<unknown>;
  del(key: string): PromiseLike<unknown>;
  eval(script: string, numkeys: number, key: string, value: string): PromiseLike<unknown>;
}

/** The options the store gives node-redis's `set`: both spellings, so v4 and v5+ alike send `PX ttl NX`. */
export interface NodeRedisSetOptions {
  expiration: { type: "PX"; value: number };
  condition: "NX";
  PX: number;
  NX: true;
}

/** What the store uses of a node-redis v4+ client (`createClient()`, or `createCluster()`), connected. */
export interface NodeRedisClientLike {
  set(key: string, value: string, options: NodeRedisSetOptions): PromiseLike<unknown>;
  del(key: string): PromiseLike<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): PromiseLike<unknown>;
}

/** Any client `RedisNonceStore` accepts. */
export type RedisClientLike = NodeRedisClientLike | IoredisClientLike | RedisNonceCommands;

export interface RedisNonceStoreOptions {
  /**
   * A connected node-redis (v4+) or ioredis client, or a {@link RedisNonceCommands} adapter.
   * The store never imports a Redis library: the client is only used through `set`, `del`
   * and `eval`. A client that queues commands while disconnected is fine: see `timeoutMs`.
   */
  client: RedisClientLike;
  /** Put before every nonce to make its key. Default {@link REDIS_NONCE_STORE_DEFAULT_PREFIX}. */
  keyPrefix?: string;
  /**
   * How long to wait for Redis before the claim or release rejects, in ms. Default
   * {@link REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS}; keep it well under the provider's own
   * timeout (eWarehousing: 10 s) so that the 5xx answer reaches it.
   */
  timeoutMs?: number;
  /** The clock used to turn `expiresAtMs` into a TTL, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * Redis did not answer, or answered with an error. The delivery was not processed: answer
 * 5xx so that the provider retries it later.
 */
export class RedisNonceStoreError extends Error {
  override readonly name = "RedisNonceStoreError";
  /** What the store was doing. */
  readonly operation: "claim" | "release";

  constructor(operation: "claim" | "release", cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const consequence =
      operation === "claim"
        ? "the nonce could not be claimed, so the delivery must not be processed: answer 5xx so the provider retries"
        : "the nonce could not be released, so the provider's retry may be taken for a duplicate until the nonce expires: answer 5xx";
    super(`[webhook-signatures] Redis is unreachable or failed (${why.slice(0, 200)}): ${consequence}.`, { cause });
    this.operation = operation;
  }
}

/** Longest TTL sent: `PX` plus Redis's clock must fit a 64-bit integer, and the digits must be an integer. */
const MAX_TTL_MS = Number.MAX_SAFE_INTEGER;

function setReply(reply: unknown): boolean {
  if (reply === null) return false;
  if (reply === "OK") return true;
  if (reply instanceof Uint8Array && Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength).toString() === "OK") return true;
  throw new Error(
    `unexpected reply to SET NX (${describe(reply)}); is the client in callback/legacy mode? Pass a RedisNonceCommands adapter`,
  );
}

function isFunction(value: unknown): boolean {
  return typeof value === "function";
}

/** Recognises the client: an adapter (`setNxPx`), ioredis (`call`), or node-redis (`set`/`del`/`eval` taking options). */
function commandsOf(client: unknown): RedisNonceCommands {
  if (typeof client !== "object" || client === null) {
    throw argumentError("client", `must be a node-redis or ioredis client, or a RedisNonceCommands adapter, got ${describe(client)}`);
  }
  const c = client as Record<string, unknown>;
  if (isFunction(c.setNxPx)) {
    if (!isFunction(c.del) || !isFunction(c.delIfValue)) {
      throw argumentError("client", "looks like a RedisNonceCommands adapter but lacks del or delIfValue");
    }
    return client as RedisNonceCommands;
  }
  if (!isFunction(c.set) || !isFunction(c.del) || !isFunction(c.eval)) {
    throw argumentError("client", "must be a node-redis or ioredis client (with set, del and eval methods), or a RedisNonceCommands adapter");
  }
  if (isFunction(c.call)) {
    const io = client as IoredisClientLike;
    return {
      setNxPx: async (key, value, ttlMs) => setReply(await io.set(key, value, "PX", ttlMs, "NX")),
      del: (key) => io.del(key),
      delIfValue: (key, value) => io.eval(REDIS_DELETE_IF_VALUE_SCRIPT, 1, key, value),
    };
  }
  const node = client as NodeRedisClientLike;
  return {
    setNxPx: async (key, value, ttlMs) =>
      setReply(await node.set(key, value, { expiration: { type: "PX", value: ttlMs }, condition: "NX", PX: ttlMs, NX: true })),
    del: (key) => node.del(key),
    delIfValue: (key, value) => node.eval(REDIS_DELETE_IF_VALUE_SCRIPT, { keys: [key], arguments: [value] }),
  };
}

/** Settles like `promise`, or rejects once `ms` have passed. The timer never keeps the process alive. */
async function withTimeout<T>(run: () => PromiseLike<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A `NonceStore` on Redis, shared by every process that uses the same Redis and key prefix.
 *
 * - `claim` sends `SET <prefix><nonce> <random token> NX PX <ttl>`, the TTL being
 *   `expiresAtMs - now` rounded up (an `expiresAtMs` already past sends nothing and returns
 *   `true`, as in `MemoryNonceStore`: nothing is left to protect). Redis makes the claim
 *   atomic across processes. (The value is a random token rather than `1` so that the clean-up
 *   below can never delete another process's claim.)
 * - `release` sends `DEL <prefix><nonce>`.
 * - When Redis fails or does not answer within `timeoutMs`, the promise rejects with a
 *   {@link RedisNonceStoreError}: never `true`. The caller answers 5xx. A claim that timed out
 *   may still reach Redis later (clients queue commands while they reconnect), so the store
 *   then also queues `delIfValue(key, token)`: once Redis is back, the late claim is undone
 *   and the provider's retry is processed instead of being taken for a duplicate. (If the
 *   claim reached Redis, its reply was lost and Redis never comes back for this client, the
 *   nonce stays taken until its TTL.)
 *
 * For fast failure, configure the client not to queue while disconnected (node-redis
 * `disableOfflineQueue: true`; ioredis `enableOfflineQueue: false`), and give node-redis an
 * `error` listener: it emits one on every lost connection.
 */
export class RedisNonceStore implements NonceStore {
  readonly #commands: RedisNonceCommands;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(options: RedisNonceStoreOptions) {
    if (typeof options !== "object" || options === null) {
      throw argumentError("options", `must be an object with a client, got ${describe(options)}`);
    }
    this.#commands = commandsOf(options.client);
    const prefix = options.keyPrefix ?? REDIS_NONCE_STORE_DEFAULT_PREFIX;
    if (typeof prefix !== "string") throw argumentError("keyPrefix", `must be a string, got ${describe(prefix)}`);
    this.#prefix = prefix;
    const timeoutMs = options.timeoutMs ?? REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS;
    // Number.isFinite is false for anything but a finite number.
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
      throw argumentError(
        "timeoutMs",
        `must be a number of ms > 0 and <= 2147483647 (2^31 - 1), got ${typeof timeoutMs === "number" ? timeoutMs : describe(timeoutMs)}`,
      );
    }
    this.#timeoutMs = timeoutMs;
    this.#now = clockOf(options.now);
  }

  /** The prefix put before every nonce. */
  get keyPrefix(): string {
    return this.#prefix;
  }

  claim(nonce: string, expiresAtMs: number): Promise<boolean> {
    assertNonce(nonce);
    assertExpiresAt(expiresAtMs);
    const ttlMs = Math.ceil(expiresAtMs - this.#now());
    if (ttlMs < 1) return Promise.resolve(true);
    return this.#claim(this.#prefix + nonce, Math.min(ttlMs, MAX_TTL_MS));
  }

  release(nonce: string): Promise<void> {
    assertNonce(nonce);
    return this.#release(this.#prefix + nonce);
  }

  async #claim(key: string, ttlMs: number): Promise<boolean> {
    const commands = this.#commands;
    const token = randomBytes(16).toString("hex");
    try {
      const won = await withTimeout(() => commands.setNxPx(key, token, ttlMs), this.#timeoutMs);
      if (typeof won !== "boolean") throw new Error(`setNxPx resolved to ${describe(won)}, not a boolean`);
      return won;
    } catch (error) {
      // Undo the claim if it still lands; queued behind it on the same connection.
      Promise.resolve()
        .then(() => commands.delIfValue(key, token))
        .then(undefined, () => undefined);
      throw new RedisNonceStoreError("claim", error);
    }
  }

  async #release(key: string): Promise<void> {
    try {
      await withTimeout(() => this.#commands.del(key), this.#timeoutMs);
    } catch (error) {
      throw new RedisNonceStoreError("release", error);
    }
  }
}
