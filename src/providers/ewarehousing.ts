// eWarehousing Solutions: base64 HMAC-SHA256 of the raw body in `X-Hmac-SHA256`; the event is
// `group.action`; `X-Webhook-Id` names the delivery; retries hourly, up to 10 times.
import { getHeader } from "../lib/headers.js";
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import {
  type EwarehousingEventMap,
  type EwarehousingGroup,
  type EwarehousingStockUpdated,
  type EwarehousingWebhook,
  parseEwarehousingWebhook,
} from "../payloads/ewarehousing.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { JSON_CONTENT_TYPE, checkSecretOption, frozen, named, declaration, oneValue } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** eWarehousing's de-duplication header (not covered by the signature: keys are stored bounded, see `storedKey`). */
export const EWAREHOUSING_WEBHOOK_ID_HEADER = "x-webhook-id";

/** eWarehousing: key on the `X-Webhook-Id` header, keep it 24 h (retries hourly, up to 10 times). */
export const EWAREHOUSING_RETENTION_MS = DELIVERY_RETENTION_MS;

/** eWarehousing stock webhook example (api-dev.docs.ewarehousing-solutions.com/docs/webhooks). */
export const EWAREHOUSING_STOCK_UPDATED_EXAMPLE: EwarehousingStockUpdated = /* @__PURE__ */ frozen({
  body: {
    id: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
    ean: "123",
    sku: "12345",
    modified_at: "2022-02-11T17:45:01+0000",
    article_code: "green_jacket",
    stock_salable: 973,
    stock_physical: 1000,
    stock_available: 973,
    stock_quarantine: 0,
  },
  group: "stock",
  action: "updated",
  entity: "variant",
  customer: "be62c27e-2aac-4ac1-902e-f770d64f8dce",
  entityId: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d",
});

/** eWarehousing event names: `group` + `.` + `action` (`"stock.updated"`). */
export type EwarehousingEventName = { [G in EwarehousingGroup]: `${G}.${EwarehousingEventMap[G]}` }[EwarehousingGroup];

/** eWarehousing: each `group.action` and its webhook. */
export type EwarehousingEvents = {
  [K in EwarehousingEventName]: K extends `${infer G}.${infer A}`
    ? Extract<
        EwarehousingWebhook,
        {
          /** The group of the event's name. */
          group: G;
          /** The action of the event's name. */
          action: A;
        }
      >
    : never;
};

/** What `createReceiver` takes for eWarehousing: the common options and its own. */
export interface EwarehousingReceiverOptions extends CommonReceiverOptions {
  /** `"ewarehousing"`. */
  provider: "ewarehousing";
  /** The webhook's `hash_secret` (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** What a receiver reads of eWarehousing Solutions. */
export const ewarehousingReceiving: ReceivingDeclaration<"ewarehousing", EwarehousingEvents, SecretMatch> = {
  name: "ewarehousing",
  title: "eWarehousing Solutions",
  secretOption: "secret",
  checkOptions: checkSecretOption,
  steps: (_options, verifiers) => ({
    verify: (body, headers, secret) => verifiers.verifyHmacBase64({ body, headers, secret: secret as Secrets }),
    parse: (body) => named(parseEwarehousingWebhook(body), (value) => `${value.group}.${value.action}`),
    id: (_parsed, _verified, headers) => {
      // Several different values name no one delivery: the body keys it.
      return oneValue(getHeader(headers, EWAREHOUSING_WEBHOOK_ID_HEADER));
    },
  }),
  retryAfterSeconds: 3_600,
  retentionMs: EWAREHOUSING_RETENTION_MS,
};

/** How a eWarehousing Solutions delivery is signed, and its documented examples (webhook-signatures/testing). */
export const ewarehousingSigning: SigningDeclaration<"ewarehousing"> = {
  name: "ewarehousing",
  title: "eWarehousing Solutions",
  secretOption: "secret",
  scheme: { vectors: "hmac-base64", verify: "verifyHmacBase64", sign: "signHmacBase64", header: "X-Hmac-SHA256", valueKey: "signature" },
  signatureHeader: () => "X-Hmac-SHA256",
  sign: (signers, body, secret, settings) => [
    JSON_CONTENT_TYPE,
    ["X-Hmac-SHA256", signers.signHmacBase64({ body, secret })],
    ["X-Webhook-Id", (settings.webhookId as string | undefined) ?? settings.randomId()],
  ],
  examples: [{ name: "ewarehousing-stock-updated", about: "stock updated", payload: EWAREHOUSING_STOCK_UPDATED_EXAMPLE }],
};

/** The eWarehousing Solutions declaration: what a receiver, /testing and the command line read of it. */
export const ewarehousing: ProviderDeclaration<"ewarehousing", EwarehousingEvents, SecretMatch> = /* @__PURE__ */ declaration(ewarehousingReceiving, ewarehousingSigning, {
  cliOptions: [{ name: "webhook-id", value: "ID", help: "ewarehousing: the X-Webhook-Id (default a random UUID)", commands: ["sign", "send"] }],
  cliSettings: (values) => ({ webhookId: values["webhook-id"] }),
  explain: { hmac: { algorithm: "sha256", encoding: "base64" } },
});
