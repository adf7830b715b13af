// Shopee Open Platform push (unconfirmed: third-party sources only): `Authorization: <hex
// HMAC-SHA256>` with the partner key over `{callback URL}|{raw body}`. The URL is the one
// registered with Shopee, given as the receiver's `publicUrl`: never rebuilt from the request's
// Host or X-Forwarded-* headers, which behind a proxy are not what Shopee signed (and which a
// sender controls). Delivery id, answer and retries are not documented: the body's digest keys a
// delivery, kept 24 h. The empty-body request that checks the URL is answered 200 unverified.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type ShopeePush, parseShopeePush } from "../payloads/shopee.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { shopeeUrlOf } from "../schemes/keyed-header.js";
import { authorizationOf } from "./keyed-explain.js";
import { JSON_CONTENT_TYPE, checkSecretOption, declaration, frozen, named } from "./shared.js";
import type { ExplainAttempt, ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Shopee: keep a processed delivery's key 24 h. */
const SHOPEE_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Shopee events: the push's `code` as a string when it is a number (`"3"` order status; unconfirmed), else `"push"`. */
export type ShopeeEvents = Record<string, ShopeePush>;

/** What `createReceiver` takes for Shopee: the common options and its own. */
export interface ShopeeReceiverOptions extends CommonReceiverOptions {
  /** `"shopee"`. */
  provider: "shopee";
  /** The partner key (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /**
   * The callback URL exactly as registered with Shopee, which it signs (`https://shop.example/hooks/shopee`).
   * Required: behind a proxy the request's own URL is not what Shopee signed.
   */
  publicUrl: string;
}

/** A Shopee order status push (code 3) in the shape third-party SDKs show; values made up. */
export const SHOPEE_ORDER_STATUS_EXAMPLE: ShopeePush = /* @__PURE__ */ frozen({
  code: 3,
  shop_id: 600000,
  timestamp: 1660123456,
  data: { ordersn: "220810ABCDEF12", status: "READY_TO_SHIP", update_time: 1660123456 },
});

/** What a receiver reads of Shopee. */
export const shopeeReceiving: ReceivingDeclaration<"shopee", ShopeeEvents, SecretMatch> = {
  name: "shopee",
  title: "Shopee Open Platform",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    shopeeUrlOf(options.publicUrl, "publicUrl");
  },
  steps(options, verifiers) {
    const url = options.publicUrl as string;
    return {
      verify: (body, headers, secret) => verifiers.verifyShopee({ body, headers, secret: secret as Secrets, url }),
      parse: (body) => named(parseShopeePush(body), (value) => (typeof value.code === "number" ? String(value.code) : "push")),
      id: () => undefined,
      // Shopee checks a callback URL with an empty-body request when it is saved (third-party
      // docs; whether it is signed is not said): answered 200, running nothing and recording
      // nothing, so that the URL can be saved. An empty body carries no event to forge.
      ping: (body) => body.length === 0,
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: SHOPEE_RETENTION_MS,
};

/** How a Shopee push is signed (webhook-signatures/testing). Settings: `publicUrl` (required). */
export const shopeeSigning: SigningDeclaration<"shopee"> = {
  name: "shopee",
  title: "Shopee Open Platform",
  secretOption: "secret",
  scheme: { vectors: "shopee", verify: "verifyShopee", sign: "signShopee", header: "Authorization", valueKey: "signature" },
  signatureHeader: () => "Authorization",
  sign: (signers, body, secret, settings) => [
    JSON_CONTENT_TYPE,
    ["Authorization", signers.signShopee({ body, secret, url: shopeeUrlOf(settings.publicUrl, "publicUrl") })],
  ],
  examples: [{ name: "shopee-order-status", about: "an order status push, code 3 (unconfirmed shape, values made up)", payload: SHOPEE_ORDER_STATUS_EXAMPLE }],
};

/** The URLs a proxy usually makes of the registered one: the other scheme, a trailing slash added or dropped, the Host the request came with. */
function urlVariants(url: string, host: string | undefined): string[] {
  const variants = new Set<string>();
  variants.add(url.startsWith("https:") ? `http:${url.slice(6)}` : url.replace(/^http:/i, "https:"));
  variants.add(url.endsWith("/") ? url.slice(0, -1) : `${url}/`);
  if (host !== undefined && /^[A-Za-z0-9.:[\]-]+$/.test(host)) {
    const withHost = url.replace(/^(https?:\/\/)[^/]+/i, `$1${host}`);
    variants.add(withHost);
    variants.add(withHost.startsWith("https:") ? `http:${withHost.slice(6)}` : withHost.replace(/^http:/i, "https:"));
  }
  variants.delete(url);
  return [...variants];
}

/** The Shopee declaration: what a receiver, /testing and the command line read of it. */
export const shopee: ProviderDeclaration<"shopee", ShopeeEvents, SecretMatch> = /* @__PURE__ */ declaration(shopeeReceiving, shopeeSigning, {
  cliOptions: [
    {
      name: "url",
      value: "URL",
      help: "shopee: the callback URL exactly as registered with Shopee, which it signs (required)",
      commands: ["sign", "send", "verify", "listen"],
      required: "the callback URL registered with Shopee",
    },
  ],
  cliSettings: (values) => ({ publicUrl: values.url }),
  cliReceiverOptions: (values) => ({ publicUrl: values.url }),
  explain: {
    mistakes(_failure, context) {
      const digits = authorizationOf(context);
      const url = context.values.url as string;
      if (digits === undefined) return [];
      const attempts: ExplainAttempt[] = urlVariants(url, context.header("host")).map((variant) => ({
        what: `the URL ${variant} instead of ${url}`,
        why: "Shopee signs the callback URL exactly as registered; behind a proxy (TLS ended there, another host, a path rewritten) the URL this server sees is not that one",
        fix: `pass --url ${variant} (publicUrl in code) if that is the URL registered with Shopee; never build it from the request's Host or X-Forwarded-* headers`,
        matches: (secret) => context.check({ ...context.values, url: variant }, secret),
      }));
      attempts.push({
        what: "HMAC-SHA256 of the body alone, without the URL and | before it",
        why: 'the sender signs only the body; Shopee signs "{callback URL}|{body}"',
        fix: "if this is your own test sender, sign with signShopee (or webhook-signatures sign shopee --url ...)",
        matches: (secret) => context.hmacMatches(context.body, secret, digits, "sha256", "hex"),
      });
      return attempts;
    },
  },
});
