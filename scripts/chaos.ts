// A bounded chaos run of the at-least-once state machine, per store (a script that prints
// figures, not a timed test):
//   node --import tsx scripts/chaos.ts [memory|redis|postgres ...]
// Starts its own redis-server / Postgres (scripts/services.mjs) on free 127.0.0.1 ports. Per store:
// 10,000 deliveries (distinct keys) over 8 concurrent senders; 20 % of them sent twice or more (a
// copy may arrive while the first is running); 10 % of handler calls fail; one restart in the
// middle (Redis without persistence: stopped and started again; Postgres: the same, its data
// kept; memory store: the process "restarts": a new store, and the handlers still running in the
// old process are killed and their answers lost); every answer that is not 2xx is retried by the
// simulated provider until it gets a 2xx. Every loop is bounded in count and in time.
import { PostgresServer, RedisServer, findPostgresBinDir, findRedisServer } from "./services.mjs";
import { createClient } from "redis";
import pg from "pg";
import { MemoryNonceStore, type NonceStore } from "../src/replay/nonce-store.js";
import { PostgresNonceStore, postgresNonceStoreSchema } from "../src/replay/postgres.js";
import { RedisNonceStore } from "../src/replay/redis.js";
import { runOnce } from "../src/replay/run-once.js";

const DELIVERIES = 10_000;
const SENDERS = 8;
const LEASE_MS = 2_000;
const MAX_TRIES_PER_SEND = 2_000;
const TIME_LIMIT_MS = 600_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small deterministic generator, so that a run can be repeated. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Target {
  name: string;
  /** The store the receiving process uses now. */
  store: () => NonceStore;
  /** The restart in the middle. */
  restart: () => Promise<void>;
  /** What a restart does to in-flight handlers: "killed" when the receiving process itself restarts. */
  killsHandlers: boolean;
  close: () => Promise<void>;
}

