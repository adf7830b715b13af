// Adyen standard webhooks (HMAC): a JSON POST of `notificationItems`, each signed in
// additionalData.hmacSignature (src/schemes/adyen.ts); every item must verify. Answered 200
// `[accepted]` (THIRD in this pass). Keyed on each item's pspReference + eventCode. The retry
// schedule was not read: the library's defaults.
import type { SecretMatch } from "../lib/result.js";
import { type AdyenNotification, parseAdyenNotification } from "../payloads/adyen.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { adyenKeys, readAdyenNotification } from "../schemes/json-fields.js";
import type { AdyenHmacKey } from "../schemes/adyen.js";
import { JSON_CONTENT_TYPE, declaration, frozen, named } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Adyen: keep a processed notification's key 24 h (the retry schedule was not read). */
const ADYEN_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Adyen: the items' eventCode (`AUTHORISATION`, …) when they share one; `BATCH` for items of several. The payload is the whole notification. */
export type AdyenEvents = Record<string, AdyenNotification>;

/** What `createReceiver` takes for Adyen: the common options and its own. */
export interface AdyenReceiverOptions extends CommonReceiverOptions {
  /** `"adyen"`. */
  provider: "adyen";
  /** The webhook's HMAC key in hex, as the Customer Area shows it (a list during a rotation), or a function of the request. */
  secret: SecretOption<AdyenHmacKey | readonly AdyenHmacKey[]>;
}

/** An AUTHORISATION notification in the documented shape, with made-up values. */
export const ADYEN_AUTHORISATION_EXAMPLE: AdyenNotification = /* @__PURE__ */ frozen({
  live: "false",
  notificationItems: [
    {
      NotificationRequestItem: {
        additionalData: { authCode: "58747" },
        amount: { currency: "EUR", value: 1130 },
        eventCode: "AUTHORISATION",
        eventDate: "2024-01-01T01:00:00+01:00",
        merchantAccountCode: "YOUR_MERCHANT_ACCOUNT",
        merchantReference: "YOUR_REFERENCE",
        operations: ["CANCEL", "CAPTURE", "REFUND"],
        paymentMethod: "visa",
        pspReference: "QFQTPCQ8HXSKGK82",
        reason: "58747:1111:03/2030",
        success: "true",
      },
    },
  ],
});

const itemsOf = (payload: unknown) => (payload as AdyenNotification).notificationItems.map((wrapper) => wrapper.NotificationRequestItem);

/** What a receiver reads of Adyen. */
export const adyenReceiving: ReceivingDeclaration<"adyen", AdyenEvents, SecretMatch> = {
  name: "adyen",
  title: "Adyen",
  secretOption: "secret",
  checkOptions(options) {
    if (typeof options.secret !== "function") adyenKeys(options.secret);
  },
  steps: (_options, verifiers) => ({
    verify: (body, _headers, secret) => verifiers.verifyAdyenNotification({ body, secret: secret as AdyenHmacKey }),
    parse: (body) =>
      named(parseAdyenNotification(body), (value) => {
        const codes = new Set(itemsOf(value).map((item) => item.eventCode));
        return codes.size === 1 ? [...codes][0]! : "BATCH";
      }),
    id: (parsed) => itemsOf(parsed.payload).map((item) => `${item.pspReference}:${item.eventCode}`).join(","),
  }),
  retryAfterSeconds: 60,
  retentionMs: ADYEN_RETENTION_MS,
  answer: { status: 200, body: "[accepted]", contentType: "text/plain" },
};

/** How an Adyen notification is signed (each item's hmacSignature: `signDelivery`), and its example. */
export const adyenSigning: SigningDeclaration<"adyen"> = {
  name: "adyen",
  title: "Adyen",
  secretOption: "secret",
  scheme: { vectors: "adyen", verify: "verifyAdyenNotification", sign: "signAdyenItem", in: "body", field: "additionalData.hmacSignature" },
  signatureHeader: () => "additionalData.hmacSignature (body field)",
  sign: () => [JSON_CONTENT_TYPE],
  signDelivery: (signers, body, secret) => {
    let notification: AdyenNotification;
    try {
      notification = JSON.parse(body) as AdyenNotification;
      itemsOf(notification);
    } catch {
      throw new TypeError("[webhook-signatures] body must be an Adyen notification ({ notificationItems: [{ NotificationRequestItem }] }): its signatures are fields of the body");
    }
    const notificationItems = notification.notificationItems.map((wrapper) => {
      const item = wrapper.NotificationRequestItem;
      const hmacSignature = signers.signAdyenItem({ item, secret });
      return { ...wrapper, NotificationRequestItem: { ...item, additionalData: { ...item.additionalData, hmacSignature } } };
    });
    return { body: JSON.stringify({ ...notification, notificationItems }), headers: [JSON_CONTENT_TYPE] };
  },
  examples: [{ name: "adyen-authorisation", about: "AUTHORISATION notification (made-up values)", payload: ADYEN_AUTHORISATION_EXAMPLE }],
};

/** The Adyen declaration: what a receiver, /testing and the command line read of it. */
export const adyen: ProviderDeclaration<"adyen", AdyenEvents, SecretMatch> = /* @__PURE__ */ declaration(adyenReceiving, adyenSigning, {
  cliOptions: [],
  explain: {
    unmatched:
      "each webhook endpoint has its own HMAC key, and live endpoints a new one: check --secret is the key the Customer Area shows for the endpoint that sent this (a test key does not verify live notifications)",
    mistakes(_failure, context) {
      const items = readAdyenNotification(context.body);
      if (!Array.isArray(items)) return [];
      const encoder = new TextEncoder();
      return [
        {
          what: "the HMAC key used as text (its hex digits), not hex-decoded",
          why: "every item is signed under the characters of the key; Adyen keys the HMAC with the bytes its hex digits spell",
          fix: 'hex-decode the key before the HMAC (Buffer.from(key, "hex")); signAdyenItem and verifyAdyenNotification take the hex text and decode it',
          // Every item: a sender that keys one item so keys them all.
          matches: (secret) => items.every((item) => context.hmacMatches(encoder.encode(item.signed), secret, item.signature, "sha256", "base64")),
        },
      ];
    },
  },
});
