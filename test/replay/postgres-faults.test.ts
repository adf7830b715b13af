// What a delivery sees when Postgres goes away, against a cluster of this file's own (initdb in a
// temp dir, 127.0.0.1, removed afterwards); and two processes racing for the same keys on PG_URL.
import { afterAll, beforeAll } from "vitest";
import { PostgresServer } from "../../scripts/services.mjs";
import { PG_BIN_DIR, PG_BIN_MISSING, PG_URL, PG_URL_MISSING, pool, storeOnNewTable } from "./pg-env.js";
import { raceSuite } from "./race.js";
import { describeNeeding } from "./redis-env.js";
import { storeFaults } from "./store-faults.js";

describeNeeding("Postgres binaries", PG_BIN_MISSING, "PostgresNonceStore when Postgres goes away", () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await PostgresServer.start(PG_BIN_DIR);
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
  });

  storeFaults({
    server: () => server,
    persistent: true,
    stoppedCode: "backend_error",
    connect: async () => {
      const client = pool(server.url, { connectionTimeoutMillis: 300 });
      const store = await storeOnNewTable(client, { timeoutMs: 300 });
      return { store, close: () => client.end() };
    },
  });
});

describeNeeding("PG_URL", PG_URL_MISSING, "two processes racing for the same keys on one Postgres", () => {
  raceSuite(() => ({ url: PG_URL as string, kinds: ["postgres", "postgres"], space: `ws_race_${process.pid}_${Date.now().toString(36)}` }));
});
