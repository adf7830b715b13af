// The built package (dist/, made by `npm run build` before the tests) as users load it:
// ESM import and CJS require through the exports map, by the package's own name.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check as checkEntries } from "../scripts/entries.js";

const root = new URL("..", import.meta.url);
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });

const ROOT_VALUES = [
  "defineProvider",
  "EWAREHOUSING_SIGNATURE_HEADER",
  "MW_DEFAULT_TOLERANCE_SECONDS",
  "MW_SIGNATURE_HEADER",
  "TIKI_SIGNATURE_HEADER",
  "basicAuthHeader",
  "getHeader",
  "parseMwSignatureHeader",
  "signHmacBase64",
  "signHmacHex",
  "signMwSignature",
  "signTikiSha1",
  "verifyBasicAuth",
  "verifyHmacBase64",
  "verifyHmacHex",
  "verifyMwSignature",
  "verifyTikiSha1",
  // issue 27: raw-body HMAC in one header
  "HARAVAN_SIGNATURE_HEADER",
  "MOLLIE_SIGNATURE_HEADER",
  "SAPO_SIGNATURE_HEADER",
  "SENDCLOUD_SIGNATURE_HEADER",
  "SHOPIFY_EVENTS_SIGNATURE_HEADER",
  "SHOPIFY_SIGNATURE_HEADER",
  "WOOCOMMERCE_SIGNATURE_HEADER",
  "signHaravan",
  "signMollie",
  "signSapo",
  "signSendcloud",
  "signShopify",
  "signWoocommerce",
  "verifyHaravan",
  "verifyMollie",
  "verifySapo",
  "verifySendcloud",
  "verifyShopify",
  "verifyWoocommerce",
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  "SEPAY_SIGNATURE_HEADER",
  "SEPAY_TIMESTAMP_HEADER",
  "STANDARD_WEBHOOKS_ID_HEADER",
  "STANDARD_WEBHOOKS_SECRET_PREFIX",
  "STANDARD_WEBHOOKS_SIGNATURE_HEADER",
  "STANDARD_WEBHOOKS_TIMESTAMP_HEADER",
  "parseLazadaPush",
  "parseSepayWebhook",
  "parseShopeePush",
  "parseStandardWebhook",
  "parseTiktokShopWebhook",
  "signLazada",
  "signSepay",
  "signShopee",
  "signStandardWebhooks",
  "signTiktokShop",
  "verifyLazada",
  "verifySepay",
  "verifyShopee",
  "verifyStandardWebhooks",
  "verifyTiktokShop",
  // VNPay, MoMo, Adyen: signed in the query or in body fields
  "MOMO_SIGNED_FIELDS",
  "VNPAY_SIGNATURE_PARAM",
  "signAdyenItem",
  "signMomoIpn",
  "signVnpayIpn",
  "verifyAdyenNotification",
  "verifyMomoIpn",
  "verifyVnpayIpn",
  // payload parsers
  "isMwSparePartOutOfStock",
  "parseEwarehousingWebhook",
  "parseMwWebhook",
  "parseTikiAftersale",
  "parseTikiOrderStatus",
  "parseTikiProductRequestEvent",
  "parseTikiStockSync",
  "parseTilbyWebhook",
  "parseHaravanWebhook",
  "parseMollieEvent",
  "parseSapoWebhook",
  "parseSendcloudWebhook",
  "parseShopifyWebhook",
  "parseWoocommerceWebhook",
  // payOS, Casso, ZaloPay
  "CASSO_DEFAULT_TOLERANCE_SECONDS",
  "CASSO_SIGNATURE_HEADER",
  "parseCassoWebhook",
  "parsePayosWebhook",
  "parseZalopayCallback",
  "signCassoSignature",
  "signPayosSignature",
  "signZalopayMac",
  "verifyCassoSignature",
  "verifyPayosSignature",
  "verifyZalopayMac",
  "CASSO_RETENTION_MS",
  "PAYOS_RETENTION_MS",
  "ZALOPAY_RETENTION_MS",
  "parseVnpayIpn",
  "parseMomoIpn",
  "parseAdyenNotification",
  // replay protection
  "DELIVERY_LEASE_MS",
  "DELIVERY_RETENTION_MS",
  "EWAREHOUSING_RETENTION_MS",
  "EWAREHOUSING_WEBHOOK_ID_HEADER",
  "MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES",
  "MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY",
  "MW_FALLBACK_RETENTION_MS",
  "MemoryNonceStore",
  "NonceStoreError",
  "POSTGRES_NONCE_STORE_DEFAULT_TABLE",
  "POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS",
  "POSTGRES_NONCE_STORE_SCHEMA",
  "PostgresNonceStore",
  "PostgresNonceStoreError",
  "REDIS_NONCE_STORE_DEFAULT_PREFIX",
  "REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS",
  "REDIS_SCRIPTS",
  "RedisNonceStore",
  "RedisNonceStoreError",
  "STORED_KEY_MAX_LENGTH",
  "STORE_CHANNEL",
  "TIKINOW_RETENTION_MS",
  "TIKI_RETENTION_MS",
  "TILBY_RETENTION_MS",
  "HARAVAN_RETENTION_MS",
  "MOLLIE_RETENTION_MS",
  "SAPO_RETENTION_MS",
  "SENDCLOUD_RETENTION_MS",
  "SHOPIFY_RETENTION_MS",
  "WOOCOMMERCE_RETENTION_MS",
  "UNAVAILABLE_RETRY_AFTER_SECONDS",
  "deliveryKey",
  "deliveryKeyFromBody",
  "handleMwOnce",
  "handleOnce",
  "postgresNonceStoreSchema",
  "runOnce",
  "storedKey",
];

