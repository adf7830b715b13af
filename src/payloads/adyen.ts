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
  pspReference: string;
  /** `"true"` or `"false"`, as text. */
  success?: unknown;
  originalReference?: unknown;
  merchantAccountCode?: unknown;
  merchantReference?: unknown;
  amount?: { value?: number; currency?: string; [field: string]: unknown };
  eventDate?: unknown;
  additionalData?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface AdyenNotification {
  /** `"true"` or `"false"` (text in Adyen's examples). */
  live?: unknown;
  notificationItems: { NotificationRequestItem: AdyenNotificationRequestItem; [field: string]: unknown }[];
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
