// webhook-signatures: verify and sign the webhooks of TikiNOW, Tiki Open API,
// Mobility Work, eWarehousing and Tilby. An explicit barrel: every public name once.

// Shared inputs and results
export type { Bytes, HeaderValue, HeadersLike, HmacAlgorithm, Secret, Secrets } from "./lib/types.js";
export type { SecretMatch, VerifyFailure, VerifyFailureReason, VerifyHmacResult, VerifyResult } from "./lib/result.js";
export { getHeader } from "./lib/headers.js";

// TikiNOW Smart Logistics: x-signature, HMAC-SHA1
export { TIKI_SIGNATURE_HEADER, signTikiSha1, verifyTikiSha1 } from "./schemes/tikinow.js";
export type { SignTikiSha1Input, VerifyTikiSha1Input } from "./schemes/tikinow.js";

// Tiki Open API: HTTP Basic
export { basicAuthHeader, verifyBasicAuth } from "./schemes/tiki-basic.js";
export type { BasicCredentials, VerifyBasicAuthInput, VerifyBasicAuthResult } from "./schemes/tiki-basic.js";

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
} from "./schemes/mobility-work.js";

// eWarehousing Solutions (and any base64 HMAC of the body): X-Hmac-SHA256
export { EWAREHOUSING_SIGNATURE_HEADER, signHmacBase64, verifyHmacBase64 } from "./schemes/ewarehousing.js";
export type { SignHmacBase64Input, VerifyHmacBase64Input } from "./schemes/ewarehousing.js";

// Tilby (and any hex HMAC of the body): header named by the caller
export { signHmacHex, verifyHmacHex } from "./schemes/tilby.js";
export type { SignHmacHexInput, VerifyHmacHexInput } from "./schemes/tilby.js";

// Shopify: X-Shopify-Hmac-Sha256 (or shopify-hmac-sha256), base64 HMAC-SHA256 of the body
export { SHOPIFY_EVENTS_SIGNATURE_HEADER, SHOPIFY_SIGNATURE_HEADER, signShopify, verifyShopify } from "./schemes/shopify.js";
export type { SignShopifyInput, VerifyShopifyInput } from "./schemes/shopify.js";

// WooCommerce: X-WC-Webhook-Signature, base64 HMAC-SHA256 (site-filterable) of the body
export { WOOCOMMERCE_SIGNATURE_HEADER, signWoocommerce, verifyWoocommerce } from "./schemes/woocommerce.js";
export type { SignWoocommerceInput, VerifyWoocommerceInput } from "./schemes/woocommerce.js";

// Sendcloud: Sendcloud-Signature, hex HMAC-SHA256 of the body
export { SENDCLOUD_SIGNATURE_HEADER, signSendcloud, verifySendcloud } from "./schemes/sendcloud.js";
export type { SignSendcloudInput, VerifySendcloudInput } from "./schemes/sendcloud.js";

// Mollie next-gen webhooks: X-Mollie-Signature, hex HMAC-SHA256 of the body
export { MOLLIE_SIGNATURE_HEADER, signMollie, verifyMollie } from "./schemes/mollie.js";
export type { SignMollieInput, VerifyMollieInput } from "./schemes/mollie.js";

// Haravan: X-Haravan-Hmacsha256, HMAC-SHA256 of the body (base64, or hex)
export { HARAVAN_SIGNATURE_HEADER, signHaravan, verifyHaravan } from "./schemes/haravan.js";
export type { SignHaravanInput, VerifyHaravanInput } from "./schemes/haravan.js";

// Sapo (unconfirmed): X-Sapo-Hmac-Sha256, base64 HMAC-SHA256 of the body
export { SAPO_SIGNATURE_HEADER, signSapo, verifySapo } from "./schemes/sapo.js";
export type { SignSapoInput, VerifySapoInput } from "./schemes/sapo.js";

// Providers of your own: a declaration the receiver, handleOnce, /testing and the command line serve
export { defineProvider } from "./providers/define.js";
export type { DeclaredEvent, DeclaredId, DeclaredSecret, DeclaredSignature, DeclaredTimestamp, ProviderDefinition } from "./providers/define.js";
export type { ProviderDeclaration, ProviderExample } from "./providers/types.js";

// Payload parsers: the shared result
export type { ParseFailure, ParseFailureReason, ParseResult } from "./payloads/shape.js";

// TikiNOW payloads: one parser per channel (the URL tells them apart)
export { parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "./payloads/tikinow.js";
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
} from "./payloads/tikinow.js";

// Tiki Open API payloads
export { parseTikiProductRequestEvent } from "./payloads/tiki-open-api.js";
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
} from "./payloads/tiki-open-api.js";

// Mobility Work payloads
export { isMwSparePartOutOfStock, parseMwWebhook } from "./payloads/mobility-work.js";
export type { MwOtherWebhook, MwSparePartOutOfStock, MwWebhook, MwWebhookEnvelope } from "./payloads/mobility-work.js";

