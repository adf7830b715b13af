// What the Postgres tests need from their surroundings: PG_URL (a throwaway cluster started by
// scripts/test.mjs), PG_BIN_DIR for the fault tests (which start their own), and a table per store.
import pg from "pg";
import { findPostgresBinDir } from "../../scripts/services.mjs";
import { PostgresNonceStore, type PostgresNonceStoreOptions, postgresNonceStoreSchema } from "../../src/replay/postgres.js";

export const PG_URL = process.env.PG_URL === "" ? undefined : process.env.PG_URL;
export const PG_URL_MISSING = PG_URL === undefined ? "PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5433/postgres)." : undefined;

export const PG_BIN_DIR = findPostgresBinDir();
export const PG_BIN_MISSING = PG_BIN_DIR === undefined ? "No Postgres binaries (initdb, postgres): set PG_BIN_DIR or install the postgresql package." : undefined;

/** A pool that never waits long for a connection, with the error listener pg needs. */
export function pool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 1_000, ...options });
  p.on("error", () => {}); // an idle client lost with the server; pg would crash the process otherwise
  return p;
}

let tables = 0;
/** A table of its own, created with the documented statement, and a store on it. */
export async function storeOnNewTable(
  client: pg.Pool,
  options: Omit<PostgresNonceStoreOptions, "client" | "table"> = {},
): Promise<PostgresNonceStore> {
  const table = `ws_test_${process.pid}_${Date.now().toString(36)}_${++tables}`;
  await client.query(postgresNonceStoreSchema(table));
  return new PostgresNonceStore({ client, table, ...options });
}