async function run(target: Target): Promise<void> {
  const rnd = random(20240729);
  // The sends: one per delivery, and 1 or 2 more copies for 20 % of them, shuffled.
  const sends: number[] = [];
  let copied = 0;
  for (let key = 0; key < DELIVERIES; key++) {
    sends.push(key);
    if (rnd() < 0.2) {
      copied++;
      const extra = rnd() < 0.25 ? 2 : 1;
      for (let c = 0; c < extra; c++) sends.push(key);
    }
  }
  for (let i = sends.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [sends[i], sends[j]] = [sends[j] as number, sends[i] as number];
  }

  const successes = new Uint32Array(DELIVERIES);
  const running = new Uint8Array(DELIVERIES);
  const answers: Record<string, number> = {};
  let overlaps = 0;
  let handlerCalls = 0;
  let handlerFailures = 0;
  let killed = 0;
  let unrecorded = 0;
  let generation = 0;
  const inFlight = new Map<number, { key: number; generation: number }>();
  let attemptIds = 0;

  const handler = (key: number, myGeneration: number, id: number) => async () => {
    handlerCalls++;
    running[key] = (running[key] as number) + 1;
    if ((running[key] as number) > 1) overlaps++;
    inFlight.set(id, { key, generation: myGeneration });
    try {
      await sleep(Math.floor(rnd() * 3));
      if (myGeneration !== generation) {
        killed++;
        throw new Error("killed with its process");
      }
      if (rnd() < 0.1) {
        handlerFailures++;
        throw new Error("handler failed");
      }
      successes[key] = (successes[key] as number) + 1;
      return key;
    } finally {
      if (inFlight.delete(id)) running[key] = (running[key] as number) - 1;
    }
  };

  let delivered = 0;
  let restarted = false;
  let restarting: Promise<void> | undefined;
  let next = 0;
  const started = Date.now();
  const sender = async () => {
    while (next < sends.length) {
      const key = sends[next++] as number;
      for (let attempt = 1; ; attempt++) {
        if (attempt > MAX_TRIES_PER_SEND || Date.now() - started > TIME_LIMIT_MS) throw new Error(`gave up on key ${key}`);
        const myGeneration = generation;
        const id = ++attemptIds;
        let status: string;
        let wait = 5;
        try {
          const result = await runOnce({ store: target.store(), key: `delivery-${key}`, leaseMs: LEASE_MS, retentionMs: 3_600_000, handler: handler(key, myGeneration, id) });
          status = result.status;
          if (result.status === "processed" && !result.recorded) unrecorded++;
          if (result.status === "in_progress") wait = 20 * result.retryAfterSeconds; // Retry-After, scaled down
          if (result.status === "unavailable") wait = 20;
        } catch {
          status = "500";
        }
        // The process that answered was restarted meanwhile: its answer never reached the provider.
        if (target.killsHandlers && myGeneration !== generation) status = "lost";
        answers[status] = (answers[status] ?? 0) + 1;
        if (status === "processed" || status === "duplicate") break;
        await sleep(wait);
      }
      delivered++;
      if (!restarted && delivered >= sends.length / 2) {
        restarted = true;
        restarting = (async () => {
          if (target.killsHandlers) {
            generation++;
            // The old process is gone: its handlers stop running (their lease or store goes with it).
            for (const [id, attempt] of inFlight) {
              inFlight.delete(id);
              running[attempt.key] = (running[attempt.key] as number) - 1;
            }
          }
          await target.restart();
        })();
      }
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  await restarting;
  const seconds = (Date.now() - started) / 1000;

  let lost = 0;
  let twice = 0;
  let maxRuns = 0;
  for (const n of successes) {
    if (n === 0) lost++;
    if (n > 1) twice++;
    if (n > maxRuns) maxRuns = n;
  }
  console.log(`${target.name}: ${DELIVERIES.toLocaleString("en")} deliveries, ${sends.length.toLocaleString("en")} sends (${copied.toLocaleString("en")} deliveries sent twice or more), ${SENDERS} senders, ${seconds.toFixed(1)} s`);
  console.log(`  answers: ${Object.entries(answers).sort().map(([s, n]) => `${s} ${n.toLocaleString("en")}`).join(", ")}`);
  console.log(`  handler calls ${handlerCalls.toLocaleString("en")}, failed ${handlerFailures.toLocaleString("en")} (${((100 * handlerFailures) / handlerCalls).toFixed(1)} %), killed by the restart ${killed}`);
  console.log(`  keys with >= 1 success: ${(DELIVERIES - lost).toLocaleString("en")} of ${DELIVERIES.toLocaleString("en")}; lost: ${lost}; overlapping handlers of one key: ${overlaps}`);
  console.log(`  keys processed more than once: ${twice} (most runs of one key: ${maxRuns}); processed but not recorded done (store down at completion): ${unrecorded}`);
  await target.close();
}

async function memory(): Promise<Target> {
  let store = new MemoryNonceStore();
  return { name: "MemoryNonceStore (restart = a new process, a new store)", store: () => store, restart: async () => void (store = new MemoryNonceStore()), killsHandlers: true, close: async () => {} };
}

async function redis(): Promise<Target> {
  const server = await RedisServer.start(findRedisServer());
  const client = createClient({ url: server.url, socket: { reconnectStrategy: () => 20 } });
  client.on("error", () => {});
  await client.connect();
  const store = new RedisNonceStore({ client, timeoutMs: 500 });
  return {
    name: "RedisNonceStore on node-redis (restart = redis-server stopped and started, no persistence)",
    store: () => store,
    restart: async () => {
      await server.stop();
      await server.restart();
    },
    killsHandlers: false,
    close: async () => {
      client.destroy();
      await server.dispose();
    },
  };
}

async function postgres(): Promise<Target> {
  const server = await PostgresServer.start(findPostgresBinDir());
  const pool = new pg.Pool({ connectionString: server.url, max: 10, connectionTimeoutMillis: 500 });
  pool.on("error", () => {});
  await pool.query(postgresNonceStoreSchema("chaos"));
  const store = new PostgresNonceStore({ client: pool, table: "chaos", timeoutMs: 500 });
  return {
    name: "PostgresNonceStore on a pg Pool of 10 (restart = postgres stopped and started, data kept)",
    store: () => store,
    restart: async () => {
      await server.stop();
      await server.restart();
    },
    killsHandlers: false,
    close: async () => {
      await pool.end();
      await server.dispose();
    },
  };
}

const which = process.argv.slice(2);
const targets = { memory, redis, postgres };
console.log(`node ${process.version}, ${process.platform}/${process.arch}; lease ${LEASE_MS} ms`);
for (const name of which.length === 0 ? Object.keys(targets) : which) {
  const make = targets[name as keyof typeof targets];
  if (make === undefined) throw new Error(`unknown store ${name}: memory, redis or postgres`);
  await run(await make());
}
process.exit(0);
