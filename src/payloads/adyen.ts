// Adyen standard webhooks: `{ live, notificationItems: [{ NotificationRequestItem }] }`, read as
// strict JSON (the same reader as the scheme's, which verified every item). The signed fields
// are typed as Adyen documents them; everything else is kept and typed unknown, never checked.
import type { Bytes } from "../lib/types.js";
import { parseStrictWith } from "./strict.js";
import { type ParseResult, array, number, object, optional, record, string } from "./shape.js";

/** One notification item. */
export interface AdyenNotificationRequestItem {
  /** `"AUTHORISATION"`, `"CAPTURE"`, `"REFUND"`, … */
  eventCode: string;
  /** Adyen's reference of the payment or modification (signed); with `eventCode`, the receiver's delivery key. */
  pspReference: string;
  /** `"true"` or `"false"`, as text. */
  success?: unknown;
  /** For a modification, the `pspReference` of the payment it modifies (signed; absent: signed as empty). */
  originalReference?: unknown;
  /** The merchant account (signed). */
  merchantAccountCode?: unknown;
  /** Your reference for the payment (signed). */
  merchantReference?: unknown;
  /** The amount: `value` and `currency` are signed. */
  amount?: {
    /** The value as sent (signed as its text). */
    value?: number;
    /** The currency code as sent (signed). */
    currency?: string;
    [field: string]: unknown;
  };
  /** When the event happened, as sent (not signed). */
  eventDate?: unknown;
  /** Extra fields; `hmacSignature` is the item's signature. */
  additionalData?: Record<string, unknown>;
  [field: string]: unknown;
}

/** An Adyen standard-webhook notification: a batch of items, each signed on its own. */
export interface AdyenNotification {
  /** `"true"` or `"false"` (text in Adyen's examples). */
  live?: unknown;
  /** The items: every one must verify. */
  notificationItems: {
    /** One item. */
    NotificationRequestItem: AdyenNotificationRequestItem;
    [field: string]: unknown;
  }[];
  [field: string]: unknown;
}

const item = /* @__PURE__ */ object({
  NotificationRequestItem: /* @__PURE__ */ object({
    eventCode: string,
    pspReference: string,
    amount: /* @__PURE__ */ optional(/* @__PURE__ */ object({ value: /* @__PURE__ */ optional(number), currency: /* @__PURE__ */ optional(string) })),
    additionalData: /* @__PURE__ */ optional(record),
  }),
});

const notification = /* @__PURE__ */ object({ notificationItems: /* @__PURE__ */ array(item) });

/** Reads an Adyen notification body. Never throws. */
export function parseAdyenNotification(body: Bytes): ParseResult<AdyenNotification> {
  return parseStrictWith(body, notification) as ParseResult<AdyenNotification>;
}
