// MoMo IPN (API v3): the fields MoMo signs, and its signature, read as strict JSON (the same
// reader as the scheme's). A field MoMo does not sign is not handed over: nothing vouches for
// it (read it from the raw body if you must). Types: the notification page's example (DOC);
// a signed field of another type than documented fails the delivery (invalid_payload).
import type { Bytes } from "../lib/types.js";
import { parseStrictWith } from "./strict.js";
import { type ParseResult, number, object, optional, string } from "./shape.js";
import { MOMO_SIGNED_FIELDS } from "../schemes/json-fields.js";

/** A MoMo IPN's signed fields. */
export interface MomoIpn {
  /** Your partner code (signed). */
  partnerCode?: string;
  /** Your order id. */
  orderId?: string;
  /** The id of your payment request (signed). */
  requestId?: string;
  /** The amount (signed). */
  amount?: number;
  /** Your order description (signed). */
  orderInfo?: string;
  /** The order type, such as `"momo_wallet"` (signed). */
  orderType?: string;
  /** MoMo's transaction id. */
  transId?: number;
  /** `0`: success. */
  resultCode?: number;
  /** MoMo's message for `resultCode` (signed). */
  message?: string;
  /** How the customer paid, such as `"qr"` (signed). */
  payType?: string;
  /** Unix milliseconds. */
  responseTime?: number;
  /** What you passed as extraData, as sent (signed). */
  extraData?: string;
  /** Hex HMAC-SHA256 of the signed fields, `accessKey` first (see verifyMomoIpn). */
  signature?: string;
}

const momoIpn = /* @__PURE__ */ object({
  partnerCode: /* @__PURE__ */ optional(string),
  orderId: /* @__PURE__ */ optional(string),
  requestId: /* @__PURE__ */ optional(string),
  amount: /* @__PURE__ */ optional(number),
  orderInfo: /* @__PURE__ */ optional(string),
  orderType: /* @__PURE__ */ optional(string),
  transId: /* @__PURE__ */ optional(number),
  resultCode: /* @__PURE__ */ optional(number),
  message: /* @__PURE__ */ optional(string),
  payType: /* @__PURE__ */ optional(string),
  responseTime: /* @__PURE__ */ optional(number),
  extraData: /* @__PURE__ */ optional(string),
  signature: /* @__PURE__ */ optional(string),
});

/** Reads a MoMo IPN body into its signed fields. Never throws. */
export function parseMomoIpn(body: Bytes): ParseResult<MomoIpn> {
  const parsed = parseStrictWith(body, momoIpn);
  if (!parsed.ok) return parsed;
  const out: Record<string, unknown> = {};
  for (const name of [...MOMO_SIGNED_FIELDS, "signature"]) {
    if (Object.hasOwn(parsed.value, name)) out[name] = (parsed.value as Record<string, unknown>)[name];
  }
  return { ok: true, value: out as MomoIpn };
}
