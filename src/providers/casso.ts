// Casso (webhook v2): `X-Casso-Signature: t=<unix ms>,v1=<hex HMAC-SHA512>` over t + "." + the
// body's JSON with keys sorted at every depth (the body read strictly, by verify and parse
// alike); both the JSON.stringify and the json_encode spellings are accepted. `data.id` names
// the transaction (THIRD). Answer, timeout and retries are not documented: the defaults hold.
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type CassoWebhook, parseCassoWebhook } from "../payloads/casso.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import { CASSO_DEFAULT_TOLERANCE_SECONDS, CASSO_SIGNATURE_HEADER, cassoToleranceOf, parseCassoFields } from "../schemes/casso-header.js";
import { HMAC_GRID, JSON_CONTENT_TYPE, checkSecretOption, describeHmac, frozen, named, declaration } from "./shared.js";
import type { ExplainAttempt, ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** Casso: keep a processed key 24 h (no retry policy is documented). */
export const CASSO_RETENTION_MS = DELIVERY_RETENTION_MS;

/** Casso sends one kind of delivery: a bank transaction. */
export interface CassoEvents {
  /** A bank transaction. */
  transaction: CassoWebhook;
}

/** What `createReceiver` takes for Casso: the common options and its own. */
export interface CassoReceiverOptions extends CommonReceiverOptions {
  /** `"casso"`. */
  provider: "casso";
  /** The webhook's checksum key (a list during a rotation), or a function of the request. */
  secret: SecretOption<Secrets>;
  /** Largest accepted |now - t| in seconds. Default 300 (Casso documents none). */
  toleranceSeconds?: number;
}

/** The test delivery of Casso's sample code (the vector of vectors/casso.json), as its sorted JSON reads. */
export const CASSO_TRANSACTION_EXAMPLE: CassoWebhook = /* @__PURE__ */ frozen({
  error: 0,
  data: {
    id: 0,
    reference: "MA_GIAO_DICH_THU_NGHIEM",
    description: "giao dich thu nghiem",
    amount: 599000,
    runningBalance: 25000000,
    transactionDateTime: "2024-10-03 15:06:37",
    accountNumber: "88888888",
    bankName: "VPBank",
    bankAbbreviation: "VPB",
    virtualAccountNumber: "",
    virtualAccountName: "",
    counterAccountName: "NGUYEN VAN A",
    counterAccountNumber: "8888888888",
    counterAccountBankId: "970415",
    counterAccountBankName: "VietinBank",
  },
});

/** `data.id` as text, if it is a number or a non-empty string. */
function transactionId(payload: CassoWebhook): string | undefined {
  const data = payload.data;
  const id = typeof data === "object" && data !== null ? (data as Record<string, unknown>).id : undefined;
  return typeof id === "number" || (typeof id === "string" && id !== "") ? String(id) : undefined;
}

/** What a receiver reads of Casso. */
export const cassoReceiving: ReceivingDeclaration<"casso", CassoEvents, SecretMatch & { timestamp: number }> = {
  name: "casso",
  title: "Casso",
  secretOption: "secret",
  checkOptions(options) {
    checkSecretOption(options);
    cassoToleranceOf(options.toleranceSeconds);
  },
  steps(options, verifiers, context) {
    const toleranceSeconds = options.toleranceSeconds as number | undefined;
    const now = context?.now;
    return {
      verify: (body, headers, secret) =>
        verifiers.verifyCassoSignature({
          body,
          headers,
          secret: secret as Secrets,
          ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
          ...(now === undefined ? {} : { now: now() }),
        }),
      parse: (body) => named(parseCassoWebhook(body), () => "transaction"),
      id: (parsed) => transactionId(parsed.payload as CassoWebhook),
    };
  },
  retryAfterSeconds: DELIVERY_RETRY_AFTER_SECONDS,
  retentionMs: CASSO_RETENTION_MS,
};

/** How a Casso delivery is signed, and its example (webhook-signatures/testing). */
export const cassoSigning: SigningDeclaration<"casso"> = {
  name: "casso",
  title: "Casso",
  secretOption: "secret",
  scheme: { vectors: "casso", verify: "verifyCassoSignature", sign: "signCassoSignature", header: "X-Casso-Signature", valueKey: "signature" },
  signatureHeader: () => "X-Casso-Signature",
  sign: (signers, body, secret, settings) => [
    JSON_CONTENT_TYPE,
    ["X-Casso-Signature", signers.signCassoSignature({ body, secret, timestamp: (settings.timestamp as number | undefined) ?? settings.nowMs })],
  ],
  examples: [{ name: "casso-transaction", about: "bank transaction (the test delivery of Casso's samples)", payload: CASSO_TRANSACTION_EXAMPLE }],
};

/** The Casso declaration: what a receiver, /testing and the command line read of it. */
export const casso: ProviderDeclaration<"casso", CassoEvents, SecretMatch & { timestamp: number }> = /* @__PURE__ */ declaration(cassoReceiving, cassoSigning, {
  cliOptions: [
    { name: "timestamp", value: "MS", help: "casso: t, in unix milliseconds (default now)", commands: ["sign", "send"], read: { integer: [0, 2 ** 50] }, conflicts: "stale" },
    { name: "stale", value: "SECONDS", help: "casso: back-date t by this many seconds", commands: ["sign", "send"], read: { integer: [0, 2 ** 31] } },
    { name: "tolerance", value: "SECONDS", help: "casso: largest accepted clock difference (default 300)", commands: ["verify", "listen"], read: { integer: [0, 2 ** 40] } },
  ],
  cliSettings: (values, nowMs) => ({ timestamp: values.timestamp ?? nowMs - ((values.stale as number | undefined) ?? 0) * 1000 }),
  cliReceiverOptions: (values) => (values.tolerance === undefined ? {} : { toleranceSeconds: values.tolerance }),
  explain: {
    anyClock: { tolerance: Infinity },
    refusal(failure, context) {
      if (failure.reason !== "timestamp_too_old" && failure.reason !== "timestamp_too_new") return undefined;
      // Only a genuine signature is refused for its time: the header parsed.
      const t = Number(parseCassoFields(context.header(CASSO_SIGNATURE_HEADER) as string)?.t);
      const tolerance = (context.values.tolerance as number | undefined) ?? CASSO_DEFAULT_TOLERANCE_SECONDS;
      if (t < 1e11) {
        return {
          what: "t in unix seconds, not milliseconds",
          why: `the signature is genuine, but t (${t}) reads as a time in 1970: Casso's t is unix milliseconds, and this sender wrote seconds`,
          fix: "if this is your own test sender, write t as Date.now() (milliseconds), as Casso does",
        };
      }
      const skew = Math.abs(Math.round((context.nowMs - t) / 1000));
      return {
        what: `a clock ${skew} s ${failure.reason === "timestamp_too_old" ? "behind" : "ahead"}`,
        why: `the signature is genuine, but its t is ${skew} s from this machine's clock, past the tolerance of ${tolerance} s`,
        fix: `if you are checking a capture made earlier, pass --tolerance ${skew + 60} (toleranceSeconds in code); otherwise check NTP on this machine (timedatectl)`,
      };
    },
    mistakes(_failure, context) {
      const fields = parseCassoFields(context.header(CASSO_SIGNATURE_HEADER) ?? "");
      if (fields === null) return [];
      const head = new TextEncoder().encode(`${fields.t}.`);
      const signed = new Uint8Array(head.length + context.body.length);
      signed.set(head);
      signed.set(context.body, head.length);
      const fix = "if this is your own test sender, sign with signCassoSignature (or webhook-signatures sign casso): t.<the body's JSON, keys sorted>";
      const attempts: ExplainAttempt[] = HMAC_GRID.filter(([, encoding]) => encoding === "hex").map(([algorithm]) => ({
        what: `${describeHmac(algorithm, "hex")} of t.<raw body> instead of t.<sorted JSON>`,
        why: "the sender signs the body as it sent it; Casso signs its JSON with the keys sorted at every depth (a body re-serialised in another order, or pretty-printed, does not match the raw bytes)",
        fix,
        matches: (secret: string) => context.hmacMatches(signed, secret, fields.digits, algorithm, "hex"),
      }));
      return attempts;
    },
  },
});
