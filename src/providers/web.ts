// /web's verify functions (Web Crypto) as the set a declaration calls: the receiver of
// webhook-signatures/web. No `node:` module.
import { sha256Hex } from "../replay/sha256.js";
import { verifyHmacBase64 } from "../web/schemes/ewarehousing.js";
import { verifyMwSignature } from "../web/schemes/mobility-work.js";
import { verifyBasicAuth } from "../web/schemes/tiki-basic.js";
import { verifyHmacHex } from "../web/schemes/tilby.js";
import { verifyTikiSha1 } from "../web/schemes/tikinow.js";
import { verifyShopify } from "../web/schemes/shopify.js";
import { verifyWoocommerce } from "../web/schemes/woocommerce.js";
import { verifySendcloud } from "../web/schemes/sendcloud.js";
import { verifyMollie } from "../web/schemes/mollie.js";
import { verifyHaravan } from "../web/schemes/haravan.js";
import { verifySapo } from "../web/schemes/sapo.js";
// Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
import { verifyLazada } from "../web/schemes/lazada.js";
import { verifySepay } from "../web/schemes/sepay.js";
import { verifyShopee } from "../web/schemes/shopee.js";
import { verifyStandardWebhooks } from "../web/schemes/standard-webhooks.js";
import { verifyTiktokShop } from "../web/schemes/tiktok-shop.js";
import { verifyCassoSignature } from "../web/schemes/casso.js";
import { verifyPayosSignature } from "../web/schemes/payos.js";
import { verifyZalopayMac } from "../web/schemes/zalopay.js";
import { verifyVnpayIpn } from "../web/schemes/vnpay.js";
import { verifyMomoIpn } from "../web/schemes/momo.js";
import { verifyAdyenNotification } from "../web/schemes/adyen.js";
import type { Verifiers } from "./types.js";

export const webVerifiers: Verifiers = {
  verifyTikiSha1,
  verifyBasicAuth,
  verifyMwSignature,
  verifyHmacHex,
  verifyHmacBase64,
  verifyShopify,
  verifyWoocommerce,
  verifySendcloud,
  verifyMollie,
  verifyHaravan,
  verifySapo,
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  verifyStandardWebhooks,
  verifySepay,
  verifyLazada,
  verifyTiktokShop,
  verifyShopee,
  // payOS, Casso, ZaloPay
  verifyPayosSignature,
  verifyCassoSignature,
  verifyZalopayMac,
  verifyVnpayIpn,
  verifyMomoIpn,
  verifyAdyenNotification,
  sha256Hex,
};
