// Tiki Open API product request events (seller platform, HTTP Basic).
// Docs: Tiki's open-api-docs guide `_api_guides_webhook.md` (2020), the only body shown
// being a `product:request:rejected` event.
//
// Decisions where the docs are silent:
// - The guide documents three events; the types list them. Another `event` string is still
//   parsed (its payload as a record), so a new event never turns into a refused delivery.
//   Keep a `default` branch when switching on `event`.
// - "payload could be empty": an empty object `{}` is accepted (typed
//   `TikiProductRequestEmptyPayload`) for a rejected event.
// - Only the rejected payload is published, so only it is checked field by field. The
//   approved and locked payloads ("payload format depends on the event") are records whose
//   fields are typed `unknown`: they probably match the rejected one, but nothing confirms it.
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
  own,
  parseWith,
  present,
  shape,
  string,
} from "./shape.js";

/** The product request events the docs name. */
export type TikiProductRequestEventName =
  | "product:request:approved"
  | "product:request:rejected"
  | "product:request:locked";

/** One reason a product request was rejected. */
export interface TikiRejectReason {
  /** `null` in the docs' example; its other forms are not documented. */
  reason_data: unknown;
  /** The reason, as Tiki describes it (text). */
  reject_description: string;
  /** The reason's id. */
  reason_id: number;
  /** Localised (Vietnamese) text. */
  reason_name: string;
}

/**
 * The payload of a rejected event: the one the docs show. Its fields are checked, with
 * `list_reasons` and `reason` present.
 */
export interface TikiProductRequestRejectedPayload {
  /** The event's name, repeated in the payload. */
  event: TikiProductRequestEventName;
  /** `YYYY-MM-DD HH:MM:SS`, without a time zone. */
  event_time: string;
  /** The product request's id. */
  request_id: string;
  /** Such as `"rejected"`. */
  state: string;
  /** Tiki's product id. */
  product_id: string;
  /** The product's SKU. */
  product_sku: string;
  /** Why it was rejected. */
  list_reasons: TikiRejectReason[];
  /** `null` in the docs' example. */
  reason: string | null;
}

/**
 * The payload of an approved or locked event. Tiki has not published one ("payload format
 * depends on the event"); it probably has the rejected payload's fields (`request_id`,
 * `product_id`, `product_sku`, ...), but none is checked: test each field's type before use.
 */
export type TikiProductRequestPayload = Record<string, unknown>;

/** "`payload` could be empty": `{}`. Test `payload.event !== undefined` to tell it from a full payload. */
export type TikiProductRequestEmptyPayload = { [K in keyof TikiProductRequestRejectedPayload]?: never };

/** A product request was approved. */
export interface TikiProductRequestApproved {
  /** The event's id: the receiver's delivery key. */
  id: string;
  /** The event's name. */
  event: "product:request:approved";
  /** Not published by Tiki: nothing in it is checked. */
  payload: TikiProductRequestPayload;
}

/** A product request was rejected. */
export interface TikiProductRequestRejected {
  /** The event's id: the receiver's delivery key. */
  id: string;
  /** The event's name. */
  event: "product:request:rejected";
  /** The rejection, or `{}` ("payload could be empty"). */
  payload: TikiProductRequestRejectedPayload | TikiProductRequestEmptyPayload;
}

/** Sent when a request was rejected 2 or 3 times. */
export interface TikiProductRequestLocked {
  /** The event's id: the receiver's delivery key. */
  id: string;
  /** The event's name. */
  event: "product:request:locked";
  /** Not published by Tiki: nothing in it is checked. */
  payload: TikiProductRequestPayload;
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

const envelope = /* @__PURE__ */ object({ id: string, event: string });

const productRequestEvent: Shape<TikiProductRequestEvent> = /* @__PURE__ */ shape((value, path) => {
  const found = envelope.check(value, path);
  if (found !== undefined) return found;
  const event = value as JsonObject;
  const body = own(event, "payload");
  const at = join(path, "payload");
  if (!isObject(body)) return mismatch(at, "an object", body);
  if (isEmptyObject(body) || own(event, "event") !== "product:request:rejected") return undefined;
  return rejectedPayload.check(body, at);
});

/** Parses a Tiki Open API product request event (the raw body, or a value already parsed). Never throws. */
export function parseTikiProductRequestEvent(body: Bytes | unknown): ParseResult<TikiProductRequestEvent> {
  return parseWith(body, productRequestEvent);
}
