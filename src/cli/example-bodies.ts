// The providers' documented example payloads, by name: what `--example NAME` sends and what
// `webhook-signatures examples` lists. Apart from the command (examples.ts), so that options.ts
// can load it without an import cycle.
import {
  EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
  MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
  TIKINOW_AFTERSALE_EXAMPLE,
  TIKINOW_ORDER_CANCELED_EXAMPLE,
  TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE,
  TIKINOW_ORDER_PROCESSING_EXAMPLE,
  TIKINOW_STOCK_EXAMPLE,
  TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE,
  TILBY_SALES_CLOSED_EXAMPLE,
  TILBY_SUBSCRIBED_EXAMPLE,
} from "../testing.js";
import { UsageError } from "./io.js";
import { nearest } from "./names.js";

interface Example {
  provider: string;
  about: string;
  payload: unknown;
}

/** Name → example. The body is JSON.stringify(payload), as webhook-signatures/testing sends it. */
export const EXAMPLES: Readonly<Record<string, Example>> = {
  "tikinow-stock": { provider: "tikinow", about: "Webhook Sync Stock", payload: TIKINOW_STOCK_EXAMPLE },
  "tikinow-order-canceled": { provider: "tikinow", about: "Webhook Sync Status, canceled order", payload: TIKINOW_ORDER_CANCELED_EXAMPLE },
  "tikinow-order-delivery-failed": {
    provider: "tikinow",
    about: "Webhook Sync Status, failed delivery",
    payload: TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE,
  },
  "tikinow-order-processing": { provider: "tikinow", about: "Webhook Sync Status, ready for pickup", payload: TIKINOW_ORDER_PROCESSING_EXAMPLE },
  "tikinow-aftersale": { provider: "tikinow", about: "Webhook FD/CR", payload: TIKINOW_AFTERSALE_EXAMPLE },
  "tiki-product-request-rejected": { provider: "tiki", about: "product:request:rejected", payload: TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE },
  "mobility-work-spare-part-out-of-stock": {
    provider: "mobility-work",
    about: "Spare part was out of stock",
    payload: MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
  },
  "tilby-subscribed": { provider: "tilby", about: "SUBSCRIBED handshake", payload: TILBY_SUBSCRIBED_EXAMPLE },
  "tilby-sales-closed": { provider: "tilby", about: "sales CLOSED notification (unconfirmed shape)", payload: TILBY_SALES_CLOSED_EXAMPLE },
  "ewarehousing-stock-updated": { provider: "ewarehousing", about: "stock updated", payload: EWAREHOUSING_STOCK_UPDATED_EXAMPLE },
};

/** The bytes of a named example, or a usage error listing the names. */
export function exampleBody(name: string): string {
  const example = Object.hasOwn(EXAMPLES, name) ? EXAMPLES[name] : undefined;
  if (example === undefined) {
    // Echoed only when near an example's name: a secret typed in its place is not.
    const near = nearest(name, Object.keys(EXAMPLES));
    if (near === undefined) throw new UsageError(`unknown example: run 'webhook-signatures examples' for the names`);
    throw new UsageError(`unknown example ${JSON.stringify(name)}; did you mean ${near}? ('webhook-signatures examples' lists them all)`);
  }
  return JSON.stringify(example.payload);
}
