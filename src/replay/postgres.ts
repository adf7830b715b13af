import { randomBytes } from "node:crypto";
import { argumentError, describe } from "../lib/errors.js";
import { assertDuration, assertKey, assertToken, storedKey } from "./keys.js";
import { type BeginResult, type NonceStore, assertExpiresAt, assertNonce, clockOf, readClock } from "./nonce-store.js";
import { NonceStoreError, type NonceStoreErrorCode, type NonceStoreOperation } from "./store-error.js";
import { consequenceOf, failureCode, timeoutOf, withTimeout } from "./timeout.js";

/** The table `PostgresNonceStore` uses unless `table` says otherwise. */
export const POSTGRES_NONCE_STORE_DEFAULT_TABLE = "webhook_signatures_deliveries";

/** How long `PostgresNonceStore` waits for Postgres before it gives up, unless `timeoutMs` says otherwise. */
export const POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS = 2_000;

/**
 * The table, for your migrations (the store never creates it), with the default name:
 * `key` is the stored key (at most 65 characters, see `storedKey`); `token` is the lease's token
 * while an attempt holds the key, null once done (or taken by `claim`); `expires_at` ends the
 * lease or the retention, on the database's clock. The index serves the clean-up.
 */
// Written out, not built from the table's constant: a template with substitutions at module level
// is kept by bundlers in every bundle of the root entry, used or not.
export const POSTGRES_NONCE_STORE_SCHEMA = `CREATE TABLE IF NOT EXISTS webhook_signatures_deliveries (
  key        text        PRIMARY KEY,
  token      text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_signatures_deliveries_expires_at ON webhook_signatures_deliveries (expires_at);`;

/**
 * The same statement for another table name (a plain identifier: letters, digits, `_`, optionally
 * `schema.`; the table's own name at most 52 bytes, so that its index's name fits Postgres's 63).
 */
export function postgresNonceStoreSchema(table: string): string {
  assertTable(table);
  const index = `${table.replace(/^.*\./, "")}${INDEX_SUFFIX}`;
  if (utf8Bytes(index) > IDENTIFIER_MAX_BYTES) {
    throw argumentError(
      "table",
      `must name the table in at most ${IDENTIFIER_MAX_BYTES - INDEX_SUFFIX.length} bytes for postgresNonceStoreSchema (its index is named ${index}, and Postgres cuts a name past ${IDENTIFIER_MAX_BYTES} bytes short), got ${JSON.stringify(table)}`,
    );
  }
  return POSTGRES_NONCE_STORE_SCHEMA.replaceAll(`${POSTGRES_NONCE_STORE_DEFAULT_TABLE}_expires_at`, index).replaceAll(
    POSTGRES_NONCE_STORE_DEFAULT_TABLE,
    table,
  );
}

/** What the store uses of a `pg` `Pool` or `Client` (or any client with the same `query`). */
export interface PostgresClientLike {
  /** Runs one parameterised statement. */
  query(
    text: string,
    values: unknown[],
  ): PromiseLike<{
    /** The rows it returned. */
    rows: unknown[];
    /** How many rows it changed. */
    rowCount?: number | null;
  }>;
}

/** What a `PostgresNonceStore` takes. */
export interface PostgresNonceStoreOptions {
  /** A `pg` `Pool` (recommended) or connected `Client`; the store only calls `query(text, values)`. */
  client: PostgresClientLike;
  /**
   * The table, created beforehand with {@link POSTGRES_NONCE_STORE_SCHEMA}. Default
   * {@link POSTGRES_NONCE_STORE_DEFAULT_TABLE}. A plain name, optionally after `schema.`, each part
   * at most 63 bytes (a longer one is a `TypeError`: Postgres would cut it short, silently).
   */
  table?: string;
  /** How long to wait for Postgres before an operation rejects, in ms. Default {@link POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** The clock used to turn `claim`'s `expiresAtMs` into a TTL, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * Expired rows deleted per clean-up, at most. Default 1 000. A clean-up runs in the background
   * after an operation, at most one at a time and once per `cleanupIntervalMs`; `cleanup()` runs one now.
   */
  cleanupBatchSize?: number;
  /** The least time between two background clean-ups, in ms. Default 60 000. */
  cleanupIntervalMs?: number;
}

