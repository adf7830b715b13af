// The providers that sign the raw body with an HMAC in one header (Shopify, WooCommerce,
// Sendcloud, Mollie, Haravan, Sapo) differ only in data: which verify and sign functions, the
// header, how a delivery is named and keyed, its retry horizon, the headers a signed delivery
// carries beside the signature. These two functions make their receiving and signing parts from
// that data, so that each provider's file holds its facts and little else. (defineProvider is
// the public form of the same idea, for a provider of your own; these stay internal because the
// shipped providers name their own verify functions, which /web swaps for Web Crypto ones.)
import { argumentError, describe } from "../lib/errors.js";
import type { ParseResult } from "../payloads/shape.js";
import type { Secret, Secrets } from "../lib/types.js";
import type { VerifyResult } from "../lib/result.js";
import { JSON_CONTENT_TYPE, checkSecretOption } from "./shared.js";
import type {
  HeaderLines,
  Parsed,
  ProviderExample,
  ProviderScheme,
  ProviderSteps,
  ReceivingDeclaration,
  SignSettings,
  Signers,
  SigningDeclaration,
  Verifiers,
} from "./types.js";
import type { HeadersLike } from "../lib/types.js";

/** What a receiver reads of a header-HMAC provider. */
export interface HeaderHmacReceiving<Name extends string> {
  name: Name;
  title: string;
  /** Calls the provider's verify function of the set with the receiver's options. */
  verify(verifiers: Verifiers, input: { body: Uint8Array; headers: HeadersLike; secret: Secrets }, options: Readonly<Record<string, unknown>>): ReturnType<ProviderSteps["verify"]>;
  /** The body (and headers) as the handler's payload, with its event name. */
  parse(body: Uint8Array, headers: HeadersLike): ParseResult<Parsed>;
  /** The delivery's own id, if it carries one (else its body's digest keys it). */
  id?(parsed: Parsed, headers: HeadersLike): string | undefined;
  /** See `ProviderSteps.ping`. */
  ping?: ProviderSteps["ping"];
  /** Checks the options it adds besides `secret` (a TypeError naming the option). */
  checkOptions?(options: Readonly<Record<string, unknown>>): void;
  retryAfterSeconds: number;
  retentionMs: number;
}

export function headerHmacReceiving<Name extends string, Events, Verified>(facts: HeaderHmacReceiving<Name>): ReceivingDeclaration<Name, Events, Verified> {
  const { verify, parse, id, ping, checkOptions } = facts;
  return {
    name: facts.name,
    title: facts.title,
    secretOption: "secret",
    checkOptions(options) {
      checkSecretOption(options);
      checkOptions?.(options);
    },
    steps(options, verifiers) {
      const steps: ProviderSteps = {
        verify: (body, headers, secret) => verify(verifiers, { body, headers, secret: secret as Secrets }, options) as VerifyResult<Record<string, unknown>>,
        parse: (body, headers) => parse(body, headers),
        id: (parsed, _verified, headers) => id?.(parsed, headers),
      };
      if (ping !== undefined) steps.ping = ping;
      return steps;
    },
    retryAfterSeconds: facts.retryAfterSeconds,
    retentionMs: facts.retentionMs,
  };
}

/** What /testing reads of a header-HMAC provider. */
export interface HeaderHmacSigning<Name extends string> {
  name: Name;
  title: string;
  /** The signature header as the provider writes it. */
  header: string;
  scheme: ProviderScheme;
  /** The signature's value. */
  sign(signers: Signers, body: Uint8Array | string, secret: Secret, settings: SignSettings): string;
  /** The headers a delivery carries after the signature (topic, ids), from the settings. */
  headers?(settings: SignSettings): HeaderLines;
  examples: readonly ProviderExample[];
}

export function headerHmacSigning<Name extends string>(facts: HeaderHmacSigning<Name>): SigningDeclaration<Name> {
  const { header, sign, headers } = facts;
  return {
    name: facts.name,
    title: facts.title,
    secretOption: "secret",
    scheme: facts.scheme,
    signatureHeader: () => header,
    sign: (signers, body, secret, settings) => [JSON_CONTENT_TYPE, [header, sign(signers, body, secret, settings)], ...(headers?.(settings) ?? [])],
    examples: facts.examples,
  };
}

/** A sign setting that must be a non-empty string when given (a TypeError naming it otherwise), else `fallback`. */
export function textSetting(settings: SignSettings, key: string, fallback: () => string): string {
  const value = settings[key];
  if (value === undefined) return fallback();
  if (typeof value !== "string" || value.trim() === "" || /[\r\n]/.test(value)) {
    throw argumentError(key, `must be a non-empty string on one line, got ${describe(value)}`);
  }
  return value;
}
