// Standard Webhooks (the spec behind Svix and the providers built on it): `webhook-signature:
// v1,<base64 HMAC-SHA256>` over `{webhook-id}.{webhook-timestamp}.{raw body}`, the key the
// base64 after `whsec_`; `webhook-id` names the delivery; the timestamp is checked 5 minutes
// either way (the reference libraries). Retries: the spec recommends backoff over several days
// (its example schedule ends 24 h after a 20 h step: about 3 days in all).
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type StandardWebhook, parseStandardWebhook } from "../payloads/standard-webhooks.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { toleranceOf } from "../schemes/signed-window.js";
import { STANDARD_WEBHOOKS_SECRET_PREFIX, STANDARD_WEBHOOKS_SIGNATURE_HEADER, STANDARD_WEBHOOKS_TIMESTAMP_HEADER, swSecretText } from "../schemes/standard-webhooks-header.js";
import { JSON_CONTENT_TYPE, checkSecretOption, declaration, frozen, named } from "./shared.js";
import { timeRefusal } from "./signed-time.js";
import type { ExplainAttempt, ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Standard Webhooks: keep a processed `webhook-id` 4 days, past the spec's example retry schedule (about 3 days). */
const STANDARD_WEBHOOKS_RETENTION_MS = 4 * 24 * 60 * 60 * 1000;

/** Standard Webhooks events: the payload's `type` when it is a string, else `"webhook"`. */
export type StandardWebhooksEvents = Record<string, StandardWebhook>;

/** What `createReceiver` takes for Standard Webhooks: the common options and its own. */
export interface StandardWebhooksReceiverOptions extends CommonReceiverOptions {
  /** `"standard-webhooks"`. */
  provider: "standard-webhooks";
  /** The endpoint's `whsec_…` secret (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** Largest accepted |now - webhook-timestamp| in seconds. Default 300. */
  toleranceSeconds?: number;
}

/** The spec's recommended envelope, with the reference libraries' test payload's values as data. */
export const STANDARD_WEBHOOKS_EXAMPLE: StandardWebhook = /* @__PURE__ */ frozen({
  type: "invoice.paid",
  timestamp: "2022-11-03T20:26:10.344522Z",
  data: { id: "invoice_WF7WtCLFFtd8ubcTgboSFNql", status: "paid", attempt: 2 },
});

type Verified = SecretMatch & { id: string; timestamp: number };

/** What a receiver reads of Standard Webhooks. */
export const standardWebhooksReceiving: ReceivingDeclaration<"standard-webhooks", StandardWebhooksEvents, Verified> = {
  name: "standard-webhooks",
  title: "Standard Webhooks",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    toleranceOf(options.toleranceSeconds);
  },
  steps(options, verifiers, context) {
    const toleranceSeconds = options.toleranceSeconds as number | undefined;
    const now = context?.now;
    return {
      verify: (body, headers, secret) =>
        verifiers.verifyStandardWebhooks({
          body,
          headers,
          secret: secret as Secrets,
          ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
          ...(now === undefined ? {} : { now: now() }),
        }),
      parse: (body) => named(parseStandardWebhook(body), (value) => (typeof (value as { type?: unknown } | null)?.type === "string" ? (value as { type: string }).type : "webhook")),
      id: (_parsed, verified) => verified.id as string,
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: STANDARD_WEBHOOKS_RETENTION_MS,
};

/** How a Standard Webhooks delivery is signed (webhook-signatures/testing). Settings: `id`, `timestamp` (unix seconds). */
export const standardWebhooksSigning: SigningDeclaration<"standard-webhooks"> = {
  name: "standard-webhooks",
  title: "Standard Webhooks",
  secretOption: "secret",
  scheme: {
    vectors: "standard-webhooks",
    verify: "verifyStandardWebhooks",
    sign: "signStandardWebhooks",
    header: "webhook-signature",
    valueKey: "signature",
    extraHeaders: { id: "webhook-id", timestamp: "webhook-timestamp" },
  },
  signatureHeader: () => "webhook-signature",
  sign: (signers, body, secret, settings) => {
    const id = (settings.id as string | undefined) ?? `msg_${settings.randomId().replaceAll("-", "")}`;
    const timestamp = (settings.timestamp as number | undefined) ?? Math.floor(settings.nowMs / 1000);
    return [
      JSON_CONTENT_TYPE,
      ["webhook-id", id],
      ["webhook-timestamp", String(timestamp)],
      ["webhook-signature", signers.signStandardWebhooks({ body, secret, id, timestamp })],
    ];
  },
  examples: [{ name: "standard-webhooks-invoice-paid", about: "the spec's recommended envelope (type, timestamp, data)", payload: STANDARD_WEBHOOKS_EXAMPLE }],
};

/** The signed content, `{id}.{timestamp}.{body}`, of the delivery's own headers; undefined without them. */
function signedOf(context: { body: Uint8Array; header(name: string): string | undefined }): Uint8Array | undefined {
  const id = context.header("webhook-id");
  const t = context.header(STANDARD_WEBHOOKS_TIMESTAMP_HEADER);
  if (id === undefined || t === undefined) return undefined;
  const head = new TextEncoder().encode(`${id}.${t}.`);
  const signed = new Uint8Array(head.length + context.body.length);
  signed.set(head);
  signed.set(context.body, head.length);
  return signed;
}

/**
 * The decoded key of a whsec_ secret. Only the command line's own secrets reach here, and it
 * refuses one that is not a whsec_ key before any mistake is tried (exit 2).
 */
function keyOf(secret: string): Uint8Array {
  return Uint8Array.from(atob(swSecretText(secret, "secret")), (c) => c.charCodeAt(0));
}

/** The Standard Webhooks declaration: what a receiver, /testing and the command line read of it. */
export const standardWebhooks: ProviderDeclaration<"standard-webhooks", StandardWebhooksEvents, Verified> = /* @__PURE__ */ declaration(standardWebhooksReceiving, standardWebhooksSigning, {
  cliOptions: [
    { name: "webhook-id", value: "ID", help: "standard-webhooks: the webhook-id (default msg_ and a random UUID's digits)", commands: ["sign", "send"] },
    { name: "timestamp", value: "SECONDS", help: "standard-webhooks: webhook-timestamp, in unix seconds (default now)", commands: ["sign", "send"], read: { integer: [0, 2 ** 40] } },
    { name: "tolerance", value: "SECONDS", help: "standard-webhooks: largest accepted clock difference (default 300)", commands: ["verify", "listen"], read: { integer: [0, 2 ** 40] } },
  ],
  cliSettings: (values) => ({ id: values["webhook-id"], timestamp: values.timestamp }),
  cliReceiverOptions: (values) => (values.tolerance === undefined ? {} : { toleranceSeconds: values.tolerance }),
  explain: {
    anyClock: { tolerance: Infinity },
    refusal: (failure, context) => timeRefusal(failure, context, STANDARD_WEBHOOKS_TIMESTAMP_HEADER),
    mistakes(_failure, context) {
      const list = context.header(STANDARD_WEBHOOKS_SIGNATURE_HEADER) ?? "";
      const signatures = list.split(" ").filter((entry) => entry.startsWith("v1,")).map((entry) => entry.slice(3));
      const signed = signedOf(context);
      if (signed === undefined || signatures.length === 0) return [];
      const fix = "if this is your own test sender, sign with signStandardWebhooks (or webhook-signatures sign standard-webhooks)";
      const any = (data: Uint8Array, secret: string | Uint8Array) => signatures.some((signature) => context.hmacMatches(data, secret, signature, "sha256", "base64"));
      const attempts: ExplainAttempt[] = [
        {
          what: `the ${STANDARD_WEBHOOKS_SECRET_PREFIX} secret used as UTF-8 text`,
          why: `the sender keys the HMAC with the secret's characters; Standard Webhooks keys it with the bytes the base64 after ${STANDARD_WEBHOOKS_SECRET_PREFIX} spells`,
          fix: "decode the part after whsec_ from base64 and key the HMAC with those bytes (signStandardWebhooks does)",
          matches: (secret) => any(signed, secret) || (secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX) && any(signed, secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length))),
        },
        {
          what: "HMAC-SHA256 of the body alone, without webhook-id and webhook-timestamp",
          why: 'the sender signs only the body; Standard Webhooks signs "{webhook-id}.{webhook-timestamp}.{body}"',
          fix,
          matches: (secret) => any(context.body, keyOf(secret)),
        },
      ];
      return attempts;
    },
  },
});
