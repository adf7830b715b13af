// The hand-written way, for users who want only the functions: what every example did before
// webhook-signatures/receiver.
// The five webhook routes, the answer to give. Each route does the same three steps, in this order:
//
//   1. verify the signature over the raw bytes (401 with the reason if it fails);
//   2. parse those same bytes into a typed payload (400 if they are not the documented shape);
//   3. process the payload (here: remember it, so that GET /seen can show it).
//
// Mobility Work signs a nonce: its route goes through handleMwOnce and a MemoryNonceStore, so a
// replayed delivery is answered 200 but processed once. eWarehousing (`x-webhook-id`) and Tilby
// (`notification_uuid`) retry deliveries: de-duplicate them with handleOnce as the README's
// "Replay protection" section shows; these examples keep to the signature.
import {
  MemoryNonceStore,
  getHeader,
  handleMwOnce,
  parseEwarehousingWebhook,
  parseMwWebhook,
  parseTikiProductRequestEvent,
  parseTikiStockSync,
  parseTilbyWebhook,
  verifyBasicAuth,
  verifyHmacBase64,
  verifyHmacHex,
  verifyTikiSha1,
} from "webhook-signatures";
import { type WebhookConfig, type WebhookPath, configFromEnv } from "../shared/config.js";
import type {
  Bytes,
  EwarehousingWebhook,
  HandleOnceRejectReason,
  HeadersLike,
  MwWebhook,
  ParseFailureReason,
  ParseResult,
  TikiProductRequestEvent,
  TikiStockSync,
  TilbyWebhook,
} from "webhook-signatures";

/** A delivery as the framework hands it over: the raw bytes, untouched, and the request headers. */
export interface RawDelivery {
  body: Bytes;
  headers: HeadersLike;
}

/** Why a delivery was refused: the verify reason (401), the parse reason (400), or a failure on our side (500). */
export type ErrorCode = HandleOnceRejectReason | ParseFailureReason | "in_progress" | "unavailable" | "lease_lost" | "internal_error";

/** What to answer: the status and a JSON body. */
export interface Reply {
  status: 200 | 400 | 401 | 409 | 500 | 503;
  body: { success: true } | { success: false; error: { code: ErrorCode } };
}

/** A payload the example processed, as GET /seen lists it (a demo aid: your handler does real work here). */
export type Processed =
  | { provider: "tikinow"; payload: TikiStockSync }
  | { provider: "tiki"; credentialId: string; payload: TikiProductRequestEvent }
  | { provider: "mobility-work"; nonce: string; payload: MwWebhook }
  | { provider: "tilby"; payload: TilbyWebhook }
  | { provider: "ewarehousing"; webhookId: string | undefined; payload: EwarehousingWebhook };

export interface Webhooks {
  /** Verifies, parses and processes one delivery. Never rejects: an unexpected error is logged and answered 500. */
  receive(path: WebhookPath, delivery: RawDelivery): Promise<Reply>;
  /** The last {@link SEEN_LIMIT} payloads processed, oldest first. */
  seen(): readonly Processed[];
}

export interface WebhooksOptions {
  /**
   * BENCHMARK ONLY (scripts/load.mjs measures what verification costs): skip the signature
   * check of TikiNOW, Tiki, Tilby and eWarehousing, and accept any delivery. Never in production.
   */
  unsafeSkipVerificationForBenchmark?: boolean;
}

/** How many processed payloads GET /seen keeps (bounded, so a load test cannot fill the memory). */
export const SEEN_LIMIT = 100;

const OK: Reply = { status: 200, body: { success: true } };

function refuse(status: Reply["status"], code: ErrorCode, message: string): Reply {
  // The library's messages never contain a secret, a signature or the body: fit for a log line.
  console.error(JSON.stringify({ refused: status, code, message }));
  return { status, body: { success: false, error: { code } } };
}

const SKIPPED = { ok: true } as const;