/**
 * Postgres did not answer, or answered with an error or a result the store cannot read: a
 * {@link NonceStoreError} (its `code` says which). `handleOnce` and `runOnce` turn a failed
 * `begin` into `unavailable` (503: nothing ran, the provider retries).
 */
export class PostgresNonceStoreError extends NonceStoreError {
  /** `"PostgresNonceStoreError"`. */
  override readonly name = "PostgresNonceStoreError";

  constructor(operation: NonceStoreOperation, cause: unknown, code: NonceStoreErrorCode = "backend_error") {
    const why = cause instanceof Error ? cause.message : String(cause);
    const consequence = operation === "cleanup" ? "expired rows stay until a later clean-up" : consequenceOf(operation);
    super(`[webhook-signatures] Postgres is unreachable or failed (${why.slice(0, 200)}): ${consequence}.`, { code, operation, cause });
  }
}

const TABLE_NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/;

/** The most bytes of a Postgres identifier (NAMEDATALEN - 1): a longer one is cut short, with only a NOTICE. */
const IDENTIFIER_MAX_BYTES = 63;

/** The index's name after the table's in the schema statement. */
const INDEX_SUFFIX = "_expires_at";

/** Bytes of `text` in UTF-8 (what Postgres counts). */
function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

function assertTable(table: unknown): asserts table is string {
  if (typeof table !== "string" || !TABLE_NAME.test(table)) {
    throw argumentError("table", `must be a plain table name (letters, digits and _, optionally after "schema."), got ${typeof table === "string" ? JSON.stringify(table.slice(0, 80)) : describe(table)}`);
  }
  // Postgres would silently cut a longer part, and two tables configured apart would be one.
  const longest = Math.max(...table.split(".").map(utf8Bytes));
  if (longest > IDENTIFIER_MAX_BYTES) {
    throw argumentError(
      "table",
      `must name its schema and table in at most ${IDENTIFIER_MAX_BYTES} bytes each (Postgres cuts a longer name short, so two configured tables could become one), got ${JSON.stringify(table.slice(0, 80))} (a part of ${longest} bytes)`,
    );
  }
}

function positiveInteger(value: unknown, fallback: number, argument: string): number {
  const n = value ?? fallback;
  if (!Number.isSafeInteger(n) || (n as number) < 1) {
    throw argumentError(argument, `must be a positive integer, got ${typeof n === "number" ? n : describe(n)}`);
  }
  return n as number;
}

