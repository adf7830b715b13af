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

  it("runs handleOnce end to end for an eWarehousing delivery", async () => {
    const store = await storeOnNewTable(client);
    const deliver = (handler: () => string) =>
      handleOnce({ provider: "acme", store, verify: () => ({ ok: true as const }), key: () => "evt-1", handler });
    await expect(deliver(() => { throw new Error("db down"); })).rejects.toThrow("db down");
    expect(await deliver(() => "saved")).toMatchObject({ status: "processed", value: "saved", recorded: true });
    expect(await deliver(() => "again")).toMatchObject({ status: "duplicate", httpStatus: 200 });
  });
});
