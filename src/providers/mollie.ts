// Mollie next-gen webhooks (beta): hex HMAC-SHA256 of the raw body with the subscription's shared
// secret, in `X-Mollie-Signature`. The event's fields, delivery id, answer and retries are not in
// the pages read (docs/mollie.md): `type` names the event when it is a string, the body's digest
// keys a delivery, and the defaults (200, 24 h, Retry-After 60 s) hold. Classic Mollie webhooks
// (`id=tr_…`, unsigned) are not this provider: fetch the resource instead.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { stringOf } from "../payloads/header-envelope.js";
import { type MollieEvent, parseMollieEvent } from "../payloads/mollie.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { headerHmacReceiving, headerHmacSigning } from "./header-hmac.js";
import { declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Mollie: no retry schedule documented; the store's 24 h. */
export const MOLLIE_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Mollie's events, by `type` when it is a string (unconfirmed); `"mollie"` otherwise. */
export type MollieEvents = Record<string, MollieEvent>;

/** What `createReceiver` takes for Mollie: the common options and its own. */
export interface MollieReceiverOptions extends CommonReceiverOptions {
  /** `"mollie"`. */
  provider: "mollie";
  /** The webhook subscription's shared secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** A next-gen event (made up: the pages read print none; the field names are unconfirmed). */
export const MOLLIE_EVENT_EXAMPLE: Readonly<Record<string, unknown>> = /* @__PURE__ */ frozen({
  resource: "event",
  id: "event_GvJ8WHrp5isUdRub9CJyH",
  type: "payment-link.paid",
  entityId: "pl_qng5gbbv8NAZ5gpM5ZYgx",
  createdAt: "2025-01-10T11:00:00+00:00",
});

/** What a receiver reads of Mollie. */
export const mollieReceiving: ReceivingDeclaration<"mollie", MollieEvents, SecretMatch> = /* @__PURE__ */ headerHmacReceiving({
  name: "mollie",
  title: "Mollie",
  verify: (verifiers, input) => verifiers.verifyMollie(input),
  parse: (body) => named(parseMollieEvent(body), (value) => stringOf(value, "type") ?? "mollie"),
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: MOLLIE_RETENTION_MS,
});

/** How a Mollie next-gen delivery is signed, and its example (webhook-signatures/testing). */
export const mollieSigning: SigningDeclaration<"mollie"> = /* @__PURE__ */ headerHmacSigning({
  name: "mollie",
  title: "Mollie",
  header: "X-Mollie-Signature",
  scheme: { vectors: "mollie", verify: "verifyMollie", sign: "signMollie", header: "X-Mollie-Signature", valueKey: "signature" },
  sign: (signers, body, secret) => signers.signMollie({ body, secret }),
  examples: [{ name: "mollie-payment-link-paid", about: "payment-link.paid (made-up, unconfirmed shape)", payload: MOLLIE_EVENT_EXAMPLE }],
});

/** The Mollie declaration: what a receiver, /testing and the command line read of it. */
export const mollie: ProviderDeclaration<"mollie", MollieEvents, SecretMatch> = /* @__PURE__ */ declaration(mollieReceiving, mollieSigning, {
  cliOptions: [],
  explain: { hmac: { algorithm: "sha256", encoding: "hex" } },
});
