// PostgresNonceStore's own logic with a fake client that records what it is sent (no Postgres
// needed; the real thing is in postgres.test.ts and postgres-faults.test.ts).
import { describe, expect, it, vi } from "vitest";
import {
  POSTGRES_NONCE_STORE_DEFAULT_TABLE,
  POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS,
  POSTGRES_NONCE_STORE_SCHEMA,
  PostgresNonceStore,
  PostgresNonceStoreError,
  postgresNonceStoreSchema,
} from "../../src/replay/postgres.js";
import { NonceStoreError } from "../../src/replay/store-error.js";
import { thrown } from "../helpers/thrown.js";

type Reply = { rows: unknown[]; rowCount?: number | null };

/** A client answering `reply(text)`; the clean-up statement gets no rows unless told otherwise. */
function fakeClient(reply: (text: string, values: unknown[]) => Reply | Promise<Reply> = () => ({ rows: [], rowCount: 0 })) {
  return { query: vi.fn(async (text: string, values: unknown[]) => reply(text, values)) };
}

const rejection = (promise: Promise<unknown>) => promise.then(() => "(resolved)", (error: unknown) => error);
const isCleanup = (text: string) => text.startsWith("DELETE") && text.includes("SKIP LOCKED");

describe("PostgresNonceStore", () => {
  it("documents its table, and builds the statement for another name", () => {
    expect(POSTGRES_NONCE_STORE_DEFAULT_TABLE).toBe("webhook_signatures_deliveries");
    expect(POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS).toBe(2_000);
    expect(POSTGRES_NONCE_STORE_SCHEMA).toBe(`CREATE TABLE IF NOT EXISTS webhook_signatures_deliveries (
  key        text        PRIMARY KEY,
  token      text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_signatures_deliveries_expires_at ON webhook_signatures_deliveries (expires_at);`);
    expect(postgresNonceStoreSchema("hooks.seen")).toBe(`CREATE TABLE IF NOT EXISTS hooks.seen (
  key        text        PRIMARY KEY,
  token      text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_expires_at ON hooks.seen (expires_at);`);
  });

  it("reads begin's row: claimed, done, in progress with the ms left; no row is in progress, never claimed", async () => {
    const begin = (rows: unknown[]) =>
      new PostgresNonceStore({ client: fakeClient((text) => (isCleanup(text) ? { rows: [] } : { rows })) }).begin("k", 1_000);
    expect(await begin([{ state: "claimed", ms: "0" }])).toEqual({ state: "claimed", token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await begin([{ state: "done", ms: "5" }])).toEqual({ state: "done" });
    expect(await begin([{ state: "in_progress", ms: "1234" }])).toEqual({ state: "in_progress", retryAfterMs: 1234 });
    expect(await begin([{ state: "in_progress", ms: 7 }])).toEqual({ state: "in_progress", retryAfterMs: 7 });
    expect(await begin([])).toEqual({ state: "in_progress", retryAfterMs: 1_000 });
    for (const rows of [[{ state: "in_progress", ms: "0" }], [{ state: "in_progress", ms: "x" }], [{ state: "held" }], [null]]) {
      const error = await rejection(begin(rows));
      expect(error, JSON.stringify(rows)).toBeInstanceOf(PostgresNonceStoreError);
      expect(error).toMatchObject({ operation: "begin" });
    }
    expect(((await rejection(begin([{ state: "held" }]))) as Error).message).toBe(
      '[webhook-signatures] Postgres is unreachable or failed (unexpected row {"state":"held"} from the begin statement): the key could not be claimed, so the delivery must not be processed: answer 503 so the provider retries.',
    );
  });

  it("sends the stored key, the token and whole ms; reads rowCount for complete and abandon, a row for claim", async () => {
    const client = fakeClient((text) => (text.startsWith("INSERT") ? { rows: [{ "?column?": 1 }], rowCount: 1 } : { rows: [], rowCount: 1 }));
    const store = new PostgresNonceStore({ client, table: "t", now: () => 1_000 });
    expect(await store.claim("n", 1_500.2)).toBe(true);
    expect(client.query.mock.calls[0]?.[1]).toEqual(["n", 501]);
    expect(await store.complete("x".repeat(100), "tok", 60_000)).toBe(true);
    const completeCall = client.query.mock.calls.find(([text]) => text.startsWith("UPDATE"));
    expect(completeCall?.[1]).toEqual([expect.stringMatching(/^#[0-9a-f]{64}$/), "tok", 60_000]);
    expect(await store.abandon("k", "tok")).toBe(true);
    expect(await store.renew("k", "tok", 30_000)).toBe(true);
    const renewCall = client.query.mock.calls.find(([text]) => text.startsWith("UPDATE") && !text.includes("token = NULL"));
    expect(renewCall?.[1]).toEqual(["k", "tok", 30_000]);
    await store.release("k");
    expect(await store.claim("old", 999)).toBe(true); // already past: nothing sent
    const none = new PostgresNonceStore({ client: fakeClient(() => ({ rows: [], rowCount: 0 })) });
    expect(await none.claim("n", Date.now() + 1_000)).toBe(false);
    expect(await none.complete("k", "t", 1)).toBe(false);
    expect(await none.abandon("k", "t")).toBe(false);
    expect(await none.renew("k", "t", 1)).toBe(false);
    expect(await new PostgresNonceStore({ client: fakeClient(() => ({ rows: [] })) }).cleanup()).toBe(0);
  });

  it("never answers claimed when Postgres fails or is too slow, and releases what a late begin would take", async () => {
    const hang = new Promise<Reply>(() => {});
    const undoes = (text: string) => text.startsWith("INSERT") && text.includes("'-infinity'");
    const client = fakeClient((text) => (undoes(text) ? { rows: [], rowCount: 1 } : hang));
    const store = new PostgresNonceStore({ client, timeoutMs: 20 });
    const error = await rejection(store.begin("k", 1_000));
    expect(error).toBeInstanceOf(PostgresNonceStoreError);
    expect((error as Error).message).toBe(
      "[webhook-signatures] Postgres is unreachable or failed (Postgres did not answer within 20 ms): the key could not be claimed, so the delivery must not be processed: answer 503 so the provider retries.",
    );
    await vi.waitFor(() => expect(client.query.mock.calls.some(([text]) => undoes(text))).toBe(true));
    const token = client.query.mock.calls[0]?.[1][1];
    expect(client.query.mock.calls.find(([text]) => undoes(text))?.[1]).toEqual(["k", token]);
    await expect(store.claim("n", Date.now() + 1_000)).rejects.toMatchObject({ operation: "claim" });
  });

  it("gives every failure one class, NonceStoreError, with a code: timeout, backend_error or bad_reply", async () => {
    const hang = new Promise<Reply>(() => {});
    const refused = new Error("ECONNREFUSED 127.0.0.1:5432");
    const failing = (reply: () => Reply | Promise<Reply>, timeoutMs = 2_000) =>
      new PostgresNonceStore({ client: fakeClient((text) => (text.includes("'-infinity'") ? { rows: [], rowCount: 1 } : reply())), timeoutMs });
    const cases = [
      ["timeout", failing(() => hang, 20)],
      ["backend_error", failing(() => Promise.reject(refused))],
      ["bad_reply", failing(() => ({ rowCount: 1 }) as never)],
    ] as const;
    for (const [code, store] of cases) {
      for (const [operation, call] of [
        ["claim", () => store.claim("n", Date.now() + 60_000)],
        ["release", () => store.release("n")],
        ["begin", () => store.begin("k", 1_000)],
        ["complete", () => store.complete("k", "t", 1_000)],
        ["abandon", () => store.abandon("k", "t")],
        ["renew", () => store.renew("k", "t", 1_000)],
        ["cleanup", () => store.cleanup()],
      ] as const) {
        const error = await rejection(call());
        expect(error, `${code} ${operation}`).toBeInstanceOf(NonceStoreError);
        expect(error, `${code} ${operation}`).toBeInstanceOf(PostgresNonceStoreError);
        expect(error).toMatchObject({ name: "PostgresNonceStoreError", code, operation });
      }
    }
    expect((await rejection(cases[1][1].release("n"))) as Error).toHaveProperty("cause", refused);
    // A row the begin statement never gives: a reply the store cannot read.
    await expect(failing(() => ({ rows: [{ state: "held" }] })).begin("k", 1_000)).rejects.toMatchObject({ code: "bad_reply", operation: "begin" });
    // Built by hand (a test's fake, say): an error of the backend unless told otherwise.
    expect(new PostgresNonceStoreError("cleanup", refused)).toMatchObject({ code: "backend_error", operation: "cleanup", cause: refused });
  });

  it("wraps every failure with what it means, and refuses a result without rows", async () => {
    const store = new PostgresNonceStore({ client: fakeClient(() => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:5432"))) });
    for (const [operation, promise] of [
      ["release", store.release("n")],
      ["complete", store.complete("k", "t", 1)],
      ["abandon", store.abandon("k", "t")],
      ["cleanup", store.cleanup()],
    ] as const) {
      const error = await rejection(promise);
      expect(error).toMatchObject({ name: "PostgresNonceStoreError", operation });
      expect((error as Error).message).toMatch(/^\[webhook-signatures\] Postgres is unreachable or failed \(ECONNREFUSED 127\.0\.0\.1:5432\): /);
    }
    expect(((await rejection(store.cleanup())) as Error).message).toMatch(/: expired rows stay until a later clean-up\.$/);
    const odd = new PostgresNonceStore({ client: fakeClient(() => ({}) as never) });
    expect(((await rejection(odd.abandon("k", "t"))) as Error).message).toMatch(/query resolved to an object, not a result with rows/);
    const text = new PostgresNonceStore({ client: fakeClient(() => Promise.reject("text")) });
    expect(((await rejection(text.release("n"))) as Error).message).toMatch(/failed \(text\)/);
  });

  it("cleans up in the background at most once per interval, one at a time, and never fails an operation for it", async () => {
    let cleanups = 0;
    let finishCleanup!: () => void;
    const client = fakeClient((text) => {
      if (!isCleanup(text)) return { rows: [], rowCount: 1 };
      cleanups++;
      return new Promise<Reply>((resolve, reject) => (finishCleanup = () => (cleanups === 1 ? reject(new Error("busy")) : resolve({ rows: [], rowCount: 3 }))));
    });
    const store = new PostgresNonceStore({ client, cleanupIntervalMs: 1, cleanupBatchSize: 3 });
    await store.release("a");
    await store.release("b"); // one clean-up is running: no second
    expect(cleanups).toBe(1);
    finishCleanup();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.release("c");
    expect(cleanups).toBe(2);
    expect(client.query.mock.calls.find(([text]) => isCleanup(text))?.[1]).toEqual([3]);
    finishCleanup();
    const rare = new PostgresNonceStore({ client, cleanupIntervalMs: 3_600_000 });
    const before = cleanups;
    await rare.release("d");
    await rare.release("e");
    expect(cleanups).toBe(before + 1);
  });

  it("names each caller mistake with the whole message, at once", () => {
    const client = fakeClient();
    const bad: [unknown, string][] = [
      [null, "options must be an object with a client, got null"],
      [{}, "client must be a pg Pool or Client (anything with query(text, values)), got undefined"],
      [{ client: { query: 1 } }, "client must be a pg Pool or Client (anything with query(text, values)), got an object"],
      [{ client, table: "drop table x;" }, 'table must be a plain table name (letters, digits and _, optionally after "schema."), got "drop table x;"'],
      [{ client, table: "a.b.c" }, 'table must be a plain table name (letters, digits and _, optionally after "schema."), got "a.b.c"'],
      [{ client, table: 5 }, 'table must be a plain table name (letters, digits and _, optionally after "schema."), got a number'],
      [{ client, table: "t".repeat(128) }, `table must name its schema and table in at most 63 bytes each (Postgres cuts a longer name short, so two configured tables could become one), got "${"t".repeat(80)}" (a part of 128 bytes)`],
      [{ client, table: `d_${"x".repeat(62)}` }, `table must name its schema and table in at most 63 bytes each (Postgres cuts a longer name short, so two configured tables could become one), got "d_${"x".repeat(62)}" (a part of 64 bytes)`],
      [{ client, table: `${"s".repeat(64)}.t` }, `table must name its schema and table in at most 63 bytes each (Postgres cuts a longer name short, so two configured tables could become one), got "${"s".repeat(64)}.t" (a part of 64 bytes)`],
      [{ client, timeoutMs: 0 }, "timeoutMs must be a number of ms > 0 and <= 2147483647 (2^31 - 1), got 0"],
      [{ client, cleanupBatchSize: 0 }, "cleanupBatchSize must be a positive integer, got 0"],
      [{ client, cleanupIntervalMs: "1" }, "cleanupIntervalMs must be a positive integer, got a string"],
      [{ client, now: 1 }, "now must be a function returning ms since the epoch, got a number"],
    ];
    for (const [options, message] of bad) {
      const error = thrown(() => new PostgresNonceStore(options as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
    expect(thrown(() => postgresNonceStoreSchema("x y"))).toBeInstanceOf(TypeError);
    expect(new PostgresNonceStore({ client, table: "public.t_1" }).table).toBe("public.t_1");
    // 63 bytes is Postgres's longest identifier: taken as it is.
    const longest = `${"s".repeat(63)}.${"t".repeat(63)}`;
    expect(new PostgresNonceStore({ client, table: longest }).table).toBe(longest);
    // The schema statement names the index <table>_expires_at: that name must fit in 63 bytes too.
    expect(postgresNonceStoreSchema(`s.${"t".repeat(52)}`)).toContain(`INDEX IF NOT EXISTS ${"t".repeat(52)}_expires_at ON s.${"t".repeat(52)} (expires_at)`);
    const index = thrown(() => postgresNonceStoreSchema(`s.${"t".repeat(53)}`));
    expect(index).toBeInstanceOf(TypeError);
    expect((index as TypeError).message).toBe(
      `[webhook-signatures] table must name the table in at most 52 bytes for postgresNonceStoreSchema (its index is named ${"t".repeat(53)}_expires_at, and Postgres cuts a name past 63 bytes short), got "s.${"t".repeat(53)}"`,
    );
  });

  it("checks its arguments before it sends anything", async () => {
    const client = fakeClient();
    const store = new PostgresNonceStore({ client });
    await expect(store.begin("", 1)).rejects.toThrow("[webhook-signatures] key must be a non-empty string, got an empty string");
    await expect(store.begin("k", 0)).rejects.toThrow(/^\[webhook-signatures\] leaseMs must be a whole number/);
    await expect(store.complete("k", "", 1)).rejects.toThrow(/^\[webhook-signatures\] token must be/);
    await expect(store.complete("k", "t", 0)).rejects.toThrow(/^\[webhook-signatures\] retentionMs must be/);
    await expect(store.abandon("", "t")).rejects.toThrow(/^\[webhook-signatures\] key must be/);
    await expect(store.abandon("k", "")).rejects.toThrow(/^\[webhook-signatures\] token must be/);
    await expect(store.claim("", 1)).rejects.toThrow(/^\[webhook-signatures\] nonce must be/);
    await expect(store.claim("n", Number.NaN)).rejects.toThrow(/^\[webhook-signatures\] expiresAtMs must be/);
    await expect(store.release("")).rejects.toThrow(/^\[webhook-signatures\] nonce must be/);
    expect(client.query).not.toHaveBeenCalled();
  });
});
