// webhook-signatures/testing: signed fake deliveries for your own handler's tests, and the
// providers' documented example payloads. Not part of the root entry.
//
//   const delivery = tikinowDelivery({ secret: "my-stock-secret" });
//   const res = await app.request("/webhooks/tiki/stock", { method: "POST", ...delivery });
//
// Every builder signs through its provider's declaration (src/providers/: its `sign`, over the
// root entry's sign functions), over the exact body string it returns: post that string as it
// is (re-serialising it would break the signature). `deliveryFor` serves any provider, a
// declared one of your own included; the named builders are it, for one provider each.
// Header names are lowercase, as Node hands them to a handler.
/**
 * Signed fake deliveries for your own handler's tests (`deliveryFor` and one builder per
 * provider), and the providers' documented example payloads.
 *
 * @module webhook-signatures/testing
 */
import { randomUUID } from "node:crypto";
import type { BasicCredentials, EWAREHOUSING_SIGNATURE_HEADER, MW_SIGNATURE_HEADER, Secret, TIKI_SIGNATURE_HEADER } from "./index.js";
import { assertCredentials } from "./lib/credentials.js";
import { argumentError, describe } from "./lib/errors.js";
import type { EwarehousingWebhook } from "./payloads/ewarehousing.js";
import type { MwWebhook } from "./payloads/mobility-work.js";
import type { TikiProductRequestEvent } from "./payloads/tiki-open-api.js";
import type { TikiAftersale, TikiOrderStatus, TikiStockSync } from "./payloads/tikinow.js";
import type { TilbyWebhook } from "./payloads/tilby.js";
import type { ReceiverProvider } from "./providers/index.js";
import { signingOf } from "./providers/lookup.js";
import { nodeSigners } from "./providers/node.js";
import { TILBY_DEFAULT_SIGNATURE_HEADER } from "./providers/tilby.js";
import type { AnyProviderDeclaration, SigningDeclaration } from "./providers/types.js";

// Documented example payloads (each provider's declaration holds them). Frozen (deeply):
// spread them to make a variant.
export { EWAREHOUSING_STOCK_UPDATED_EXAMPLE } from "./providers/ewarehousing.js";
export { MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE } from "./providers/mobility-work.js";
export { TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE } from "./providers/tiki.js";
export {
  TIKINOW_AFTERSALE_EXAMPLE,
  TIKINOW_ORDER_CANCELED_EXAMPLE,
  TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE,
  TIKINOW_ORDER_PROCESSING_EXAMPLE,
  TIKINOW_STOCK_EXAMPLE,
} from "./providers/tikinow.js";
export { TILBY_SALES_CLOSED_EXAMPLE, TILBY_SUBSCRIBED_EXAMPLE } from "./providers/tilby.js";
export { SHOPIFY_ORDERS_CREATE_EXAMPLE } from "./providers/shopify.js";
export { WOOCOMMERCE_ORDER_CREATED_EXAMPLE } from "./providers/woocommerce.js";
export { SENDCLOUD_PARCEL_STATUS_CHANGED_EXAMPLE } from "./providers/sendcloud.js";
export { MOLLIE_EVENT_EXAMPLE } from "./providers/mollie.js";
export { HARAVAN_ORDERS_CREATE_EXAMPLE } from "./providers/haravan.js";
export { SAPO_ORDERS_UPDATE_EXAMPLE } from "./providers/sapo.js";
// Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee (deliveryFor signs them by name)
export { STANDARD_WEBHOOKS_EXAMPLE } from "./providers/standard-webhooks.js";
export { SEPAY_TRANSACTION_EXAMPLE } from "./providers/sepay.js";
export { LAZADA_EXAMPLE } from "./providers/lazada.js";
export { TIKTOK_SHOP_EXAMPLE } from "./providers/tiktok-shop.js";
export { SHOPEE_ORDER_STATUS_EXAMPLE } from "./providers/shopee.js";
export { PAYOS_PAYMENT_EXAMPLE } from "./providers/payos.js";
export { CASSO_TRANSACTION_EXAMPLE } from "./providers/casso.js";
export { ZALOPAY_ORDER_EXAMPLE } from "./providers/zalopay.js";
export { VNPAY_IPN_EXAMPLE } from "./providers/vnpay.js";
export { MOMO_IPN_EXAMPLE } from "./providers/momo.js";
export { ADYEN_AUTHORISATION_EXAMPLE } from "./providers/adyen.js";

// ---------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------

/** A signed delivery: post `body` exactly as it is, with `headers`. */
export interface TestDelivery<H extends string = string> {
  /** The body to post, exactly as signed. */
  body: string;
  /**
   * For a provider that signs its query (VNPay, whose IPN is a GET): the query to append to
   * your URL, without its `?`; `body` is then `""`. Absent for every other provider.
   */
  query?: string;
  /** Lowercase names; `content-type: application/json` with every body (VNPay's GET has none). */
  headers: Record<"content-type" | H, string>;
}

