// SePay transaction webhooks (developer.sepay.vn/en/sepay-webhooks/tich-hop-webhook: the
// tutorial's table of fields; the sample body is a third-party copy). Only `id`, the delivery
// key, is required (a number, as in every sample); the other documented fields are typed as
// documented but optional and unchecked, so that a change of type never refuses a payment.
import type { Bytes } from "../lib/types.js";
import { type ParseResult, number, object, parseWith, type Shape } from "./shape.js";

/** A SePay transaction notice. */
export interface SepayTransaction {
  /** SePay's transaction id: the delivery key (the docs' tutorial makes it UNIQUE). */
  id: number;
  /** The bank (`"Vietcombank"`). */
  gateway?: unknown;
  /** `"2023-03-25 14:02:37"`. */
  transactionDate?: unknown;
  /** The bank account, as sent; not checked. */
  accountNumber?: unknown;
  /** The payment code SePay recognised in the content, or null. */
  code?: unknown;
  /** The transfer's content. */
  content?: unknown;
  /** `"in"` (money in) or `"out"`. */
  transferType?: unknown;
  /** The amount transferred, as sent; not checked. */
  transferAmount?: unknown;
  /** The account's balance, as sent; not checked. */
  accumulated?: unknown;
  /** The sub-account, if any, as sent; not checked. */
  subAccount?: unknown;
  /** The bank's reference of the transfer, as sent; not checked. */
  referenceCode?: unknown;
  /** The full description of the transfer, as sent; not checked. */
  description?: unknown;
  [field: string]: unknown;
}

const transaction: Shape<SepayTransaction> = /* @__PURE__ */ object({ id: number }) as Shape<SepayTransaction>;

/** Parses a SePay webhook (the raw body, or a value already parsed). Never throws. */
export function parseSepayWebhook(body: Bytes | unknown): ParseResult<SepayTransaction> {
  return parseWith(body, transaction);
}
