// Lazada Open Platform push messages (Lazada Push Mechanism, articleId 120168): an envelope
// `{seller_id, message_type, data, timestamp, site}`. `message_type` names the kind (0 orders,
// 1 product QC, 12 category tree, 13 seller status, 35 purchase orders); it is the one field
// required. `timestamp` is ms in the order sample and seconds elsewhere: not a freshness check.
import type { Bytes } from "../lib/types.js";
import { type ParseResult, number, object, parseWith, type Shape } from "./shape.js";

/** A Lazada push message. */
export interface LazadaPush {
  /** The kind of push: 0 orders, 1 product QC, 12 category tree, 13 seller status, 35 purchase orders, ... */
  message_type: number;
  /** The seller (absent on broadcasts such as message type 12). */
  seller_id?: unknown;
  /** The push's own fields, per message type (orders: order_status, trade_order_id, ...). */
  data?: unknown;
  /** When it was pushed: ms or seconds depending on the message type. */
  timestamp?: unknown;
  /** `"lazada_vn"`, ... */
  site?: unknown;
  [field: string]: unknown;
}

const push: Shape<LazadaPush> = /* @__PURE__ */ object({ message_type: number }) as Shape<LazadaPush>;

/** Parses a Lazada push (the raw body, or a value already parsed). Never throws. */
export function parseLazadaPush(body: Bytes | unknown): ParseResult<LazadaPush> {
  return parseWith(body, push);
}