const TESTING_VALUES = [
  "EWAREHOUSING_STOCK_UPDATED_EXAMPLE",
  "MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE",
  "TIKINOW_AFTERSALE_EXAMPLE",
  "TIKINOW_ORDER_CANCELED_EXAMPLE",
  "TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE",
  "TIKINOW_ORDER_PROCESSING_EXAMPLE",
  "TIKINOW_STOCK_EXAMPLE",
  "TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE",
  "TILBY_SALES_CLOSED_EXAMPLE",
  "TILBY_SUBSCRIBED_EXAMPLE",
  "HARAVAN_ORDERS_CREATE_EXAMPLE",
  "MOLLIE_EVENT_EXAMPLE",
  "SAPO_ORDERS_UPDATE_EXAMPLE",
  "SENDCLOUD_PARCEL_STATUS_CHANGED_EXAMPLE",
  "SHOPIFY_ORDERS_CREATE_EXAMPLE",
  "WOOCOMMERCE_ORDER_CREATED_EXAMPLE",
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  "LAZADA_EXAMPLE",
  "SEPAY_TRANSACTION_EXAMPLE",
  "SHOPEE_ORDER_STATUS_EXAMPLE",
  "STANDARD_WEBHOOKS_EXAMPLE",
  "TIKTOK_SHOP_EXAMPLE",
  "CASSO_TRANSACTION_EXAMPLE",
  "PAYOS_PAYMENT_EXAMPLE",
  "ZALOPAY_ORDER_EXAMPLE",
  "VNPAY_IPN_EXAMPLE",
  "MOMO_IPN_EXAMPLE",
  "ADYEN_AUTHORISATION_EXAMPLE",
  "deliveryFor",
  "ewarehousingDelivery",
  "mobilityWorkDelivery",
  "tikiOpenApiDelivery",
  "tikinowDelivery",
  "tilbyDelivery",
];

/** The names each entry exposes, through import and through require. */
function names(specifier: string): { esm: string[]; cjs: string[] } {
  const esm = run(["--input-type=module", "-e", `import * as m from "${specifier}"; console.log(JSON.stringify(Object.keys(m).sort()))`]);
  const cjs = run(["-e", `console.log(JSON.stringify(Object.keys(require("${specifier}")).sort()))`]);
  return { esm: JSON.parse(esm) as string[], cjs: JSON.parse(cjs) as string[] };
}

describe("the built package", () => {
  it("exposes exactly the public names through import and require", () => {
    const { esm, cjs } = names("webhook-signatures");
    expect(esm).toEqual([...ROOT_VALUES].sort());
    expect(cjs).toEqual(esm);
  });

  it("exposes the test helpers from webhook-signatures/testing only", () => {
    const { esm, cjs } = names("webhook-signatures/testing");
    expect(esm).toEqual([...TESTING_VALUES].sort());
    expect(cjs).toEqual(esm);
  });

  it("exposes the same signature functions, parsers and memory store from webhook-signatures/web", () => {
    const { esm, cjs } = names("webhook-signatures/web");
    // The root's names less the stores and helpers that need Node (node:crypto, a server).
    const nodeOnly = /^(MW_FALLBACK_RETENTION_MS|POSTGRES_.*|Postgres.*|postgresNonceStoreSchema|REDIS_.*|Redis.*|handleMwOnce|handleOnce)$/;
    // Plus the Fetch receiver (the root entry's is in webhook-signatures/receiver) and its tracing channel's name.
    const web = [...ROOT_VALUES.filter((name) => !nodeOnly.test(name)), "createReceiver", "RECEIVE_CHANNEL"];
    expect(esm).toEqual(web.sort());
    expect(cjs).toEqual(esm);
  });

  it("verifies from the CJS build exactly as from the sources", () => {
    const out = run([
      "-e",
      'const w = require("webhook-signatures"); const s = w.signTikiSha1({ body: "x", secret: "k" }); console.log(JSON.stringify([s, w.verifyTikiSha1({ body: "x", secret: "k", signature: s }).ok]))',
    ]);
    // openssl: printf x | openssl dgst -sha1 -hmac k
    expect(JSON.parse(out)).toEqual(["sha1=cb00131fcec602a8fc84413a2a70154d8c06a0d2", true]);
  });

  it("lists in package.json (exports, typesVersions) and jsr.json exactly the entries of scripts/entries.ts", () => {
    expect(checkEntries()).toEqual([]);
  });

  it("has no runtime dependencies and ships only dist", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toEqual(["dist"]);
    expect(pkg.sideEffects).toBe(false);
  });
});
