// Tilby: lowercase hex HMAC-SHA256 of the raw body with the shop's static token, in a header the
// docs do not name (default `x-tilby-signature`); `notification_uuid` names the delivery; the
// SUBSCRIBED handshake is answered 200 with or without a handler. Retries at least 3 times, 15
// minutes apart.
import { assertHeaderName } from "../lib/headers.js";
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import type { TilbyEventType, TilbyNotification, TilbySubscribed } from "../payloads/tilby.js";
import { parseTilbyWebhook } from "../payloads/tilby.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { JSON_CONTENT_TYPE, checkSecretOption, frozen, named, stringField, declaration } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Tilby's signature header when none is named (Tilby does not document one). */
export const TILBY_DEFAULT_SIGNATURE_HEADER = "x-tilby-signature";

/** Tilby: key on `notification_uuid`, keep it 24 h (retries at least 3 times, 15 minutes apart). */
export const TILBY_RETENTION_MS = DELIVERY_RETENTION_MS;

/** The Tilby entities the docs name. */
export type TilbyKnownEntity = "daily_closings" | "items" | "customers" | "suppliers" | "sales" | "orders" | "bookings" | "stock";

/** Tilby: `entity_name` + `.` + `type` (`"sales.CLOSED"`), and `SUBSCRIBED`, the handshake (answered 200 with or without a handler). */
export type TilbyEvents = {
  /** The handshake. */
  SUBSCRIBED: TilbySubscribed;
} & {
  [K in `${TilbyKnownEntity}.${TilbyEventType}`]: K extends `${infer Entity}.${infer Type}`
    ? TilbyNotification & {
        /** The entity of the event's name. */
        entity_name: Entity;
        /** The type of the event's name. */
        type: Type;
      }
    : never;
};

/** What `createReceiver` takes for Tilby: the common options and its own. */
export interface TilbyReceiverOptions extends CommonReceiverOptions {
  /** `"tilby"`. */
  provider: "tilby";
  /** The shop's static token (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** Tilby does not document its signature header. Default `"x-tilby-signature"`. */
  headerName?: string;
}

/**
 * Tilby's SUBSCRIBED handshake (developer.tilby.com/docs/introduction), with the page's
 * `"{entity}"` placeholder filled in as `"sales"`, the entity of the page's own example.
 */
export const TILBY_SUBSCRIBED_EXAMPLE: TilbySubscribed = /* @__PURE__ */ frozen({
  type: "SUBSCRIBED",
  entity_name: "sales",
  time: "2022-02-23T15:43:31.714Z",
  environment_id: "id_of_the_shop",
  client_id: "clientId_of_static_token",
});

/**
 * A Tilby `sales` / `CLOSED` notification in the shape of a third-party fixture (Tilby does
 * not publish one); the values are those of vectors/hmac-hex.json.
 */
export const TILBY_SALES_CLOSED_EXAMPLE: TilbyNotification = /* @__PURE__ */ frozen({
  type: "CLOSED",
  entity_name: "sales",
  time: "2024-03-14T09:26:53.589Z",
  notification_uuid: "9a4f0c1e-3b7d-4e2a-8c5f-1d6b2e9a7c30",
  environment_id: "1234",
  client_id: "tilby-client-5678",
  from_user: 42,
  entities: [{ id: 98765, uuid: "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", external_id: null, status: "closed" }],
  nRetry: 0,
});

const headerNameOf = (settings: Readonly<Record<string, unknown>>): string => (settings.headerName as string | undefined) ?? TILBY_DEFAULT_SIGNATURE_HEADER;

/** What a receiver reads of Tilby. */
export const tilbyReceiving: ReceivingDeclaration<"tilby", TilbyEvents, SecretMatch> = {
  name: "tilby",
  title: "Tilby",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    if (options.headerName !== undefined) assertHeaderName(options.headerName);
  },
  steps(options, verifiers) {
    const headerName = headerNameOf(options);
    return {
      verify: (body, headers, secret) => verifiers.verifyHmacHex({ body, headers, headerName, secret: secret as Secrets }),
      parse: (body) => named(parseTilbyWebhook(body), (value) => (value.type === "SUBSCRIBED" ? "SUBSCRIBED" : `${value.entity_name}.${value.type}`)),
      id: (parsed) => stringField(parsed.payload, "notification_uuid"),
      handshake: (parsed) => parsed.event === "SUBSCRIBED",
    };
  },
  retryAfterSeconds: 900,
  retentionMs: TILBY_RETENTION_MS,
};

/** How a Tilby delivery is signed, and its documented examples (webhook-signatures/testing). */
export const tilbySigning: SigningDeclaration<"tilby"> = {
  name: "tilby",
  title: "Tilby",
  secretOption: "secret",
  scheme: { vectors: "hmac-hex", verify: "verifyHmacHex", sign: "signHmacHex", header: "X-Tilby-Signature", valueKey: "signature" },
  signatureHeader: headerNameOf,
  sign: (signers, body, secret, settings) => [JSON_CONTENT_TYPE, [headerNameOf(settings), signers.signHmacHex({ body, secret })]],
  examples: [
    { name: "tilby-subscribed", about: "SUBSCRIBED handshake", payload: TILBY_SUBSCRIBED_EXAMPLE },
    { name: "tilby-sales-closed", about: "sales CLOSED notification (unconfirmed shape)", payload: TILBY_SALES_CLOSED_EXAMPLE },
  ],
};

/** The Tilby declaration: what a receiver, /testing and the command line read of it. */
export const tilby: ProviderDeclaration<"tilby", TilbyEvents, SecretMatch> = /* @__PURE__ */ declaration(tilbyReceiving, tilbySigning, {
  cliOptions: [
    {
      name: "header-name",
      value: "NAME",
      help: "tilby: the signature header (default x-tilby-signature)",
      commands: ["sign", "send", "verify", "listen"],
      read: { header: TILBY_DEFAULT_SIGNATURE_HEADER },
    },
  ],
  cliSettings: (values) => ({ headerName: values["header-name"] }),
  cliReceiverOptions: (values) => (values["header-name"] === undefined ? {} : { headerName: values["header-name"] }),
  explain: {
    hmac: { algorithm: "sha256", encoding: "hex" },
    // Its header is not documented: a request without the one expected may carry it in another.
    mistakes: (failure, context) =>
      failure.reason !== "missing_header"
        ? []
        : context.headerNames.map((name) => ({
            what: `the signature in the ${name} header`,
            why: `Tilby does not document its header name, and this request carries the signature in ${name}, not ${headerNameOf({ headerName: context.values["header-name"] })}`,
            fix: `pass --header-name ${name} (headerName in code)`,
            matches: (secret) => context.check({ ...context.values, "header-name": name }, secret),
          })),
  },
});
