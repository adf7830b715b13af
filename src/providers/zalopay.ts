// ZaloPay (payment callback): the body's `mac` field is the hex HMAC-SHA256 (key2) of its `data`
// string exactly as received; `data` is read strictly for the handler. Answered with ZaloPay's
// own codes: 200 `{"return_code":1,"return_message":"success"}`; a refusal `return_code` -1
// (its official sample's answer to a bad MAC) or, for a failure on our side, 0, which makes
// ZaloPay call back again (at most 3 times, its sample says).
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type ZalopayCallback, parseZalopayCallback } from "../payloads/zalopay.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { withBodyField } from "./body-field.js";
import { JSON_CONTENT_TYPE, checkSecretOption, frozen, named, declaration } from "./shared.js";
import type { ProviderAnswer, ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** ZaloPay: keep a processed key 24 h (it calls back at most 3 times; no interval is documented). */
export const ZALOPAY_RETENTION_MS = DELIVERY_RETENTION_MS;

/** ZaloPay's callback types: 1 an order, 2 an agreement; any other `type` is `"other"`. */
export interface ZalopayEvents {
  /** An order's callback (`type` 1). */
  order: ZalopayCallback;
  /** An agreement's callback (`type` 2). */
  agreement: ZalopayCallback;
  /** A callback of any other `type`. */
  other: ZalopayCallback;
}

/** What `createReceiver` takes for ZaloPay: the common options and its own. */
export interface ZalopayReceiverOptions extends CommonReceiverOptions {
  /** `"zalopay"`. */
  provider: "zalopay";
  /** The app's key2 (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/**
 * The docs' callback (docs.zalopay.vn/docs/specs/callback-api): its `mac` is the one the page
 * shows, which the public sandbox key2 of app 2553 reproduces.
 */
export const ZALOPAY_ORDER_EXAMPLE: {
  /** The order's fields as JSON text: what the MAC covers. */
  data: string;
  /** Hex HMAC-SHA256 of `data` under the sandbox key2. */
  mac: string;
  /** 1: an order. */
  type: number;
} = /* @__PURE__ */ frozen({
  data: '{"app_id":2553,"app_trans_id":"200904_2553_1598435687208","app_time":1599189392817,"app_user":"demo","amount":10000,"embed_data":"{\\"merchantinfo\\":\\"embeddata123\\",\\"promotioninfo\\":\\"\\"}","item":"[{\\"itemid\\":\\"knb\\",\\"itemname\\":\\"kim nguyen bao\\",\\"itemprice\\":198400,\\"itemquantity\\":1}]","zp_trans_id":200904000000389,"server_time":1599189413498,"channel":38,"merchant_user_id":"7ZMSl3nEg5sOUJzOLSoUFT8xKNQVaLOLXHB--8Eytqc","user_fee_amount":0,"discount_amount":0}',
  mac: "d8d33baf449b31d7f9b94fa50d7c942c08cd4d83f28fa185557da21acb104f67",
  type: 1,
});

/** ZaloPay reads `return_code`: -1 for a delivery refused for what it is, 0 (call back again) for a failure on our side. */
function zalopayRefusal(status: number, _reason: string, message: string): ProviderAnswer {
  return { status, body: JSON.stringify({ return_code: status >= 500 ? 0 : -1, return_message: message }), contentType: "application/json" };
}

/** What a receiver reads of ZaloPay. */
export const zalopayReceiving: ReceivingDeclaration<"zalopay", ZalopayEvents, SecretMatch> = {
  name: "zalopay",
  title: "ZaloPay",
  secretOption: "secret",
  checkOptions: checkSecretOption,
  steps(_options, verifiers) {
    return {
      verify: (body, _headers, secret) => verifiers.verifyZalopayMac({ body, secret: secret as Secrets }),
      parse: (body) => named(parseZalopayCallback(body), (value) => (value.type === 1 ? "order" : value.type === 2 ? "agreement" : "other")),
      id: (parsed) => String((parsed.payload as ZalopayCallback).data.zp_trans_id),
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: ZALOPAY_RETENTION_MS,
  answer: { status: 200, body: '{"return_code":1,"return_message":"success"}', contentType: "application/json" },
  refusal: zalopayRefusal,
};

/** How a ZaloPay callback is signed (its `mac` field written into the body), and its example. */
export const zalopaySigning: SigningDeclaration<"zalopay"> = {
  name: "zalopay",
  title: "ZaloPay",
  secretOption: "secret",
  scheme: { vectors: "zalopay", verify: "verifyZalopayMac", sign: "signZalopayMac", in: "body", field: "mac" },
  signatureHeader: () => "mac",
  sign: () => [JSON_CONTENT_TYPE],
  signDelivery: (signers, body, secret) => ({
    body: withBodyField(body, "mac", (object) => signers.signZalopayMac({ data: object.data as string, secret })),
    headers: [JSON_CONTENT_TYPE],
  }),
  examples: [{ name: "zalopay-order", about: "order paid (the docs' sample)", payload: ZALOPAY_ORDER_EXAMPLE }],
};

/** The ZaloPay declaration: what a receiver, /testing and the command line read of it. */
export const zalopay: ProviderDeclaration<"zalopay", ZalopayEvents, SecretMatch> = /* @__PURE__ */ declaration(zalopayReceiving, zalopaySigning, {
  cliOptions: [],
});
