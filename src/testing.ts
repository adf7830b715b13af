// webhook-signatures/testing: signed fake deliveries for your own handler's tests, and the
// providers' documented example payloads. Not part of the root entry.
//
//   const delivery = tikinowDelivery({ secret: "my-stock-secret" });
//   const res = await app.request("/webhooks/tiki/stock", { method: "POST", ...delivery });
//
// Every builder signs through the root sign functions, over the exact body string it
// returns: post that string as it is (re-serialising it would break the signature).
// Header names are lowercase, as Node hands them to a handler.
import { randomUUID } from "node:crypto";
import {
  EWAREHOUSING_SIGNATURE_HEADER,
  MW_SIGNATURE_HEADER,
  TIKI_SIGNATURE_HEADER,
  basicAuthHeader,
  signHmacBase64,
  signHmacHex,
  signMwSignature,
  signTikiSha1,
} from "./index.js";
import type { BasicCredentials, Secret } from "./index.js";
import { argumentError, describe } from "./lib/errors.js";
import { TILBY_DEFAULT_SIGNATURE_HEADER } from "./lib/tilby-header.js";
import type { EwarehousingStockUpdated, EwarehousingWebhook } from "./payloads/ewarehousing.js";
import type { MwSparePartOutOfStock, MwWebhook } from "./payloads/mobility-work.js";
import type {
  TikiProductRequestEvent,
  TikiProductRequestRejected,
  TikiProductRequestRejectedPayload,
} from "./payloads/tiki-open-api.js";
import type { TikiAftersale, TikiOrderStatus, TikiStockSync } from "./payloads/tikinow.js";
import type { TilbyNotification, TilbySubscribed, TilbyWebhook } from "./payloads/tilby.js";

// ---------------------------------------------------------------------------------------
// Documented example payloads. Frozen (deeply): spread them to make a variant.
// ---------------------------------------------------------------------------------------

function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** TikiNOW "Webhook Sync Stock" data payload (open.tiki.vn …/inventory/webhook-sync-stock). */
export const TIKINOW_STOCK_EXAMPLE: TikiStockSync = /* @__PURE__ */ frozen({
  data: {
    date: "2022-11-24T11:12:20+07:00",
    sku: "7445601428884",
    warehouse: "sgn3",
    qty_salable: 147,
    seller_product_code: "9772945762401",
    partner_id: "4312132323",
  },
});

/** TikiNOW "Webhook Sync Status", canceled order (open.tiki.vn …/order-service/webhook-sync-status). */
export const TIKINOW_ORDER_CANCELED_EXAMPLE: TikiOrderStatus = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:46+07:00",
    ref_code: "EXT123123",
    order_code: "347171821",
    main_state: "canceled",
    extra_info: { cancel_reason_code: "202", cancel_reason: "Đặt trùng" },
  },
});

/** TikiNOW "Webhook Sync Status", failed delivery (same page). */
export const TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE: TikiOrderStatus = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:46+07:00",
    ref_code: "EXT123123",
    order_code: "347171821",
    main_state: "shipping",
    main_substate: "delivery_failed_1",
    reason: "Khách hàng hẹn giao lại",
    reason_code: "receiver_reschedule",
  },
});

/** TikiNOW "Webhook Sync Status", any other status (same page). */
export const TIKINOW_ORDER_PROCESSING_EXAMPLE: TikiOrderStatus = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:05+07:00",
    ref_code: "TR22",
    order_code: "347171821",
    main_state: "processing",
    main_substate: "ready_for_pickup",
  },
});

/** TikiNOW "Webhook FD/CR" data payload (open.tiki.vn …/inventory/webhook-fd-cr). */
export const TIKINOW_AFTERSALE_EXAMPLE: TikiAftersale = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:46+07:00",
    ref_code: "CR22509365559",
    order_code: "347171821",
    status: "canceled",
    type: "cr",
  },
});

