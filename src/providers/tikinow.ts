// TikiNOW Smart Logistics: `x-signature: sha1=<hex HMAC-SHA1 of the raw body>`; each channel
// (stock, order status, FD/CR) has its own URL and secret, and the body names no event and no
// delivery id. No retry policy is published.
import { argumentError, describe } from "../lib/errors.js";
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import type { ParseResult } from "../payloads/shape.js";
import {
  type TikiAftersale,
  type TikiOrderStatus,
  type TikiStockSync,
  parseTikiAftersale,
  parseTikiOrderStatus,
  parseTikiStockSync,
} from "../payloads/tikinow.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { JSON_CONTENT_TYPE, checkSecretOption, frozen, named, declaration } from "./shared.js";
import type { ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** TikiNOW: no id is sent (the body keys a delivery: see `deliveryKey`); keep it 24 h (retry policy unpublished). */
export const TIKINOW_RETENTION_MS = DELIVERY_RETENTION_MS;

/** TikiNOW sends each channel to its own URL with its own secret: one receiver per channel. */
export type TikinowChannel = "stock" | "order_status" | "aftersale";

/** TikiNOW: the channel is the event (the URL tells them apart; the body carries no event name). */
export interface TikinowEvents {
  /** The stock channel's delivery. */
  stock: TikiStockSync;
  /** The order-status channel's delivery. */
  order_status: TikiOrderStatus;
  /** The aftersale (FD/CR) channel's delivery. */
  aftersale: TikiAftersale;
}

/** What `createReceiver` takes for TikiNOW: the common options and its own. */
export interface TikinowReceiverOptions<C extends TikinowChannel = TikinowChannel> extends CommonReceiverOptions {
  /** `"tikinow"`. */
  provider: "tikinow";
  /** The channel this route serves: each has its own URL and secret. */
  channel: C;
  /** The channel's `secret_key` (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
}

const PARSERS = {
  stock: parseTikiStockSync,
  order_status: parseTikiOrderStatus,
  aftersale: parseTikiAftersale,
} as const satisfies Record<TikinowChannel, (body: Uint8Array) => ParseResult<unknown>>;

/** The TikiNOW channels, for argument checks (a literal: a call here would keep the parsers in every bundle). */
const TIKINOW_CHANNELS: readonly TikinowChannel[] = ["stock", "order_status", "aftersale"];

/** TikiNOW "Webhook Sync Stock" data payload (open.tiki.vn …/inventory/webhook-sync-stock). */
export const TIKINOW_STOCK_EXAMPLE: TikiStockSync = /* @__PURE__ */ frozen({
  data: {
    date: "2022-11-24T11:12:20+07:00",
    sku: "7445601428884",
    warehouse: "sgn3",
    qty_salable: 147,
    seller_product_code: "9772945762401",
    partner_id: "4312132323",
  },
});

/** TikiNOW "Webhook Sync Status", canceled order (open.tiki.vn …/order-service/webhook-sync-status). */
export const TIKINOW_ORDER_CANCELED_EXAMPLE: TikiOrderStatus = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:46+07:00",
    ref_code: "EXT123123",
    order_code: "347171821",
    main_state: "canceled",
    extra_info: { cancel_reason_code: "202", cancel_reason: "Đặt trùng" },
  },
});

/** TikiNOW "Webhook Sync Status", failed delivery (same page). */
export const TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE: TikiOrderStatus = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:46+07:00",
    ref_code: "EXT123123",
    order_code: "347171821",
    main_state: "shipping",
    main_substate: "delivery_failed_1",
    reason: "Khách hàng hẹn giao lại",
    reason_code: "receiver_reschedule",
  },
});

/** TikiNOW "Webhook Sync Status", any other status (same page). */
export const TIKINOW_ORDER_PROCESSING_EXAMPLE: TikiOrderStatus = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:05+07:00",
    ref_code: "TR22",
    order_code: "347171821",
    main_state: "processing",
    main_substate: "ready_for_pickup",
  },
});

