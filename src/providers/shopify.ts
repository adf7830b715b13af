// Shopify: base64 HMAC-SHA256 of the raw body with the app's client secret, in
// `X-Shopify-Hmac-Sha256` (or `shopify-hmac-sha256`); the topic names the event; retried 8 times
// over 4 hours. The delivery key: Shopify's docs make `X-Shopify-Event-Id` the dedupe key ("the
// same value across more than one webhook indicates a duplicate"), but one merchant action gives
// every subscription's delivery that same id. Keyed on the event id alone, a route that receives
// two topics (orders/create and orders/paid of one checkout) or two subscriptions of one topic
// would drop all but the first: so the key is topic + subscription handle (if any) + event id.
// Without an event id, `X-Shopify-Webhook-Id` (one delivery) keys it; without either, the body.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type ShopifyWebhook, parseShopifyWebhook } from "../payloads/shopify.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { headerHmacReceiving, headerHmacSigning, textSetting } from "./header-hmac.js";
import { declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Shopify: keep a processed key 24 h (8 retries over 4 hours). */
export const SHOPIFY_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Shopify's events: its topics (`"orders/create"`), each payload the delivery's envelope; `"shopify"` for a delivery without a topic header. */
export type ShopifyEvents = Record<string, ShopifyWebhook>;

/** What `createReceiver` takes for Shopify: the common options and its own. */
export interface ShopifyReceiverOptions extends CommonReceiverOptions {
  /** `"shopify"`. */
  provider: "shopify";
  /** The app's client secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** An `orders/create` body in the shape of the REST Order resource (values made up: Shopify publishes no signed sample). */
export const SHOPIFY_ORDERS_CREATE_EXAMPLE: Readonly<Record<string, unknown>> = /* @__PURE__ */ frozen({
  id: 450789469,
  admin_graphql_api_id: "gid://shopify/Order/450789469",
  email: "bob.norman@example.com",
  created_at: "2025-01-10T11:00:00-05:00",
  currency: "USD",
  total_price: "598.94",
  financial_status: "paid",
  line_items: [{ id: 466157049, title: "IPod Nano - 8gb", quantity: 1, price: "199.00", sku: "IPOD2008GREEN" }],
});

/** What a receiver reads of Shopify. */
export const shopifyReceiving: ReceivingDeclaration<"shopify", ShopifyEvents, SecretMatch> = /* @__PURE__ */ headerHmacReceiving({
  name: "shopify",
  title: "Shopify",
  verify: (verifiers, input) => verifiers.verifyShopify(input),
  parse: (body, headers) => named(parseShopifyWebhook(body, headers), (value) => value.topic ?? "shopify"),
  id: (parsed) => {
    const { topic, handle, eventId, webhookId } = parsed.payload as ShopifyWebhook;
    if (eventId !== undefined) return [topic ?? "", handle ?? "", eventId].join(":");
    return webhookId;
  },
  // Exponential backoff, 8 retries in 4 hours: about half an hour apart on average.
  retryAfterSeconds: 1_800,
  retentionMs: SHOPIFY_RETENTION_MS,
});

/** How a Shopify delivery is signed (classic `X-Shopify-*` headers), and its example (webhook-signatures/testing). */
export const shopifySigning: SigningDeclaration<"shopify"> = /* @__PURE__ */ headerHmacSigning({
  name: "shopify",
  title: "Shopify",
  header: "X-Shopify-Hmac-Sha256",
  scheme: { vectors: "shopify", verify: "verifyShopify", sign: "signShopify", header: "X-Shopify-Hmac-Sha256", valueKey: "signature" },
  sign: (signers, body, secret) => signers.signShopify({ body, secret }),
  headers: (settings) => [
    ["X-Shopify-Topic", textSetting(settings, "topic", () => "orders/create")],
    ["X-Shopify-Shop-Domain", textSetting(settings, "shopDomain", () => "example.myshopify.com")],
    ["X-Shopify-API-Version", textSetting(settings, "apiVersion", () => "2025-01")],
    ["X-Shopify-Webhook-Id", textSetting(settings, "webhookId", settings.randomId)],
    ["X-Shopify-Event-Id", textSetting(settings, "eventId", settings.randomId)],
    ["X-Shopify-Triggered-At", new Date(settings.nowMs).toISOString()],
  ],
  examples: [{ name: "shopify-orders-create", about: "orders/create (made-up values)", payload: SHOPIFY_ORDERS_CREATE_EXAMPLE }],
});

/** The Shopify declaration: what a receiver, /testing and the command line read of it. */
export const shopify: ProviderDeclaration<"shopify", ShopifyEvents, SecretMatch> = /* @__PURE__ */ declaration(shopifyReceiving, shopifySigning, {
  cliOptions: [
    { name: "topic", value: "TOPIC", help: "shopify: the X-Shopify-Topic (default orders/create)", commands: ["sign", "send"] },
    { name: "event-id", value: "ID", help: "shopify: the X-Shopify-Event-Id (default a random UUID)", commands: ["sign", "send"] },
  ],
  cliSettings: (values) => ({ topic: values.topic, eventId: values["event-id"] }),
  explain: { hmac: { algorithm: "sha256", encoding: "base64" } },
});
