// SePay (HMAC mode): `X-SePay-Signature: sha256=<hex HMAC-SHA256>` over `{X-SePay-Timestamp}.{raw
// body}` (the form rests on third-party integrations), the timestamp checked 5 minutes either
// way (SePay's docs); the body's `id` (SePay's transaction id) names the delivery; answered 200
// `{"success":true}`. Retries: 8 attempts over about 33 minutes; nothing older than 5 hours is
// sent again. The API-key mode (`Authorization: Apikey …`) is not served (docs/sepay.md).
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type SepayTransaction, parseSepayWebhook } from "../payloads/sepay.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER } from "../schemes/keyed-header.js";
import { toleranceOf } from "../schemes/signed-window.js";
import { JSON_CONTENT_TYPE, checkSecretOption, declaration, frozen, named } from "./shared.js";
import { timeRefusal } from "./signed-time.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** SePay: keep a processed transaction id 24 h (retries end after about 33 minutes; nothing older than 5 hours is sent). */
const SEPAY_RETENTION_MS = DELIVERY_RETENTION_MS;

/** SePay's one event: a transaction (money in or out). */
export interface SepayEvents {
  /** A bank transaction. */
  transaction: SepayTransaction;
}

/** What `createReceiver` takes for SePay: the common options and its own. */
export interface SepayReceiverOptions extends CommonReceiverOptions {
  /** `"sepay"`. */
  provider: "sepay";
  /** The webhook's Secret Key (HMAC mode; a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** Largest accepted |now - X-SePay-Timestamp| in seconds. Default 300 (SePay's docs). */
  toleranceSeconds?: number;
}

/** A SePay transaction notice in the shape of the docs' tutorial table (values of a third-party copy). */
export const SEPAY_TRANSACTION_EXAMPLE: SepayTransaction = /* @__PURE__ */ frozen({
  id: 92704,
  gateway: "Vietcombank",
  transactionDate: "2023-03-25 14:02:37",
  accountNumber: "0123499999",
  code: null,
  content: "payment content",
  transferType: "in",
  transferAmount: 2277000,
  accumulated: 19077000,
  subAccount: null,
  referenceCode: "MBVCB.3278907687",
});

type Verified = SecretMatch & { timestamp: number };

/** What a receiver reads of SePay. */
export const sepayReceiving: ReceivingDeclaration<"sepay", SepayEvents, Verified> = {
  name: "sepay",
  title: "SePay",
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
        verifiers.verifySepay({
          body,
          headers,
          secret: secret as Secrets,
          ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
          ...(now === undefined ? {} : { now: now() }),
        }),
      parse: (body) => named(parseSepayWebhook(body), () => "transaction"),
      id: (parsed) => String((parsed.payload as SepayTransaction).id),
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: SEPAY_RETENTION_MS,
  answer: { status: 200, body: '{"success":true}', contentType: "application/json" },
};

/** How a SePay delivery is signed (webhook-signatures/testing). Settings: `timestamp` (unix seconds). */
export const sepaySigning: SigningDeclaration<"sepay"> = {
  name: "sepay",
  title: "SePay",
  secretOption: "secret",
  scheme: { vectors: "sepay", verify: "verifySepay", sign: "signSepay", header: "X-SePay-Signature", valueKey: "signature", extraHeaders: { timestamp: "X-SePay-Timestamp" } },
  signatureHeader: () => "X-SePay-Signature",
  sign: (signers, body, secret, settings) => {
    const timestamp = (settings.timestamp as number | undefined) ?? Math.floor(settings.nowMs / 1000);
    return [JSON_CONTENT_TYPE, ["X-SePay-Signature", signers.signSepay({ body, secret, timestamp })], ["X-SePay-Timestamp", String(timestamp)]];
  },
  examples: [{ name: "sepay-transaction", about: "a transaction (money in)", payload: SEPAY_TRANSACTION_EXAMPLE }],
};

/** The SePay declaration: what a receiver, /testing and the command line read of it. */
export const sepay: ProviderDeclaration<"sepay", SepayEvents, Verified> = /* @__PURE__ */ declaration(sepayReceiving, sepaySigning, {
  cliOptions: [
    { name: "timestamp", value: "SECONDS", help: "sepay: X-SePay-Timestamp, in unix seconds (default now)", commands: ["sign", "send"], read: { integer: [0, 2 ** 40] } },
    { name: "tolerance", value: "SECONDS", help: "sepay: largest accepted clock difference (default 300)", commands: ["verify", "listen"], read: { integer: [0, 2 ** 40] } },
  ],
  cliSettings: (values) => ({ timestamp: values.timestamp }),
  cliReceiverOptions: (values) => (values.tolerance === undefined ? {} : { toleranceSeconds: values.tolerance }),
  explain: {
    anyClock: { tolerance: Infinity },
    refusal: (failure, context) => timeRefusal(failure, context, SEPAY_TIMESTAMP_HEADER),
    mistakes(_failure, context) {
      const digits = /^sha256=([0-9a-fA-F]{64})$/i.exec(context.header(SEPAY_SIGNATURE_HEADER) ?? "")?.[1];
      if (digits === undefined) return [];
      return [
        {
          what: "HMAC-SHA256 of the body alone, without the timestamp",
          why: 'the sender signs only the body; SePay signs "{X-SePay-Timestamp}.{body}"',
          fix: "if this is your own test sender, sign with signSepay (or webhook-signatures sign sepay)",
          matches: (secret) => context.hmacMatches(context.body, secret, digits, "sha256", "hex"),
        },
      ];
    },
  },
});
