// What a delivery sees when Redis goes away, against a redis-server of this file's own (started
// and stopped here, on 127.0.0.1), through both client libraries; and two processes racing for the
// same keys on REDIS_URL.
import { describe } from "vitest";
import { CLIENT_KINDS, connect } from "./clients.js";
import { raceSuite } from "./race.js";
import { REDIS_SERVER_MISSING, REDIS_URL, REDIS_URL_MISSING, describeNeeding, ownRedisServer, uniquePrefix } from "./redis-env.js";
import { storeFaults } from "./store-faults.js";

describeNeeding("a redis-server binary", REDIS_SERVER_MISSING, "RedisNonceStore when Redis goes away", () => {
  const server = ownRedisServer();

  for (const kind of CLIENT_KINDS) {
    for (const failFast of [false, true]) {
      describe(`${kind}, ${failFast ? "refusing commands while disconnected" : "queueing commands while disconnected (the default)"}`, () => {
        storeFaults({
          server,
          persistent: false,
          stoppedCode: failFast ? "backend_error" : "timeout",
          connect: async () => {
            const client = await connect(kind, server().url, { failFast });
            return { store: client.store({ keyPrefix: uniquePrefix(`fault-${kind}`), timeoutMs: 300 }), close: () => client.close() };
          },
        });
      });
    }
  }
});

describeNeeding("REDIS_URL", REDIS_URL_MISSING, "two processes racing for the same keys on one Redis", () => {
  raceSuite(() => ({ url: REDIS_URL as string, kinds: ["node-redis", "ioredis"], space: uniquePrefix("race") }));
});
