// Sapo webhooks (UNCONFIRMED: no Sapo page was found): a JSON body, kept whole, and headers seen
// on a real delivery by third parties (docs/sapo.md): all may be absent.
import type { Bytes, HeadersLike } from "../lib/types.js";
import { headerValue, withHeaders } from "./header-envelope.js";
import type { JsonObject, ParseResult } from "./shape.js";

/** A Sapo delivery: the headers that name it (unconfirmed), and the JSON body. */
export interface SapoWebhook {
  /** `X-Sapo-Topic`: `"orders/update"`. */
  topic: string | undefined;
  /** `X-Sapo-Object-Id`: the object the event is about (not a delivery id). */
  objectId: string | undefined;
  /** `X-Sapo-Tenant-Domain` (`*.mysapogo.com`), else `X-Sapo-Shop-Domain` (older, `*.mysapo.net`). */
  shopDomain: string | undefined;
  /** `X-Sapo-Test`, as sent. */
  test: string | undefined;
  /** The JSON body, unchecked. */
  body: JsonObject;
}

/** Parses a Sapo delivery. Never throws for network input. */
export function parseSapoWebhook(body: Bytes, headers: HeadersLike): ParseResult<SapoWebhook> {
  return withHeaders(body, (json) => ({
    topic: headerValue(headers, "x-sapo-topic"),
    objectId: headerValue(headers, "x-sapo-object-id"),
    shopDomain: headerValue(headers, "x-sapo-tenant-domain") ?? headerValue(headers, "x-sapo-shop-domain"),
    test: headerValue(headers, "x-sapo-test"),
    body: json,
  }));
}