/** TikiNOW "Webhook FD/CR" data payload (open.tiki.vn …/inventory/webhook-fd-cr). */
export const TIKINOW_AFTERSALE_EXAMPLE: TikiAftersale = /* @__PURE__ */ frozen({
  data: {
    date: "2022-10-26T14:22:46+07:00",
    ref_code: "CR22509365559",
    order_code: "347171821",
    status: "canceled",
    type: "cr",
  },
});

/** What a receiver reads of TikiNOW Smart Logistics. */
export const tikinowReceiving: ReceivingDeclaration<"tikinow", TikinowEvents, SecretMatch> = {
  name: "tikinow",
  title: "TikiNOW Smart Logistics",
  secretOption: "secret",
  checkOptions(options) {
    if (!TIKINOW_CHANNELS.includes(options.channel as TikinowChannel)) {
      throw argumentError("channel", `must be one of ${TIKINOW_CHANNELS.map((c) => JSON.stringify(c)).join(", ")}, got ${describe(options.channel)}`);
    }
    checkSecretOption(options);
  },
  steps(options, verifiers) {
    const channel = options.channel as TikinowChannel;
    const parse: (body: Uint8Array) => ParseResult<unknown> = PARSERS[channel];
    return {
      verify: (body, headers, secret) => verifiers.verifyTikiSha1({ body, headers, secret: secret as Secrets }),
      parse: (body) => named(parse(body), () => channel),
      // No id is sent: the body's digest keys the delivery (never the signature, which differs
      // between the secrets of a rotation and must not be printed or stored).
      id: () => undefined,
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: TIKINOW_RETENTION_MS,
};

/** How a TikiNOW Smart Logistics delivery is signed, and its documented examples (webhook-signatures/testing). */
export const tikinowSigning: SigningDeclaration<"tikinow"> = {
  name: "tikinow",
  title: "TikiNOW Smart Logistics",
  secretOption: "secret",
  scheme: { vectors: "tikinow", verify: "verifyTikiSha1", sign: "signTikiSha1", header: "X-Signature", valueKey: "signature" },
  signatureHeader: () => "x-signature",
  sign: (signers, body, secret) => [JSON_CONTENT_TYPE, ["x-signature", signers.signTikiSha1({ body, secret })]],
  examples: [
    { name: "tikinow-stock", about: "Webhook Sync Stock", payload: TIKINOW_STOCK_EXAMPLE },
    { name: "tikinow-order-canceled", about: "Webhook Sync Status, canceled order", payload: TIKINOW_ORDER_CANCELED_EXAMPLE },
    { name: "tikinow-order-delivery-failed", about: "Webhook Sync Status, failed delivery", payload: TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE },
    { name: "tikinow-order-processing", about: "Webhook Sync Status, ready for pickup", payload: TIKINOW_ORDER_PROCESSING_EXAMPLE },
    { name: "tikinow-aftersale", about: "Webhook FD/CR", payload: TIKINOW_AFTERSALE_EXAMPLE },
  ],
};

/** The TikiNOW Smart Logistics declaration: what a receiver, /testing and the command line read of it. */
export const tikinow: ProviderDeclaration<"tikinow", TikinowEvents, SecretMatch> = /* @__PURE__ */ declaration(tikinowReceiving, tikinowSigning, {
  cliOptions: [{ name: "channel", value: "NAME", help: "tikinow: stock (default), order_status or aftersale", commands: ["listen"], read: { choices: TIKINOW_CHANNELS } }],
  cliReceiverOptions: (values) => ({ channel: values.channel ?? "stock" }),
  explain: {
    hmac: {
      algorithm: "sha1",
      encoding: "hex",
      prefix: "sha1=",
      prefixFix: 'the sender is not writing TikiNOW\'s "sha1=<hex>" form; if it is your own test sender, use signTikiSha1',
    },
  },
});
