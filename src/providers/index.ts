// The registry: the providers the library ships, by name, and the types a receiver derives from
// them. Every layer that serves "any provider" (the receiver, the command line, /testing, the
// project's own test tables) iterates this list; none holds a provider switch of its own.
import type { Secrets } from "../lib/types.js";
import type { CommonReceiverOptions, Receiver, SecretOption } from "../receiver/types.js";
import { type EwarehousingReceiverOptions, ewarehousing } from "./ewarehousing.js";
import { type MwReceiverOptions, mobilityWork } from "./mobility-work.js";
import { type TikiReceiverOptions, tiki } from "./tiki.js";
import { type TikinowChannel, type TikinowEvents, type TikinowReceiverOptions, tikinow } from "./tikinow.js";
import { type TilbyReceiverOptions, tilby } from "./tilby.js";
// Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
import { type ShopifyReceiverOptions, shopify } from "./shopify.js";
import { type WoocommerceReceiverOptions, woocommerce } from "./woocommerce.js";
import { type SendcloudReceiverOptions, sendcloud } from "./sendcloud.js";
import { type MollieReceiverOptions, mollie } from "./mollie.js";
import { type HaravanReceiverOptions, haravan } from "./haravan.js";
import { type SapoReceiverOptions, sapo } from "./sapo.js";
// Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
import { type LazadaReceiverOptions, lazada } from "./lazada.js";
import { type SepayReceiverOptions, sepay } from "./sepay.js";
import { type ShopeeReceiverOptions, shopee } from "./shopee.js";
import { type StandardWebhooksReceiverOptions, standardWebhooks } from "./standard-webhooks.js";
import { type TiktokShopReceiverOptions, tiktokShop } from "./tiktok-shop.js";
// payOS, Casso, ZaloPay; VNPay, MoMo, Adyen
import { type PayosReceiverOptions, payos } from "./payos.js";
import { type CassoReceiverOptions, casso } from "./casso.js";
import { type ZalopayReceiverOptions, zalopay } from "./zalopay.js";
import { type VnpayReceiverOptions, vnpay } from "./vnpay.js";
import { type MomoReceiverOptions, momo } from "./momo.js";
import { type AdyenReceiverOptions, adyen } from "./adyen.js";
import type { AnyProviderDeclaration, ProviderDeclaration } from "./types.js";

/** The providers the library ships, in the order the command line lists them. */
export const PROVIDERS = [
  tikinow,
  tiki,
  mobilityWork,
  tilby,
  ewarehousing,
  // Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
  shopify,
  woocommerce,
  sendcloud,
  mollie,
  haravan,
  sapo,
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  standardWebhooks,
  sepay,
  lazada,
  tiktokShop,
  shopee,
  // payOS, Casso, ZaloPay; VNPay, MoMo, Adyen
  payos,
  casso,
  zalopay,
  vnpay,
  momo,
  adyen,
] as const;

type Shipped = (typeof PROVIDERS)[number];

/** The names of the providers the library ships (their command-line names). */
export type ReceiverProvider = Shipped["name"];

/** The events of each shipped provider (TikiNOW: of the receiver's channel). */
export type ProviderEvents<C extends TikinowChannel = TikinowChannel> = {
  [D in Shipped as D["name"]]: D["name"] extends "tikinow" ? Pick<TikinowEvents, C> : NonNullable<D["__events"]>;
};

/** What verification learns, by shipped provider. */
export type ProviderVerified = { [D in Shipped as D["name"]]: NonNullable<D["__verified"]> };

/** A receiver for a provider of your own (`defineProvider`): its declaration, and its secret. */
export interface DeclaredReceiverOptions<D extends AnyProviderDeclaration = AnyProviderDeclaration> extends CommonReceiverOptions {
  /** A declaration from `defineProvider`. */
  provider: D;
  /** The secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** What `createReceiver` takes: a shipped provider's options, or a declaration's. */
export type ReceiverOptions<C extends TikinowChannel = TikinowChannel> =
  | TikinowReceiverOptions<C>
  | TikiReceiverOptions
  | MwReceiverOptions
  | TilbyReceiverOptions
  | EwarehousingReceiverOptions
  // Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
  | ShopifyReceiverOptions
  | WoocommerceReceiverOptions
  | SendcloudReceiverOptions
  | MollieReceiverOptions
  | HaravanReceiverOptions
  | SapoReceiverOptions
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  | StandardWebhooksReceiverOptions
  | SepayReceiverOptions
  | LazadaReceiverOptions
  | TiktokShopReceiverOptions
  | ShopeeReceiverOptions
  | PayosReceiverOptions
  | CassoReceiverOptions
  | ZalopayReceiverOptions
  | VnpayReceiverOptions
  | MomoReceiverOptions
  | AdyenReceiverOptions
  | DeclaredReceiverOptions;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** The receiver of one provider's options: its events and what verification learns. */
type OneReceiver<O> = O extends { provider: "tikinow"; channel: infer C extends TikinowChannel }
  ? Receiver<Pick<TikinowEvents, C>, ProviderVerified["tikinow"]>
  : O extends { provider: infer P extends Exclude<ReceiverProvider, "tikinow"> }
    ? Receiver<ProviderEvents[P], ProviderVerified[P]>
    : O extends { provider: ProviderDeclaration<string, infer E, infer V> }
      ? Receiver<unknown extends E ? Record<string, unknown> : E, unknown extends V ? Record<string, unknown> : V>
      : never;

/**
 * The receiver a set of options gives: the events and verification results of its provider; for
 * a provider chosen at run time (options typed as the union), a receiver whose events are any
 * string (payloads `unknown`), so that no caller needs a cast.
 */
export type ReceiverFor<O> = true extends IsUnion<
  O extends {
    /** The provider the options name. */
    provider: infer P;
  }
    ? P
    : never
>
  ? Receiver<Record<string, unknown>, Record<string, unknown>>
  : OneReceiver<O>;

