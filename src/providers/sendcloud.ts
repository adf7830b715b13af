// Sendcloud: lowercase hex HMAC-SHA256 of the raw body with the integration's Secret Key or
// Webhook Signature Key, in `Sendcloud-Signature`; `action` names the event. No delivery id is
// documented: the body's digest keys a delivery (a retry carries the same body; its `timestamp`
// tells two status changes apart). Retried 10 times, from 5 minutes apart up to an hour.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { stringOf } from "../payloads/header-envelope.js";
import { type SendcloudWebhook, parseSendcloudWebhook } from "../payloads/sendcloud.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { headerHmacReceiving, headerHmacSigning } from "./header-hmac.js";
import { declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Sendcloud: keep a processed key 24 h (10 retries, at most an hour apart: about 8 hours). */
export const SENDCLOUD_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Sendcloud's events, by `action` (`"parcel_status_changed"`); `"sendcloud"` for a body without one. */
export type SendcloudEvents = Record<string, SendcloudWebhook>;

/** What `createReceiver` takes for Sendcloud: the common options and its own. */
export interface SendcloudReceiverOptions extends CommonReceiverOptions {
  /** `"sendcloud"`. */
  provider: "sendcloud";
  /** The Secret Key or Webhook Signature Key (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** A `parcel_status_changed` body in the shape of the event page (values made up). */
export const SENDCLOUD_PARCEL_STATUS_CHANGED_EXAMPLE: Readonly<Record<string, unknown>> = /* @__PURE__ */ frozen({
  action: "parcel_status_changed",
  timestamp: 1736506800,
  carrier_status_change_timestamp: 1736506700,
  parcel: { id: 12345678, tracking_number: "3SYZXG132912330", status: { id: 11, message: "Delivered" } },
});

/** What a receiver reads of Sendcloud. */
export const sendcloudReceiving: ReceivingDeclaration<"sendcloud", SendcloudEvents, SecretMatch> = /* @__PURE__ */ headerHmacReceiving({
  name: "sendcloud",
  title: "Sendcloud",
  verify: (verifiers, input) => verifiers.verifySendcloud(input),
  parse: (body) => named(parseSendcloudWebhook(body), (value) => stringOf(value, "action") ?? "sendcloud"),
  retryAfterSeconds: 300,
  retentionMs: SENDCLOUD_RETENTION_MS,
});

/** How a Sendcloud delivery is signed, and its example (webhook-signatures/testing). */
export const sendcloudSigning: SigningDeclaration<"sendcloud"> = /* @__PURE__ */ headerHmacSigning({
  name: "sendcloud",
  title: "Sendcloud",
  header: "Sendcloud-Signature",
  scheme: { vectors: "sendcloud", verify: "verifySendcloud", sign: "signSendcloud", header: "Sendcloud-Signature", valueKey: "signature" },
  sign: (signers, body, secret) => signers.signSendcloud({ body, secret }),
  examples: [{ name: "sendcloud-parcel-status-changed", about: "parcel_status_changed (made-up values)", payload: SENDCLOUD_PARCEL_STATUS_CHANGED_EXAMPLE }],
});

/** The Sendcloud declaration: what a receiver, /testing and the command line read of it. */
export const sendcloud: ProviderDeclaration<"sendcloud", SendcloudEvents, SecretMatch> = /* @__PURE__ */ declaration(sendcloudReceiving, sendcloudSigning, {
  cliOptions: [],
  explain: { hmac: { algorithm: "sha256", encoding: "hex" } },
});
