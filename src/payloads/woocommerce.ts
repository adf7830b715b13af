// WooCommerce webhooks: the body is the resource's REST API representation (`{"id": …}` for a
// deletion, `{"action", "arg"}` for an `action.*` topic), kept whole; the headers name the
// delivery (woocommerce-rest-api-docs wp-api-v3/_webhooks.md; class-wc-webhook.php
// `get_delivery_headers`). The creation ping (`webhook_id=<id>`, form-encoded and unsigned) is not
// a delivery: the receiver answers it before verification (see src/providers/woocommerce.ts).
import type { Bytes, HeadersLike } from "../lib/types.js";
import { headerValue, withHeaders } from "./header-envelope.js";
import type { JsonObject, ParseResult } from "./shape.js";

/** A WooCommerce delivery: its headers' names for it, and the JSON body. */
export interface WoocommerceWebhook {
  /** `X-WC-Webhook-Topic`: `"order.updated"`, `"action.woocommerce_…"`. */
  topic: string | undefined;
  /** `X-WC-Webhook-Resource`: `"order"`. */
  resource: string | undefined;
  /** `X-WC-Webhook-Event`: `"updated"`. */
  event: string | undefined;
  /** `X-WC-Webhook-ID`: the webhook's post id. */
  webhookId: string | undefined;
  /** `X-WC-Webhook-Delivery-ID` (core; the docs say `X-WC-Delivery-ID`, also read): a new hash per attempt. */
  deliveryId: string | undefined;
  /** `X-WC-Webhook-Source`: the site's URL. */
  source: string | undefined;
  /** The JSON body, unchecked. */
  body: JsonObject;
}

/** Parses a WooCommerce delivery: the JSON object body and the headers that name it. Never throws for network input. */
export function parseWoocommerceWebhook(body: Bytes, headers: HeadersLike): ParseResult<WoocommerceWebhook> {
  return withHeaders(body, (json) => ({
    topic: headerValue(headers, "x-wc-webhook-topic"),
    resource: headerValue(headers, "x-wc-webhook-resource"),
    event: headerValue(headers, "x-wc-webhook-event"),
    webhookId: headerValue(headers, "x-wc-webhook-id"),
    deliveryId: headerValue(headers, "x-wc-webhook-delivery-id") ?? headerValue(headers, "x-wc-delivery-id"),
    source: headerValue(headers, "x-wc-webhook-source"),
    body: json,
  }));
}