/** Tiki Open API `product:request:rejected` body (open-api-docs `_api_guides_webhook.md`). */
export const TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE: TikiProductRequestRejected & { payload: TikiProductRequestRejectedPayload } = /* @__PURE__ */ frozen({
  id: "123e4567-e89b-12d3-a456-426655440000",
  event: "product:request:rejected",
  payload: {
    event: "product:request:rejected",
    event_time: "2020-02-02 12:00:00",
    request_id: "1154523837593192401",
    state: "rejected",
    product_id: "2162835",
    product_sku: "7062617941818",
    list_reasons: [
      {
        reason_data: null,
        reject_description: "The very detailed reason why your product is rejected",
        reason_id: 9,
        reason_name: "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình",
      },
    ],
    reason: null,
  },
});

/** Mobility Work "Spare part was out of stock" request body, placeholders as published (docs.mobility-work.com). */
export const MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE: MwSparePartOutOfStock = /* @__PURE__ */ frozen({
  _event: "string",
  _date: "2024-07-29T15:51:28.071Z",
  _metadata: [null],
  stock: { location: { locationId: "string", name: "string" } },
  sparePart: { sparePartId: "string", name: "string", articleCode: "string" },
  movement: { on: "2024-07-29T15:51:28.071Z" },
});

/**
 * Tilby's SUBSCRIBED handshake (developer.tilby.com/docs/introduction), with the page's
 * `"{entity}"` placeholder filled in as `"sales"`, the entity of the page's own example.
 */
export const TILBY_SUBSCRIBED_EXAMPLE: TilbySubscribed = /* @__PURE__ */ frozen({
  type: "SUBSCRIBED",
  entity_name: "sales",
  time: "2022-02-23T15:43:31.714Z",
  environment_id: "id_of_the_shop",
  client_id: "clientId_of_static_token",
});

/**
 * A Tilby `sales` / `CLOSED` notification in the shape of a third-party fixture (Tilby does
 * not publish one); the values are those of vectors/hmac-hex.json.
 */
export const TILBY_SALES_CLOSED_EXAMPLE: TilbyNotification = /* @__PURE__ */ frozen({
  type: "CLOSED",
  entity_name: "sales",
  time: "2024-03-14T09:26:53.589Z",
  notification_uuid: "9a4f0c1e-3b7d-4e2a-8c5f-1d6b2e9a7c30",
  environment_id: "1234",
  client_id: "tilby-client-5678",
  from_user: 42,
  entities: [{ id: 98765, uuid: "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", external_id: null, status: "closed" }],
  nRetry: 0,
});

/** eWarehousing stock webhook example (api-dev.docs.ewarehousing-solutions.com/docs/webhooks). */
export const EWAREHOUSING_STOCK_UPDATED_EXAMPLE: EwarehousingStockUpdated = /* @__PURE__ */ frozen({
  body: {
    id: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
    ean: "123",
    sku: "12345",
    modified_at: "2022-02-11T17:45:01+0000",
    article_code: "green_jacket",
    stock_salable: 973,
    stock_physical: 1000,
    stock_available: 973,
    stock_quarantine: 0,
  },
  group: "stock",
  action: "updated",
  entity: "variant",
  customer: "be62c27e-2aac-4ac1-902e-f770d64f8dce",
  entityId: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
});

// ---------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------

