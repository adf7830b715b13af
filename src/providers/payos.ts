// payOS: the body's `signature` field is the hex HMAC-SHA256 (checksum key) of `data`'s sorted
// `key=value&…` text; the body is read strictly, by verify and parse alike. One kind of notice
// (a payment); the bank transfer's `reference` names it. Answered 200 `{"success":true}`, as the
// docs' sample. Retries and timeout are not documented: the library's defaults hold.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type PayosWebhook, parsePayosWebhook } from "../payloads/payos.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { withBodyField } from "./body-field.js";
import { JSON_CONTENT_TYPE, checkSecretOption, frozen, named, stringField, declaration } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** payOS: keep a processed key 24 h (payOS documents no retry policy). */
export const PAYOS_RETENTION_MS = DELIVERY_RETENTION_MS;

/** payOS sends one kind of notice: a payment received on a payment link. */
export interface PayosEvents {
  /** A payment received. */
  payment: PayosWebhook;
}

/** What `createReceiver` takes for payOS: the common options and its own. */
export interface PayosReceiverOptions extends CommonReceiverOptions {
  /** `"payos"`. */
  provider: "payos";
  /** The payment channel's checksum key (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/**
 * The docs' webhook (payos.vn/docs/tich-hop-webhook/kiem-tra-du-lieu-voi-signature): its
 * `signature` is the one the verification page gives for its published checksum key.
 */
export const PAYOS_PAYMENT_EXAMPLE: PayosWebhook = /* @__PURE__ */ frozen({
  code: "00",
  desc: "success",
  success: true,
  data: {
    orderCode: 123,
    amount: 3000,
    description: "VQRIO123",
    accountNumber: "12345678",
    reference: "TF230204212323",
    transactionDateTime: "2023-02-04 18:25:00",
    currency: "VND",
    paymentLinkId: "124c33293c43417ab7879e14c8d9eb18",
    code: "00",
    desc: "Thành công",
    counterAccountBankId: "",
    counterAccountBankName: "",
    counterAccountName: "",
    counterAccountNumber: "",
    virtualAccountName: "",
    virtualAccountNumber: "",
  },
  signature: "412e915d2871504ed31be63c8f62a149a4410d34c4c42affc9006ef9917eaa03",
});

/** What a receiver reads of payOS. */
export const payosReceiving: ReceivingDeclaration<"payos", PayosEvents, SecretMatch> = {
  name: "payos",
  title: "payOS",
  secretOption: "secret",
  checkOptions: checkSecretOption,
  steps(_options, verifiers) {
    return {
      verify: (body, _headers, secret) => verifiers.verifyPayosSignature({ body, secret: secret as Secrets }),
      parse: (body) => named(parsePayosWebhook(body), () => "payment"),
      id: (parsed) => stringField((parsed.payload as PayosWebhook).data, "reference"),
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: PAYOS_RETENTION_MS,
  answer: { status: 200, body: '{"success":true}', contentType: "application/json" },
};

/** How a payOS delivery is signed (its `signature` field written into the body), and its example. */
export const payosSigning: SigningDeclaration<"payos"> = {
  name: "payos",
  title: "payOS",
  secretOption: "secret",
  scheme: { vectors: "payos", verify: "verifyPayosSignature", sign: "signPayosSignature", in: "body", field: "signature" },
  signatureHeader: () => "signature",
  sign: () => [JSON_CONTENT_TYPE],
  signDelivery: (signers, body, secret) => ({
    body: withBodyField(body, "signature", (object) => signers.signPayosSignature({ data: object.data as Record<string, unknown>, secret })),
    headers: [JSON_CONTENT_TYPE],
  }),
  examples: [{ name: "payos-payment", about: "payment received (the docs' sample)", payload: PAYOS_PAYMENT_EXAMPLE }],
};

/** The payOS declaration: what a receiver, /testing and the command line read of it. */
export const payos: ProviderDeclaration<"payos", PayosEvents, SecretMatch> = /* @__PURE__ */ declaration(payosReceiving, payosSigning, {
  cliOptions: [],
});