export function createWebhooks(config: WebhookConfig = configFromEnv(), options: WebhooksOptions = {}): Webhooks {
  const skip = options.unsafeSkipVerificationForBenchmark === true;
  const nonces = new MemoryNonceStore(); // one process; RedisNonceStore for several
  const seen: Processed[] = [];
  const remember = (processed: Processed): void => {
    if (seen.push(processed) > SEEN_LIMIT) seen.shift();
  };

  /** Steps 2 and 3 once the signature is good. */
  function parsedThen<T>(parsed: ParseResult<T>, process: (payload: T) => void): Reply {
    if (!parsed.ok) return refuse(400, parsed.reason, parsed.message);
    process(parsed.value);
    return OK;
  }

  const routes: Record<WebhookPath, (delivery: RawDelivery) => Reply | Promise<Reply>> = {
    "/webhooks/tikinow/stock": ({ body, headers }) => {
      const verified = skip ? SKIPPED : verifyTikiSha1({ body, secret: config.tikinowSecret, headers });
      if (!verified.ok) return refuse(401, verified.reason, verified.message);
      return parsedThen(parseTikiStockSync(body), (payload) => remember({ provider: "tikinow", payload }));
    },

    "/webhooks/tiki": ({ body, headers }) => {
      const verified = skip ? { ok: true as const, id: "" } : verifyBasicAuth({ credentials: config.tikiCredentials, headers });
      if (!verified.ok) return refuse(401, verified.reason, verified.message);
      return parsedThen(parseTikiProductRequestEvent(body), (payload) => remember({ provider: "tiki", credentialId: verified.id, payload }));
    },

    "/webhooks/mobility-work": async ({ body, headers }) => {
      // Verify, claim the signed nonce until the window closes, then run the handler once.
      const result = await handleMwOnce({
        body,
        secret: config.mwSecret,
        headers,
        toleranceSeconds: 300,
        store: nonces,
        handler: ({ nonce }) => {
          const parsed = parseMwWebhook(body);
          if (parsed.ok) remember({ provider: "mobility-work", nonce, payload: parsed.value });
          return parsed;
        },
      });
      if (result.status === "rejected") return refuse(result.httpStatus, result.reason, result.message);
      if (result.status === "duplicate") return OK; // already processed: 200, so that Mobility Work stops sending it
      if (result.status !== "processed") return refuse(result.httpStatus, result.status, "Retry later."); // in_progress 409, unavailable 503, lease_lost 503
      return result.value.ok ? OK : refuse(400, result.value.reason, result.value.message);
    },

    "/webhooks/tilby": ({ body, headers }) => {
      const verified = skip ? SKIPPED : verifyHmacHex({ body, secret: config.tilbyToken, headers, headerName: config.tilbyHeader });
      if (!verified.ok) return refuse(401, verified.reason, verified.message);
      return parsedThen(parseTilbyWebhook(body), (payload) => remember({ provider: "tilby", payload }));
    },

    "/webhooks/ewarehousing": ({ body, headers }) => {
      const verified = skip ? SKIPPED : verifyHmacBase64({ body, secret: config.ewarehousingSecret, headers });
      if (!verified.ok) return refuse(401, verified.reason, verified.message);
      const id = getHeader(headers, "x-webhook-id");
      const webhookId = typeof id === "string" ? id : undefined;
      return parsedThen(parseEwarehousingWebhook(body), (payload) => remember({ provider: "ewarehousing", webhookId, payload }));
    },
  };

  return {
    async receive(path, delivery) {
      try {
        return await routes[path](delivery);
      } catch (error) {
        // A TypeError here is a mistake in the code (a JSON parser ran before verification and
        // `body` is an object); anything else is a failure the provider should retry: 5xx.
        console.error(error);
        return { status: 500, body: { success: false, error: { code: "internal_error" } } };
      }
    },
    seen: () => seen,
  };
}
