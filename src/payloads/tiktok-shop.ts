// TikTok Shop webhooks. Unconfirmed: no TikTok Shop page was readable; integrations show an
// object with a `type` (ORDER_STATUS_CHANGE, PACKAGE_UPDATE, ... or a number) and `data`.
// Any JSON object parses; nothing in it is checked.
import type { Bytes } from "../lib/types.js";
import { type ParseResult, parseWith, record, type Shape } from "./shape.js";

/** A TikTok Shop webhook: every field unconfirmed. */
export interface TiktokShopWebhook {
  /** The event (`"ORDER_STATUS_CHANGE"`, or a number in some integrations). */
  type?: unknown;
  /** The shop, as sent; unconfirmed. */
  shop_id?: unknown;
  /** As sent; unconfirmed (not checked). */
  timestamp?: unknown;
  /** The event's data, as sent; unconfirmed. */
  data?: unknown;
  [field: string]: unknown;
}

/** Parses a TikTok Shop webhook (any JSON object). Never throws. */
export function parseTiktokShopWebhook(body: Bytes | unknown): ParseResult<TiktokShopWebhook> {
  return parseWith(body, record as Shape<TiktokShopWebhook>);
}
