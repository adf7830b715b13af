// The examples' five routes on the Fetch receiver of webhook-signatures/web, in plain ES2022 and
// Web APIs (no node:), so that the very same app runs on Bun, Deno and workerd: the same
// secrets, answers, GET /seen and test faults as examples/shared/webhooks.ts with
// EXAMPLE_FAULTS=1 (a TikiNOW seller_product_code FAIL-ONCE-… throws once, SLOW-… waits for
// RELEASE-…, an eWarehousing X-Webhook-Id store-down… finds the store down, slow-… outlives
// the route's 1 s deadline until release-… arrives).
export const SECRETS = {
  TIKINOW_SECRET: "tikinow-stock-secret-for-examples",
  TIKI_BASIC_ID: "iyofim3eru0bkiwz",
  TIKI_BASIC_SECRET: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd",
  MW_SECRET: "mobility-work-secret-for-examples",
  TILBY_TOKEN: "tilby-static-token-for-examples",
  EWAREHOUSING_SECRET: "ewarehousing-hash-secret-for-examples",
};
const SEEN_LIMIT = 100;

/**
 * The seventeen providers of issue 27, each at `/more/<name>`: its secret in the form the
 * provider hands out and the options its scheme needs (Shopee's registered URL, the Lazada and
 * TikTok Shop App Key, MoMo's access key). Each processed delivery is remembered as
 * `{ provider, event }`.
 */
export const MORE_PROVIDERS = {
  shopify: { secret: "shopify-app-secret-for-runtimes" },
  woocommerce: { secret: "woocommerce-secret-for-runtimes" },
  sendcloud: { secret: "sendcloud-secret-for-runtimes" },
  mollie: { secret: "mollie-secret-for-runtimes" },
  haravan: { secret: "haravan-secret-for-runtimes" },
  sapo: { secret: "sapo-secret-for-runtimes" },
  "standard-webhooks": { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
  sepay: { secret: "sepay-secret-for-runtimes" },
  lazada: { secret: "lazada-app-secret-for-runtimes", options: { appKey: "100234" } },
  "tiktok-shop": { secret: "tiktok-app-secret-for-runtimes", options: { appKey: "6abc123" } },
  shopee: { secret: "shopee-partner-key-for-runtimes", options: { publicUrl: "https://shop.example/hooks/shopee" } },
  payos: { secret: "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675" },
  casso: { secret: "casso-secret-for-runtimes" },
  zalopay: { secret: "kLtgPl8HHhfvMuDHPwKfgfsY4Ydm9eIz" },
  vnpay: { secret: "vnpay-hash-secret-for-runtimes" },
  momo: { secret: "momo-secret-key-for-runtimes", options: { accessKey: "momo-access-key" } },
  adyen: { secret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056" },
};

/** `lib` is the /web entry. Receivers are made on the first request (Workers refuse random values at import time). */
export function receiverApp(lib) {
  let app;
  return {
    // A Worker's (request, env, ctx): the receiver keeps a handler past its deadline alive with ctx.waitUntil.
    fetch(request, env, ctx) {
      app ??= makeApp(lib);
      return app(request, env, ctx);
    },
  };
}

/** The delivery's own id in a key `<provider>:<tenant>:<id>` whose id holds no colon (the tests' do not). */
const idOf = (key) => key.slice(key.lastIndexOf(":") + 1);

function makeApp({ MemoryNonceStore, createReceiver }) {
  const seen = [];
  const remember = (entry) => void (seen.push(entry) > SEEN_LIMIT && seen.shift());
  const inner = new MemoryNonceStore();
  const store = {
    claim: (nonce, expiresAtMs) => inner.claim(nonce, expiresAtMs),
    release: (nonce) => inner.release(nonce),
    // Keys are <provider>:<tenant>:<id> (see deliveryKey): the id is the part after the last colon here.
    begin: (key, leaseMs) => (idOf(key).startsWith("store-down") ? Promise.reject(new Error("the demo store is down")) : inner.begin(key, leaseMs)),
    complete: (key, token, retentionMs) => inner.complete(key, token, retentionMs),
    abandon: (key, token) => inner.abandon(key, token),
    renew: (key, token, leaseMs) => inner.renew(key, token, leaseMs),
  };
  const failed = new Set();
  const waiting = new Map();
  const s = SECRETS;
  const routes = {
    "/webhooks/tikinow/stock": createReceiver({ provider: "tikinow", channel: "stock", secret: s.TIKINOW_SECRET, store }).on("stock", async ({ payload }) => {
      const code = payload.data.seller_product_code;
      if (code.startsWith("FAIL-ONCE-") && !failed.has(code)) {
        failed.add(code);
        throw new Error(`demo fault: ${code} fails once`);
      }
      if (code.startsWith("RELEASE-")) waiting.get(code.slice("RELEASE-".length))?.();
      if (code.startsWith("SLOW-")) {
        remember({ provider: "tikinow", started: code });
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("demo fault: never released")), 20_000);
          waiting.set(code.slice("SLOW-".length), () => (clearTimeout(timer), resolve()));
        });
      }
      remember({ provider: "tikinow", payload });
    }),
    "/webhooks/tiki": createReceiver({ provider: "tiki", credentials: { id: s.TIKI_BASIC_ID, secret: s.TIKI_BASIC_SECRET }, store }).on("*", ({ payload, verified }) =>
      remember({ provider: "tiki", credentialId: verified.id, payload }),
    ),
    "/webhooks/mobility-work": createReceiver({ provider: "mobility-work", secret: s.MW_SECRET, store }).on("*", ({ payload, verified }) =>
      remember({ provider: "mobility-work", nonce: verified.nonce, payload }),
    ),
    "/webhooks/tilby": createReceiver({ provider: "tilby", secret: s.TILBY_TOKEN, store }).on("*", ({ payload, event }) => remember({ provider: "tilby", event, payload })),
    // A 1 s deadline: an X-Webhook-Id slow-… waits for release-… past it (answered 503, then 409, then 200).
    "/webhooks/ewarehousing": createReceiver({ provider: "ewarehousing", secret: s.EWAREHOUSING_SECRET, store, deadlineMs: 1_000 }).on("*", async ({ payload, key, event }) => {
      const id = idOf(key);
      if (id.startsWith("release-")) waiting.get(`ew-${id.slice("release-".length)}`)?.();
      if (id.startsWith("slow-")) {
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("demo fault: never released")), 20_000);
          waiting.set(`ew-${id.slice("slow-".length)}`, () => (clearTimeout(timer), resolve()));
        });
      }
      remember({ provider: "ewarehousing", key, event, payload });
    }),
  };
  for (const [provider, { secret, options }] of Object.entries(MORE_PROVIDERS)) {
    routes[`/more/${provider}`] = createReceiver({ provider, secret, ...options, store }).on("*", ({ event }) => remember({ provider, event }));
  }
  return (request, env, ctx) => {
    const path = new URL(request.url).pathname;
    if (path === "/seen") return Response.json(seen);
    const receiver = routes[path];
    return receiver === undefined ? new Response(null, { status: 404 }) : receiver.fetch(request, env, ctx);
  };
}
