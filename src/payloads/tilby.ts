// Tilby (Italian POS) webhooks: the SUBSCRIBED handshake sent when a webhook is set up, then
// one notification per (entity, event).
// Docs: developer.tilby.com/docs/introduction (handshake), /entities-and-events.
//
// Decisions where the docs are silent:
// - The handshake is documented: all five fields are required strings.
// - The notification body is known only from a third-party fixture, so only the fields the
//   docs name (`type`, `entity_name`, `entities`, an array of objects) are checked. The
//   fixture's other fields, and every field of an entity, are typed `unknown` and never
//   checked: a type guessed from one example (`from_user` is an e-mail address there, not a
//   number) must not turn a genuine notification into a 400 that Tilby retries and drops.
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
  object,
  openString,
  own,
  parseWith,
  record,
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
  /** Always `"SUBSCRIBED"`. */
  type: "SUBSCRIBED";
  /** The entity the webhook is for. */
  entity_name: TilbyEntityName;
  /** ISO 8601 in UTC: `"2022-02-23T15:43:31.714Z"`. */
  time: string;
  /** The shop. */
  environment_id: string;
  /** The client id of the static token. */
  client_id: string;
}

/**
 * One entity in a notification. Its fields are known only from a third-party fixture
 * (`{"id": 29, "uuid": "…", "external_id": "…", "status": "closed"}`), so none is checked:
 * test each one's type before use.
 */
export interface TilbyEntity {
  /** As sent; not checked. */
  id?: unknown;
  /** As sent; not checked. */
  uuid?: unknown;
  /** As sent; not checked. */
  external_id?: unknown;
  /** As sent; not checked. */
  status?: unknown;
  [field: string]: unknown;
}

/**
 * An entity event. Imports arrive in batches of at most 80 entities. Only `type`,
 * `entity_name` and `entities` are documented; the other fields are typed `unknown` (never
 * checked), with what the one published fixture shows.
 */
export interface TilbyNotification {
  /** What happened. */
  type: TilbyEventType;
  /** The kind of entity. */
  entity_name: TilbyEntityName;
  /** The entities concerned (at most 80 in an import). */
  entities: TilbyEntity[];
  /** Seen as ISO 8601 in UTC: `"2022-03-24T10:25:03.499Z"`. */
  time?: unknown;
  /** Seen as a UUID string: the key to deduplicate retries on. */
  notification_uuid?: unknown;
  /** Seen as a string (`"s3_e2e_restaurant"`). */
  environment_id?: unknown;
  /** Seen as a string (`"SclobyElectron3"`). */
  client_id?: unknown;
  /** Seen as an e-mail address (`"mario.rossi@gmail.com"`). */
  from_user?: unknown;
  /** Seen as a number: how many times this notification was sent before. */
  nRetry?: unknown;
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

const notification: Shape<TilbyNotification> = /* @__PURE__ */ object({
  type: /* @__PURE__ */ openString<TilbyEventType>(),
  entity_name: /* @__PURE__ */ openString<TilbyEntityName>(),
  entities: /* @__PURE__ */ array(record),
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
