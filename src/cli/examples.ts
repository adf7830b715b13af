// `webhook-signatures examples [name]`: the providers' documented example payloads, by name.
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
import { type Io, UsageError } from "./io.js";
import { nearest } from "./names.js";
import { parse } from "./options.js";

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

export const HELP = `Usage: webhook-signatures examples [name]

Lists the providers' documented example payloads by name. With a name, prints that
body exactly as sign and send use it (compact JSON, no newline at the end).
Any example can be signed for any provider.

Example:
  webhook-signatures examples tikinow-stock > stock.json
  webhook-signatures sign tikinow --secret-env TIKI_SECRET --body stock.json
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { positionals } = parse(args, {}, 1);
  const [name] = positionals;
  if (name !== undefined) {
    io.stdout(exampleBody(name));
    return 0;
  }
  const width = Math.max(...Object.keys(EXAMPLES).map((key) => key.length));
  for (const [key, example] of Object.entries(EXAMPLES)) {
    io.stdout(`${key.padEnd(width)}  ${example.provider.padEnd(13)}  ${example.about}\n`);
  }
  return 0;
}
