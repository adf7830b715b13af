// eWarehousing Solutions webhooks: the envelope {body, group, action, entity, customer,
// entityId}. Docs: api.docs.ewarehousing-solutions.com/webhooks, /webhook-setup.
//
// Decisions where the docs are silent:
// - The table of groups and actions is published; the types list it. A group or action it
//   does not list yet is still parsed (its body as a record): a 400 would make eWarehousing
//   retry for ten hours and drop a real event. Keep a `default` branch when switching.
// - Only the stock body is published; every other group's `body` is typed as an unknown
//   record (any JSON object) until eWarehousing documents it.
// - `entity`, `customer` and `entityId` are named in the docs, but no published example
//   shows their values: they are typed `unknown` and never checked.
import type { Bytes } from "../lib/types.js";
import {
  type ParseResult,
  type Shape,
  type JsonObject,
  join,
  number,
  object,
  own,
  parseWith,
  record,
  shape,
  string,
} from "./shape.js";

/** The documented groups and, for each, its actions. */
export interface EwarehousingEventMap {
  /** The `article` group's actions. */
  article: "created" | "updated" | "deleted";
  /** The `batch` group's action. */
  batch: "updated";
  /** The `inbound` group's actions. */
  inbound: "created" | "updated" | "completed";
  /** The `modification` group's actions. */
  modification: "created" | "updated" | "approved" | "disapproved";
  /** The `order` group's actions. */
  order: "created" | "updated" | "planned" | "processing" | "shipped";
  /** The `shipment` group's actions. */
  shipment: "created" | "updated";
  /** The `stock` group's action (its body is typed: {@link EwarehousingStockBody}). */
  stock: "updated";
  /** The `variant` group's actions. */
  variant: "created" | "updated" | "deleted";
}

/** A documented group: `"stock"`, `"order"`, … */
export type EwarehousingGroup = keyof EwarehousingEventMap;
/** An action of any group: `"created"`, `"updated"`, … */
export type EwarehousingAction = EwarehousingEventMap[EwarehousingGroup];

/** The body of a `stock` / `updated` webhook. */
export interface EwarehousingStockBody {
  /** The stock record's id. */
  id: string;
  /** The article's EAN. */
  ean: string;
  /** The article's SKU. */
  sku: string;
  /** `"2022-02-11T17:45:01+0000"` (offset without a colon). */
  modified_at: string;
  /** The article's code. */
  article_code: string;
  /** Units that can be sold. */
  stock_salable: number;
  /** Units physically in the warehouse. */
  stock_physical: number;
  /** Units available. */
  stock_available: number;
  /** Units in quarantine. */
  stock_quarantine: number;
}

/** The envelope of every eWarehousing webhook, for one group and action. */
export interface EwarehousingEnvelope<G extends EwarehousingGroup, A extends EwarehousingEventMap[G], B> {
  /** The entity, as the action left it. */
  body: B;
  /** The group: what kind of entity changed. */
  group: G;
  /** What happened to it. */
  action: A;
  /** The kind of entity concerned (named in the docs; no example shows its value: not checked). */
  entity?: unknown;
  /** The customer's id (named in the docs; no example shows its value: not checked). */
  customer?: unknown;
  /** The entity's id (named in the docs; no example shows its value: not checked). */
  entityId?: unknown;
}

/** A `stock` / `updated` webhook: its body typed. */
export type EwarehousingStockUpdated = EwarehousingEnvelope<"stock", "updated", EwarehousingStockBody>;

/** A webhook of one group and action: the stock body typed, the others unknown records. */
export type EwarehousingWebhookOf<G extends EwarehousingGroup, A extends EwarehousingEventMap[G] = EwarehousingEventMap[G]> = {
  [Action in A]: G extends "stock" ? EwarehousingStockUpdated : EwarehousingEnvelope<G, Action, Record<string, unknown>>;
}[A];

/** Any eWarehousing webhook; narrow on `group`, then on `action`. */
export type EwarehousingWebhook = { [G in EwarehousingGroup]: EwarehousingWebhookOf<G> }[EwarehousingGroup];

const stockBody: Shape<EwarehousingStockBody> = /* @__PURE__ */ object({
  id: string,
  ean: string,
  sku: string,
  modified_at: string,
  article_code: string,
  stock_salable: number,
  stock_physical: number,
  stock_available: number,
  stock_quarantine: number,
});

const event = /* @__PURE__ */ object({ group: string, action: string });

const webhook: Shape<EwarehousingWebhook> = /* @__PURE__ */ shape((value, path) => {
  const found = event.check(value, path);
  if (found !== undefined) return found;
  const envelope = value as JsonObject;
  const isStock = own(envelope, "group") === "stock" && own(envelope, "action") === "updated";
  return (isStock ? stockBody : record).check(own(envelope, "body"), join(path, "body"));
});

/** Parses an eWarehousing webhook (the raw body, or a value already parsed). Never throws. */
export function parseEwarehousingWebhook(body: Bytes | unknown): ParseResult<EwarehousingWebhook> {
  return parseWith(body, webhook);
}
