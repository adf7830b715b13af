// What every example shares: one receiver per route (webhook-signatures/receiver), each with
// its handler. The receiver reads the raw body, caps its size, verifies, parses, deduplicates,
// runs the handler and answers the provider; each framework file only mounts `receiver.node` or
// `receiver.fetch` on the route. Here the handlers remember what they processed, so that
// GET /seen can show it (your handler does real work there).
//
// EXAMPLE_FAULTS=1 (test/examples only: never in your app) adds faults the tests trigger over
// HTTP: a TikiNOW stock delivery whose seller_product_code is FAIL-ONCE-… throws the first time;
// SLOW-… waits until a RELEASE-… delivery with the same suffix arrives; an eWarehousing
// delivery whose X-Webhook-Id starts with store-down finds the store down, and one whose id is
// slow-… outlives the route's deadline (1 s under EXAMPLE_FAULTS) until release-… arrives.
import { MemoryNonceStore, type NonceStore, type TikiStockSync } from "webhook-signatures";
import { type Receiver, createReceiver } from "webhook-signatures/receiver";
import { type WebhookConfig, configFromEnv } from "./config.js";

/** A payload the example processed, as GET /seen lists it. */
export type Processed = { provider: string; payload?: unknown; [detail: string]: unknown };

/** How many processed payloads GET /seen keeps (bounded, so a load test cannot fill the memory). */
export const SEEN_LIMIT = 100;

export interface Webhooks {
  /** The receiver of each webhook route. */
  routes: Readonly<Record<string, Receiver<unknown, unknown> | undefined>>;
  /** The last {@link SEEN_LIMIT} payloads processed, oldest first. */
  seen(): readonly Processed[];
}

export function createWebhooks(config: WebhookConfig = configFromEnv(), env = process.env): Webhooks {
  const seen: Processed[] = [];
  const remember = (processed: Processed) => void (seen.push(processed) > SEEN_LIMIT && seen.shift());
  const faults = env.EXAMPLE_FAULTS === "1" ? demoFaults(remember) : undefined;
  // One process, one store for every route (keys are prefixed by provider). With several
  // processes or machines, give each receiver a RedisNonceStore or PostgresNonceStore instead.
  const store = faults?.store(new MemoryNonceStore()) ?? new MemoryNonceStore();

  const tikinow = createReceiver({ provider: "tikinow", channel: "stock", secret: config.tikinowSecret, store });
  // Without faults the handlers stay synchronous, as yours may be: the receiver then answers
  // without a turn of the event loop. A handler that returns a promise is awaited.
  tikinow.on("stock", ({ payload }) => {
    const processed = { provider: "tikinow", payload };
    return faults ? faults.stock(payload).then(() => remember(processed)) : remember(processed);
  });
  const tiki = createReceiver({ provider: "tiki", credentials: config.tikiCredentials, store });
  tiki.on("*", ({ payload, verified }) => remember({ provider: "tiki", credentialId: verified.id, payload }));
  const mw = createReceiver({ provider: "mobility-work", secret: config.mwSecret, store });
  mw.on("*", ({ payload, verified }) => remember({ provider: "mobility-work", nonce: verified.nonce, payload }));
  const tilby = createReceiver({ provider: "tilby", secret: config.tilbyToken, headerName: config.tilbyHeader, store });
  tilby.on("*", ({ payload, event }) => remember({ provider: "tilby", event, payload }));
  const ewarehousing = createReceiver({ provider: "ewarehousing", secret: config.ewarehousingSecret, store, ...faults?.ewarehousingOptions });
  ewarehousing.on("*", ({ payload, key, event }) => {
    const processed = { provider: "ewarehousing", key, event, payload };
    return faults ? faults.ewarehousing(key).then(() => remember(processed)) : remember(processed);
  });

  const routes = {
    "/webhooks/tikinow/stock": tikinow,
    "/webhooks/tiki": tiki,
    "/webhooks/mobility-work": mw,
    "/webhooks/tilby": tilby,
    "/webhooks/ewarehousing": ewarehousing,
  };
  return { routes: routes as unknown as Webhooks["routes"], seen: () => seen };
}

/** The delivery's own id in a key `<provider>:<tenant>:<id>` whose id holds no colon (the demo's do not). */
const idOf = (key: string): string => key.slice(key.lastIndexOf(":") + 1);

/** EXAMPLE_FAULTS=1: the faults test/examples triggers over HTTP. */
function demoFaults(remember: (processed: Processed) => void) {
  const failed = new Set<string>();
  const waiting = new Map<string, () => void>();
  return {
    store(inner: NonceStore): NonceStore {
      return {
        claim: (nonce, expiresAtMs) => inner.claim(nonce, expiresAtMs),
        release: (nonce) => inner.release(nonce),
        // Keys are <provider>:<tenant>:<id> (see deliveryKey): the id is the part after the last colon here.
        begin: (key, leaseMs) => (idOf(key).startsWith("store-down") ? Promise.reject(new Error("the demo store is down")) : inner.begin(key, leaseMs)),
        complete: (key, token, retentionMs) => inner.complete(key, token, retentionMs),
        abandon: (key, token) => inner.abandon(key, token),
        renew: (key, token, leaseMs) => inner.renew?.(key, token, leaseMs) ?? false,
      };
    },
    /** The eWarehousing route answers 503 after 1 s (eWarehousing waits 10 s: the default is 8 s). */
    ewarehousingOptions: { deadlineMs: 1_000 },
    async ewarehousing(key: string): Promise<void> {
      const id = idOf(key);
      if (id.startsWith("release-")) waiting.get(`ew-${id.slice("release-".length)}`)?.();
      if (id.startsWith("slow-")) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("demo fault: never released")), 20_000);
          waiting.set(`ew-${id.slice("slow-".length)}`, () => (clearTimeout(timer), resolve()));
        });
      }
    },
    async stock(payload: TikiStockSync): Promise<void> {
      const code = payload.data.seller_product_code;
      if (code.startsWith("FAIL-ONCE-") && !failed.has(code)) {
        failed.add(code);
        throw new Error(`demo fault: ${code} fails once`);
      }
      if (code.startsWith("RELEASE-")) waiting.get(code.slice("RELEASE-".length))?.();
      if (code.startsWith("SLOW-")) {
        remember({ provider: "tikinow", started: code });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("demo fault: never released")), 20_000);
          waiting.set(code.slice("SLOW-".length), () => (clearTimeout(timer), resolve()));
        });
      }
    },
  };
}
