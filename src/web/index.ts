// webhook-signatures/web: the same functions as the root entry, on Web Crypto
// (`globalThis.crypto.subtle`) instead of node:crypto, for Cloudflare Workers, Deno, Bun,
// Vercel Edge and browsers. No node: module and no Buffer anywhere in this entry's graph.
//
// Differences from the root entry, and only these:
// - verify… and sign… return Promises (Web Crypto is asynchronous). They resolve to exactly
//   what the root entry returns: the same `ok`, `reason`, extras and message, in the same cases.
// - Programmer errors (empty secret, bad algorithm, missing input, ...) still throw a TypeError
//   synchronously, from the call itself, before any Promise exists: a mistake shows up at once,
//   and a returned Promise never rejects because of input, from the network or otherwise.
// - basicAuthHeader, parseMwSignatureHeader and getHeader need no crypto and stay synchronous.
// - Bytes are read when you call: the body buffer may be reused as soon as the call returns.
// - HMAC keys imported from secrets are cached, at most 64 of them (least recently used out).
/**
 * The root entry's functions on Web Crypto (Workers, Deno, Bun, browsers): `verify…` and `sign…`
 * return Promises that resolve to what the root entry returns; `createReceiver` on Web Crypto.
 *
 * @module webhook-signatures/web
 */

// Shared inputs and results
export type { Bytes, HeaderValue, HeadersLike, HmacAlgorithm, Secret, Secrets } from "../lib/types.js";
export type { SecretMatch, VerifyFailure, VerifyFailureReason, VerifyHmacResult, VerifyResult } from "../lib/result.js";
export { getHeader } from "../lib/headers.js";

// TikiNOW Smart Logistics: x-signature, HMAC-SHA1
export { TIKI_SIGNATURE_HEADER, signTikiSha1, verifyTikiSha1 } from "./schemes/tikinow.js";
export type { SignTikiSha1Input, VerifyTikiSha1Input } from "../schemes/tikinow.js";

// Tiki Open API: HTTP Basic
export { basicAuthHeader, verifyBasicAuth } from "./schemes/tiki-basic.js";
export type { BasicCredentials, VerifyBasicAuthInput, VerifyBasicAuthResult } from "../schemes/tiki-basic.js";

// Mobility Work: X-MW-Signature, HMAC-SHA256 over t.nonce.body
export {
  MW_DEFAULT_TOLERANCE_SECONDS,
  MW_SIGNATURE_HEADER,
  parseMwSignatureHeader,
  signMwSignature,
  verifyMwSignature,
} from "./schemes/mobility-work.js";
export type {
  MwSignatureHeader,
  SignMwSignatureInput,
  VerifyMwSignatureInput,
  VerifyMwSignatureResult,
} from "../schemes/mobility-work.js";

// eWarehousing Solutions (and any base64 HMAC of the body): X-Hmac-SHA256
export { EWAREHOUSING_SIGNATURE_HEADER, signHmacBase64, verifyHmacBase64 } from "./schemes/ewarehousing.js";
export type { SignHmacBase64Input, VerifyHmacBase64Input } from "../schemes/ewarehousing.js";

// Tilby (and any hex HMAC of the body): header named by the caller
export { signHmacHex, verifyHmacHex } from "./schemes/tilby.js";
export type { SignHmacHexInput, VerifyHmacHexInput } from "../schemes/tilby.js";

// Shopify: X-Shopify-Hmac-Sha256 (or shopify-hmac-sha256), base64 HMAC-SHA256 of the body
export { SHOPIFY_EVENTS_SIGNATURE_HEADER, SHOPIFY_SIGNATURE_HEADER, signShopify, verifyShopify } from "./schemes/shopify.js";
export type { SignShopifyInput, VerifyShopifyInput } from "../schemes/shopify.js";

// WooCommerce: X-WC-Webhook-Signature, base64 HMAC-SHA256 (site-filterable) of the body
export { WOOCOMMERCE_SIGNATURE_HEADER, signWoocommerce, verifyWoocommerce } from "./schemes/woocommerce.js";
export type { SignWoocommerceInput, VerifyWoocommerceInput } from "../schemes/woocommerce.js";

// Sendcloud: Sendcloud-Signature, hex HMAC-SHA256 of the body
export { SENDCLOUD_SIGNATURE_HEADER, signSendcloud, verifySendcloud } from "./schemes/sendcloud.js";
export type { SignSendcloudInput, VerifySendcloudInput } from "../schemes/sendcloud.js";

