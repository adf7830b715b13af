// Standard Webhooks payloads: the spec recommends `{type, timestamp, data}` but requires no
// shape (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md). Any JSON
// value parses; `type` names the event when it is a string. Nothing else is checked.
import type { Bytes } from "../lib/types.js";
import { type ParseResult, parseWith, shape } from "./shape.js";

/** A Standard Webhooks payload: the recommended envelope, none of it required. */
export interface StandardWebhook {
  /** The event's name (`"invoice.paid"`), recommended by the spec, not required. */
  type?: unknown;
  /** When the event happened, ISO 8601 (recommended, not required). */
  timestamp?: unknown;
  /** The event's data (recommended by the spec, not required). */
  data?: unknown;
  [field: string]: unknown;
}

const anyJson = /* @__PURE__ */ shape<StandardWebhook>(() => undefined);

/** Parses a Standard Webhooks body (any JSON value). Never throws. */
export function parseStandardWebhook(body: Bytes | unknown): ParseResult<StandardWebhook> {
  return parseWith(body, anyJson);
}
