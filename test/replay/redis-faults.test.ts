// What a delivery sees when Redis goes away, against a redis-server of this file's own (started
// and stopped here, on 127.0.0.1), and two processes racing for the same nonces on REDIS_URL.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { signMwSignature } from "../../src/schemes/mobility-work.js";
import { handleMwOnce } from "../../src/replay/handle-once.js";
import type { NonceStore } from "../../src/replay/nonce-store.js";
import { RedisNonceStoreError } from "../../src/replay/redis.js";
import { CLIENT_KINDS, connect } from "./clients.js";
import {
  REDIS_SERVER_MISSING,
  REDIS_URL,
  REDIS_URL_MISSING,
  RedisServer,
  describeNeeding,
  killChildren,
  track,
  uniquePrefix,
} from "./redis-env.js";

const SECRET = "mw-fault-secret";
const BODY = '{"_event":"spare_part_out_of_stock","_date":"2024-07-29T15:51:28.071Z","_metadata":[]}';

/** A fresh signed Mobility Work delivery. */
function delivery(nonce: string) {
  return { body: BODY, secret: SECRET, headers: { "x-mw-signature": signMwSignature({ body: BODY, secret: SECRET, nonce }) } };
}

describeNeeding("a redis-server binary", REDIS_SERVER_MISSING, "RedisNonceStore when Redis goes away", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  }, 30_000);
  afterAll(async () => {
    await server?.dispose();
    killChildren();
  });

  for (const kind of CLIENT_KINDS) {
    for (const failFast of [false, true]) {
      const setup = failFast ? "refusing commands while disconnected" : "queueing commands while disconnected (the default)";
      it(`${kind}, ${setup}: Redis stopped mid-delivery rejects the claim, runs nothing, records nothing; the retry succeeds once Redis is back`, async () => {
        const client = await connect(kind, server.url, { failFast });
        try {
          const prefix = uniquePrefix(`fault-${kind}`);
          const store = client.store({ keyPrefix: prefix, timeoutMs: 300 });
          // Redis stops after verification, as the claim is made: while the delivery is being handled.
          const stopsRedis: NonceStore = {
            claim: async (nonce, expiresAtMs) => {
              await server.stop();
              return store.claim(nonce, expiresAtMs);
            },
            release: (nonce) => store.release(nonce),
          };
          const nonce = `fault-${kind}-${failFast}`;
          const handler = vi.fn(() => "stock reordered");

          const first = handleMwOnce({ ...delivery(nonce), store: stopsRedis, handler });
          await expect(first).rejects.toThrow(RedisNonceStoreError);
          await expect(first).rejects.toThrow(/Redis is unreachable.*answer 5xx so the provider retries/);
          await expect(first).rejects.toMatchObject({ operation: "claim" });
          expect(handler).not.toHaveBeenCalled();

          await server.restart();
          // Once the client answers again, whatever it queued while Redis was away has run.
          for (let i = 0; i < 100; i++) {
            try {
              await client.ping();
              break;
            } catch {
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
          expect(await client.exists(`${prefix}${nonce}`)).toBe(0);

          // The provider retries the same delivery (same nonce, re-signed): it is processed once.
          const retry = await handleMwOnce({ ...delivery(nonce), store, handler });
          expect(retry).toMatchObject({ status: "processed", httpStatus: 200, value: "stock reordered" });
          expect(handler).toHaveBeenCalledTimes(1);
          expect((await handleMwOnce({ ...delivery(nonce), store, handler })).status).toBe("duplicate");
          expect(handler).toHaveBeenCalledTimes(1);
        } finally {
          client.close();
          await server.restart().catch(() => undefined); // running again for the next test, whatever happened
        }
      }, 30_000);
    }

    it(`${kind}: Redis stopped while the handler fails reports both errors, and the retry succeeds once Redis is back`, async () => {
      const client = await connect(kind, server.url);
      try {
        const store = client.store({ keyPrefix: uniquePrefix(`release-${kind}`), timeoutMs: 300 });
        const nonce = `release-${kind}`;
        const handlerError = new Error("database unavailable");
        const failing = handleMwOnce({
          ...delivery(nonce),
          store,
          handler: async () => {
            await server.stop();
            throw handlerError;
          },
        });
        await expect(failing).rejects.toBeInstanceOf(AggregateError);
        const error = (await failing.catch((e: unknown) => e)) as AggregateError;
        expect(error.errors[0]).toBe(handlerError);
        expect(error.errors[1]).toBeInstanceOf(RedisNonceStoreError);
        expect(error.errors[1]).toMatchObject({ operation: "release" });
        expect(error.message).toMatch(/answer 5xx/);

        await server.restart();
        const retry = await handleMwOnce({ ...delivery(nonce), store, handler: () => "ok" });
        expect(retry.status).toBe("processed");
      } finally {
        client.close();
        await server.restart().catch(() => undefined);
      }
    }, 30_000);
  }
});

describeNeeding("REDIS_URL", REDIS_URL_MISSING, "two processes racing for the same nonces on one Redis", () => {
  afterAll(killChildren);

  it("gives each of 1,000 nonces to exactly one process", async () => {
    const COUNT = 1_000;
    const prefix = uniquePrefix("race");
    const fixture = fileURLToPath(new URL("./fixtures/race-claimer.ts", import.meta.url));
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const racers = CLIENT_KINDS.map((kind) => {
      const child = track(
        spawn(process.execPath, ["--import", "tsx", fixture, REDIS_URL as string, prefix, kind, String(COUNT)], {
          cwd: root,
          stdio: ["pipe", "pipe", "pipe"],
        }),
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const lines = createInterface({ input: child.stdout });
      const next = () =>
        new Promise<string>((resolve, reject) => {
          lines.once("line", resolve);
          child.once("exit", (code) => reject(new Error(`${kind} racer exited with ${code}: ${stderr}`)));
        });
      return { child, next };
    });
    try {
      const ready = await Promise.all(racers.map((racer) => racer.next()));
      expect(ready).toEqual(["ready", "ready"]);
      const results = racers.map((racer) => racer.next());
      for (const racer of racers) racer.child.stdin.write("go\n");
      const wins = (await Promise.all(results)).map((line) => JSON.parse(line) as number[]);

      const [a, b] = wins as [number[], number[]];
      expect(a.length + b.length).toBe(COUNT);
      const both = new Set([...a, ...b]);
      expect(both.size).toBe(COUNT); // no nonce won twice
      expect([...both].every((i) => Number.isInteger(i) && i >= 0 && i < COUNT)).toBe(true);
    } finally {
      for (const racer of racers) racer.child.kill();
    }
  }, 60_000);
});
