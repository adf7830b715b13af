// Shopify webhooks: the body is the topic's REST resource (or its `include_fields`), kept whole;
// what names the delivery is in headers (shopify.dev/docs/apps/build/webhooks/delivery-structure).
// Classic deliveries send `X-Shopify-*`; "Events" deliveries send `shopify-*` beside them (the
// SDK reads those first, and so does this parser). Every header is optional here: a delivery
// whose signature matched is never refused for a missing name (its event is then "shopify").
// An empty body is not JSON: `invalid_json` (the SDK refuses it as `missing_body`).
import type { Bytes, HeadersLike } from "../lib/types.js";
import { headerValue, withHeaders } from "./header-envelope.js";
import type { JsonObject, ParseResult } from "./shape.js";

/** A Shopify delivery: its headers' names for it, and the JSON body. */
export interface ShopifyWebhook {
  /** `X-Shopify-Topic` / `shopify-topic`: `"orders/create"`. */
  topic: string | undefined;
  /** `X-Shopify-Shop-Domain`: `"shop.myshopify.com"`. */
  shopDomain: string | undefined;
  /** `X-Shopify-API-Version`: `"2025-01"`. */
  apiVersion: string | undefined;
  /** `X-Shopify-Webhook-Id`: one delivery ("a unique composite key per delivery"). */
  webhookId: string | undefined;
  /** `X-Shopify-Event-Id`: the merchant action, shared by every subscription's delivery of it (the dedupe key with the topic). */
  eventId: string | undefined;
  /** `X-Shopify-Triggered-At`: when Shopify triggered the delivery (not signed; its format is not documented). */
  triggeredAt: string | undefined;
  /** `X-Shopify-Sub-Topic`, when the topic has one. */
  subTopic: string | undefined;
  /** `X-Shopify-Name`: the subscription's name, when it has one. */
  name: string | undefined;
  /** `shopify-handle` ("Events" deliveries): the subscription's handle. */
  handle: string | undefined;
  /** The JSON body: the topic's resource, unchecked (fields depend on topic and API version). */
  body: JsonObject;
}

/** The header of each field, "Events" form first: `shopify-topic` before `x-shopify-topic`. */
const first = (headers: HeadersLike, name: string): string | undefined => headerValue(headers, `shopify-${name}`) ?? headerValue(headers, `x-shopify-${name}`);

/** Parses a Shopify delivery: the JSON object body and the headers that name it. Never throws for network input. */
export function parseShopifyWebhook(body: Bytes, headers: HeadersLike): ParseResult<ShopifyWebhook> {
  return withHeaders(body, (json) => ({
    topic: first(headers, "topic"),
    shopDomain: first(headers, "shop-domain"),
    apiVersion: first(headers, "api-version"),
    webhookId: first(headers, "webhook-id"),
    eventId: first(headers, "event-id"),
    triggeredAt: first(headers, "triggered-at"),
    subTopic: first(headers, "sub-topic"),
    name: first(headers, "name"),
    handle: first(headers, "handle"),
    body: json,
  }));
}