// Mollie next-gen webhooks: X-Mollie-Signature, hex HMAC-SHA256 of the body
export { MOLLIE_SIGNATURE_HEADER, signMollie, verifyMollie } from "./schemes/mollie.js";
export type { SignMollieInput, VerifyMollieInput } from "../schemes/mollie.js";

// Haravan: X-Haravan-Hmacsha256, HMAC-SHA256 of the body (base64, or hex)
export { HARAVAN_SIGNATURE_HEADER, signHaravan, verifyHaravan } from "./schemes/haravan.js";
export type { SignHaravanInput, VerifyHaravanInput } from "../schemes/haravan.js";

// Sapo (unconfirmed): X-Sapo-Hmac-Sha256, base64 HMAC-SHA256 of the body
export { SAPO_SIGNATURE_HEADER, signSapo, verifySapo } from "./schemes/sapo.js";
export type { SignSapoInput, VerifySapoInput } from "../schemes/sapo.js";
// Standard Webhooks (Svix and the providers built on the spec): webhook-id, webhook-timestamp, webhook-signature
export {
  STANDARD_WEBHOOKS_ID_HEADER,
  STANDARD_WEBHOOKS_SECRET_PREFIX,
  STANDARD_WEBHOOKS_SIGNATURE_HEADER,
  STANDARD_WEBHOOKS_TIMESTAMP_HEADER,
  signStandardWebhooks,
  verifyStandardWebhooks,
} from "./schemes/standard-webhooks.js";
export type { SignStandardWebhooksInput, VerifyStandardWebhooksInput, VerifyStandardWebhooksResult } from "../schemes/standard-webhooks.js";
export { parseStandardWebhook } from "../payloads/standard-webhooks.js";
export type { StandardWebhook } from "../payloads/standard-webhooks.js";

// SePay (HMAC mode): X-SePay-Signature sha256=<hex> over timestamp.body
export { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER, signSepay, verifySepay } from "./schemes/sepay.js";
export type { SignSepayInput, VerifySepayInput, VerifySepayResult } from "../schemes/sepay.js";
export { parseSepayWebhook } from "../payloads/sepay.js";
export type { SepayTransaction } from "../payloads/sepay.js";

// Lazada Open Platform push: Authorization, hex HMAC-SHA256 over app key + body
export { signLazada, verifyLazada } from "./schemes/lazada.js";
export type { SignLazadaInput, VerifyLazadaInput } from "../schemes/lazada.js";
export { parseLazadaPush } from "../payloads/lazada.js";
export type { LazadaPush } from "../payloads/lazada.js";

// TikTok Shop (unconfirmed): Authorization, hex HMAC-SHA256 over app key + body
export { signTiktokShop, verifyTiktokShop } from "./schemes/tiktok-shop.js";
export type { SignTiktokShopInput, VerifyTiktokShopInput } from "../schemes/tiktok-shop.js";
export { parseTiktokShopWebhook } from "../payloads/tiktok-shop.js";
export type { TiktokShopWebhook } from "../payloads/tiktok-shop.js";

// Shopee Open Platform push (unconfirmed): Authorization, hex HMAC-SHA256 over URL|body
export { signShopee, verifyShopee } from "./schemes/shopee.js";
export type { SignShopeeInput, VerifyShopeeInput } from "../schemes/shopee.js";
export { parseShopeePush } from "../payloads/shopee.js";
export type { ShopeePush } from "../payloads/shopee.js";
// payOS: the body's signature field, hex HMAC-SHA256 of data's sorted key=value&… text
export { signPayosSignature, verifyPayosSignature } from "./schemes/payos.js";
export type { SignPayosSignatureInput, VerifyPayosSignatureInput } from "../schemes/payos.js";

// Casso (webhook v2): X-Casso-Signature t=<ms>,v1=<hex HMAC-SHA512 of t.sorted JSON>
export { CASSO_DEFAULT_TOLERANCE_SECONDS, CASSO_SIGNATURE_HEADER, signCassoSignature, verifyCassoSignature } from "./schemes/casso.js";
export type { SignCassoSignatureInput, VerifyCassoSignatureInput, VerifyCassoSignatureResult } from "../schemes/casso.js";

// ZaloPay (payment callback): the body's mac field, hex HMAC-SHA256 (key2) of its data string
export { signZalopayMac, verifyZalopayMac } from "./schemes/zalopay.js";
export type { SignZalopayMacInput, VerifyZalopayMacInput } from "../schemes/zalopay.js";
// VNPay IPN: vnp_SecureHash in the query, HMAC-SHA512 over the sorted, URL-encoded vnp_ parameters
export { VNPAY_SIGNATURE_PARAM } from "../schemes/vnpay-query.js";
export { signVnpayIpn, verifyVnpayIpn } from "./schemes/vnpay.js";
export type { SignVnpayIpnInput, VerifyVnpayIpnInput } from "../schemes/vnpay.js";