/** What every builder takes besides its secret. */
export interface DeliveryBodyOptions<T> {
  /** The payload to send, serialised with JSON.stringify. Default: the provider's documented example. */
  payload?: T;
  /** The raw body, sent and signed byte for byte instead of `payload` (a pretty-printed body, an invalid one, a recorded one). */
  body?: string;
}

export interface TikinowDeliveryOptions extends DeliveryBodyOptions<TikiStockSync | TikiOrderStatus | TikiAftersale> {
  /** The channel's `secret_key`. */
  secret: Secret;
}

export interface TikiOpenApiDeliveryOptions extends DeliveryBodyOptions<TikiProductRequestEvent> {
  /** The pair the seller granted Tiki. */
  credentials: BasicCredentials;
}

export interface MobilityWorkDeliveryOptions extends DeliveryBodyOptions<MwWebhook> {
  /** The webhook's secret key. */
  secret: Secret;
  /** `t`, in unix seconds. Default: now (pass one, with `now` on the verify side, for a fixed test). */
  timestamp?: number;
  /** Default: 40 random hex digits, as in the docs' example. */
  nonce?: string;
}

export interface TilbyDeliveryOptions<H extends string> extends DeliveryBodyOptions<TilbyWebhook> {
  /** The shop's static token. */
  secret: Secret;
  /**
   * The header that carries the signature. Tilby does not document it: default
   * `"x-tilby-signature"`, as the receiver and the command line (`TILBY_DEFAULT_SIGNATURE_HEADER`).
   */
  headerName?: H | undefined;
}

export interface EwarehousingDeliveryOptions extends DeliveryBodyOptions<EwarehousingWebhook> {
  /** The webhook's `hash_secret`. */
  secret: Secret;
  /** The `x-webhook-id` header (unique per event, for de-duplication). Default: a random UUID. */
  webhookId?: string;
}

/** What `deliveryFor` takes: the body, the provider's secret and its settings. */
export interface DeliveryOptions extends DeliveryBodyOptions<unknown> {
  /** The secret, for every provider whose receiver takes `secret`. */
  secret?: Secret;
  /** Tiki Open API's Basic pair (its receiver's `credentials`). */
  credentials?: BasicCredentials;
  /**
   * What the provider's delivery depends on besides body and secret, as its named builder
   * documents it (`timestamp`, `nonce`, `headerName`, `webhookId`); for a provider of your own
   * (`defineProvider`), `timestamp` (in its declared unit, default now) and `id` (its id header,
   * default a random UUID).
   */
  [setting: string]: unknown;
}

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Printable ASCII, no whitespace at either end. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function assertOptions(options: unknown, builder: string): asserts options is Record<string, unknown> {
  if (typeof options !== "object" || options === null) {
    throw argumentError(`${builder}(options)`, `expects one options object, got ${describe(options)}`);
  }
}

function bodyOf(options: DeliveryBodyOptions<unknown>, declaration: SigningDeclaration): string {
  const { payload, body } = options;
  if (body !== undefined) {
    if (payload !== undefined) throw argumentError("payload", "and body cannot both be given: body is the raw override of payload");
    if (typeof body !== "string") throw argumentError("body", `must be the raw body as a string, got ${describe(body)}`);
    return body;
  }
  const example = declaration.examples[0];
  if (payload === undefined && example === undefined) throw argumentError("payload", `is required: ${declaration.name} declares no example payload`);
  let text: string | undefined;
  try {
    text = JSON.stringify(payload === undefined ? example!.payload : payload);
  } catch {
    throw argumentError("payload", "must be serialisable with JSON.stringify (no cycles, no BigInt)");
  }
  if (typeof text !== "string") throw argumentError("payload", `must be a JSON value, got ${describe(payload)}`);
  return text;
}

