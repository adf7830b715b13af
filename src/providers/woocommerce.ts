// WooCommerce: base64 HMAC of the raw body (SHA-256 unless the site's filter changes it) with the
// webhook's secret, in `X-WC-Webhook-Signature`; `X-WC-Webhook-Topic` names the event.
// WooCommerce never retries (it counts failures and disables the webhook), and its delivery id
// (`X-WC-Webhook-Delivery-ID`, `wp_hash(webhook id . now)`) is new on every attempt: that id keys
// a delivery, so that nothing is ever dropped (two attempts are two deliveries; keyed on the body
// instead, an order.created and an order.updated with the same body, sent in the same second,
// would be one). Duplicates from a background job run twice are not caught: compare the
// resource's `date_modified`.
// The creation ping, `webhook_id=<id>` form-encoded without a signature, is answered 200 before
// verification (WooCommerce wants exactly 200 before it saves the webhook); only that exact shape,
// without a signature header: it runs no handler and records nothing, so forging one gains nothing.
import { argumentError, describe } from "../lib/errors.js";
import { getHeader } from "../lib/headers.js";
import type { SecretMatch } from "../lib/result.js";
import type { HmacAlgorithm, Secrets } from "../lib/types.js";
import { type WoocommerceWebhook, parseWoocommerceWebhook } from "../payloads/woocommerce.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { headerHmacReceiving, headerHmacSigning, textSetting } from "./header-hmac.js";
import { declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** WooCommerce: no retries; a processed key is kept 24 h all the same (the store's default). */
export const WOOCOMMERCE_RETENTION_MS = DELIVERY_RETENTION_MS;

/** WooCommerce's events: its topics (`"order.updated"`), each payload the delivery's envelope; `"woocommerce"` for a delivery without a topic header. */
export type WoocommerceEvents = Record<string, WoocommerceWebhook>;

/** What `createReceiver` takes for WooCommerce: the common options and its own. */
export interface WoocommerceReceiverOptions extends CommonReceiverOptions {
  /** `"woocommerce"`. */
  provider: "woocommerce";
  /** The webhook's secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** The site's `woocommerce_webhook_hash_algorithm`, if a plugin changed it. Default `"sha256"`. */
  algorithm?: HmacAlgorithm;
}

/** An `order.created` body in the shape of the REST API v3 order (values made up: WooCommerce publishes no signed sample). */
export const WOOCOMMERCE_ORDER_CREATED_EXAMPLE: Readonly<Record<string, unknown>> = /* @__PURE__ */ frozen({
  id: 727,
  status: "processing",
  currency: "USD",
  date_created: "2025-01-10T11:00:00",
  date_modified: "2025-01-10T11:00:00",
  total: "29.35",
  billing: { first_name: "John", last_name: "Doe", email: "john.doe@example.com" },
  line_items: [{ id: 315, name: "Woo Single #1", product_id: 93, quantity: 2, total: "6.00" }],
});

/** The creation ping's body: `webhook_id=` and the webhook's id, nothing else. */
const PING = /^webhook_id=[0-9]{1,20}$/;
const ALGORITHMS: readonly HmacAlgorithm[] = ["sha256", "sha1", "sha512"];

function algorithmOption(options: Readonly<Record<string, unknown>>): HmacAlgorithm | undefined {
  const algorithm = options.algorithm;
  if (algorithm !== undefined && !ALGORITHMS.includes(algorithm as HmacAlgorithm)) {
    throw argumentError("algorithm", `must be "sha256", "sha1" or "sha512", got ${describe(algorithm)}`);
  }
  return algorithm as HmacAlgorithm | undefined;
}

/** What a receiver reads of WooCommerce. */
export const woocommerceReceiving: ReceivingDeclaration<"woocommerce", WoocommerceEvents, SecretMatch> = /* @__PURE__ */ headerHmacReceiving({
  name: "woocommerce",
  title: "WooCommerce",
  checkOptions: algorithmOption,
  verify: (verifiers, input, options) => {
    const algorithm = algorithmOption(options);
    return verifiers.verifyWoocommerce(algorithm === undefined ? input : { ...input, algorithm });
  },
  parse: (body, headers) => named(parseWoocommerceWebhook(body, headers), (value) => value.topic ?? "woocommerce"),
  id: (parsed) => (parsed.payload as WoocommerceWebhook).deliveryId,
  ping: (body, headers) =>
    body.length <= 31 && getHeader(headers, "x-wc-webhook-signature") === undefined && PING.test(String.fromCharCode(...body)),
  retryAfterSeconds: 60,
  retentionMs: WOOCOMMERCE_RETENTION_MS,
});

/** How a WooCommerce delivery is signed, and its example (webhook-signatures/testing). */
export const woocommerceSigning: SigningDeclaration<"woocommerce"> = /* @__PURE__ */ headerHmacSigning({
  name: "woocommerce",
  title: "WooCommerce",
  header: "X-WC-Webhook-Signature",
  scheme: { vectors: "woocommerce", verify: "verifyWoocommerce", sign: "signWoocommerce", header: "X-WC-Webhook-Signature", valueKey: "signature" },
  sign: (signers, body, secret, settings) => {
    const algorithm = algorithmOption(settings);
    return signers.signWoocommerce(algorithm === undefined ? { body, secret } : { body, secret, algorithm });
  },
  headers: (settings) => {
    const topic = textSetting(settings, "topic", () => "order.created");
    const dot = topic.indexOf(".");
    return [
      ["X-WC-Webhook-Source", textSetting(settings, "source", () => "https://shop.example/")],
      ["X-WC-Webhook-Topic", topic],
      ["X-WC-Webhook-Resource", dot < 0 ? topic : topic.slice(0, dot)],
      ["X-WC-Webhook-Event", dot < 0 ? topic : topic.slice(dot + 1)],
      ["X-WC-Webhook-ID", textSetting(settings, "webhookId", () => "1")],
      ["X-WC-Webhook-Delivery-ID", textSetting(settings, "deliveryId", settings.randomId)],
    ];
  },
  examples: [{ name: "woocommerce-order-created", about: "order.created (made-up values)", payload: WOOCOMMERCE_ORDER_CREATED_EXAMPLE }],
});

/** The WooCommerce declaration: what a receiver, /testing and the command line read of it. */
export const woocommerce: ProviderDeclaration<"woocommerce", WoocommerceEvents, SecretMatch> = /* @__PURE__ */ declaration(woocommerceReceiving, woocommerceSigning, {
  cliOptions: [
    { name: "topic", value: "TOPIC", help: "woocommerce: the X-WC-Webhook-Topic (default order.created)", commands: ["sign", "send"] },
    {
      name: "algorithm",
      value: "ALG",
      help: "woocommerce: the site's webhook hash algorithm (default sha256)",
      commands: ["sign", "send", "verify", "listen"],
      read: { choices: ALGORITHMS },
    },
  ],
  cliSettings: (values) => ({ topic: values.topic, algorithm: values.algorithm }),
  cliReceiverOptions: (values) => (values.algorithm === undefined ? {} : { algorithm: values.algorithm }),
  explain: { hmac: { algorithm: "sha256", encoding: "base64" } },
});
