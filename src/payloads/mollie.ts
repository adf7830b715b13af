// Mollie next-gen webhook events (beta): a JSON event, full snapshot or thin
// (docs.mollie.com/reference/webhooks-new). Its fields are not in the pages read for this
// library, so nothing is checked: every field is `unknown`. The event's name is read from `type`
// when it is a string, else "mollie".
import type { Bytes } from "../lib/types.js";
import { type ParseResult, parseWith, record } from "./shape.js";

/** A Mollie next-gen event. Test each field's type before use. */
export interface MollieEvent {
  /** The event type (`"payment-link.paid"`): unconfirmed. */
  type?: unknown;
  [field: string]: unknown;
}

/** Parses a Mollie next-gen event: any JSON object. Never throws. */
export function parseMollieEvent(body: Bytes | unknown): ParseResult<MollieEvent> {
  return parseWith(body, record);
}
