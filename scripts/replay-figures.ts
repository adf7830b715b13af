// Figures for the replay-protection note (a script, not a test):
//   node scripts/test.mjs -- node --expose-gc --import tsx scripts/replay-figures.ts
// 1. heap growth after 1,000,000 distinct claims on MemoryNonceStore({ maxEntries: 10_000 });
// 2. claims per second on MemoryNonceStore;
// 3. claims per second on RedisNonceStore over loopback (REDIS_URL), node-redis and ioredis,
//    one at a time and 64 in flight.
// Every loop is bounded in count and in time.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { MemoryNonceStore } from "../src/replay/nonce-store.js";
import { RedisNonceStore } from "../src/replay/redis.js";

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

function heapUsed(): number {
  if (gc !== undefined) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** A Mobility-Work-like nonce: 40 hex digits, distinct for each i. */
const nonce = (prefix: string, i: number) => prefix + i.toString(16).padStart(40 - prefix.length, "0");

function heapGrowth(): void {
  if (gc === undefined) console.log("(no --expose-gc: heap figures include garbage not yet collected)");
  const FAR = Date.now() + 3_600_000;
  const before = heapUsed();
  const store = new MemoryNonceStore({ maxEntries: 10_000 });
  const checkpoints = new Set([10_000, 100_000, 250_000, 500_000, 750_000, 1_000_000]);
  console.log("MemoryNonceStore({ maxEntries: 10_000 }), 1,000,000 distinct 40-hex nonces, all live (a later expiry each):");
  for (let i = 1; i <= 1_000_000; i++) {
    store.claim(nonce("", i), FAR + i);
    if (checkpoints.has(i)) {
      const grown = (heapUsed() - before) / MB;
      console.log(`  after ${i.toLocaleString("en")} claims: heap +${grown.toFixed(2)} MB, size ${store.size}, evictions ${store.evictions}`);
    }
  }
  // Keep the store alive until the last measurement.
  if (store.size > 10_000) throw new Error("bound broken");
}

function memoryThroughput(): void {
  for (const maxEntries of [10_000, 100_000]) {
    const store = new MemoryNonceStore({ maxEntries });
    const base = Date.now() + 3_600_000;
    const prefix = randomBytes(4).toString("hex");
    const limit = 2_000_000;
    const start = process.hrtime.bigint();
    let count = 0;
    while (count < limit) {
      for (let j = 0; j < 10_000; j++, count++) store.claim(nonce(prefix, count), base + count);
      if (Number(process.hrtime.bigint() - start) > 3e9) break;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `MemoryNonceStore({ maxEntries: ${maxEntries.toLocaleString("en")} }): ${count.toLocaleString("en")} distinct claims in ${seconds.toFixed(2)} s = ${Math.round(count / seconds).toLocaleString("en")} claims/s (evictions ${store.evictions.toLocaleString("en")})`,
    );
  }
}

async function redisThroughput(url: string): Promise<void> {
  const nodeRedis = createClient({ url });
  nodeRedis.on("error", () => {});
  await nodeRedis.connect();
  const ioredis = new Redis(url);
  try {
    for (const [name, client] of [
      ["node-redis", nodeRedis],
      ["ioredis", ioredis],
    ] as const) {
      for (const inFlight of [1, 64]) {
        const prefix = `figures:${randomBytes(6).toString("hex")}:`;
        const store = new RedisNonceStore({ client, keyPrefix: prefix });
        const expiresAt = Date.now() + 120_000;
        const limit = inFlight === 1 ? 50_000 : 300_000;
        let count = 0;
        let won = 0;
        const start = process.hrtime.bigint();
        while (count < limit && Number(process.hrtime.bigint() - start) < 3e9) {
          const batch = Array.from({ length: inFlight }, (_, k) => store.claim(`n${count + k}`, expiresAt));
          count += inFlight;
          for (const ok of await Promise.all(batch)) if (ok) won++;
        }
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        console.log(
          `RedisNonceStore over ${name}, ${inFlight} in flight: ${count.toLocaleString("en")} claims in ${seconds.toFixed(2)} s = ${Math.round(count / seconds).toLocaleString("en")} claims/s (${won === count ? "all new" : `${count - won} refused!`})`,
        );
      }
    }
  } finally {
    await nodeRedis.flushDb(); // a throwaway server from scripts/test.mjs
    nodeRedis.destroy();
    ioredis.disconnect();
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
heapGrowth();
memoryThroughput();
const url = process.env.REDIS_URL;
if (url === undefined || url === "") console.log("REDIS_URL is not set: no Redis figures (run under node scripts/test.mjs --)");
else await redisThroughput(url);
