// Sapo (UNCONFIRMED: no Sapo page was found; third-party receivers only): base64 HMAC-SHA256 of
// the raw body in `X-Sapo-Hmac-Sha256`; `X-Sapo-Topic` names the event. Delivery id, answer and
// retries are unknown: the body's digest keys a delivery (`X-Sapo-Object-Id` names the object,
// not the delivery), and the defaults hold.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type SapoWebhook, parseSapoWebhook } from "../payloads/sapo.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { headerHmacReceiving, headerHmacSigning, textSetting } from "./header-hmac.js";
import { declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Sapo: nothing documented; the store's 24 h. */
export const SAPO_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Sapo's events, by `X-Sapo-Topic` (`"orders/update"`); `"sapo"` without one. */
export type SapoEvents = Record<string, SapoWebhook>;

/** What `createReceiver` takes for Sapo: the common options and its own. */
export interface SapoReceiverOptions extends CommonReceiverOptions {
  /** `"sapo"`. */
  provider: "sapo";
  /** The app's secret or the webhook secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** An `orders/update` body (made up: no Sapo sample was found). */
export const SAPO_ORDERS_UPDATE_EXAMPLE: Readonly<Record<string, unknown>> = /* @__PURE__ */ frozen({
  id: 700123,
  code: "SON00123",
  status: "finalized",
  total: 250000,
});

/** What a receiver reads of Sapo. */
export const sapoReceiving: ReceivingDeclaration<"sapo", SapoEvents, SecretMatch> = /* @__PURE__ */ headerHmacReceiving({
  name: "sapo",
  title: "Sapo (unconfirmed)",
  verify: (verifiers, input) => verifiers.verifySapo(input),
  parse: (body, headers) => named(parseSapoWebhook(body, headers), (value) => value.topic ?? "sapo"),
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: SAPO_RETENTION_MS,
});

/** How a Sapo delivery is signed (as third parties verify it), and its example (webhook-signatures/testing). */
export const sapoSigning: SigningDeclaration<"sapo"> = /* @__PURE__ */ headerHmacSigning({
  name: "sapo",
  title: "Sapo (unconfirmed)",
  header: "X-Sapo-Hmac-Sha256",
  scheme: { vectors: "sapo", verify: "verifySapo", sign: "signSapo", header: "X-Sapo-Hmac-Sha256", valueKey: "signature" },
  sign: (signers, body, secret) => signers.signSapo({ body, secret }),
  headers: (settings) => [["X-Sapo-Topic", textSetting(settings, "topic", () => "orders/update")]],
  examples: [{ name: "sapo-orders-update", about: "orders/update (made-up values, unconfirmed shape)", payload: SAPO_ORDERS_UPDATE_EXAMPLE }],
});

/** The Sapo declaration: what a receiver, /testing and the command line read of it. */
export const sapo: ProviderDeclaration<"sapo", SapoEvents, SecretMatch> = /* @__PURE__ */ declaration(sapoReceiving, sapoSigning, {
  cliOptions: [{ name: "topic", value: "TOPIC", help: "sapo: the X-Sapo-Topic (default orders/update)", commands: ["sign", "send"] }],
  cliSettings: (values) => ({ topic: values.topic }),
  explain: { hmac: { algorithm: "sha256", encoding: "base64" } },
});
