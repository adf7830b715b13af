// ZaloPay payment callbacks (docs.zalopay.vn/docs/specs/callback-api): `{"data": "<JSON
// text>", "mac": "<hex>", "type": 1}`, type 1 an order, 2 an agreement.
//
// Decisions:
// - `data` is signed as text; the parser reads that exact text strictly (src/lib/strict-json.ts)
//   and hands over the object, with the text beside it (`dataText`). A `data` without a single
//   JSON reading is refused (`invalid_payload`): it would be verified as one text and handled
//   as one of several objects.
// - The order fields the docs name are typed; only `app_trans_id` and `zp_trans_id`, which
//   identify the payment, are required. `type` is kept as sent.
import { type ParseResult, type Shape, isObject, mismatch, number, object, own, shape, string } from "./shape.js";
import { isArrayBuffer, isUint8Array } from "../lib/binary.js";
import { readStrict } from "./strict.js";
import { checkValue } from "./shape.js";

/** The order a callback reports (`data`, parsed). Fields besides the two ids are typed as documented but not checked. */
export interface ZalopayCallbackData {
  /** Your app's id. */
  app_id?: number;
  /** Your transaction id (`"200904_2553_1598435687208"`). */
  app_trans_id: string;
  /** When your order was made, in unix milliseconds. */
  app_time?: number;
  /** Your user's id, as you sent it. */
  app_user?: string;
  /** The amount. */
  amount?: number;
  /** JSON text, as you sent it. */
  embed_data?: string;
  /** JSON text, as you sent it. */
  item?: string;
  /** ZaloPay's transaction id: the receiver's delivery id. */
  zp_trans_id: number;
  /** Unix milliseconds. */
  server_time?: number;
  /** The payment channel, as sent. */
  channel?: number;
  /** As sent; not checked. */
  merchant_user_id?: string;
  /** As sent; not checked. */
  user_fee_amount?: number;
  /** As sent; not checked. */
  discount_amount?: number;
  [field: string]: unknown;
}

/** A ZaloPay callback, its `data` read. */
export interface ZalopayCallback {
  [field: string]: unknown;
  /** 1: an order; 2: an agreement (as the docs say; kept as sent). */
  type: unknown;
  /** `data`, read strictly. */
  data: ZalopayCallbackData;
  /** `data` exactly as received: the text the MAC covers. */
  dataText: string;
  /** Hex HMAC-SHA256 under key2 of `dataText` (see verifyZalopayMac). */
  mac: string;
}

const envelope = /* @__PURE__ */ object({ data: string, mac: string });
const order: Shape<ZalopayCallbackData> = /* @__PURE__ */ object({ app_trans_id: string, zp_trans_id: number }) as Shape<ZalopayCallbackData>;

const anyObject: Shape<Record<string, unknown>> = /* @__PURE__ */ shape((value, path) => (isObject(value) ? undefined : mismatch(path, "an object", value)));

/** Parses a ZaloPay callback body and its `data` text, strictly (one JSON reading each). Never throws. */
export function parseZalopayCallback(input: unknown): ParseResult<ZalopayCallback> {
  const outer = typeof input === "string" || isUint8Array(input) || isArrayBuffer(input) ? readStrict(input) : checkValue(input, anyObject);
  if (!outer.ok) return outer;
  const checked = checkValue(outer.value, envelope);
  if (!checked.ok) return checked;
  const body = checked.value as Record<string, unknown>;
  const inner = readStrict(body.data as string);
  if (!inner.ok) return { ok: false, reason: "invalid_payload", message: `The callback's data field: ${inner.message}` };
  const data = checkValue(inner.value, order);
  if (!data.ok) return { ...data, ...(data.path === undefined ? {} : { path: `data.${data.path}` }), message: `In data: ${data.message}` };
  // Fields besides data, mac and type are kept as sent.
  return { ok: true, value: { ...body, type: own(body, "type"), data: data.value, dataText: body.data as string, mac: body.mac as string } };
}
