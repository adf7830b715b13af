// What differs between providers, and only that: how a delivery is verified, parsed, named
// (its event) and keyed (its id in the store). The core runs the same steps for all of them.
import type { BasicCredentials } from "../lib/credentials.js";
import type { VerifyResult } from "../lib/result.js";
import type { HeadersLike, Secrets } from "../lib/types.js";
import { getHeader } from "../lib/headers.js";
import { hexDigestOf } from "../lib/digest-key.js";
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
import type { ReceiverOptions, ReceiverProvider, TikinowChannel } from "./types.js";

type Maybe<T> = T | Promise<T>;

/** The verify functions the receiver runs: the root entry's (node:crypto) or /web's (Web Crypto), and how to key a body. */
export interface Verifiers {
  verifyTikiSha1(input: VerifyTikiSha1Input): Maybe<VerifyResult>;
  verifyBasicAuth(input: VerifyBasicAuthInput): Maybe<VerifyResult<{ id: string }>>;
  verifyMwSignature(input: VerifyMwSignatureInput): Maybe<VerifyResult<{ timestamp: number; nonce: string }>>;
  verifyHmacHex(input: VerifyHmacHexInput): Maybe<VerifyResult>;
  verifyHmacBase64(input: VerifyHmacBase64Input): Maybe<VerifyResult>;
  /**
   * A delivery key from the raw body, for deliveries that carry no id: `body:` and the base64url
   * SHA-256 (48 characters, so that a prefixed key stays within the 64 characters stores keep as
   * they are, instead of digesting it again).
   */
  bodyKey(body: Uint8Array): string;
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
  /** The delivery's key, without the provider prefix. */
  key(parsed: Parsed, verified: Record<string, unknown>, body: Uint8Array, headers: HeadersLike): string;
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
  const bodyKey = (_parsed: Parsed, _verified: Record<string, unknown>, body: Uint8Array) => verifiers.bodyKey(body);
  switch (options.provider) {
    case "tikinow": {
      const channel = options.channel;
      const parse: (body: Uint8Array) => ParseResult<unknown> = TIKINOW_PARSERS[channel];
      return {
        verify: (body, headers, secret) => verifiers.verifyTikiSha1({ body, headers, secret: secret as Secrets }),
        parse: (body) => named(parse(body), () => channel),
        // No id is sent: the verified HMAC of the body is its key (the same bytes signed with the
        // same secret give the same digest), which costs no second digest of the body.
        // A retry the provider signs with another secret (it rotated in between) is a new key.
        key: (_parsed, _verified, _body, headers) => `${channel}:sha1:${hexDigestOf(headers, "x-signature", "sha1", "sha1=")}`,
      };
    }
    case "tiki":
      return {
        verify: (_body, headers, credentials) =>
          verifiers.verifyBasicAuth({ headers, credentials: credentials as BasicCredentials | readonly BasicCredentials[] }),
        // The parser takes any event name with the envelope: a new event reaches "*" handlers.
        parse: (body) => named(parseTikiProductRequestEvent(body), (value) => value.event),
        key: (parsed) => stringField(parsed.payload, "id") as string,
      };
    case "mobility-work": {
      const { toleranceSeconds } = options;
      return {
        verify: (body, headers, secret) =>
          verifiers.verifyMwSignature({ body, headers, secret: secret as Secrets, ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) }),
        parse: (body) => named(parseMwWebhook(body), (value) => (isMwSparePartOutOfStock(value) ? "spare_part_out_of_stock" : value._event)),
        key: (_parsed, verified) => verified.nonce as string,
      };
    }
    case "tilby": {
      const headerName = options.headerName ?? TILBY_DEFAULT_SIGNATURE_HEADER;
      return {
        verify: (body, headers, secret) => verifiers.verifyHmacHex({ body, headers, headerName, secret: secret as Secrets }),
        parse: (body) => named(parseTilbyWebhook(body), (value) => (value.type === "SUBSCRIBED" ? "SUBSCRIBED" : `${value.entity_name}.${value.type}`)),
        key: (parsed, verified, body) => stringField(parsed.payload, "notification_uuid") ?? bodyKey(parsed, verified, body),
        handshake: (parsed) => parsed.event === "SUBSCRIBED",
      };
    }
    case "ewarehousing":
      return {
        verify: (body, headers, secret) => verifiers.verifyHmacBase64({ body, headers, secret: secret as Secrets }),
        parse: (body) => named(parseEwarehousingWebhook(body), (value) => `${value.group}.${value.action}`),
        key: (parsed, verified, body, headers) => {
          const id = getHeader(headers, "x-webhook-id");
          return typeof id === "string" && id !== "" ? id : bodyKey(parsed, verified, body);
        },
      };
  }
}

/** The providers, for argument checks. */
export const PROVIDERS: readonly ReceiverProvider[] = ["tikinow", "tiki", "mobility-work", "tilby", "ewarehousing"];