/** A signed delivery: post `body` exactly as it is, with `headers`. */
export interface TestDelivery<H extends string = string> {
  body: string;
  /** Lowercase names; always `content-type: application/json`. */
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

const JSON_TYPE = "application/json";
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Printable ASCII, no whitespace at either end. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function assertOptions(options: unknown, builder: string): asserts options is Record<string, unknown> {
  if (typeof options !== "object" || options === null) {
    throw argumentError(`${builder}(options)`, `expects one options object, got ${describe(options)}`);
  }
}

function bodyOf<T>(options: DeliveryBodyOptions<T>, example: T): string {
  const { payload, body } = options;
  if (body !== undefined) {
    if (payload !== undefined) throw argumentError("payload", "and body cannot both be given: body is the raw override of payload");
    if (typeof body !== "string") throw argumentError("body", `must be the raw body as a string, got ${describe(body)}`);
    return body;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(payload === undefined ? example : payload);
  } catch {
    throw argumentError("payload", "must be serialisable with JSON.stringify (no cycles, no BigInt)");
  }
  if (typeof text !== "string") throw argumentError("payload", `must be a JSON value, got ${describe(payload)}`);
  return text;
}

/** A TikiNOW delivery (stock, order status or FD/CR): `x-signature: sha1=<hex HMAC-SHA1>`. Default payload: the stock example. */
export function tikinowDelivery(options: TikinowDeliveryOptions): TestDelivery<typeof TIKI_SIGNATURE_HEADER> {
  assertOptions(options, "tikinowDelivery");
  const body = bodyOf(options, TIKINOW_STOCK_EXAMPLE);
  return { body, headers: { "content-type": JSON_TYPE, [TIKI_SIGNATURE_HEADER]: signTikiSha1({ body, secret: options.secret }) } };
}

/** A Tiki Open API delivery: `authorization: Basic base64(id:secret)`. Default payload: the rejected example. */
export function tikiOpenApiDelivery(options: TikiOpenApiDeliveryOptions): TestDelivery<"authorization"> {
  assertOptions(options, "tikiOpenApiDelivery");
  const authorization = basicAuthHeader(options.credentials);
  const body = bodyOf(options, TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE);
  return { body, headers: { "content-type": JSON_TYPE, authorization } };
}

/** A Mobility Work delivery: `x-mw-signature: t=…,nonce=…,signature=<hex>`. Default payload: the spare-part example. */
export function mobilityWorkDelivery(options: MobilityWorkDeliveryOptions): TestDelivery<typeof MW_SIGNATURE_HEADER> {
  assertOptions(options, "mobilityWorkDelivery");
  const body = bodyOf(options, MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE);
  const signature = signMwSignature({
    body,
    secret: options.secret,
    // Stryker disable next-line ConditionalExpression: equivalent; signMwSignature reads a timestamp of undefined as none given (the spread only satisfies exactOptionalPropertyTypes)
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    // Stryker disable next-line ConditionalExpression: equivalent; signMwSignature reads a nonce of undefined as none given (the spread only satisfies exactOptionalPropertyTypes)
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  });
  return { body, headers: { "content-type": JSON_TYPE, [MW_SIGNATURE_HEADER]: signature } };
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
  const name = headerName.toLowerCase() as Lowercase<H>;
  if ((name as string) === "content-type") throw argumentError("headerName", 'must not be "content-type"');
  const body = bodyOf(options, TILBY_SUBSCRIBED_EXAMPLE);
  const headers = { "content-type": JSON_TYPE } as Record<"content-type" | Lowercase<H>, string>;
  headers[name] = signHmacHex({ body, secret: options.secret });
  return { body, headers };
}

/** An eWarehousing delivery: `x-hmac-sha256: <base64 HMAC-SHA256>` and `x-webhook-id`. Default payload: the stock example. */
export function ewarehousingDelivery(
  options: EwarehousingDeliveryOptions,
): TestDelivery<typeof EWAREHOUSING_SIGNATURE_HEADER | "x-webhook-id"> {
  assertOptions(options, "ewarehousingDelivery");
  const webhookId = options.webhookId ?? randomUUID();
  if (typeof webhookId !== "string" || !HEADER_VALUE.test(webhookId)) {
    throw argumentError("webhookId", `must be a non-empty header-safe string (printable ASCII), got ${describe(webhookId)}`);
  }
  const body = bodyOf(options, EWAREHOUSING_STOCK_UPDATED_EXAMPLE);
  const signature = signHmacBase64({ body, secret: options.secret });
  return { body, headers: { "content-type": JSON_TYPE, [EWAREHOUSING_SIGNATURE_HEADER]: signature, "x-webhook-id": webhookId } };
}
