// eWarehousing Solutions webhooks: the envelope {body, group, action, entity, customer,
// entityId}. Docs: api.docs.ewarehousing-solutions.com/webhooks, /webhook-setup.
//
// Decisions where the docs are silent:
// - The table of groups and actions is published as the supported list, so it is checked:
//   another group, or an action its group does not list, gives invalid_payload.
// - Only the stock body is published; every other group's `body` is typed as an unknown
//   record (any JSON object) until eWarehousing documents it.
import type { Bytes } from "../lib/types.js";
import {
  type ParseResult,
  type Shape,
  isObject,
  join,
  literal,
  mismatch,
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
  article: "created" | "updated" | "deleted";
  batch: "updated";
  inbound: "created" | "updated" | "completed";
  modification: "created" | "updated" | "approved" | "disapproved";
  order: "created" | "updated" | "planned" | "processing" | "shipped";
  shipment: "created" | "updated";
  stock: "updated";
  variant: "created" | "updated" | "deleted";
}

export type EwarehousingGroup = keyof EwarehousingEventMap;
export type EwarehousingAction = EwarehousingEventMap[EwarehousingGroup];

/** The body of a `stock` / `updated` webhook. */
export interface EwarehousingStockBody {
  id: string;
  ean: string;
  sku: string;
  /** `"2022-02-11T17:45:01+0000"` (offset without a colon). */
  modified_at: string;
  article_code: string;
  stock_salable: number;
  stock_physical: number;
  stock_available: number;
  stock_quarantine: number;
}

/** The envelope of every eWarehousing webhook, for one group and action. */
export interface EwarehousingEnvelope<G extends EwarehousingGroup, A extends EwarehousingEventMap[G], B> {
  body: B;
  group: G;
  action: A;
  /** The kind of entity concerned, such as `"variant"` for a stock update. */
  entity: string;
  /** The customer's id. */
  customer: string;
  entityId: string;
}

export type EwarehousingStockUpdated = EwarehousingEnvelope<"stock", "updated", EwarehousingStockBody>;

/** A webhook of one group and action: the stock body typed, the others unknown records. */
export type EwarehousingWebhookOf<G extends EwarehousingGroup, A extends EwarehousingEventMap[G] = EwarehousingEventMap[G]> = {
  [Action in A]: G extends "stock" ? EwarehousingStockUpdated : EwarehousingEnvelope<G, Action, Record<string, unknown>>;
}[A];

/** Any eWarehousing webhook; narrow on `group`, then on `action`. */
export type EwarehousingWebhook = { [G in EwarehousingGroup]: EwarehousingWebhookOf<G> }[EwarehousingGroup];

const ACTIONS: { readonly [G in EwarehousingGroup]: Shape<EwarehousingEventMap[G]> } = {
  article: /* @__PURE__ */ literal("created", "updated", "deleted"),
  batch: /* @__PURE__ */ literal("updated"),
  inbound: /* @__PURE__ */ literal("created", "updated", "completed"),
  modification: /* @__PURE__ */ literal("created", "updated", "approved", "disapproved"),
  order: /* @__PURE__ */ literal("created", "updated", "planned", "processing", "shipped"),
  shipment: /* @__PURE__ */ literal("created", "updated"),
  stock: /* @__PURE__ */ literal("updated"),
  variant: /* @__PURE__ */ literal("created", "updated", "deleted"),
};

// Spelled out (not spread from ACTIONS' keys) so that bundlers can drop it when unused.
const GROUP = /* @__PURE__ */ literal("article", "batch", "inbound", "modification", "order", "shipment", "stock", "variant");

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

const identity = /* @__PURE__ */ object({ entity: string, customer: string, entityId: string });

const webhook: Shape<EwarehousingWebhook> = /* @__PURE__ */ shape((value, path) => {
  if (!isObject(value)) return mismatch(path, "an object", value);
  const group = own(value, "group");
  const badGroup = GROUP.check(group, join(path, "group"));
  if (badGroup !== undefined) return badGroup;
  const known = group as EwarehousingGroup;
  const found = ACTIONS[known].check(own(value, "action"), join(path, "action")) ?? identity.check(value, path);
  if (found !== undefined) return found;
  return (known === "stock" ? stockBody : record).check(own(value, "body"), join(path, "body"));
});

/** Parses an eWarehousing webhook (the raw body, or a value already parsed). Never throws. */
export function parseEwarehousingWebhook(body: Bytes | unknown): ParseResult<EwarehousingWebhook> {
  return parseWith(body, webhook);
}
