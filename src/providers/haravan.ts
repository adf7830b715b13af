// Haravan: HMAC-SHA256 of the raw body (base64, or hex: see src/schemes/haravan.ts) in
// `X-Haravan-Hmacsha256`; `X-Haravan-Topic` names the event (third-party receivers). Delivery id,
// answer and retries are not documented: the body's digest keys a delivery, and the defaults
// hold. The GET `hub.challenge` check some integrators answer is not handled (third-party only).
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type HaravanWebhook, parseHaravanWebhook } from "../payloads/haravan.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { headerHmacReceiving, headerHmacSigning, textSetting } from "./header-hmac.js";
import { declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Haravan: no retry schedule documented; the store's 24 h. */
export const HARAVAN_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Haravan's events, by `X-Haravan-Topic` (`"orders/create"`); `"haravan"` without one. */
export type HaravanEvents = Record<string, HaravanWebhook>;

/** What `createReceiver` takes for Haravan: the common options and its own. */
export interface HaravanReceiverOptions extends CommonReceiverOptions {
  /** `"haravan"`. */
  provider: "haravan";
  /** The webhook authentication secret or the app's client secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** An `orders/create` body (made up: Haravan publishes no sample here). */
export const HARAVAN_ORDERS_CREATE_EXAMPLE: Readonly<Record<string, unknown>> = /* @__PURE__ */ frozen({
  id: 1001234,
  order_number: "#101001",
  email: "khach@example.vn",
  total_price: 350000,
  currency: "VND",
  financial_status: "pending",
});

/** What a receiver reads of Haravan. */
export const haravanReceiving: ReceivingDeclaration<"haravan", HaravanEvents, SecretMatch> = /* @__PURE__ */ headerHmacReceiving({
  name: "haravan",
  title: "Haravan",
  verify: (verifiers, input) => verifiers.verifyHaravan(input),
  parse: (body, headers) => named(parseHaravanWebhook(body, headers), (value) => value.topic ?? "haravan"),
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: HARAVAN_RETENTION_MS,
});

/** How a Haravan delivery is signed (base64), and its example (webhook-signatures/testing). */
export const haravanSigning: SigningDeclaration<"haravan"> = /* @__PURE__ */ headerHmacSigning({
  name: "haravan",
  title: "Haravan",
  header: "X-Haravan-Hmacsha256",
  scheme: { vectors: "haravan", verify: "verifyHaravan", sign: "signHaravan", header: "X-Haravan-Hmacsha256", valueKey: "signature" },
  sign: (signers, body, secret) => signers.signHaravan({ body, secret }),
  headers: (settings) => [
    ["X-Haravan-Topic", textSetting(settings, "topic", () => "orders/create")],
    ["X-Haravan-Org-Id", textSetting(settings, "orgId", () => "200000376735")],
  ],
  examples: [{ name: "haravan-orders-create", about: "orders/create (made-up values)", payload: HARAVAN_ORDERS_CREATE_EXAMPLE }],
});

/** The Haravan declaration: what a receiver, /testing and the command line read of it. */
export const haravan: ProviderDeclaration<"haravan", HaravanEvents, SecretMatch> = /* @__PURE__ */ declaration(haravanReceiving, haravanSigning, {
  cliOptions: [{ name: "topic", value: "TOPIC", help: "haravan: the X-Haravan-Topic (default orders/create)", commands: ["sign", "send"] }],
  cliSettings: (values) => ({ topic: values.topic }),
  explain: { hmac: { algorithm: "sha256", encoding: "base64" } },
});
