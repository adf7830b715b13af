// The root entry's verify and sign functions (node:crypto) as the sets a declaration calls:
// the receiver of webhook-signatures/receiver, the command line and webhook-signatures/testing.
import * as crypto from "node:crypto";
import { signHmacBase64, verifyHmacBase64 } from "../schemes/ewarehousing.js";
import { signMwSignature, verifyMwSignature } from "../schemes/mobility-work.js";
import { basicAuthHeader, verifyBasicAuth } from "../schemes/tiki-basic.js";
import { signHmacHex, verifyHmacHex } from "../schemes/tilby.js";
import { signTikiSha1, verifyTikiSha1 } from "../schemes/tikinow.js";
import { signShopify, verifyShopify } from "../schemes/shopify.js";
import { signWoocommerce, verifyWoocommerce } from "../schemes/woocommerce.js";
import { signSendcloud, verifySendcloud } from "../schemes/sendcloud.js";
import { signMollie, verifyMollie } from "../schemes/mollie.js";
import { signHaravan, verifyHaravan } from "../schemes/haravan.js";
import { signSapo, verifySapo } from "../schemes/sapo.js";
// Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
import { signLazada, verifyLazada } from "../schemes/lazada.js";
import { signSepay, verifySepay } from "../schemes/sepay.js";
import { signShopee, verifyShopee } from "../schemes/shopee.js";
import { signStandardWebhooks, verifyStandardWebhooks } from "../schemes/standard-webhooks.js";
import { signTiktokShop, verifyTiktokShop } from "../schemes/tiktok-shop.js";
import { signCassoSignature, verifyCassoSignature } from "../schemes/casso.js";
import { signPayosSignature, verifyPayosSignature } from "../schemes/payos.js";
import { signZalopayMac, verifyZalopayMac } from "../schemes/zalopay.js";
import { signVnpayIpn, verifyVnpayIpn } from "../schemes/vnpay.js";
import { signMomoIpn, verifyMomoIpn } from "../schemes/momo.js";
import { signAdyenItem, verifyAdyenNotification } from "../schemes/adyen.js";
import type { Signers, Verifiers } from "./types.js";

export const nodeVerifiers: Verifiers = {
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

// crypto.hash (Node 20.12+, 21.7+) digests in one call without a Hash object to collect; older
// Node 20 lines take createHash. Read through the namespace: a named import would fail to link there.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: "hex") => string }).hash;

/** The SHA-256 of a body in hex (a delivery that carries no id is keyed by it). */
function sha256Hex(body: Uint8Array): string {
  return oneShot === undefined ? crypto.createHash("sha256").update(body).digest("hex") : oneShot("sha256", body, "hex");
}

export const nodeSigners: Signers = {
  signTikiSha1,
  basicAuthHeader,
  signMwSignature,
  signHmacHex,
  signHmacBase64,
  // Shopify, WooCommerce, Sendcloud, Mollie, Haravan, Sapo
  signShopify,
  signWoocommerce,
  signSendcloud,
  signMollie,
  signHaravan,
  signSapo,
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  signStandardWebhooks,
  signSepay,
  signLazada,
  signTiktokShop,
  signShopee,
  // payOS, Casso, ZaloPay
  signPayosSignature,
  signCassoSignature,
  signZalopayMac,
  signVnpayIpn,
  signMomoIpn,
  signAdyenItem,
};
