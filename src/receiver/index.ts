// webhook-signatures/receiver: one receiver per route (a provider; for TikiNOW, a channel) that
// reads the raw body, verifies it (node:crypto), parses it, runs the typed handlers once per
// delivery through the at-least-once layer, and answers as the provider asks. Doors for Node
// (`receiver.node`: node:http, Express, Koa, Fastify) and Fetch (`receiver.fetch`).
// The same receiver on Web Crypto (Workers, Deno, Bun) is `createReceiver` from webhook-signatures/web.
/**
 * One receiver per route on node:crypto: reads the raw body, verifies, parses, runs the typed
 * handlers once per delivery and answers as the provider asks (`receiver.node`, `receiver.fetch`).
 *
 * @module webhook-signatures/receiver
 */
import { nodeVerifiers } from "../providers/node.js";
import type { ReceiverFor, ReceiverOptions } from "../providers/index.js";
import { createReceiverWith } from "./compose.js";

/**
 * A receiver for one route. `provider` picks the scheme, the parser and the events (a shipped
 * provider's name, or a declaration from `defineProvider`); `on(event, handler)` adds typed
 * handlers; `receiver.node` / `receiver.fetch` plug it into a framework.
 * Throws a TypeError naming the option for a mistake in `options`.
 */
export function createReceiver<const O extends ReceiverOptions>(options: O): ReceiverFor<O> {
  return createReceiverWith(nodeVerifiers, options);
}

export { RECEIVER_DEFAULT_BODY_TIMEOUT_MS, RECEIVER_DEFAULT_DEADLINE_MS, RECEIVER_DEFAULT_MAX_BODY_BYTES } from "./core.js";
// Tracing: every delivery on RECEIVE_CHANNEL, every store transition on STORE_CHANNEL (diagnostics_channel)
export { RECEIVE_CHANNEL } from "./core.js";
export { STORE_CHANNEL } from "../replay/run-once.js";
export type { StoreTraceContext } from "../replay/run-once.js";
export { TILBY_DEFAULT_SIGNATURE_HEADER } from "../providers/tilby.js";
export { errorCode } from "./answers.js";
export type {
  Answer,
  CommonReceiverOptions,
  Delivery,
  DeliveryContext,
  DeliveryHandler,
  NodeRequestLike,
  NodeResponseLike,
  ReceiveOutcome,
  ReceiveTraceContext,
  Receiver,
  ReceiverRequest,
  Refusal,
  RefusalReason,
  SecretOption,
  TenantSecret,
  WaitUntilContext,
} from "./types.js";
export type { DeclaredReceiverOptions, ProviderEvents, ProviderVerified, ReceiverFor, ReceiverOptions, ReceiverProvider } from "../providers/index.js";
// The Lambda door (`receiver.lambda`): the events it reads, the context it uses, the result it gives
export type { LambdaContext, LambdaEvent, LambdaHttpEvent, LambdaRestEvent, LambdaResult } from "./types.js";
export type { EwarehousingEventName, EwarehousingEvents, EwarehousingReceiverOptions } from "../providers/ewarehousing.js";
export type { MwEvents, MwReceiverOptions } from "../providers/mobility-work.js";
export type { TikiEvents, TikiReceiverOptions } from "../providers/tiki.js";
export type { TikinowChannel, TikinowEvents, TikinowReceiverOptions } from "../providers/tikinow.js";
export type { TilbyEvents, TilbyKnownEntity, TilbyReceiverOptions } from "../providers/tilby.js";
export type { ShopifyEvents, ShopifyReceiverOptions } from "../providers/shopify.js";
export type { WoocommerceEvents, WoocommerceReceiverOptions } from "../providers/woocommerce.js";
export type { SendcloudEvents, SendcloudReceiverOptions } from "../providers/sendcloud.js";
export type { MollieEvents, MollieReceiverOptions } from "../providers/mollie.js";
export type { HaravanEvents, HaravanReceiverOptions } from "../providers/haravan.js";
export type { SapoEvents, SapoReceiverOptions } from "../providers/sapo.js";
export type { PayosEvents, PayosReceiverOptions } from "../providers/payos.js";
export type { CassoEvents, CassoReceiverOptions } from "../providers/casso.js";
export type { ZalopayEvents, ZalopayReceiverOptions } from "../providers/zalopay.js";
export type { StandardWebhooksEvents, StandardWebhooksReceiverOptions } from "../providers/standard-webhooks.js";
export type { SepayEvents, SepayReceiverOptions } from "../providers/sepay.js";
export type { LazadaEvents, LazadaReceiverOptions } from "../providers/lazada.js";
export type { TiktokShopEvents, TiktokShopReceiverOptions } from "../providers/tiktok-shop.js";
export type { ShopeeEvents, ShopeeReceiverOptions } from "../providers/shopee.js";
export type { VnpayEvents, VnpayReceiverOptions } from "../providers/vnpay.js";
export type { MomoEvents, MomoReceiverOptions } from "../providers/momo.js";
export type { AdyenEvents, AdyenReceiverOptions } from "../providers/adyen.js";
