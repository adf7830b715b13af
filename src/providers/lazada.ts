// Lazada Open Platform push: `Authorization: <hex HMAC-SHA256>` with the App Secret over the App Key
// followed by the raw body (Lazada's docs); no delivery id is documented (the body's digest keys a
// delivery); retries: 12 per message type, 30 minutes apart (6 hours), so a key is kept 24 h.
// The body's `timestamp` is ms or s by message type: it is not a freshness check.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type LazadaPush, parseLazadaPush } from "../payloads/lazada.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { appKeyOf } from "../schemes/keyed-header.js";
import { JSON_CONTENT_TYPE, checkSecretOption, declaration, frozen, named } from "./shared.js";
import { appKeyMistakes } from "./keyed-explain.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Lazada: keep a processed delivery's key 24 h. */
const LAZADA_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Lazada events: the push's `message_type` as a string ("0" orders, "1" product QC, "12" category tree, "13" seller status, "35" purchase orders). */
export type LazadaEvents = Record<string, LazadaPush>;

/** What `createReceiver` takes for Lazada: the common options and its own. */
export interface LazadaReceiverOptions extends CommonReceiverOptions {
  /** `"lazada"`. */
  provider: "lazada";
  /** The App Secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** The app's App Key, signed before the body. */
  appKey: string;
}

/** Lazada: an order status push (message type 0), ids made up. */
export const LAZADA_EXAMPLE: LazadaPush = /* @__PURE__ */ frozen({
  seller_id: "1234567",
  message_type: 0,
  data: {
    order_status: "unpaid",
    status_update_time: 1603698638,
    trade_order_id: "260422900198363",
    trade_order_line_id: "260422900298363",
  },
  timestamp: 1603766859530,
  site: "lazada_vn",
});

/** What a receiver reads of Lazada. */
export const lazadaReceiving: ReceivingDeclaration<"lazada", LazadaEvents, SecretMatch> = {
  name: "lazada",
  title: "Lazada",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    appKeyOf(options.appKey);
  },
  steps(options, verifiers) {
    const appKey = options.appKey as string;
    return {
      verify: (body, headers, secret) => verifiers.verifyLazada({ body, headers, secret: secret as Secrets, appKey }),
      parse: (body) => named(parseLazadaPush(body), (value) => String(value.message_type)),
      id: () => undefined,
    };
  },
  retryAfterSeconds: 1800,
  retentionMs: LAZADA_RETENTION_MS,
};

/** How a Lazada delivery is signed (webhook-signatures/testing). Settings: `appKey` (required). */
export const lazadaSigning: SigningDeclaration<"lazada"> = {
  name: "lazada",
  title: "Lazada",
  secretOption: "secret",
  scheme: { vectors: "lazada", verify: "verifyLazada", sign: "signLazada", header: "Authorization", valueKey: "signature" },
  signatureHeader: () => "Authorization",
  sign: (signers, body, secret, settings) => [JSON_CONTENT_TYPE, ["Authorization", signers.signLazada({ body, secret, appKey: settings.appKey as string })]],
  examples: [{ name: "lazada-order-unpaid", about: "an order status push (message type 0), ids made up", payload: LAZADA_EXAMPLE }],
};

/** The Lazada declaration: what a receiver, /testing and the command line read of it. */
export const lazada: ProviderDeclaration<"lazada", LazadaEvents, SecretMatch> = /* @__PURE__ */ declaration(lazadaReceiving, lazadaSigning, {
  cliOptions: [
    { name: "app-key", value: "KEY", help: "lazada: the App Key, signed before the body (required)", commands: ["sign", "send", "verify", "listen"], required: "the App Key of your app" },
  ],
  cliSettings: (values) => ({ appKey: values["app-key"] }),
  cliReceiverOptions: (values) => ({ appKey: values["app-key"] }),
  explain: { mistakes: (_failure, context) => appKeyMistakes(context, "Lazada", "signLazada") },
});
