// Haravan webhooks: a JSON body, kept whole. The docs say to read the shop (`org_id`) and the
// event (`topic`) from the request; the header names `X-Haravan-Topic` and `X-Haravan-Org-Id`
// come from third-party receivers only (docs/haravan.md): both may be absent.
import type { Bytes, HeadersLike } from "../lib/types.js";
import { headerValue, withHeaders } from "./header-envelope.js";
import type { JsonObject, ParseResult } from "./shape.js";

/** A Haravan delivery: the headers that name it (unconfirmed), and the JSON body. */
export interface HaravanWebhook {
  /** `X-Haravan-Topic` (third-party receivers): `"orders/create"`. */
  topic: string | undefined;
  /** `X-Haravan-Org-Id` (third-party receivers): the shop. */
  orgId: string | undefined;
  /** The JSON body, unchecked. */
  body: JsonObject;
}

/** Parses a Haravan delivery. Never throws for network input. */
export function parseHaravanWebhook(body: Bytes, headers: HeadersLike): ParseResult<HaravanWebhook> {
  return withHeaders(body, (json) => ({ topic: headerValue(headers, "x-haravan-topic"), orgId: headerValue(headers, "x-haravan-org-id"), body: json }));
}