/** The SQL of each transition, for one table. */
function statementsFor(table: string) {
  const ms = "* interval '1 millisecond'";
  return {
    // Takes the key unless a live row holds it; an expired row is taken over in the same statement.
    claim:
      `INSERT INTO ${table} AS d (key, token, expires_at) VALUES ($1, NULL, now() + $2::bigint ${ms}) ` +
      `ON CONFLICT (key) DO UPDATE SET token = NULL, expires_at = EXCLUDED.expires_at WHERE d.expires_at <= now() RETURNING 1`,
    release: `DELETE FROM ${table} WHERE key = $1`,
    // One statement: the lease when the key is free (or its row expired), else what holds it.
    // The second SELECT reads the snapshot before the INSERT; a row committed since then by a
    // racing begin gives no row at all, read as in progress (never as claimed). An expired row
    // with this begin's own token is its undo's mark (see `undo`): never taken.
    begin:
      `WITH taken AS (INSERT INTO ${table} AS d (key, token, expires_at) VALUES ($1, $2, now() + $3::bigint ${ms}) ` +
      `ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at ` +
      `WHERE d.expires_at <= now() AND d.token IS DISTINCT FROM $2 ` +
      `RETURNING d.token) ` +
      `SELECT 'claimed' AS state, 0::bigint AS ms FROM taken WHERE token = $2 ` +
      `UNION ALL SELECT CASE WHEN h.token IS NULL THEN 'done' ELSE 'in_progress' END, ` +
      `GREATEST(1, CEIL(EXTRACT(EPOCH FROM (h.expires_at - now())) * 1000))::bigint ` +
      `FROM ${table} h WHERE h.key = $1 AND h.expires_at > now() AND NOT EXISTS (SELECT 1 FROM taken)`,
    complete:
      `UPDATE ${table} SET token = NULL, expires_at = now() + $3::bigint ${ms} ` +
      `WHERE key = $1 AND token = $2 AND expires_at > now()`,
    abandon: `DELETE FROM ${table} WHERE key = $1 AND token = $2`,
    // The undo of a begin that timed out (it may still run, on another connection of a pool):
    // leaves the key expired and marked with the begin's token, whichever comes first.
    // - The begin committed: its row is found by its token and expires now.
    // - The begin's INSERT is running, not committed: this INSERT's ON CONFLICT waits on the same
    //   key's index entry until it commits (or rolls back), then finds its row as above. (A plain
    //   DELETE would not wait: it reads a snapshot without the row, deletes nothing, and the
    //   late INSERT then holds the key for a whole lease, held by nobody.)
    // - The begin has not reached the key yet: the mark is an expired row with its token (taking
    //   over an expired row, or inserted), which that begin never takes (its WHERE), while any
    //   other begin or claim takes it like any expired row.
    // - Another attempt's live row, or a done key: untouched.
    // What stays open: a begin that reaches Postgres only after its mark was taken over (by an
    // attempt that then ended) or cleaned up (a clean-up interval, a minute by default) holds the
    // key until its lease ends, as before.
    undo:
      `INSERT INTO ${table} AS d (key, token, expires_at) VALUES ($1, $2, '-infinity') ` +
      `ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at ` +
      `WHERE d.token = $2 OR d.expires_at <= now()`,
    renew: `UPDATE ${table} SET expires_at = now() + $3::bigint ${ms} WHERE key = $1 AND token = $2 AND expires_at > now()`,
    cleanup:
      `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE expires_at <= now() ` +
      `ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
  };
}

/**
 * A `NonceStore` on Postgres, shared by every process that uses the same table: one row per key,
 * each transition one atomic statement (`INSERT … ON CONFLICT … DO UPDATE … WHERE` for `begin`
 * and `claim`, a token-guarded `UPDATE` / `DELETE` for `complete` and `abandon`), on the
 * database's clock (`now()`), so processes whose clocks disagree still agree on every lease.
 * Keys are stored bounded (a long key as its SHA-256).
 *
 * - Expired rows are taken over by the next `begin` or `claim` of their key, and deleted in the
 *   background in batches of at most `cleanupBatchSize` (`FOR UPDATE SKIP LOCKED`, so several
 *   processes never wait on each other), at most once per `cleanupIntervalMs`.
 * - When Postgres fails or does not answer within `timeoutMs`, the promise rejects with a
 *   {@link PostgresNonceStoreError}: never `claimed` or `true`. A `begin` that timed out may still
 *   run later, on another connection: the store then also sends its undo, which waits for that
 *   begin's row or leaves a mark the begin never takes, so the provider's retry finds the key free
 *   (the lease ends by itself in any case).
 * - Rows survive a Postgres restart (a clean shutdown, or a crash with the default `fsync`).
 *
 * Create the table first with {@link POSTGRES_NONCE_STORE_SCHEMA} (or
 * {@link postgresNonceStoreSchema} for another name). Give it a `pg` `Pool` with a
 * `connectionTimeoutMillis`, and an `error` listener on the pool.
 */
export class PostgresNonceStore implements NonceStore {
  readonly #client: PostgresClientLike;
  readonly #table: string;
  readonly #sql: ReturnType<typeof statementsFor>;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #cleanupBatchSize: number;
  readonly #cleanupIntervalMs: number;
  #lastCleanup = -Infinity;
  #cleaning = false;

  constructor(options: PostgresNonceStoreOptions) {
    if (typeof options !== "object" || options === null) {
      throw argumentError("options", `must be an object with a client, got ${describe(options)}`);
    }
    const client = options.client as unknown;
    if (typeof client !== "object" || client === null || typeof (client as { query?: unknown }).query !== "function") {
      throw argumentError("client", `must be a pg Pool or Client (anything with query(text, values)), got ${describe(client)}`);
    }
    this.#client = client as PostgresClientLike;
    const table = options.table ?? POSTGRES_NONCE_STORE_DEFAULT_TABLE;
    assertTable(table);
    this.#table = table;
    this.#sql = statementsFor(table);
    this.#timeoutMs = timeoutOf(options.timeoutMs, POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS);
    this.#now = clockOf(options.now);
    this.#cleanupBatchSize = positiveInteger(options.cleanupBatchSize, 1_000, "cleanupBatchSize");
    this.#cleanupIntervalMs = positiveInteger(options.cleanupIntervalMs, 60_000, "cleanupIntervalMs");
  }

  /** The table the store uses. */
  get table(): string {
    return this.#table;
  }

  async claim(nonce: string, expiresAtMs: number): Promise<boolean> {
    assertNonce(nonce);
    assertExpiresAt(expiresAtMs);
    const ttlMs = Math.ceil(expiresAtMs - readClock(this.#now));
    if (ttlMs < 1) return true;
    const result = await this.#query("claim", this.#sql.claim, [storedKey(nonce), Math.min(ttlMs, Number.MAX_SAFE_INTEGER)]);
    return result.rows.length === 1;
  }

  async release(nonce: string): Promise<void> {
    assertNonce(nonce);
    await this.#query("release", this.#sql.release, [storedKey(nonce)]);
  }

  async begin(key: string, leaseMs: number): Promise<BeginResult> {
    assertKey(key);
    assertDuration(leaseMs, "leaseMs");
    const token = randomBytes(16).toString("hex");
    const stored = storedKey(key);
    let result: { rows: unknown[] };
    try {
      result = await this.#query("begin", this.#sql.begin, [stored, token, leaseMs]);
    } catch (error) {
      // The statement may still run after the timeout: undo what it would take (see the undo's SQL).
      void Promise.resolve()
        .then(() => this.#client.query(this.#sql.undo, [stored, token]))
        .then(undefined, () => undefined);
      throw error;
    }
    const row: unknown = result.rows[0];
    if (row === undefined) return { state: "in_progress", retryAfterMs: 1_000 }; // taken by a racing begin a moment ago
    const { state, ms: msText } = (typeof row === "object" && row !== null ? row : {}) as { state?: unknown; ms?: unknown };
    if (state === "claimed") return { state: "claimed", token };
    if (state === "done") return { state: "done" };
    const ms = Number(msText); // bigint arrives as a string from pg
    if (state === "in_progress" && Number.isSafeInteger(ms) && ms >= 1) return { state: "in_progress", retryAfterMs: ms };
    throw new PostgresNonceStoreError("begin", new Error(`unexpected row ${JSON.stringify(row).slice(0, 100)} from the begin statement`), "bad_reply");
  }

  async complete(key: string, token: string, retentionMs: number): Promise<boolean> {
    assertKey(key);
    assertToken(token);
    assertDuration(retentionMs, "retentionMs");
    const result = await this.#query("complete", this.#sql.complete, [storedKey(key), token, retentionMs]);
    return result.rowCount === 1;
  }

  async abandon(key: string, token: string): Promise<boolean> {
    assertKey(key);
    assertToken(token);
    const result = await this.#query("abandon", this.#sql.abandon, [storedKey(key), token]);
    return result.rowCount === 1;
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    assertKey(key);
    assertToken(token);
    assertDuration(leaseMs, "leaseMs");
    const result = await this.#query("renew", this.#sql.renew, [storedKey(key), token, leaseMs]);
    return result.rowCount === 1;
  }

  /** Deletes up to `cleanupBatchSize` expired rows now; resolves to how many went. */
  async cleanup(): Promise<number> {
    const result = await this.#query("cleanup", this.#sql.cleanup, [this.#cleanupBatchSize], false);
    return result.rowCount ?? 0;
  }

  async #query(
    operation: NonceStoreOperation,
    text: string,
    values: unknown[],
    background = true,
  ): Promise<{ rows: unknown[]; rowCount?: number | null }> {
    let result: { rows: unknown[]; rowCount?: number | null };
    try {
      result = await withTimeout(() => this.#client.query(text, values), this.#timeoutMs, "Postgres");
    } catch (error) {
      throw new PostgresNonceStoreError(operation, error, failureCode(error));
    }
    if (typeof result !== "object" || result === null || !Array.isArray(result.rows)) {
      throw new PostgresNonceStoreError(operation, new Error(`query resolved to ${describe(result)}, not a result with rows`), "bad_reply");
    }
    if (background) this.#maybeCleanup();
    return result;
  }

  /** Starts a background clean-up when none runs and the last is `cleanupIntervalMs` old. */
  #maybeCleanup(): void {
    const now = Date.now();
    if (this.#cleaning || now - this.#lastCleanup < this.#cleanupIntervalMs) return;
    this.#cleaning = true;
    this.#lastCleanup = now;
    this.cleanup().then(
      () => (this.#cleaning = false),
      () => (this.#cleaning = false),
    );
  }
}
