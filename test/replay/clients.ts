// The two Redis client libraries users run, connected the way a user would, each handed to
// RedisNonceStore as is (no cast: this file is type-checked, so it also proves the structural types).
import { Redis } from "ioredis";
import { createClient } from "redis";
import { RedisNonceStore, type RedisNonceStoreOptions } from "../../src/replay/redis.js";

export const CLIENT_KINDS = ["node-redis", "ioredis"] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface TestClient {
  kind: ClientKind;
  /** A store on this client. */
  store(options?: Omit<RedisNonceStoreOptions, "client">): RedisNonceStore;
  /** Raw commands, to look at what the store left in Redis. */
  exists(key: string): Promise<number>;
  pttl(key: string): Promise<number>;
  ping(): Promise<unknown>;
  close(): void;
}

export interface ConnectOptions {
  /** Refuse commands while disconnected instead of queueing them (the documented fast-failure setup). */
  failFast?: boolean;
}

/** Connects a client of the given library; reconnects every 50 ms when the server goes away. */
export async function connect(kind: ClientKind, url: string, options: ConnectOptions = {}): Promise<TestClient> {
  if (kind === "node-redis") {
    const client = createClient({ url, socket: { reconnectStrategy: () => 50 }, disableOfflineQueue: options.failFast === true });
    client.on("error", () => {}); // node-redis emits one per lost connection; unhandled, it would crash
    await client.connect();
    return {
      kind,
      store: (storeOptions) => new RedisNonceStore({ client, ...storeOptions }),
      exists: (key) => client.exists(key),
      pttl: (key) => client.pTTL(key),
      ping: () => client.ping(),
      close: () => client.destroy(),
    };
  }
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => 50,
    maxRetriesPerRequest: 1_000,
    enableOfflineQueue: options.failFast !== true,
  });
  client.on("error", () => {}); // ioredis would print every reconnection error otherwise
  await client.connect();
  return {
    kind,
    store: (storeOptions) => new RedisNonceStore({ client, ...storeOptions }),
    exists: (key) => client.exists(key),
    pttl: (key) => client.pttl(key),
    ping: () => client.ping(),
    close: () => client.disconnect(),
  };
}
