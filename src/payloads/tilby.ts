// Tilby (Italian POS) webhooks: the SUBSCRIBED handshake sent when a webhook is set up, then
// one notification per (entity, event).
// Docs: developer.tilby.com/docs/introduction (handshake), /entities-and-events.
//
// Decisions where the docs are silent:
// - The handshake is documented: all five fields are required strings.
// - The notification body is known only from a third-party fixture, so only `type`,
//   `entity_name` and `entities` (an array of objects) are required; the fixture's other
//   fields are optional, and checked only when present.
// - Tilby's lists of entities and events are open. Any `entity_name` string is accepted and
//   typed `TilbyEntityName` (known names plus any string). Any `type` other than
//   "SUBSCRIBED" is accepted as a notification too, but typed as the documented events:
//   a `string` member in `type` would stop `type === "SUBSCRIBED"` from narrowing. Keep a
//   `default` branch when switching on it.
import type { Bytes } from "../lib/types.js";
import {
  type ParseResult,
  type Shape,
  array,
  isObject,
  join,
  literal,
  mismatch,
  nullable,
  number,
  object,
  openString,
  optional,
  own,
  parseWith,
  shape,
  string,
} from "./shape.js";

/** Entity names from the docs; others may come. */
export type TilbyEntityName =
  | "daily_closings"
  | "items"
  | "customers"
  | "suppliers"
  | "sales"
  | "orders"
  | "bookings"
  | "stock"
  | (string & {});

/**
 * The documented event types. Tilby may send others (the list is open): the parser accepts
 * them as notifications, so a `switch` on `type` should keep a `default` branch.
 */
export type TilbyEventType = "CREATED" | "UPDATED" | "DELETED" | "CLOSED";

/** Sent once when the webhook is set up, to check that the URL answers. */
export interface TilbySubscribed {
  type: "SUBSCRIBED";
  entity_name: TilbyEntityName;
  /** ISO 8601 in UTC: `"2022-02-23T15:43:31.714Z"`. */
  time: string;
  /** The shop. */
  environment_id: string;
  /** The client id of the static token. */
  client_id: string;
}

/** One entity in a notification (fields from a third-party fixture, all optional). */
export interface TilbyEntity {
  id?: number;
  uuid?: string;
  external_id?: string | null;
  status?: string;
}

/** An entity event. Imports arrive in batches of at most 80 entities. */
export interface TilbyNotification {
  type: TilbyEventType;
  entity_name: TilbyEntityName;
  entities: TilbyEntity[];
  time?: string;
  notification_uuid?: string;
  environment_id?: string;
  client_id?: string;
  from_user?: number;
  /** How many times this notification was sent before. */
  nRetry?: number;
}

/** A Tilby webhook; narrow on `type === "SUBSCRIBED"`. */
export type TilbyWebhook = TilbySubscribed | TilbyNotification;

const subscribed: Shape<TilbySubscribed> = /* @__PURE__ */ object({
  type: /* @__PURE__ */ literal("SUBSCRIBED"),
  entity_name: /* @__PURE__ */ openString<TilbyEntityName>(),
  time: string,
  environment_id: string,
  client_id: string,
});

const entity: Shape<TilbyEntity> = /* @__PURE__ */ object({
  id: /* @__PURE__ */ optional(number),
  uuid: /* @__PURE__ */ optional(string),
  external_id: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(string)),
  status: /* @__PURE__ */ optional(string),
});

const notification: Shape<TilbyNotification> = /* @__PURE__ */ object({
  type: /* @__PURE__ */ openString<TilbyEventType>(),
  entity_name: /* @__PURE__ */ openString<TilbyEntityName>(),
  entities: /* @__PURE__ */ array(entity),
  time: /* @__PURE__ */ optional(string),
  notification_uuid: /* @__PURE__ */ optional(string),
  environment_id: /* @__PURE__ */ optional(string),
  client_id: /* @__PURE__ */ optional(string),
  from_user: /* @__PURE__ */ optional(number),
  nRetry: /* @__PURE__ */ optional(number),
});

const webhook: Shape<TilbyWebhook> = /* @__PURE__ */ shape((value, path) => {
  if (!isObject(value)) return mismatch(path, "an object", value);
  const type = own(value, "type");
  if (typeof type !== "string") return mismatch(join(path, "type"), "a string", type);
  return (type === "SUBSCRIBED" ? subscribed : notification).check(value, path);
});

/** Parses a Tilby webhook (the raw body, or a value already parsed). Never throws. */
export function parseTilbyWebhook(body: Bytes | unknown): ParseResult<TilbyWebhook> {
  return parseWith(body, webhook);
}
