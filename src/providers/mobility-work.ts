// Mobility Work: `X-MW-Signature: t=…,nonce=…,signature=<hex HMAC-SHA256 of t.nonce.body>`; the
// signed nonce names the delivery, which is kept to the end of its signature window. No retry
// policy is published.
import { mwToleranceOf } from "../schemes/mw-header.js";
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import {
  type MwSparePartOutOfStock,
  isMwSparePartOutOfStock,
  parseMwWebhook,
} from "../payloads/mobility-work.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { assertMwWindowFits, mwWindowRetentionMs } from "./mobility-work-window.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { JSON_CONTENT_TYPE, checkSecretOption, frozen, named } from "./shared.js";
import type { ProviderDeclaration } from "./types.js";

/**
 * Mobility Work: `spare_part_out_of_stock` is the one documented event, recognised by its shape
 * (`isMwSparePartOutOfStock`: its `_event` name is unconfirmed). Any other body's `_event` is its
 * event name, for `"*"` handlers.
 */
export interface MwEvents {
  spare_part_out_of_stock: MwSparePartOutOfStock;
}

export interface MwReceiverOptions extends CommonReceiverOptions {
  provider: "mobility-work";
  secret: SecretOption<Secrets>;
  /** Largest accepted |now - t| in seconds. Default 300. */
  toleranceSeconds?: number;
}

/** Mobility Work "Spare part was out of stock" request body, placeholders as published (docs.mobility-work.com). */
export const MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE: MwSparePartOutOfStock = /* @__PURE__ */ frozen({
  _event: "string",
  _date: "2024-07-29T15:51:28.071Z",
  _metadata: [null],
  stock: { location: { locationId: "string", name: "string" } },
  sparePart: { sparePartId: "string", name: "string", articleCode: "string" },
  movement: { on: "2024-07-29T15:51:28.071Z" },
});

/** The Mobility Work declaration. */
export const mobilityWork: ProviderDeclaration<"mobility-work", MwEvents, SecretMatch & { nonce: string; timestamp: number }> = {
  name: "mobility-work",
  title: "Mobility Work",
  scheme: { vectors: "mobility-work", verify: "verifyMwSignature", sign: "signMwSignature", header: "X-MW-Signature", valueKey: "signature" },
  secretOption: "secret",
  signatureHeader: () => "X-MW-Signature",
  checkOptions(options) {
    checkSecretOption(options);
    assertMwWindowFits(mwToleranceOf(options.toleranceSeconds));
  },
  steps(options, verifiers, context) {
    const toleranceSeconds = options.toleranceSeconds as number | undefined;
    const tolerance = mwToleranceOf(toleranceSeconds);
    const now = context?.now;
    return {
      verify: (body, headers, secret) =>
        verifiers.verifyMwSignature({
          body,
          headers,
          secret: secret as Secrets,
          ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
          ...(now === undefined ? {} : { now: now() }),
        }),
      parse: (body) => named(parseMwWebhook(body), (value) => (isMwSparePartOutOfStock(value) ? "spare_part_out_of_stock" : value._event)),
      id: (_parsed, verified) => verified.nonce as string,
      retentionMs: (verified, nowMs) => mwWindowRetentionMs(verified.timestamp as number, tolerance, nowMs),
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: DELIVERY_RETENTION_MS,
  sign: (signers, body, secret, settings) => [
    JSON_CONTENT_TYPE,
    [
      "X-MW-Signature",
      signers.signMwSignature({
        body,
        secret,
        timestamp: (settings.timestamp as number | undefined) ?? Math.floor(settings.nowMs / 1000),
        ...(settings.nonce === undefined ? {} : { nonce: settings.nonce as string }),
      }),
    ],
  ],
  examples: [{ name: "mobility-work-spare-part-out-of-stock", about: "Spare part was out of stock", payload: MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE }],
  cliOptions: [
    { name: "timestamp", value: "SECONDS", help: "mobility-work: t, in unix seconds (default now)", commands: ["sign", "send"] },
    { name: "stale", value: "SECONDS", help: "mobility-work: back-date t by this many seconds", commands: ["sign", "send"] },
    { name: "nonce", value: "NONCE", help: "mobility-work: the nonce (default 40 random hex digits)", commands: ["sign", "send"] },
    { name: "tolerance", value: "SECONDS", help: "mobility-work: largest accepted clock difference (default 300)", commands: ["verify", "listen"] },
  ],
};