// MoMo IPN v3: body field signature, HMAC-SHA256 over accessKey=…&amount=…&…&transId=…
export { MOMO_SIGNED_FIELDS } from "../schemes/json-fields.js";
export { signMomoIpn, verifyMomoIpn } from "./schemes/momo.js";
export type { SignMomoIpnInput, VerifyMomoIpnInput } from "../schemes/momo.js";

// Adyen standard webhooks: additionalData.hmacSignature of each item, HMAC-SHA256 under the hex key
export { signAdyenItem, verifyAdyenNotification } from "./schemes/adyen.js";
export type { AdyenHmacKey, SignAdyenItemInput, VerifyAdyenNotificationInput } from "../schemes/adyen.js";

// Payload parsers: the shared result
export type { ParseFailure, ParseFailureReason, ParseResult } from "../payloads/shape.js";

// TikiNOW payloads: one parser per channel (the URL tells them apart)
export { parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "../payloads/tikinow.js";
export type {
  TikiAftersale,
  TikiAftersaleData,
  TikiOrderExtraInfo,
  TikiOrderMainState,
  TikiOrderMainSubstate,
  TikiOrderStatus,
  TikiOrderStatusData,
  TikiStockSync,
  TikiStockSyncData,
} from "../payloads/tikinow.js";

// Tiki Open API payloads
export { parseTikiProductRequestEvent } from "../payloads/tiki-open-api.js";
export type {
  TikiProductRequestApproved,
  TikiProductRequestEmptyPayload,
  TikiProductRequestEvent,
  TikiProductRequestEventName,
  TikiProductRequestLocked,
  TikiProductRequestPayload,
  TikiProductRequestRejected,
  TikiProductRequestRejectedPayload,
  TikiRejectReason,
} from "../payloads/tiki-open-api.js";

// Mobility Work payloads
export { isMwSparePartOutOfStock, parseMwWebhook } from "../payloads/mobility-work.js";
export type { MwOtherWebhook, MwSparePartOutOfStock, MwWebhook, MwWebhookEnvelope } from "../payloads/mobility-work.js";

// eWarehousing payloads
export { parseEwarehousingWebhook } from "../payloads/ewarehousing.js";
export type {
  EwarehousingAction,
  EwarehousingEnvelope,
  EwarehousingEventMap,
  EwarehousingGroup,
  EwarehousingStockBody,
  EwarehousingStockUpdated,
  EwarehousingWebhook,
  EwarehousingWebhookOf,
} from "../payloads/ewarehousing.js";

// Tilby payloads
export { parseTilbyWebhook } from "../payloads/tilby.js";
export type { TilbyEntity, TilbyEntityName, TilbyEventType, TilbyNotification, TilbySubscribed, TilbyWebhook } from "../payloads/tilby.js";

// Shopify payloads
export { parseShopifyWebhook } from "../payloads/shopify.js";
export type { ShopifyWebhook } from "../payloads/shopify.js";

// WooCommerce payloads
export { parseWoocommerceWebhook } from "../payloads/woocommerce.js";
export type { WoocommerceWebhook } from "../payloads/woocommerce.js";

// Sendcloud payloads
export { parseSendcloudWebhook } from "../payloads/sendcloud.js";
export type { SendcloudWebhook } from "../payloads/sendcloud.js";

// Mollie payloads
export { parseMollieEvent } from "../payloads/mollie.js";
export type { MollieEvent } from "../payloads/mollie.js";

// Haravan payloads
export { parseHaravanWebhook } from "../payloads/haravan.js";
export type { HaravanWebhook } from "../payloads/haravan.js";

// Sapo payloads
export { parseSapoWebhook } from "../payloads/sapo.js";
export type { SapoWebhook } from "../payloads/sapo.js";
// payOS, Casso and ZaloPay payloads (read strictly: one JSON reading, as their verify functions read it)
export { parsePayosWebhook } from "../payloads/payos.js";
export type { PayosWebhook, PayosWebhookData } from "../payloads/payos.js";
export { parseCassoWebhook } from "../payloads/casso.js";
export type { CassoTransaction, CassoWebhook } from "../payloads/casso.js";
export { parseZalopayCallback } from "../payloads/zalopay.js";
export type { ZalopayCallback, ZalopayCallbackData } from "../payloads/zalopay.js";
// VNPay payloads: the IPN's signed vnp_ parameters
export { parseVnpayIpn } from "../payloads/vnpay.js";
export type { VnpayIpn } from "../payloads/vnpay.js";

// MoMo payloads: the IPN's signed fields, read as strict JSON
export { parseMomoIpn } from "../payloads/momo.js";
export type { MomoIpn } from "../payloads/momo.js";

// Adyen payloads: a standard webhook's notification, read as strict JSON
export { parseAdyenNotification } from "../payloads/adyen.js";
export type { AdyenNotification, AdyenNotificationRequestItem } from "../payloads/adyen.js";

// Replay protection and at-least-once delivery: the in-memory store and the state machine
// (platform-neutral, synchronous digests). RedisNonceStore, PostgresNonceStore and the
// handleOnce helpers (which verify with node:crypto) are in the root entry.
export { MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES, MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY, MemoryNonceStore } from "../replay/nonce-store.js";
export type { BeginResult, MemoryNonceStoreOptions, NonceStore } from "../replay/nonce-store.js";
export { STORED_KEY_MAX_LENGTH, storedKey } from "../replay/keys.js";
export { NonceStoreError } from "../replay/store-error.js";
export type { NonceStoreErrorCode, NonceStoreOperation } from "../replay/store-error.js";
export {
  DELIVERY_LEASE_MS,
  DELIVERY_RETENTION_MS,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  runOnce,
} from "../replay/run-once.js";
export { EWAREHOUSING_RETENTION_MS, EWAREHOUSING_WEBHOOK_ID_HEADER } from "../providers/ewarehousing.js";
export { TIKINOW_RETENTION_MS } from "../providers/tikinow.js";
export { TIKI_RETENTION_MS } from "../providers/tiki.js";
export { TILBY_RETENTION_MS } from "../providers/tilby.js";
export { SHOPIFY_RETENTION_MS } from "../providers/shopify.js";
export { WOOCOMMERCE_RETENTION_MS } from "../providers/woocommerce.js";
export { SENDCLOUD_RETENTION_MS } from "../providers/sendcloud.js";
export { MOLLIE_RETENTION_MS } from "../providers/mollie.js";
export { HARAVAN_RETENTION_MS } from "../providers/haravan.js";
export { SAPO_RETENTION_MS } from "../providers/sapo.js";
export { PAYOS_RETENTION_MS } from "../providers/payos.js";
export { CASSO_RETENTION_MS } from "../providers/casso.js";
export { ZALOPAY_RETENTION_MS } from "../providers/zalopay.js";
export { deliveryKey, deliveryKeyFromBody } from "../replay/delivery-key.js";
export type { DeliveryKeyInput } from "../replay/delivery-key.js";
export type { RunOnceInput, RunOnceResult, RunOnceSettled, RunOnceTimedOut, StoreOperation } from "../replay/run-once.js";

// The receiver: one call per route, the Fetch door (`receiver.fetch`) for Workers, Deno and Bun
export { createReceiver } from "./receiver.js";
// Tracing: every delivery on RECEIVE_CHANNEL, every store transition on STORE_CHANNEL (diagnostics_channel, where the runtime has it)
export { RECEIVE_CHANNEL } from "../receiver/core.js";
export { STORE_CHANNEL } from "../replay/run-once.js";
export type { StoreTraceContext } from "../replay/run-once.js";
export type {
  Answer,
  ReceiveOutcome,
  ReceiveTraceContext,
  Delivery,
  DeliveryContext,
  DeliveryHandler,
  Receiver,
  ReceiverRequest,
  WaitUntilContext,
  Refusal,
  RefusalReason,
  SecretOption,
  TenantSecret,
} from "../receiver/types.js";
export type { DeclaredReceiverOptions, ReceiverFor, ReceiverOptions, ReceiverProvider } from "../providers/index.js";
// The Lambda door (`receiver.lambda`): the events it reads, the context it uses, the result it gives
export type { LambdaContext, LambdaEvent, LambdaHttpEvent, LambdaRestEvent, LambdaResult } from "../receiver/types.js";
export type { TikinowChannel } from "../providers/tikinow.js";
export { defineProvider } from "../providers/define.js";
export type { DeclaredEvent, DeclaredId, DeclaredSecret, DeclaredSignature, DeclaredTimestamp, ProviderDefinition } from "../providers/define.js";
export type { ProviderDeclaration, ProviderExample } from "../providers/types.js";

