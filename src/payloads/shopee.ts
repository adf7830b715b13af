// Shopee Open Platform pushes. Unconfirmed: no Shopee page was readable; third-party SDKs show
// an object with `code` (the push type: 1 shop authorization, 2 deauthorization, 3 order status,
// 4 tracking number, ...), `shop_id`, `timestamp` and `data`. Any JSON object parses; nothing in
// it is checked.
import type { Bytes } from "../lib/types.js";
import { type ParseResult, parseWith, record, type Shape } from "./shape.js";

/** A Shopee push: every field unconfirmed. */
export interface ShopeePush {
  /** The push type (3 order status, ...). */
  code?: unknown;
  /** The shop, as sent; unconfirmed. */
  shop_id?: unknown;
  /** As sent; unconfirmed (not checked). */
  timestamp?: unknown;
  /** The event's data, as sent; unconfirmed. */
  data?: unknown;
  [field: string]: unknown;
}

/** Parses a Shopee push (any JSON object). Never throws. */
export function parseShopeePush(body: Bytes | unknown): ParseResult<ShopeePush> {
  return parseWith(body, record as Shape<ShopeePush>);
}
