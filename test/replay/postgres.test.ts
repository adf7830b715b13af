// PostgresNonceStore against a real Postgres (PG_URL, from scripts/test.mjs) through pg's Pool and
// Client. Without PG_URL these tests fail in CI and are skipped locally.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleOnce } from "../../src/replay/handle-once.js";
import {
  POSTGRES_NONCE_STORE_DEFAULT_TABLE,
  POSTGRES_NONCE_STORE_SCHEMA,
  PostgresNonceStore,
  postgresNonceStoreSchema,
} from "../../src/replay/postgres.js";
import { PG_URL, PG_URL_MISSING, pool, storeOnNewTable } from "./pg-env.js";
import { describeNeeding, sleep } from "./redis-env.js";
import { storeBehaviour } from "./store-behaviour.js";

describeNeeding("PG_URL", PG_URL_MISSING, "PostgresNonceStore against a real Postgres", () => {
  let client: pg.Pool;
  beforeAll(() => {
    client = pool(PG_URL as string);
  });
  afterAll(async () => {
    await client?.end();
  });

  describe("on a pg Pool: the behaviour every store shares", () => {
    storeBehaviour({ store: () => storeOnNewTable(client), pass: sleep });
  });

  it("works on a single pg Client too", async () => {
    const single = new pg.Client({ connectionString: PG_URL as string });
    await single.connect();
    try {
      const table = `ws_test_client_${process.pid}`;
      await single.query(postgresNonceStoreSchema(table));
      const store = new PostgresNonceStore({ client: single, table });
      const begun = await store.begin("a", 60_000);
      expect(begun.state).toBe("claimed");
      expect(await store.complete("a", (begun as { token: string }).token, 60_000)).toBe(true);
      expect(await store.begin("a", 60_000)).toEqual({ state: "done" });
      await single.query(`DROP TABLE ${table}`);
    } finally {
      await single.end();
    }
  });

  it("creates its documented table with the exported statement", async () => {
    await client.query(`DROP TABLE IF EXISTS ${POSTGRES_NONCE_STORE_DEFAULT_TABLE}`);
    await client.query(POSTGRES_NONCE_STORE_SCHEMA);
    await client.query(POSTGRES_NONCE_STORE_SCHEMA); // IF NOT EXISTS: a migration may run it twice
    const store = new PostgresNonceStore({ client });
    expect(store.table).toBe(POSTGRES_NONCE_STORE_DEFAULT_TABLE);
    expect(await store.claim("n", Date.now() + 60_000)).toBe(true);
    const columns = await client.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
      [POSTGRES_NONCE_STORE_DEFAULT_TABLE],
    );
    expect(columns.rows).toEqual([
      { column_name: "key", data_type: "text" },
      { column_name: "token", data_type: "text" },
      { column_name: "expires_at", data_type: "timestamp with time zone" },
    ]);
    await client.query(`DROP TABLE ${POSTGRES_NONCE_STORE_DEFAULT_TABLE}`);
  });

  it("cleans expired rows in bounded batches, leaving live ones", async () => {
    const store = await storeOnNewTable(client, { cleanupBatchSize: 40, cleanupIntervalMs: 3_600_000 });
    for (let i = 0; i < 100; i++) await store.claim(`old-${i}`, Date.now() + 200);
    for (let i = 0; i < 10; i++) await store.claim(`live-${i}`, Date.now() + 60_000);
    await sleep(600);
    expect(await store.cleanup()).toBe(40);
    expect(await store.cleanup()).toBe(40);
    expect(await store.cleanup()).toBe(20);
    expect(await store.cleanup()).toBe(0);
    const left = await client.query(`SELECT count(*)::int AS n FROM ${store.table}`);
    expect(left.rows[0]).toEqual({ n: 10 });
    expect(await store.claim("live-3", Date.now() + 60_000)).toBe(false);
  });

  it("cleans in the background after an operation, at most once per interval", async () => {
    const store = await storeOnNewTable(client, { cleanupBatchSize: 1_000, cleanupIntervalMs: 3_600_000 });
    await store.claim("first", Date.now() + 60_000); // the first operation's clean-up finds nothing
    for (let i = 0; i < 5; i++) await store.claim(`old-${i}`, Date.now() + 100);
    await sleep(400);
    await store.claim("second", Date.now() + 60_000); // within the interval: no clean-up
    await sleep(100);
    const left = await client.query(`SELECT count(*)::int AS n FROM ${store.table}`);
    expect(left.rows[0]).toEqual({ n: 7 });
    const eager = new PostgresNonceStore({ client, table: store.table, cleanupIntervalMs: 1 });
    await eager.claim("third", Date.now() + 60_000);
    for (let i = 0; i < 100; i++) {
      const now = await client.query(`SELECT count(*)::int AS n FROM ${store.table}`);
      if (now.rows[0].n === 3) break;
      await sleep(20);
    }
    expect((await client.query(`SELECT count(*)::int AS n FROM ${store.table}`)).rows[0]).toEqual({ n: 3 });
  });

  it("leaves no lease held by nobody when a begin that timed out commits after its undo ran on another connection (issue 25, item 2)", async () => {
    const store0 = await storeOnNewTable(client);
    const table = store0.table;
    // Every statement the store sends, to wait for them to settle.
    const sent: Promise<unknown>[] = [];
    const watched = { query: (text: string, values: unknown[]) => { const p = client.query(text, values); sent.push(p.then(() => undefined, () => undefined)); return p; } };
    const store = new PostgresNonceStore({ client: watched, table, timeoutMs: 150 });
    // Another transaction holds an uncommitted row of the key: the begin's INSERT waits for it, past the timeout.
    const blocker = await client.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query(`INSERT INTO ${table} (key, token, expires_at) VALUES ('late', 'blocker', now() + interval '1 minute')`);
      await expect(store.begin("late", 60_000)).rejects.toMatchObject({ operation: "begin" });
      // The undo is sent (on another pool connection); wait (bounded) until it has settled or waits on a lock itself.
      for (let i = 0; i < 200 && sent.length < 2; i++) await sleep(5);
      expect(sent.length).toBe(2);
      let settled = false;
      void (sent[1] as Promise<unknown>).then(() => (settled = true));
      for (let i = 0; i < 200 && !settled; i++) {
        const waiting = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1", [`%${table}%`]);
        if (waiting.rows[0].n >= 2) break;
        await sleep(10);
      }
      await blocker.query("ROLLBACK"); // the late begin's INSERT goes ahead now
    } finally {
      blocker.release();
    }
    await Promise.all(sent);
    const held = await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE key = 'late' AND expires_at > now()`);
    expect(held.rows[0]).toEqual({ n: 0 }); // no live lease that nobody will complete
    expect((await store0.begin("late", 60_000)).state).toBe("claimed"); // the provider's retry runs now, not in 5 minutes
  });

  for (const before of ["no row", "an expired row of another attempt"]) {
    it(`leaves no lease held by nobody when a begin that timed out reaches Postgres only after its undo ran (${before})`, async () => {
      const store0 = await storeOnNewTable(client);
      const table = store0.table;
      if (before !== "no row") await client.query(`INSERT INTO ${table} (key, token, expires_at) VALUES ('slow', 'old', now() - interval '1 second')`);
      // The begin statement is held back (a slow network, a pool waiting for a connection) until the test lets it go.
      let letGo!: () => void;
      const gate = new Promise<void>((resolve) => (letGo = resolve));
      const sent: Promise<unknown>[] = [];
      const delaying = {
        query: (text: string, values: unknown[]) => {
          const p = text.startsWith("WITH taken") ? gate.then(() => client.query(text, values)) : client.query(text, values);
          sent.push(p.then(() => undefined, () => undefined));
          return p;
        },
      };
      const store = new PostgresNonceStore({ client: delaying, table, timeoutMs: 50 });
      await expect(store.begin("slow", 60_000)).rejects.toMatchObject({ operation: "begin" });
      for (let i = 0; i < 200 && sent.length < 2; i++) await sleep(5);
      await sent[1]; // the undo has run
      letGo(); // now the begin runs
      await Promise.all(sent);
      const held = await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE key = 'slow' AND expires_at > now()`);
      expect(held.rows[0]).toEqual({ n: 0 });
      expect((await store0.begin("slow", 60_000)).state).toBe("claimed");
    });
  }

  it("runs handleOnce end to end for an eWarehousing delivery", async () => {
    const store = await storeOnNewTable(client);
    const deliver = (handler: () => string) =>
      handleOnce({ provider: "acme", store, verify: () => ({ ok: true as const }), key: () => "evt-1", handler });
    await expect(deliver(() => { throw new Error("db down"); })).rejects.toThrow("db down");
    expect(await deliver(() => "saved")).toMatchObject({ status: "processed", value: "saved", recorded: true });
    expect(await deliver(() => "again")).toMatchObject({ status: "duplicate", httpStatus: 200 });
  });
});
