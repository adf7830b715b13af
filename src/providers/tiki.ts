// Tiki Open API (product request events): `Authorization: Basic base64(id:secret)` with a pair
// the seller granted; the body's `event` names the event and its `id` the delivery. No retry
// policy is published.
import { type BasicCredentials, assertCredentials, credentialsList } from "../lib/credentials.js";
import { argumentError, describe } from "../lib/errors.js";
import {
  type TikiProductRequestEvent,
  type TikiProductRequestEventName,
  type TikiProductRequestRejected,
  type TikiProductRequestRejectedPayload,
  parseTikiProductRequestEvent,
} from "../payloads/tiki-open-api.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { JSON_CONTENT_TYPE, frozen, named, stringField, declaration } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Tiki Open API: key on the event's `id`, keep it 24 h (retry policy unpublished). */
export const TIKI_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Tiki Open API: the body's `event`. */
export type TikiEvents = {
  [E in TikiProductRequestEventName]: Extract<
    TikiProductRequestEvent,
    {
      /** The event's name. */
      event: E;
    }
  >;
};

/** What `createReceiver` takes for Tiki Open API: the common options and its own. */
export interface TikiReceiverOptions extends CommonReceiverOptions {
  /** `"tiki"`. */
  provider: "tiki";
  /** The pair granted to Tiki (a list during a rotation), or a function of the request. */
  credentials: SecretOption<BasicCredentials | readonly BasicCredentials[]>;
}

/** Tiki Open API `product:request:rejected` body (open-api-docs `_api_guides_webhook.md`). */
export const TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE: TikiProductRequestRejected & {
  /** The full rejection (not the empty payload). */
  payload: TikiProductRequestRejectedPayload;
} = /* @__PURE__ */ frozen({
  id: "123e4567-e89b-12d3-a456-426655440000",
  event: "product:request:rejected",
  payload: {
    event: "product:request:rejected",
    event_time: "2020-02-02 12:00:00",
    request_id: "1154523837593192401",
    state: "rejected",
    product_id: "2162835",
    product_sku: "7062617941818",
    list_reasons: [
      {
        reason_data: null,
        reject_description: "The very detailed reason why your product is rejected",
        reason_id: 9,
        reason_name: "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình",
      },
    ],
    reason: null,
  },
});

/** What a receiver reads of Tiki Open API. */
export const tikiReceiving: ReceivingDeclaration<"tiki", TikiEvents, { id: string }> = {
  name: "tiki",
  title: "Tiki Open API",
  secretOption: "credentials",
  checkOptions(options) {
    const credentials = options.credentials;
    if (Array.isArray(credentials)) credentialsList(credentials);
    else if (typeof credentials !== "function") assertCredentials(credentials, "credentials");
  },
  steps: (_options, verifiers) => ({
    verify: (_body, headers, credentials) =>
      verifiers.verifyBasicAuth({ headers, credentials: credentials as BasicCredentials | readonly BasicCredentials[] }),
    // The parser takes any event name with the envelope: a new event reaches "*" handlers.
    parse: (body) => named(parseTikiProductRequestEvent(body), (value) => value.event),
    id: (parsed) => stringField(parsed.payload, "id"),
    // Two sellers on one route may send one event id: the credential that matched names the seller.
    tenant: (verified) => `#${String(verified.id)}`,
  }),
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: TIKI_RETENTION_MS,
};

/** How a Tiki Open API delivery is signed, and its documented examples (webhook-signatures/testing). */
export const tikiSigning: SigningDeclaration<"tiki"> = {
  name: "tiki",
  title: "Tiki Open API",
  secretOption: "credentials",
  scheme: { vectors: "tiki-basic", verify: "verifyBasicAuth", sign: "basicAuthHeader", header: "Authorization", valueKey: "authorization" },
  signatureHeader: () => "Authorization",
  sign(signers, _body, secret, settings) {
    const id = settings.id;
    if (typeof id !== "string") throw argumentError("id", `must be the id of the pair granted to Tiki, got ${describe(id)}`);
    return [JSON_CONTENT_TYPE, ["Authorization", signers.basicAuthHeader({ id, secret: secret as string })]];
  },
  examples: [{ name: "tiki-product-request-rejected", about: "product:request:rejected", payload: TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE }],
};

/** The Tiki Open API declaration: what a receiver, /testing and the command line read of it. */
export const tiki: ProviderDeclaration<"tiki", TikiEvents, { id: string }> = /* @__PURE__ */ declaration(tikiReceiving, tikiSigning, {
  cliOptions: [
    { name: "id", value: "ID", help: "tiki: the id of the pair granted to Tiki (required)", commands: ["sign", "send", "verify", "listen"], required: "the id of the pair granted to Tiki" },
  ],
  cliSettings: (values) => ({ id: values.id }),
  // Its secrets are text (explain.textSecret: no decoded key is tried).
  cliReceiverOptions: (values, secrets) => ({ credentials: secrets.map((secret) => ({ id: values.id, secret: secret as string })) }),
  explain: {
    textSecret: true,
    mistakes: (_failure, context) => [
      {
        what: "the id and the secret swapped",
        why: "the sender's pair is your secret as the id and your id as the secret",
        fix: "swap them: --id takes the id, --secret the secret (in code, { id, secret }, as granted with PUT /integration/v1/webhooks/credentials)",
        matches: (secret) => !secret.includes(":") && context.check({ ...context.values, id: secret }, context.values.id as string),
      },
    ],
  },
});
