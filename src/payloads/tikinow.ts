// TikiNOW Smart Logistics: three channels (stock, order status, aftersale FD/CR), each on its
// own URL with its own secret, all in the envelope {"data": {...}} and with no event-type
// field: the URL tells them apart, so there is one parser per channel.
// Docs: open.tiki.vn/docs/docs/tikinow-smart-logistics/ (inventory/webhook-sync-stock,
// inventory/webhook-fd-cr, order-service/webhook-sync-status).
import type { Bytes } from "../lib/types.js";
import { type ParseResult, type Shape, literal, number, object, openString, optional, parseWith, string } from "./shape.js";

/** "Webhook Sync Stock": a SKU's salable quantity in a Tiki warehouse changed. */
export interface TikiStockSync {
  /** The change. */
  data: TikiStockSyncData;
}

/** What a stock delivery's `data` holds. */
export interface TikiStockSyncData {
  /** When the data was pushed, ISO 8601 with offset: `"2023-05-15T15:36:37+07:00"`. */
  date: string;
  /** Tiki's SKU. */
  sku: string;
  /** Tiki's warehouse code, such as `"sgn3"`. */
  warehouse: string;
  /** The salable quantity now. */
  qty_salable: number;
  /** The seller's own product code. */
  seller_product_code: string;
  /** The seller id or code given at registration. Absent from an older version of the docs. */
  partner_id?: string;
}

/** `main_state` values seen in the docs; others may come. */
export type TikiOrderMainState = "canceled" | "shipping" | "processing" | (string & {});
/** `main_substate` values seen in the docs; others may come. */
export type TikiOrderMainSubstate =
  | "delivery_failed_1"
  | "delivery_failed_2"
  | "delivery_failed_3"
  | "ready_for_pickup"
  | (string & {});

/** "Webhook Sync Status": an order's status changed. */
export interface TikiOrderStatus {
  /** The change. */
  data: TikiOrderStatusData;
}

/** What an order-status delivery's `data` holds. */
export interface TikiOrderStatusData {
  /** When the status changed, ISO 8601 with offset. */
  date: string;
  /** The partner's order code. */
  ref_code: string;
  /** TikiNOW's order code. */
  order_code: string;
  /** The order's state. */
  main_state: TikiOrderMainState;
  /** Its sub-state, when it has one. */
  main_substate?: TikiOrderMainSubstate;
  /** Why delivery failed (Vietnamese text); only with `shipping` / `delivery_failed_1|2|3`. */
  reason?: string;
  /** Such as `"receiver_reschedule"` or `"wrong_address"`; only with `shipping` / `delivery_failed_1|2|3`. The list is open. */
  reason_code?: string;
  /** Only when `main_state` is `canceled`. */
  extra_info?: TikiOrderExtraInfo;
}

/** Why an order was canceled. */
export interface TikiOrderExtraInfo {
  /** The reason's code. */
  cancel_reason_code: string;
  /** The reason, as text. */
  cancel_reason: string;
}

/** "Webhook FD/CR": a failed-delivery (FD) or customer-return (CR) record changed status. */
export interface TikiAftersale {
  /** The change. */
  data: TikiAftersaleData;
}

/** What an aftersale delivery's `data` holds. */
export interface TikiAftersaleData {
  /** When the data was pushed, ISO 8601 with offset. */
  date: string;
  /** The CR or FD code. */
  ref_code: string;
  /** Tiki's order code. */
  order_code: string;
  /** The FD or CR status, such as `"canceled"`. */
  status: string;
  /** `"fd"`: a failed delivery; `"cr"`: a customer return. */
  type: "fd" | "cr";
}

const stockSync: Shape<TikiStockSync> = /* @__PURE__ */ object({
  data: /* @__PURE__ */ object({
    date: string,
    sku: string,
    warehouse: string,
    qty_salable: number,
    seller_product_code: string,
    partner_id: /* @__PURE__ */ optional(string),
  }),
});

const orderStatus: Shape<TikiOrderStatus> = /* @__PURE__ */ object({
  data: /* @__PURE__ */ object({
    date: string,
    ref_code: string,
    order_code: string,
    main_state: /* @__PURE__ */ openString<TikiOrderMainState>(),
    main_substate: /* @__PURE__ */ optional(/* @__PURE__ */ openString<TikiOrderMainSubstate>()),
    reason: /* @__PURE__ */ optional(string),
    reason_code: /* @__PURE__ */ optional(string),
    extra_info: /* @__PURE__ */ optional(/* @__PURE__ */ object({ cancel_reason_code: string, cancel_reason: string })),
  }),
});

const aftersale: Shape<TikiAftersale> = /* @__PURE__ */ object({
  data: /* @__PURE__ */ object({
    date: string,
    ref_code: string,
    order_code: string,
    status: string,
    type: /* @__PURE__ */ literal("fd", "cr"),
  }),
});

/** Parses a TikiNOW stock delivery (the raw body, or a value already parsed). Never throws. */
export function parseTikiStockSync(body: Bytes | unknown): ParseResult<TikiStockSync> {
  return parseWith(body, stockSync);
}

/** Parses a TikiNOW order-status delivery (the raw body, or a value already parsed). Never throws. */
export function parseTikiOrderStatus(body: Bytes | unknown): ParseResult<TikiOrderStatus> {
  return parseWith(body, orderStatus);
}

/** Parses a TikiNOW aftersale (FD/CR) delivery (the raw body, or a value already parsed). Never throws. */
export function parseTikiAftersale(body: Bytes | unknown): ParseResult<TikiAftersale> {
  return parseWith(body, aftersale);
}
