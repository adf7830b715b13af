// What differs between providers, and only that: how a delivery is verified, parsed, named
// (its event) and keyed (its id in the store). The core runs the same steps for all of them.
import type { BasicCredentials } from "../lib/credentials.js";
import type { VerifyResult } from "../lib/result.js";
import type { HeadersLike, Secrets } from "../lib/types.js";
import { getHeader } from "../lib/headers.js";
import { mwToleranceOf } from "../lib/mw-header.js";
import { mwWindowRetentionMs } from "../replay/mw-window.js";
import { TILBY_DEFAULT_SIGNATURE_HEADER } from "../lib/tilby-header.js";
import { parseEwarehousingWebhook } from "../payloads/ewarehousing.js";
import { isMwSparePartOutOfStock, parseMwWebhook } from "../payloads/mobility-work.js";
import type { ParseResult } from "../payloads/shape.js";
import { parseTikiProductRequestEvent } from "../payloads/tiki-open-api.js";
import { parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "../payloads/tikinow.js";
import { parseTilbyWebhook } from "../payloads/tilby.js";
import type { VerifyBasicAuthInput } from "../schemes/tiki-basic.js";
import type { VerifyHmacBase64Input } from "../schemes/ewarehousing.js";
import type { VerifyMwSignatureInput } from "../schemes/mobility-work.js";
import type { VerifyHmacHexInput } from "../schemes/tilby.js";
import type { VerifyTikiSha1Input } from "../schemes/tikinow.js";
import { DELIVERY_RETRY_AFTER_SECONDS } from "../replay/run-once.js";
import type { ReceiverOptions, ReceiverProvider, TikinowChannel } from "./types.js";

type Maybe<T> = T | Promise<T>;

/** The verify functions the receiver runs: the root entry's (node:crypto) or /web's (Web Crypto), and how to key a body. */
export interface Verifiers {
  verifyTikiSha1(input: VerifyTikiSha1Input): Maybe<VerifyResult>;
  verifyBasicAuth(input: VerifyBasicAuthInput): Maybe<VerifyResult<{ id: string }>>;
  verifyMwSignature(input: VerifyMwSignatureInput): Maybe<VerifyResult<{ timestamp: number; nonce: string }>>;
  verifyHmacHex(input: VerifyHmacHexInput): Maybe<VerifyResult>;
  verifyHmacBase64(input: VerifyHmacBase64Input): Maybe<VerifyResult>;
  /** The SHA-256 of a raw body in hex, which keys a delivery that carries no id (see `deliveryKey`). */
  sha256Hex(body: Uint8Array): string;
}

/** A parsed, named delivery. */
export interface Parsed {
  event: string;
  payload: unknown;
}

/** One provider's steps. `secret` is what the secret option gave for this request. */
export interface ProviderSteps {
  verify(body: Uint8Array, headers: HeadersLike, secret: unknown): Maybe<VerifyResult<Record<string, unknown>>>;
  parse(body: Uint8Array): ParseResult<Parsed>;
  /**
   * The delivery's own id, if it carries one; without one (or with an empty one), its body's
   * digest keys it. The core scopes it by provider and tenant (see `deliveryKey`).
   */
  id(parsed: Parsed, verified: Record<string, unknown>, headers: HeadersLike): string | undefined;
  /** What verification tells of the tenant beyond the route (Tiki Open API: the matched credential id, never its secret). */
  tenant?(verified: Record<string, unknown>): string;
  /** How long to keep a processed key, when the delivery itself says (Mobility Work: to the end of its window); `undefined`: the configured retention. */
  retentionMs?(verified: Record<string, unknown>, nowMs: number): number | undefined;
  /** Answered 200 whatever the handlers (Tilby's handshake): run outside the store, no handler needed. */
  handshake?(parsed: Parsed): boolean;
}

export { TILBY_DEFAULT_SIGNATURE_HEADER };

const TIKINOW_PARSERS = {
  stock: parseTikiStockSync,
  order_status: parseTikiOrderStatus,
  aftersale: parseTikiAftersale,
} as const satisfies Record<TikinowChannel, (body: Uint8Array) => ParseResult<unknown>>;

/** The TikiNOW channels, for argument checks. */
export const TIKINOW_CHANNELS = Object.keys(TIKINOW_PARSERS) as readonly TikinowChannel[];

function named<T>(parsed: ParseResult<T>, event: (value: T) => string): ParseResult<Parsed> {
  return parsed.ok ? { ok: true, value: { event: event(parsed.value), payload: parsed.value } } : parsed;
}

/** A string field of a parsed body, if it is a non-empty string. */
function stringField(payload: unknown, field: string): string | undefined {
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function providerSteps(options: ReceiverOptions, verifiers: Verifiers): ProviderSteps {
  switch (options.provider) {
    case "tikinow": {
      const channel = options.channel;
      const parse: (body: Uint8Array) => ParseResult<unknown> = TIKINOW_PARSERS[channel];
      return {
        verify: (body, headers, secret) => verifiers.verifyTikiSha1({ body, headers, secret: secret as Secrets }),
        parse: (body) => named(parse(body), () => channel),
        // No id is sent: the body's digest keys the delivery (never the signature, which differs
        // between the secrets of a rotation and must not be printed or stored).
        id: () => undefined,
      };
    }
    case "tiki":
      return {
        verify: (_body, headers, credentials) =>
          verifiers.verifyBasicAuth({ headers, credentials: credentials as BasicCredentials | readonly BasicCredentials[] }),
        // The parser takes any event name with the envelope: a new event reaches "*" handlers.
        parse: (body) => named(parseTikiProductRequestEvent(body), (value) => value.event),
        id: (parsed) => stringField(parsed.payload, "id"),
        // Two sellers on one route may send one event id: the credential that matched names the seller.
        tenant: (verified) => `#${String(verified.id)}`,
      };
    case "mobility-work": {
      const { toleranceSeconds } = options;
      const tolerance = mwToleranceOf(toleranceSeconds);
      return {
        verify: (body, headers, secret) =>
          verifiers.verifyMwSignature({ body, headers, secret: secret as Secrets, ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) }),
        parse: (body) => named(parseMwWebhook(body), (value) => (isMwSparePartOutOfStock(value) ? "spare_part_out_of_stock" : value._event)),
        id: (_parsed, verified) => verified.nonce as string,
        retentionMs: (verified, nowMs) => mwWindowRetentionMs(verified.timestamp as number, tolerance, nowMs),
      };
    }
    case "tilby": {
      const headerName = options.headerName ?? TILBY_DEFAULT_SIGNATURE_HEADER;
      return {
        verify: (body, headers, secret) => verifiers.verifyHmacHex({ body, headers, headerName, secret: secret as Secrets }),
        parse: (body) => named(parseTilbyWebhook(body), (value) => (value.type === "SUBSCRIBED" ? "SUBSCRIBED" : `${value.entity_name}.${value.type}`)),
        id: (parsed) => stringField(parsed.payload, "notification_uuid"),
        handshake: (parsed) => parsed.event === "SUBSCRIBED",
      };
    }
    case "ewarehousing":
      return {
        verify: (body, headers, secret) => verifiers.verifyHmacBase64({ body, headers, secret: secret as Secrets }),
        parse: (body) => named(parseEwarehousingWebhook(body), (value) => `${value.group}.${value.action}`),
        id: (_parsed, _verified, headers) => {
          const id = getHeader(headers, "x-webhook-id");
          // Several different values name no one delivery: the body keys it.
          return typeof id === "string" ? id : id?.every((value) => value === id[0]) === true ? id[0] : undefined;
        },
      };
  }
}

/** The providers, for argument checks. */
export const PROVIDERS: readonly ReceiverProvider[] = ["tikinow", "tiki", "mobility-work", "tilby", "ewarehousing"];

/**
 * The `Retry-After` (seconds) of the receiver's 503 at the deadline (`handler_timeout`) and when a
 * lease is lost (`lease_lost`): the provider's usual retry interval, so that a provider that
 * honours the header comes back when it would anyway, never at the moment a lease ends.
 * eWarehousing retries hourly (3600); Tilby at least 15 minutes apart (900). TikiNOW, Tiki Open
 * API and Mobility Work publish no interval: 60 is our choice ({@link DELIVERY_RETRY_AFTER_SECONDS}).
 */
export const PROVIDER_RETRY_AFTER_SECONDS: Readonly<Record<ReceiverProvider, number>> = {
  ewarehousing: 3_600,
  tilby: 900,
  tikinow: DELIVERY_RETRY_AFTER_SECONDS,
  tiki: DELIVERY_RETRY_AFTER_SECONDS,
  "mobility-work": DELIVERY_RETRY_AFTER_SECONDS,
};
