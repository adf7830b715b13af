// Mobility Work (CMMS) webhooks: every event shares the envelope `_event` / `_date` /
// `_metadata`; only "Spare part was out of stock" has a published body.
// Docs: docs.mobility-work.com/partners/webhooks-spare-part-was-out-of-stock
//
// How the spare-part event is recognised: the docs' example shows `"_event": "string"`, a
// schema placeholder, so the real `_event` name is unknown and matching on a guessed name
// could silently send the real event to the wrong branch. The event is recognised instead
// by its shape: a body carrying all three of `stock`, `sparePart` and `movement` is a
// spare-part event and must have their documented fields (else invalid_payload with the
// path). Any other body with the envelope is accepted as `MwOtherWebhook`, so an unknown
// event, or a future one that happens to carry one of those keys, is never refused.
// Narrow with `isMwSparePartOutOfStock`, not on `_event`.
import type { Bytes } from "../lib/types.js";
import {
  type JsonObject,
  type ParseResult,
  type Shape,
  anyArray,
  isObject,
  object,
  own,
  parseWith,
  shape,
  string,
} from "./shape.js";

/** What every Mobility Work webhook carries. */
export interface MwWebhookEnvelope {
  /** The event name. Unconfirmed for every event: the docs show the placeholder `"string"`. */
  _event: string;
  /** ISO 8601 in UTC with milliseconds: `"2024-07-29T15:51:28.071Z"`. */
  _date: string;
  /** Undocumented entries (`[null]` in the docs' example). */
  _metadata: unknown[];
}

/** "Spare part was out of stock": after a consumption or a stock update. */
export interface MwSparePartOutOfStock extends MwWebhookEnvelope {
  /** Where the stock ran out. */
  stock: {
    /** The stock's location. */
    location: {
      /** The location's id. */
      locationId: string;
      /** The location's name. */
      name: string;
    };
  };
  /** The spare part that ran out. */
  sparePart: {
    /** The spare part's id. */
    sparePartId: string;
    /** Its name. */
    name: string;
    /** Its article code. */
    articleCode: string;
  };
  /** The stock movement that emptied it. */
  movement: {
    /** When the movement happened, ISO 8601. */
    on: string;
  };
}

/** Any other event: the envelope, the rest kept but not typed. */
export interface MwOtherWebhook extends MwWebhookEnvelope {
  // Declared so that `"sparePart" in webhook` cannot wrongly narrow to the spare-part event.
  /** Kept as sent, not typed. */
  stock?: unknown;
  /** Kept as sent, not typed. */
  sparePart?: unknown;
  /** Kept as sent, not typed. */
  movement?: unknown;
}

/** Any Mobility Work webhook: narrow with {@link isMwSparePartOutOfStock}. */
export type MwWebhook = MwSparePartOutOfStock | MwOtherWebhook;

const SPARE_PART_KEYS = ["stock", "sparePart", "movement"] as const;

function hasSparePartShape(value: JsonObject): boolean {
  return SPARE_PART_KEYS.every((key) => own(value, key) !== undefined);
}

/** True for the spare-part-out-of-stock event (recognised by its `stock`, `sparePart` and `movement`). */
export function isMwSparePartOutOfStock(webhook: MwWebhook): webhook is MwSparePartOutOfStock {
  return isObject(webhook) && hasSparePartShape(webhook);
}

const envelope = /* @__PURE__ */ object({ _event: string, _date: string, _metadata: anyArray });

const sparePartOutOfStock = /* @__PURE__ */ object({
  stock: /* @__PURE__ */ object({ location: /* @__PURE__ */ object({ locationId: string, name: string }) }),
  sparePart: /* @__PURE__ */ object({ sparePartId: string, name: string, articleCode: string }),
  movement: /* @__PURE__ */ object({ on: string }),
});

const webhook: Shape<MwWebhook> = /* @__PURE__ */ shape((value, path) => {
  const found = envelope.check(value, path);
  if (found !== undefined) return found;
  return hasSparePartShape(value as JsonObject) ? sparePartOutOfStock.check(value, path) : undefined;
});

/** Parses a Mobility Work webhook (the raw body, or a value already parsed). Never throws. */
export function parseMwWebhook(body: Bytes | unknown): ParseResult<MwWebhook> {
  return parseWith(body, webhook);
}
