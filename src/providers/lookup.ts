// Finding a provider's part by its name (or a declaration of your own): the receiver looks up
// what it receives with, /testing what it signs with. Each list holds one part of each shipped
// declaration, so that a receiver's bundle carries no signing and /testing no parser.
import { argumentError, describe } from "../lib/errors.js";
import { isDeclared } from "./define.js";
import { ewarehousingReceiving, ewarehousingSigning } from "./ewarehousing.js";
import { mobilityWorkReceiving, mobilityWorkSigning } from "./mobility-work.js";
import { tikiReceiving, tikiSigning } from "./tiki.js";
import { tikinowReceiving, tikinowSigning } from "./tikinow.js";
import { tilbyReceiving, tilbySigning } from "./tilby.js";
// Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
import { shopifyReceiving, shopifySigning } from "./shopify.js";
import { woocommerceReceiving, woocommerceSigning } from "./woocommerce.js";
import { sendcloudReceiving, sendcloudSigning } from "./sendcloud.js";
import { mollieReceiving, mollieSigning } from "./mollie.js";
import { haravanReceiving, haravanSigning } from "./haravan.js";
import { sapoReceiving, sapoSigning } from "./sapo.js";
// Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
import { lazadaReceiving, lazadaSigning } from "./lazada.js";
import { sepayReceiving, sepaySigning } from "./sepay.js";
import { shopeeReceiving, shopeeSigning } from "./shopee.js";
import { standardWebhooksReceiving, standardWebhooksSigning } from "./standard-webhooks.js";
import { tiktokShopReceiving, tiktokShopSigning } from "./tiktok-shop.js";
// payOS, Casso, ZaloPay; VNPay, MoMo, Adyen
import { payosReceiving, payosSigning } from "./payos.js";
import { cassoReceiving, cassoSigning } from "./casso.js";
import { zalopayReceiving, zalopaySigning } from "./zalopay.js";
import { vnpayReceiving, vnpaySigning } from "./vnpay.js";
import { momoReceiving, momoSigning } from "./momo.js";
import { adyenReceiving, adyenSigning } from "./adyen.js";
import type { ReceivingDeclaration, SigningDeclaration } from "./types.js";

const RECEIVING: readonly ReceivingDeclaration<string, any, any>[] = [
  tikinowReceiving,
  tikiReceiving,
  mobilityWorkReceiving,
  tilbyReceiving,
  ewarehousingReceiving,
  // Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
  shopifyReceiving,
  woocommerceReceiving,
  sendcloudReceiving,
  mollieReceiving,
  haravanReceiving,
  sapoReceiving,
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  standardWebhooksReceiving,
  sepayReceiving,
  lazadaReceiving,
  tiktokShopReceiving,
  shopeeReceiving,
  // payOS, Casso, ZaloPay; VNPay, MoMo, Adyen
  payosReceiving,
  cassoReceiving,
  zalopayReceiving,
  vnpayReceiving,
  momoReceiving,
  adyenReceiving,
];
const SIGNING: readonly SigningDeclaration[] = [
  tikinowSigning,
  tikiSigning,
  mobilityWorkSigning,
  tilbySigning,
  ewarehousingSigning,
  // Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
  shopifySigning,
  woocommerceSigning,
  sendcloudSigning,
  mollieSigning,
  haravanSigning,
  sapoSigning,
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  standardWebhooksSigning,
  sepaySigning,
  lazadaSigning,
  tiktokShopSigning,
  shopeeSigning,
  // payOS, Casso, ZaloPay; VNPay, MoMo, Adyen
  payosSigning,
  cassoSigning,
  zalopaySigning,
  vnpaySigning,
  momoSigning,
  adyenSigning,
];

function unknownProvider(names: readonly { readonly name: string }[], provider: unknown): TypeError {
  return argumentError("provider", `must be one of ${names.map((p) => JSON.stringify(p.name)).join(", ")} or a declaration made by defineProvider, got ${describe(provider)}`);
}

/** What a receiver's `provider` option names: a shipped provider's name, or a declaration of your own. */
export function receivingOf(provider: unknown): ReceivingDeclaration<string, any, any> {
  if (isDeclared(provider)) return provider;
  const shipped = typeof provider === "string" ? RECEIVING.find((part) => part.name === provider) : undefined;
  if (shipped === undefined) throw unknownProvider(RECEIVING, provider);
  return shipped;
}

/** How to sign for a provider: a shipped provider's name, or a declaration of your own. */
export function signingOf(provider: unknown): SigningDeclaration {
  if (isDeclared(provider)) return provider;
  const shipped = typeof provider === "string" ? SIGNING.find((part) => part.name === provider) : undefined;
  if (shipped === undefined) throw unknownProvider(SIGNING, provider);
  return shipped;
}
