// Sendcloud webhooks: a JSON object (sendcloud.dev/api/v2/webhooks). Only `timestamp` is named
// on the signature page ("a unix timestamp indicating the time that the status changed", seconds
// in one example and milliseconds in another), so nothing is checked: every field is `unknown`.
// The event's name is read from `action` when it is a string (the event pages' examples; not
// confirmed for every event), else "sendcloud".
import type { Bytes } from "../lib/types.js";
import { type ParseResult, parseWith, record } from "./shape.js";

/** A Sendcloud delivery's body. Test each field's type before use. */
export interface SendcloudWebhook {
  /** The event (`"parcel_status_changed"`, `"integration_connected"`, …): unconfirmed as a field for every event. */
  action?: unknown;
  /** When the status changed: unix time, in seconds or milliseconds (both appear in the docs). */
  timestamp?: unknown;
  /** `parcel_status_changed`: the parcel. */
  parcel?: unknown;
  [field: string]: unknown;
}

/** Parses a Sendcloud delivery: any JSON object. Never throws. */
export function parseSendcloudWebhook(body: Bytes | unknown): ParseResult<SendcloudWebhook> {
  return parseWith(body, record);
}
