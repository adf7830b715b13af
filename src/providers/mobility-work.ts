// Mobility Work: `X-MW-Signature: t=…,nonce=…,signature=<hex HMAC-SHA256 of t.nonce.body>`; the
// signed nonce names the delivery, which is kept to the end of its signature window. No retry
// policy is published.
import { MW_DEFAULT_TOLERANCE_SECONDS, MW_SIGNATURE_HEADER, type MwSignatureHeader, mwToleranceOf, parseMwSignatureHeader } from "../schemes/mw-header.js";
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
import { HMAC_GRID, JSON_CONTENT_TYPE, checkSecretOption, describeHmac, frozen, named, declaration } from "./shared.js";
import type { ExplainAttempt, ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/**
 * Mobility Work: `spare_part_out_of_stock` is the one documented event, recognised by its shape
 * (`isMwSparePartOutOfStock`: its `_event` name is unconfirmed). Any other body's `_event` is its
 * event name, for `"*"` handlers.
 */
export interface MwEvents {
  /** A spare part ran out of stock. */
  spare_part_out_of_stock: MwSparePartOutOfStock;
}

/** What `createReceiver` takes for Mobility Work: the common options and its own. */
export interface MwReceiverOptions extends CommonReceiverOptions {
  /** `"mobility-work"`. */
  provider: "mobility-work";
  /** The webhook's secret (a list during a rotation), or a function of the request. */
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

/** What a receiver reads of Mobility Work. */
export const mobilityWorkReceiving: ReceivingDeclaration<"mobility-work", MwEvents, SecretMatch & { nonce: string; timestamp: number }> = {
  name: "mobility-work",
  title: "Mobility Work",
  secretOption: "secret",
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
};

/** How a Mobility Work delivery is signed, and its documented examples (webhook-signatures/testing). */
export const mobilityWorkSigning: SigningDeclaration<"mobility-work"> = {
  name: "mobility-work",
  title: "Mobility Work",
  secretOption: "secret",
  scheme: { vectors: "mobility-work", verify: "verifyMwSignature", sign: "signMwSignature", header: "X-MW-Signature", valueKey: "signature" },
  signatureHeader: () => "X-MW-Signature",
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
};

/** The Mobility Work declaration: what a receiver, /testing and the command line read of it. */
export const mobilityWork: ProviderDeclaration<"mobility-work", MwEvents, SecretMatch & { nonce: string; timestamp: number }> = /* @__PURE__ */ declaration(mobilityWorkReceiving, mobilityWorkSigning, {
  cliOptions: [
    { name: "timestamp", value: "SECONDS", help: "mobility-work: t, in unix seconds (default now)", commands: ["sign", "send"], read: { integer: [0, 2 ** 40] }, conflicts: "stale" },
    { name: "stale", value: "SECONDS", help: "mobility-work: back-date t by this many seconds", commands: ["sign", "send"], read: { integer: [0, 2 ** 31] } },
    { name: "nonce", value: "NONCE", help: "mobility-work: the nonce (default 40 random hex digits)", commands: ["sign", "send"] },
    {
      name: "tolerance",
      value: "SECONDS",
      help: "mobility-work: largest accepted clock difference (default 300)",
      commands: ["verify", "listen"],
      read: { integer: [0, 2 ** 40] },
    },
  ],
  cliSettings: (values, nowMs) => ({
    timestamp: values.timestamp ?? Math.floor(nowMs / 1000) - ((values.stale as number | undefined) ?? 0),
    nonce: values.nonce,
  }),
  cliReceiverOptions: (values) => (values.tolerance === undefined ? {} : { toleranceSeconds: values.tolerance }),
  explain: {
    anyClock: { tolerance: Infinity },
    refusal(failure, context) {
      if (failure.reason !== "timestamp_too_old" && failure.reason !== "timestamp_too_new") return undefined;
      // Only a genuine signature is refused for its time: the header parsed.
      const { timestamp } = parseMwSignatureHeader(context.header(MW_SIGNATURE_HEADER) as string) as MwSignatureHeader;
      const skew = Math.abs(Math.round(context.nowMs / 1000 - timestamp));
      const tolerance = (context.values.tolerance as number | undefined) ?? MW_DEFAULT_TOLERANCE_SECONDS;
      const old = failure.reason === "timestamp_too_old";
      return {
        what: `a clock ${skew} s ${old ? "behind" : "ahead"} (${duration(skew)})`,
        why: `the signature is genuine, but its timestamp t is ${skew} s ${old ? "older than" : "ahead of"} this machine's clock, past the tolerance of ${tolerance} s`,
        fix: old
          ? `if you are checking a capture made earlier, pass --tolerance ${skew + 60} (toleranceSeconds in code); if it arrived just now, a clock is wrong: check NTP on this machine (timedatectl)`
          : "one of the clocks is ahead: check NTP on this machine and the sender's (timedatectl); t is unix seconds, not milliseconds",
      };
    },
    mistakes(_failure, context) {
      const raw = context.header(MW_SIGNATURE_HEADER) ?? "";
      const field = (name: string) => new RegExp(`(?:^|,)\\s*${name}=([^,\\s]+)`).exec(raw)?.[1];
      const t = field("t");
      const nonce = field("nonce");
      const signature = field("signature");
      if (t === undefined || nonce === undefined || signature === undefined) return [];
      const head = new TextEncoder().encode(`${t}.${nonce}.`);
      const signed = new Uint8Array(head.length + context.body.length);
      signed.set(head);
      signed.set(context.body, head.length);
      const fix = "if this is your own test sender, sign with signMwSignature (or webhook-signatures sign mobility-work)";
      const attempts: ExplainAttempt[] = HMAC_GRID.filter(([algorithm, encoding]) => algorithm !== "sha256" || encoding !== "hex").map(([algorithm, encoding]) => ({
        what: `${describeHmac(algorithm, encoding)} of t.nonce.body instead of HMAC-SHA256 in hex`,
        why: `the sender signs "t.nonce.body" with ${describeHmac(algorithm, encoding)}; Mobility Work uses HMAC-SHA256 in lowercase hex`,
        fix,
        matches: (secret) => context.hmacMatches(signed, secret, signature, algorithm, encoding),
      }));
      attempts.push({
        what: "HMAC-SHA256 of the body alone, without t and nonce",
        why: 'the sender signs only the body; Mobility Work signs "t.nonce.body" (the timestamp, a dot, the nonce, a dot, the raw body)',
        fix,
        matches: (secret) => context.hmacMatches(context.body, secret, signature, "sha256", "hex"),
      });
      return attempts;
    },
  },
});

/** A time span in words: `2 h 5 min`, `3 min 20 s`, `40 s`. */
function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}
