// Tiki Open API product request events (seller platform, HTTP Basic).
// Docs: Tiki's open-api-docs guide `_api_guides_webhook.md` (2020), the only body shown
// being a `product:request:rejected` event.
//
// Decisions where the docs are silent:
// - The event list is closed: the guide documents exactly three events, and Tiki later
//   replaced push webhooks with pull event queues. Another `event` gives invalid_payload.
// - "payload could be empty": an empty object `{}` is accepted (typed
//   `TikiProductRequestEmptyPayload`); any other payload must have the documented fields.
// - The payload shown is a rejection; approved and locked events are assumed to carry the
//   same fields, with `list_reasons` and `reason` optional for them.
import type { Bytes } from "../lib/types.js";
import {
  type JsonObject,
  type ParseResult,
  type Shape,
  array,
  isEmptyObject,
  isObject,
  join,
  literal,
  mismatch,
  nullable,
  number,
  object,
  optional,
  own,
  parseWith,
  present,
  shape,
  string,
} from "./shape.js";

export type TikiProductRequestEventName =
  | "product:request:approved"
  | "product:request:rejected"
  | "product:request:locked";

/** One reason a product request was rejected. */
export interface TikiRejectReason {
  /** `null` in the docs' example; its other forms are not documented. */
  reason_data: unknown;
  reject_description: string;
  reason_id: number;
  /** Localised (Vietnamese) text. */
  reason_name: string;
}

/** The payload of an approved or locked event. */
export interface TikiProductRequestPayload {
  event: TikiProductRequestEventName;
  /** `YYYY-MM-DD HH:MM:SS`, without a time zone. */
  event_time: string;
  request_id: string;
  /** Such as `"rejected"`. */
  state: string;
  product_id: string;
  product_sku: string;
  list_reasons?: TikiRejectReason[];
  reason?: string | null;
}

/** The payload of a rejected event: the one the docs show, with its reasons. */
export interface TikiProductRequestRejectedPayload extends TikiProductRequestPayload {
  list_reasons: TikiRejectReason[];
  /** `null` in the docs' example. */
  reason: string | null;
}

/** "`payload` could be empty": `{}`. Test `payload.event !== undefined` to tell it from a full payload. */
export type TikiProductRequestEmptyPayload = { [K in keyof TikiProductRequestPayload]?: never };

export interface TikiProductRequestApproved {
  id: string;
  event: "product:request:approved";
  payload: TikiProductRequestPayload | TikiProductRequestEmptyPayload;
}

export interface TikiProductRequestRejected {
  id: string;
  event: "product:request:rejected";
  payload: TikiProductRequestRejectedPayload | TikiProductRequestEmptyPayload;
}

/** Sent when a request was rejected 2 or 3 times. */
export interface TikiProductRequestLocked {
  id: string;
  event: "product:request:locked";
  payload: TikiProductRequestPayload | TikiProductRequestEmptyPayload;
}

/** A product request event; narrow on `event`. */
export type TikiProductRequestEvent = TikiProductRequestApproved | TikiProductRequestRejected | TikiProductRequestLocked;

const EVENT = /* @__PURE__ */ literal("product:request:approved", "product:request:rejected", "product:request:locked");

const reason: Shape<TikiRejectReason> = /* @__PURE__ */ object({
  reason_data: present,
  reject_description: string,
  reason_id: number,
  reason_name: string,
});

// The fields are spelled out twice rather than spread from one object: a spread keeps both
// shapes in every bundle, even one that imports only a verify function.
const payload: Shape<TikiProductRequestPayload> = /* @__PURE__ */ object({
  event: EVENT,
  event_time: string,
  request_id: string,
  state: string,
  product_id: string,
  product_sku: string,
  list_reasons: /* @__PURE__ */ optional(/* @__PURE__ */ array(reason)),
  reason: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(string)),
});

const rejectedPayload: Shape<TikiProductRequestRejectedPayload> = /* @__PURE__ */ object({
  event: EVENT,
  event_time: string,
  request_id: string,
  state: string,
  product_id: string,
  product_sku: string,
  list_reasons: /* @__PURE__ */ array(reason),
  reason: /* @__PURE__ */ nullable(string),
});

const envelope = /* @__PURE__ */ object({ id: string, event: EVENT });

const productRequestEvent: Shape<TikiProductRequestEvent> = /* @__PURE__ */ shape((value, path) => {
  const found = envelope.check(value, path);
  if (found !== undefined) return found;
  const event = value as JsonObject;
  const body = own(event, "payload");
  const at = join(path, "payload");
  if (!isObject(body)) return mismatch(at, "an object", body);
  if (isEmptyObject(body)) return undefined;
  return (own(event, "event") === "product:request:rejected" ? rejectedPayload : payload).check(body, at);
});

/** Parses a Tiki Open API product request event (the raw body, or a value already parsed). Never throws. */
export function parseTikiProductRequestEvent(body: Bytes | unknown): ParseResult<TikiProductRequestEvent> {
  return parseWith(body, productRequestEvent);
}
