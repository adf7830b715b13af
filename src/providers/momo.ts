// MoMo IPN (API v3): a JSON POST whose `signature` field is hex HMAC-SHA256 under the
// secretKey over `accessKey=…&amount=…&…&transId=…` (src/schemes/momo.ts). The access key is
// a receiver option: the IPN does not carry it. Answered 204 with no body (DOC). Keyed on
// orderId + transId. The retry schedule is not documented: the library's defaults.
import { argumentError, describe } from "../lib/errors.js";
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type MomoIpn, parseMomoIpn } from "../payloads/momo.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { readMomoIpn } from "../schemes/json-fields.js";
import { JSON_CONTENT_TYPE, checkSecretOption, declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** MoMo: keep a processed IPN's key 24 h (MoMo's retry schedule is not documented). */
const MOMO_RETENTION_MS = DELIVERY_RETENTION_MS;

/** MoMo: one event, `ipn`; `resultCode` 0 is a success. */
export type MomoEvents = {
  /** An IPN. */
  ipn: MomoIpn;
};

/** What `createReceiver` takes for MoMo: the common options and its own. */
export interface MomoReceiverOptions extends CommonReceiverOptions {
  /** `"momo"`. */
  provider: "momo";
  /** The partner's secretKey (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** The partner's accessKey: MoMo's signed string starts with it, and the IPN does not carry it. */
  accessKey: string;
}

/** The IPN example of developers.momo.vn/v3/docs/payment/api/result-handling/notification (DOC), without its signature. */
export const MOMO_IPN_EXAMPLE: MomoIpn = /* @__PURE__ */ frozen({
  partnerCode: "MOMOIOLD20190129",
  orderId: "01234567890123451633504872421",
  requestId: "01234567890123451633504872421",
  amount: 1000,
  orderInfo: "Test Thue 1234556",
  orderType: "momo_wallet",
  transId: 2588659987,
  resultCode: 0,
  message: "Giao dịch thành công.",
  payType: "qr",
  responseTime: 1633504902954,
  extraData: "eyJyZXN1bHRfbmFtZXNwYWNlIjoidW1hcmtldCIsImVycm9yIjoiIiwic3RhdGUiOjZ9",
});

function accessKeyOf(options: Readonly<Record<string, unknown>>): string {
  const { accessKey } = options;
  if (typeof accessKey !== "string" || accessKey === "") {
    throw argumentError("accessKey", `must be the partner's access key, a non-empty string (MoMo signs it first; the IPN does not carry it), got ${describe(accessKey)}`);
  }
  return accessKey;
}

/** What a receiver reads of MoMo. */
export const momoReceiving: ReceivingDeclaration<"momo", MomoEvents, SecretMatch> = {
  name: "momo",
  title: "MoMo",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    accessKeyOf(options);
  },
  steps(options, verifiers) {
    const accessKey = accessKeyOf(options);
    return {
      verify: (body, _headers, secret) => verifiers.verifyMomoIpn({ body, secret: secret as Secrets, accessKey }),
      parse: (body) => named(parseMomoIpn(body), () => "ipn"),
      id: (parsed) => {
        const { orderId, transId } = parsed.payload as MomoIpn;
        return orderId === undefined || transId === undefined ? undefined : `${orderId}:${transId}`;
      },
    };
  },
  retryAfterSeconds: 60,
  retentionMs: MOMO_RETENTION_MS,
  answer: { status: 204, body: "" },
};

/** How a MoMo IPN is signed (inside its body: `signDelivery`), and its example (webhook-signatures/testing). */
export const momoSigning: SigningDeclaration<"momo"> = {
  name: "momo",
  title: "MoMo",
  secretOption: "secret",
  scheme: { vectors: "momo", verify: "verifyMomoIpn", sign: "signMomoIpn", in: "body", field: "signature" },
  signatureHeader: () => "signature (body field)",
  sign: () => [JSON_CONTENT_TYPE],
  signDelivery: (signers, body, secret, settings) => {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      throw argumentError("body", "must be a JSON object for MoMo: its signature is a field of the body");
    }
    const accessKey = accessKeyOf(settings);
    const signature = signers.signMomoIpn({ payload: payload as Record<string, unknown>, secret, accessKey });
    return { body: JSON.stringify({ ...(payload as Record<string, unknown>), signature }), headers: [JSON_CONTENT_TYPE] };
  },
  examples: [{ name: "momo-ipn", about: "IPN of a paid order (the docs' example)", payload: MOMO_IPN_EXAMPLE }],
};

/** The MoMo declaration: what a receiver, /testing and the command line read of it. */
export const momo: ProviderDeclaration<"momo", MomoEvents, SecretMatch> = /* @__PURE__ */ declaration(momoReceiving, momoSigning, {
  cliOptions: [
    {
      name: "access-key",
      value: "KEY",
      help: "momo: the partner's accessKey (MoMo signs it first; the IPN does not carry it)",
      commands: ["sign", "send", "verify", "listen"],
      required: "the partner's accessKey",
    },
  ],
  cliSettings: (values) => ({ accessKey: values["access-key"] }),
  cliReceiverOptions: (values) => ({ accessKey: values["access-key"] }),
  explain: {
    // A wrong access key cannot be tried: the IPN does not carry the right one.
    unmatched: "the IPN does not carry the accessKey, so a wrong --access-key looks like a wrong secret: check it is your partner's accessKey, not its partnerCode or secretKey",
    mistakes(_failure, context) {
      // The command line requires --access-key; a body it cannot read has no signed string to try.
      const accessKey = context.values["access-key"] as string;
      const read = readMomoIpn(context.body, accessKey);
      if (!("signed" in read)) return [];
      const fields = new TextEncoder().encode(read.signed.slice(`accessKey=${accessKey}&`.length));
      return [
        {
          what: "the secret key and the access key swapped",
          why: "the IPN is signed under the value you gave as --access-key, over a string that starts with the one you gave as --secret",
          fix: "swap them: --secret takes the partner's secretKey (the HMAC key), --access-key its accessKey (the start of the signed string)",
          matches: (secret) => context.check({ ...context.values, "access-key": secret }, accessKey),
        },
        {
          what: "HMAC-SHA256 of the fields without accessKey=… before them",
          why: "the sender signs amount=…&…&transId=… alone; MoMo's signed string starts with accessKey=, the partner's accessKey, which the IPN does not carry",
          fix: "if this is your own test sender, sign with signMomoIpn (or webhook-signatures sign momo --access-key KEY), which puts accessKey first",
          matches: (secret) => context.hmacMatches(fields, secret, read.signature, "sha256", "hex"),
        },
      ];
    },
  },
});
