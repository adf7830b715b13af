// TikTok Shop webhooks (unconfirmed: third-party sources only): `Authorization: <hex HMAC-SHA256>`
// with the app secret over the app key followed by the raw body. Timestamp, delivery id, answer and
// retries are not documented: the body's digest keys a delivery, kept 24 h. Not TikTok for
// Developers' `TikTok-Signature` scheme, a different product.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type TiktokShopWebhook, parseTiktokShopWebhook } from "../payloads/tiktok-shop.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { appKeyOf } from "../schemes/keyed-header.js";
import { JSON_CONTENT_TYPE, checkSecretOption, declaration, frozen, named } from "./shared.js";
import { appKeyMistakes } from "./keyed-explain.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** TikTok Shop: keep a processed delivery's key 24 h. */
const TIKTOK_SHOP_RETENTION_MS = DELIVERY_RETENTION_MS;

/** TikTok Shop events: the body's `type` as a string when it is a string or a number (unconfirmed), else `"webhook"`. */
export type TiktokShopEvents = Record<string, TiktokShopWebhook>;

/** What `createReceiver` takes for TikTok Shop: the common options and its own. */
export interface TiktokShopReceiverOptions extends CommonReceiverOptions {
  /** `"tiktok-shop"`. */
  provider: "tiktok-shop";
  /** The App Secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** The app's App Key, signed before the body. */
  appKey: string;
}

/** TikTok Shop: an order status change (unconfirmed shape, values made up). */
export const TIKTOK_SHOP_EXAMPLE: TiktokShopWebhook = /* @__PURE__ */ frozen({
  type: 1,
  shop_id: "7494049642642441621",
  timestamp: 1644412885,
  data: { order_id: "576461413038785752", order_status: "UNPAID", update_time: 1644412885 },
});

/** What a receiver reads of TikTok Shop. */
export const tiktokShopReceiving: ReceivingDeclaration<"tiktok-shop", TiktokShopEvents, SecretMatch> = {
  name: "tiktok-shop",
  title: "TikTok Shop",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    appKeyOf(options.appKey);
  },
  steps(options, verifiers) {
    const appKey = options.appKey as string;
    return {
      verify: (body, headers, secret) => verifiers.verifyTiktokShop({ body, headers, secret: secret as Secrets, appKey }),
      parse: (body) => named(parseTiktokShopWebhook(body), (value) => typeof value.type === "string" || typeof value.type === "number" ? String(value.type) : "webhook"),
      id: () => undefined,
    };
  },
  retryAfterSeconds: 60,
  retentionMs: TIKTOK_SHOP_RETENTION_MS,
};

/** How a TikTok Shop delivery is signed (webhook-signatures/testing). Settings: `appKey` (required). */
export const tiktokShopSigning: SigningDeclaration<"tiktok-shop"> = {
  name: "tiktok-shop",
  title: "TikTok Shop",
  secretOption: "secret",
  scheme: { vectors: "tiktok-shop", verify: "verifyTiktokShop", sign: "signTiktokShop", header: "Authorization", valueKey: "signature" },
  signatureHeader: () => "Authorization",
  sign: (signers, body, secret, settings) => [JSON_CONTENT_TYPE, ["Authorization", signers.signTiktokShop({ body, secret, appKey: settings.appKey as string })]],
  examples: [{ name: "tiktok-shop-order-status-change", about: "an order status change (unconfirmed shape, values made up)", payload: TIKTOK_SHOP_EXAMPLE }],
};

/** The TikTok Shop declaration: what a receiver, /testing and the command line read of it. */
export const tiktokShop: ProviderDeclaration<"tiktok-shop", TiktokShopEvents, SecretMatch> = /* @__PURE__ */ declaration(tiktokShopReceiving, tiktokShopSigning, {
  cliOptions: [
    { name: "app-key", value: "KEY", help: "tiktok-shop: the App Key, signed before the body (required)", commands: ["sign", "send", "verify", "listen"], required: "the App Key of your app" },
  ],
  cliSettings: (values) => ({ appKey: values["app-key"] }),
  cliReceiverOptions: (values) => ({ appKey: values["app-key"] }),
  explain: { mistakes: (_failure, context) => appKeyMistakes(context, "TikTok Shop", "signTiktokShop") },
});