/** One delivery of `provider` signed by its declaration, named `builder` in errors. */
function build(provider: unknown, options: unknown, builder: string): TestDelivery {
  assertOptions(options, builder);
  const declaration = signingOf(provider);
  const { payload: _payload, body: _body, secret, credentials, ...settings } = options;
  let key = secret as Secret;
  // A Basic pair is checked before the body, as basicAuthHeader always did: its id is a setting of the signature.
  if (declaration.secretOption === "credentials") {
    assertCredentials(credentials, "credentials");
    key = credentials.secret;
    settings.id = credentials.id;
  }
  let body = bodyOf(options, declaration);
  let query: string | undefined;
  let lines: unknown;
  if (declaration.signDelivery === undefined) {
    lines = declaration.sign(nodeSigners, body, key, { ...settings, nowMs: Date.now(), randomId: randomUUID });
  } else {
    // The signature goes inside the body or the query: the declaration gives the delivery as sent.
    const signed = declaration.signDelivery(nodeSigners, body, key, { ...settings, nowMs: Date.now(), randomId: randomUUID });
    ({ body, query, headers: lines } = signed);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of lines as [unknown, unknown][]) {
    if (typeof name !== "string" || !HEADER_NAME.test(name)) {
      throw argumentError(`${builder}(options)`, `would send a header whose name is ${describe(name)}: a header name is a token (letters, digits and !#$%&'*+-.^_\`|~)`);
    }
    const lower = name.toLowerCase();
    if (Object.hasOwn(headers, lower)) throw argumentError(`${builder}(options)`, `would send the ${lower} header twice`);
    if (typeof value !== "string" || !HEADER_VALUE.test(value)) {
      throw argumentError(`${builder}(options)`, `would send the ${lower} header as ${describe(value)} that is not one: give it non-empty printable ASCII`);
    }
    headers[lower] = value;
  }
  return { body, ...(query === undefined ? {} : { query }), headers: headers as TestDelivery["headers"] };
}

/**
 * A signed delivery of any provider: a shipped one by name (`"ewarehousing"`) or one of your
 * own (`defineProvider`), signed by its declaration. Default payload: its first example.
 *
 *   const delivery = deliveryFor(acme, { secret: "whsec_…", payload: { type: "order.paid" } });
 */
export function deliveryFor(provider: ReceiverProvider | AnyProviderDeclaration, options: DeliveryOptions): TestDelivery {
  return build(provider, options, "deliveryFor");
}

/** A TikiNOW delivery (stock, order status or FD/CR): `x-signature: sha1=<hex HMAC-SHA1>`. Default payload: the stock example. */
export function tikinowDelivery(options: TikinowDeliveryOptions): TestDelivery<typeof TIKI_SIGNATURE_HEADER> {
  return build("tikinow", options, "tikinowDelivery") as TestDelivery<typeof TIKI_SIGNATURE_HEADER>;
}

/** A Tiki Open API delivery: `authorization: Basic base64(id:secret)`. Default payload: the rejected example. */
export function tikiOpenApiDelivery(options: TikiOpenApiDeliveryOptions): TestDelivery<"authorization"> {
  return build("tiki", options, "tikiOpenApiDelivery") as TestDelivery<"authorization">;
}

/** A Mobility Work delivery: `x-mw-signature: t=…,nonce=…,signature=<hex>`. Default payload: the spare-part example. */
export function mobilityWorkDelivery(options: MobilityWorkDeliveryOptions): TestDelivery<typeof MW_SIGNATURE_HEADER> {
  return build("mobility-work", options, "mobilityWorkDelivery") as TestDelivery<typeof MW_SIGNATURE_HEADER>;
}

/**
 * A Tilby delivery: lowercase hex HMAC-SHA256 of the body under `headerName` (default
 * `x-tilby-signature`, as the receiver's). Default payload: the SUBSCRIBED handshake.
 */
export function tilbyDelivery<H extends string = typeof TILBY_DEFAULT_SIGNATURE_HEADER>(options: TilbyDeliveryOptions<H>): TestDelivery<Lowercase<H>> {
  assertOptions(options, "tilbyDelivery");
  const headerName = options.headerName ?? TILBY_DEFAULT_SIGNATURE_HEADER;
  if (typeof headerName !== "string" || !HEADER_NAME.test(headerName)) {
    throw argumentError(
      "headerName",
      `must be a header name (Tilby does not document one: leave it out for "${TILBY_DEFAULT_SIGNATURE_HEADER}", or pass the header your handler reads), got ${describe(headerName)}`,
    );
  }
  if (headerName.toLowerCase() === "content-type") throw argumentError("headerName", 'must not be "content-type"');
  return build("tilby", options, "tilbyDelivery") as TestDelivery<Lowercase<H>>;
}

/** An eWarehousing delivery: `x-hmac-sha256: <base64 HMAC-SHA256>` and `x-webhook-id`. Default payload: the stock example. */
export function ewarehousingDelivery(
  options: EwarehousingDeliveryOptions,
): TestDelivery<typeof EWAREHOUSING_SIGNATURE_HEADER | "x-webhook-id"> {
  assertOptions(options, "ewarehousingDelivery");
  const { webhookId } = options;
  if (webhookId != null && (typeof webhookId !== "string" || !HEADER_VALUE.test(webhookId))) {
    throw argumentError("webhookId", `must be a non-empty header-safe string (printable ASCII), got ${describe(webhookId)}`);
  }
  return build("ewarehousing", options, "ewarehousingDelivery") as TestDelivery<typeof EWAREHOUSING_SIGNATURE_HEADER | "x-webhook-id">;
}
