// Figures for the replay stores (a script, not a test):
//   node scripts/test.mjs -- node --expose-gc --import tsx scripts/replay-figures.ts [--throughput-only]
// 1. MemoryNonceStore's heap after 1,000,000 distinct 8,000-character keys (default maxEntries),
//    and after 1,000,000 40-hex nonces, for comparison;
// 2. begins per second (a begin claims a new key: one Lua script, one SQL statement) and whole
//    deliveries per second (runOnce: begin, handler, complete), one at a time and 64 in flight, on
//    MemoryNonceStore, RedisNonceStore (REDIS_URL; node-redis and ioredis) and PostgresNonceStore
//    (PG_URL; a pg Pool of 10).
// Every loop is bounded in count and in time.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { createClient } from "redis";
import { MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES, MemoryNonceStore, type NonceStore } from "../src/replay/nonce-store.js";
import { PostgresNonceStore, postgresNonceStoreSchema } from "../src/replay/postgres.js";
import { RedisNonceStore } from "../src/replay/redis.js";
import { runOnce } from "../src/replay/run-once.js";

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

function heapUsed(): number {
  if (gc !== undefined) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

function heapGrowth(label: string, keyOf: (i: number) => string): void {
  const before = heapUsed();
  const store = new MemoryNonceStore();
  const checkpoints = new Set([10_000, 100_000, 250_000, 500_000, 1_000_000]);
  const started = Date.now();
  console.log(`MemoryNonceStore() (maxEntries ${MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES.toLocaleString("en")}), 1,000,000 distinct ${label}, each begun and completed (24 h):`);
  for (let i = 1; i <= 1_000_000; i++) {
    const key = keyOf(i);
    const begun = store.begin(key, 300_000);
    if (begun.state !== "claimed") throw new Error(`${key.slice(0, 20)}: ${begun.state}`);
    store.complete(key, begun.token, 86_400_000);
    if (checkpoints.has(i)) {
      const grown = heapUsed() - before;
      const size = store.size;
      console.log(
        `  after ${i.toLocaleString("en")}: heap +${(grown / MB).toFixed(1)} MB, ${size.toLocaleString("en")} held (${Math.round(grown / size)} bytes each), evictions ${store.evictions.toLocaleString("en")}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
  if (store.size > MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES) throw new Error("bound broken");
}

/** Begins (or whole deliveries) per second, `inFlight` at a time, for at most 3 s or `limit`. */
async function rate(store: NonceStore, inFlight: number, limit: number, whole: boolean): Promise<string> {
  const prefix = randomBytes(6).toString("hex");
  let count = 0;
  let odd = 0;
  const start = process.hrtime.bigint();
  while (count < limit && Number(process.hrtime.bigint() - start) < 3e9) {
    const batch = Array.from({ length: inFlight }, (_, k) => {
      const key = `${prefix}-${count + k}`;
      return whole
        ? runOnce({ store, key, handler: () => 1 }).then((r) => r.status === "processed" && r.recorded)
        : Promise.resolve(store.begin(key, 300_000)).then((r) => r.state === "claimed");
    });
    count += inFlight;
    for (const ok of await Promise.all(batch)) if (!ok) odd++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return `${Math.round(count / seconds).toLocaleString("en")}/s${odd === 0 ? "" : ` (${odd} not new!)`}`;
}

async function throughput(name: string, store: () => NonceStore | Promise<NonceStore>, limit: number): Promise<void> {
  const cells: string[] = [];
  for (const whole of [false, true]) {
    for (const inFlight of [1, 64]) cells.push(`${whole ? "deliveries" : "begins"} ${inFlight} in flight ${await rate(await store(), inFlight, limit, whole)}`);
  }
  console.log(`${name}: ${cells.join("; ")}`);
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
if (gc === undefined) console.log("(no --expose-gc: heap figures include garbage not yet collected)");
if (!process.argv.includes("--throughput-only")) {
  const filler = "k".repeat(8_000 - 12);
  heapGrowth("8,000-character keys", (i) => filler + i.toString(16).padStart(12, "0"));
  heapGrowth("40-hex nonces", (i) => i.toString(16).padStart(40, "0"));
}

// Room for every key of the run: the figure is for a store that is not full (a full one evicts
// the soonest expiry, which is a running attempt's lease: see the README).
await throughput("MemoryNonceStore({ maxEntries: 4,000,000 })", () => new MemoryNonceStore({ maxEntries: 4_000_000 }), 2_000_000);

const redisUrl = process.env.REDIS_URL;
if (redisUrl === undefined || redisUrl === "") console.log("REDIS_URL is not set: no Redis figures (run under node scripts/test.mjs --)");
else {
  const nodeRedis = createClient({ url: redisUrl });
  nodeRedis.on("error", () => {});
  await nodeRedis.connect();
  const ioredis = new Redis(redisUrl);
  try {
    await throughput("RedisNonceStore on node-redis", () => new RedisNonceStore({ client: nodeRedis, keyPrefix: `figures:${randomBytes(4).toString("hex")}:` }), 300_000);
    await throughput("RedisNonceStore on ioredis", () => new RedisNonceStore({ client: ioredis, keyPrefix: `figures:${randomBytes(4).toString("hex")}:` }), 300_000);
  } finally {
    await nodeRedis.flushDb(); // a throwaway server from scripts/test.mjs
    nodeRedis.destroy();
    ioredis.disconnect();
  }
}

const pgUrl = process.env.PG_URL;
if (pgUrl === undefined || pgUrl === "") console.log("PG_URL is not set: no Postgres figures (run under node scripts/test.mjs --)");
else {
  const pool = new pg.Pool({ connectionString: pgUrl, max: 10 });
  pool.on("error", () => {});
  let n = 0;
  try {
    await throughput(
      "PostgresNonceStore on a pg Pool of 10",
      async () => {
        const table = `figures_${process.pid}_${++n}`;
        await pool.query(postgresNonceStoreSchema(table));
        return new PostgresNonceStore({ client: pool, table });
      },
      100_000,
    );
  } finally {
    await pool.end();
  }
}