// eWarehousing payloads
export { parseEwarehousingWebhook } from "./payloads/ewarehousing.js";
export type {
  EwarehousingAction,
  EwarehousingEnvelope,
  EwarehousingEventMap,
  EwarehousingGroup,
  EwarehousingStockBody,
  EwarehousingStockUpdated,
  EwarehousingWebhook,
  EwarehousingWebhookOf,
} from "./payloads/ewarehousing.js";

// Tilby payloads
export { parseTilbyWebhook } from "./payloads/tilby.js";
export type { TilbyEntity, TilbyEntityName, TilbyEventType, TilbyNotification, TilbySubscribed, TilbyWebhook } from "./payloads/tilby.js";

// Shopify payloads
export { parseShopifyWebhook } from "./payloads/shopify.js";
export type { ShopifyWebhook } from "./payloads/shopify.js";

// WooCommerce payloads
export { parseWoocommerceWebhook } from "./payloads/woocommerce.js";
export type { WoocommerceWebhook } from "./payloads/woocommerce.js";

// Sendcloud payloads
export { parseSendcloudWebhook } from "./payloads/sendcloud.js";
export type { SendcloudWebhook } from "./payloads/sendcloud.js";

// Mollie payloads
export { parseMollieEvent } from "./payloads/mollie.js";
export type { MollieEvent } from "./payloads/mollie.js";

// Haravan payloads
export { parseHaravanWebhook } from "./payloads/haravan.js";
export type { HaravanWebhook } from "./payloads/haravan.js";

// Sapo payloads
export { parseSapoWebhook } from "./payloads/sapo.js";
export type { SapoWebhook } from "./payloads/sapo.js";

// Replay protection and at-least-once delivery: the stores, the state machine, the verify → handle helpers
export { MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES, MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY, MemoryNonceStore } from "./replay/nonce-store.js";
export type { BeginResult, MemoryNonceStoreOptions, NonceStore } from "./replay/nonce-store.js";
export { STORED_KEY_MAX_LENGTH, storedKey } from "./replay/keys.js";
export { NonceStoreError } from "./replay/store-error.js";
export type { NonceStoreErrorCode, NonceStoreOperation } from "./replay/store-error.js";
export {
  REDIS_NONCE_STORE_DEFAULT_PREFIX,
  REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS,
  REDIS_SCRIPTS,
  RedisNonceStore,
  RedisNonceStoreError,
} from "./replay/redis.js";
export type { IoredisClientLike, NodeRedisClientLike, RedisClientLike, RedisNonceStoreOptions, RedisScriptRunner } from "./replay/redis.js";
export {
  POSTGRES_NONCE_STORE_DEFAULT_TABLE,
  POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS,
  POSTGRES_NONCE_STORE_SCHEMA,
  PostgresNonceStore,
  PostgresNonceStoreError,
  postgresNonceStoreSchema,
} from "./replay/postgres.js";
export type { PostgresClientLike, PostgresNonceStoreOptions } from "./replay/postgres.js";
export {
  DELIVERY_LEASE_MS,
  DELIVERY_RETENTION_MS,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  runOnce,
} from "./replay/run-once.js";
export { EWAREHOUSING_RETENTION_MS, EWAREHOUSING_WEBHOOK_ID_HEADER } from "./providers/ewarehousing.js";
export { TIKINOW_RETENTION_MS } from "./providers/tikinow.js";
export { TIKI_RETENTION_MS } from "./providers/tiki.js";
export { TILBY_RETENTION_MS } from "./providers/tilby.js";
export { SHOPIFY_RETENTION_MS } from "./providers/shopify.js";
export { WOOCOMMERCE_RETENTION_MS } from "./providers/woocommerce.js";
export { SENDCLOUD_RETENTION_MS } from "./providers/sendcloud.js";
export { MOLLIE_RETENTION_MS } from "./providers/mollie.js";
export { HARAVAN_RETENTION_MS } from "./providers/haravan.js";
export { SAPO_RETENTION_MS } from "./providers/sapo.js";
export { deliveryKey, deliveryKeyFromBody } from "./replay/delivery-key.js";
export type { DeliveryKeyInput } from "./replay/delivery-key.js";
export type { RunOnceInput, RunOnceResult, RunOnceSettled, RunOnceTimedOut, StoreOperation } from "./replay/run-once.js";
export { handleOnce } from "./replay/handle-once.js";
export { MW_FALLBACK_RETENTION_MS, handleMwOnce } from "./providers/mobility-work-once.js";
export type { HandleMwOnceInput, MwVerified } from "./providers/mobility-work-once.js";
export type {
  HandleOnceInput,
  HandleOnceRejectReason,
  HandleOnceResult,
  Verified,
  VerifyOutcome,
} from "./replay/handle-once.js";
