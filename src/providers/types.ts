// What a provider declaration holds: everything the library knows of one provider, in one
// object that the receiver, handleOnce, the command line and webhook-signatures/testing read.
// Types only: no code, no `node:` module.
import type { BasicCredentials } from "../lib/credentials.js";
import type { VerifyFailure, VerifyResult } from "../lib/result.js";
import type { HeadersLike, HmacAlgorithm, Secret } from "../lib/types.js";
import type { ParseResult } from "../payloads/shape.js";
import type { VerifyBasicAuthInput } from "../schemes/tiki-basic.js";
import type { SignHmacBase64Input, VerifyHmacBase64Input } from "../schemes/ewarehousing.js";
import type { SignMwSignatureInput, VerifyMwSignatureInput } from "../schemes/mobility-work.js";
import type { SignHmacHexInput, VerifyHmacHexInput } from "../schemes/tilby.js";
import type { SignTikiSha1Input, VerifyTikiSha1Input } from "../schemes/tikinow.js";
import type { SignShopifyInput, VerifyShopifyInput } from "../schemes/shopify.js";
import type { SignWoocommerceInput, VerifyWoocommerceInput } from "../schemes/woocommerce.js";
import type { SignSendcloudInput, VerifySendcloudInput } from "../schemes/sendcloud.js";
import type { SignMollieInput, VerifyMollieInput } from "../schemes/mollie.js";
import type { SignHaravanInput, VerifyHaravanInput } from "../schemes/haravan.js";
import type { SignSapoInput, VerifySapoInput } from "../schemes/sapo.js";
// Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee: an HMAC over the raw body with something before it
import type { SignLazadaInput, VerifyLazadaInput } from "../schemes/lazada.js";
import type { SignSepayInput, VerifySepayInput } from "../schemes/sepay.js";
import type { SignShopeeInput, VerifyShopeeInput } from "../schemes/shopee.js";
import type { SignStandardWebhooksInput, VerifyStandardWebhooksInput } from "../schemes/standard-webhooks.js";
import type { SignTiktokShopInput, VerifyTiktokShopInput } from "../schemes/tiktok-shop.js";
import type { SignPayosSignatureInput, VerifyPayosSignatureInput } from "../schemes/payos.js";
import type { SignCassoSignatureInput, VerifyCassoSignatureInput } from "../schemes/casso.js";
import type { SignZalopayMacInput, VerifyZalopayMacInput } from "../schemes/zalopay.js";
import type { SignVnpayIpnInput, VerifyVnpayIpnInput } from "../schemes/vnpay.js";
import type { SignMomoIpnInput, VerifyMomoIpnInput } from "../schemes/momo.js";
import type { SignAdyenItemInput, VerifyAdyenNotificationInput } from "../schemes/adyen.js";

type Maybe<T> = T | Promise<T>;

/**
 * The verify functions a declaration's steps call: the root entry's (node:crypto, synchronous)
 * or /web's (Web Crypto, asynchronous), and how to key a body. A declaration never imports a
 * verify function itself, so that the same declaration serves both.
 */
export interface Verifiers {
  verifyTikiSha1(input: VerifyTikiSha1Input): Maybe<VerifyResult>;
  verifyBasicAuth(input: VerifyBasicAuthInput): Maybe<VerifyResult<{ id: string }>>;
  verifyMwSignature(input: VerifyMwSignatureInput): Maybe<VerifyResult<{ timestamp: number; nonce: string }>>;
  verifyHmacHex(input: VerifyHmacHexInput): Maybe<VerifyResult>;
  verifyHmacBase64(input: VerifyHmacBase64Input): Maybe<VerifyResult>;
  verifyShopify(input: VerifyShopifyInput): Maybe<VerifyResult>;
  verifyWoocommerce(input: VerifyWoocommerceInput): Maybe<VerifyResult>;
  verifySendcloud(input: VerifySendcloudInput): Maybe<VerifyResult>;
  verifyMollie(input: VerifyMollieInput): Maybe<VerifyResult>;
  verifyHaravan(input: VerifyHaravanInput): Maybe<VerifyResult>;
  verifySapo(input: VerifySapoInput): Maybe<VerifyResult>;
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  verifyStandardWebhooks(input: VerifyStandardWebhooksInput): Maybe<VerifyResult<{ id: string; timestamp: number }>>;
  verifySepay(input: VerifySepayInput): Maybe<VerifyResult<{ timestamp: number }>>;
  verifyLazada(input: VerifyLazadaInput): Maybe<VerifyResult>;
  verifyTiktokShop(input: VerifyTiktokShopInput): Maybe<VerifyResult>;
  verifyShopee(input: VerifyShopeeInput): Maybe<VerifyResult>;
  // payOS, Casso, ZaloPay (canonicalised schemes)
  verifyPayosSignature(input: VerifyPayosSignatureInput): Maybe<VerifyResult>;
  verifyCassoSignature(input: VerifyCassoSignatureInput): Maybe<VerifyResult<{ timestamp: number; secretIndex?: number }>>;
  verifyZalopayMac(input: VerifyZalopayMacInput): Maybe<VerifyResult>;
  verifyVnpayIpn(input: VerifyVnpayIpnInput): Maybe<VerifyResult>;
  verifyMomoIpn(input: VerifyMomoIpnInput): Maybe<VerifyResult>;
  verifyAdyenNotification(input: VerifyAdyenNotificationInput): Maybe<VerifyResult>;
  /** The SHA-256 of a raw body in hex, which keys a delivery that carries no id (see `deliveryKey`). */
  sha256Hex(body: Uint8Array): string;
}

/** The sign functions a declaration's `sign` calls (the root entry's: node:crypto). */
export interface Signers {
  signTikiSha1(input: SignTikiSha1Input): string;
  basicAuthHeader(credentials: BasicCredentials): string;
  signMwSignature(input: SignMwSignatureInput): string;
  signHmacHex(input: SignHmacHexInput): string;
  signHmacBase64(input: SignHmacBase64Input): string;
  signShopify(input: SignShopifyInput): string;
  signWoocommerce(input: SignWoocommerceInput): string;
  signSendcloud(input: SignSendcloudInput): string;
  signMollie(input: SignMollieInput): string;
  signHaravan(input: SignHaravanInput): string;
  signSapo(input: SignSapoInput): string;
  // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
  signStandardWebhooks(input: SignStandardWebhooksInput): string;
  signSepay(input: SignSepayInput): string;
  signLazada(input: SignLazadaInput): string;
  signTiktokShop(input: SignTiktokShopInput): string;
  signShopee(input: SignShopeeInput): string;
  // payOS, Casso, ZaloPay (canonicalised schemes)
  signPayosSignature(input: SignPayosSignatureInput): string;
  signCassoSignature(input: SignCassoSignatureInput): string;
  signZalopayMac(input: SignZalopayMacInput): string;
  signVnpayIpn(input: SignVnpayIpnInput): string;
  signMomoIpn(input: SignMomoIpnInput): string;
  signAdyenItem(input: SignAdyenItemInput): string;
}

/**
 * A shipped provider's signature scheme, as the project's own tests read it: its recorded
 * vectors (`vectors/<vectors>.json`, computed outside this library) and the functions of the
 * verify and sign sets, which the root and /web entries export under the same names.
 */
export type ProviderScheme = HeaderScheme | FieldScheme;

/** What every scheme names: its vectors and its verify and sign functions. */
interface SchemeFunctions {
  /** The vector file's name, without `.json` (`"hmac-base64"`). */
  readonly vectors: string;
  /** The verify function (`"verifyHmacBase64"`). */
  readonly verify: Exclude<keyof Verifiers, "sha256Hex">;
  /** The sign function (`"signHmacBase64"`). */
  readonly sign: keyof Signers;
}

/** A scheme whose signature is in a header: the vector runners send it there. */
export interface HeaderScheme extends SchemeFunctions {
  /** The header the vectors' value is sent in, as the provider writes it (`"X-Hmac-SHA256"`). */
  readonly header: string;
  /** The verify input that takes the header's value bare (`"signature"`, `"authorization"`). */
  readonly valueKey: "signature" | "authorization";
  /**
   * The other headers a delivery is checked by, by the verify input's key for each bare value
   * (Standard Webhooks: `{ id: "webhook-id", timestamp: "webhook-timestamp" }`). Default none.
   */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

/**
 * A scheme whose signature is not a header: a field of the body (payOS, ZaloPay, MoMo, Adyen),
 * whose verify function takes the body (and its settings) alone, or a parameter of the query
 * (VNPay), whose verify function takes the query. The vector runners give the case's body or
 * query as it is.
 */
export interface FieldScheme extends SchemeFunctions {
  /** Where the signature is. */
  readonly in: "query" | "body";
  /** The field or parameter that carries it (`"signature"`, `"mac"`, `"vnp_SecureHash"`). */
  readonly field: string;
}

/** A delivery as sent, for a provider that signs inside the body or the query rather than in a header. */
export interface SignedDelivery {
  /** The body to send (`""` for a GET). */
  body: string;
  /** The query to append to the URL, without its `?` (a provider that signs its query). */
  query?: string;
  headers: HeaderLines;
}

/** A parsed, named delivery. */
export interface Parsed {
  event: string;
  payload: unknown;
}

/** What a step knows of the request besides its body and headers. */
export interface DeliveryRequest {
  /** The HTTP method. */
  method: string;
  /** The request's path and query as the door saw it (`/hooks?x=1`), or a full URL; `""` when unknown. */
  url: string;
}

/** One receiver's steps for its provider. `secret` is what the secret option gave for this request. */
export interface ProviderSteps {
  verify(body: Uint8Array, headers: HeadersLike, secret: unknown, request: DeliveryRequest): Maybe<VerifyResult<Record<string, unknown>>>;
  parse(body: Uint8Array, headers: HeadersLike, request: DeliveryRequest): ParseResult<Parsed>;
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
  /**
   * An unsigned request that is not a delivery but a check that the URL answers (WooCommerce's
   * creation ping): answered as a delivery is, before verification, running no handler and
   * recording nothing. Say true only for its exact shape: anything else is verified.
   */
  ping?(body: Uint8Array, headers: HeadersLike, request: DeliveryRequest): boolean;
}

/** What `steps` is given besides the receiver's options. */
export interface StepsContext {
  /** The clock verification reads, in ms (the command line's `verify` passes its own). Default `Date.now`. */
  now?: () => number;
}

/** A signed delivery's headers, content-type first, names as the provider writes them. */
export type HeaderLines = [name: string, value: string][];

/**
 * What a delivery's headers depend on besides the body and the secret, for `sign`: each
 * provider reads the settings it documents and ignores the rest.
 */
export interface SignSettings {
  /** When the delivery was signed, in ms (Mobility Work's `t`, a declared timestamp). */
  nowMs: number;
  /** A fresh random id, for a delivery id the caller did not give (a UUID). */
  randomId: () => string;
  /** Provider-specific settings (Tiki's credential `id`, Tilby's `headerName`, eWarehousing's `webhookId`, Mobility Work's `nonce`). */
  [setting: string]: unknown;
}

/** The answer a provider expects once its delivery is handled. */
export interface ProviderAnswer {
  /** A 2xx status. */
  status: number;
  /** The body, as text (`""`: none). */
  body: string;
  /** Its content type, when there is a body. */
  contentType?: string;
}

/** A documented example payload: what `--example NAME` sends and `/testing` defaults to. */
export interface ProviderExample {
  /** Its command-line name (`"ewarehousing-stock-updated"`). */
  name: string;
  /** A few words on what it is. */
  about: string;
  /** The payload, as the provider documents it. */
  payload: unknown;
}

/** An option of the command line that only this provider takes (`--id`, `--header-name`, ...). */
export interface ProviderCliOption {
  /** The option's name without dashes. */
  name: string;
  /** What its value is called in help (`"ID"`). */
  value: string;
  /** Its help text (`"tiki: the id of the pair granted to Tiki (required)"`). */
  help: string;
  /** The commands that take it. */
  commands: readonly ("sign" | "send" | "verify" | "listen")[];
  /**
   * How its text is read (default: as given): a whole number from `min` to `max`, a header name
   * (`example` shows one in the usage error), or one of `choices`. The command line refuses
   * anything else with a usage error that names the option, never its value.
   */
  read?: { integer: readonly [min: number, max: number] } | { header: string } | { choices: readonly string[] };
  /** Set when the option is required: what it is, for the usage error (`tiki needs --id (<required>)`). */
  required?: string;
  /** An option it cannot be given with (`give --timestamp or --stale, not both`). */
  conflicts?: string;
}

/** The values of a provider's command-line options as read (`ProviderCliOption.read`), by option name; absent ones undefined. */
export type CliValues = Readonly<Record<string, string | number | undefined>>;

/** A delivery `verify --explain` looks into, and the library's checks it may run on changes of it. */
export interface ExplainContext {
  /** The raw body, as received. */
  body: Uint8Array;
  /** The names of the headers the delivery carries, lowercase. */
  headerNames: readonly string[];
  /** A header's one value as the library reads it (the same value sent twice is that value); undefined otherwise. */
  header(name: string): string | undefined;
  /** The command line's values of the provider's options. */
  values: CliValues;
  /** The clock verification read, in ms. */
  nowMs: number;
  /** Whether this provider's verify accepts the delivery with these option values and this one secret, whatever the clock. */
  check(values: CliValues, secret: Secret): boolean;
  /** Whether `signature` (the digits alone) is the HMAC of `signed` under `secret`, in this algorithm and encoding. */
  hmacMatches(signed: Uint8Array, secret: Secret, signature: string, algorithm: HmacAlgorithm, encoding: "hex" | "base64"): boolean;
}

/** A usual mistake, in words: what would have matched, what that means happened, and the fix. */
export interface ExplainText {
  what: string;
  why: string;
  fix: string;
}

/** A usual mistake to try: its words, and whether it would have matched with a given secret. */
export interface ExplainAttempt extends ExplainText {
  /** With one of the secrets given on the command line. */
  matches(secret: string): boolean;
}

/** What `verify --explain` knows of a provider beyond its verify function: data, and a function where data cannot say it. */
export interface ProviderExplain {
  /**
   * The HMAC of the raw body it signs with, if that is its scheme: the other algorithms and
   * encodings are tried, and each named after the provider whose scheme it is. `prefix` is what
   * it writes before the digits; `prefixFix` the fix when only the prefix is wrong.
   */
  readonly hmac?: { algorithm: HmacAlgorithm; encoding: "hex" | "base64"; prefix?: string; prefixFix?: string };
  /** True when its secret is text (a Basic credential), not an HMAC key: its base64 and hex decodings are not tried. */
  readonly textSecret?: boolean;
  /** Option values under which its verify refuses nothing for the clock, so that the signature alone decides. */
  readonly anyClock?: CliValues;
  /** A refusal that explains itself (a stale timestamp): the one finding, and nothing else is tried. */
  refusal?(failure: VerifyFailure, context: ExplainContext): ExplainText | undefined;
  /** Its own usual mistakes, tried after the body's and the secret's (Tiki's swapped pair, Tilby's header). */
  mistakes?(failure: VerifyFailure, context: ExplainContext): ExplainAttempt[];
  /** What else to check when nothing matched, that no change of the delivery can show (MoMo's access key, Adyen's key per endpoint). */
  readonly unmatched?: string;
}

/**
 * What a receiver reads of a provider: how a delivery is checked, parsed, named and keyed, and
 * what it is answered. A receiver's bundle carries only this part of each declaration.
 */
export interface ReceivingDeclaration<Name extends string = string, Events = unknown, Verified = unknown> {
  /** The command-line name, and the first part of every delivery key (`ewarehousing`). */
  readonly name: Name;
  /** The provider as its users know it (`eWarehousing Solutions`). */
  readonly title: string;
  /** The receiver option that holds the secret: `"secret"`, or `"credentials"` for a Basic pair. */
  readonly secretOption: "secret" | "credentials";
  /**
   * Checks the receiver options this provider adds (`channel`, `headerName`, `toleranceSeconds`)
   * and its fixed secret; throws a TypeError naming the option. A secret function is checked by
   * the receiver (a function), its results on each request.
   */
  checkOptions(options: Readonly<Record<string, unknown>>): void;
  /** The steps of one receiver, over a set of verify functions. Options are checked first. */
  steps(options: Readonly<Record<string, unknown>>, verifiers: Verifiers, context?: StepsContext): ProviderSteps;
  /**
   * The `Retry-After` (seconds) of a 503 at the deadline or when a lease is lost: the provider's
   * usual retry interval, so that a provider that honours it comes back when it would anyway.
   */
  readonly retryAfterSeconds: number;
  /** How long a processed delivery's key is kept by default, in ms: past the provider's last retry. */
  readonly retentionMs: number;
  /** What a processed (or duplicate) delivery is answered. Default: 200 `{"success":true}` as JSON. */
  readonly answer?: ProviderAnswer;
  /** The method its deliveries come with. Default `"POST"`; anything else is answered 405. */
  readonly method?: "POST" | "GET";
  /**
   * The answer to a refusal, for a provider that reads its own codes in it; `undefined` (or no
   * function): the library's JSON shape, `{"success":false,"error":{code,message}}`. The status
   * it returns replaces the receiver's.
   */
  refusal?(status: number, reason: string, message: string): ProviderAnswer | undefined;
  /** Phantom: the event map (name → payload) of a receiver for this provider. Never set. */
  readonly __events?: Events;
  /** Phantom: what verification learns, as a handler's `verified`. Never set. */
  readonly __verified?: Verified;
}

/** What webhook-signatures/testing reads of a provider: how a delivery is signed, and its examples. */
export interface SigningDeclaration<Name extends string = string> {
  readonly name: Name;
  readonly title: string;
  readonly secretOption: "secret" | "credentials";
  /** Its scheme and recorded vectors (shipped providers; a declaration of your own has none). */
  readonly scheme?: ProviderScheme;
  /** The header the signature comes in, as the provider writes it (`X-Hmac-SHA256`), given the command line's settings. */
  signatureHeader(settings: Readonly<Record<string, unknown>>): string;
  /** The headers of a signed delivery of `body`. Throws a TypeError for a setting it cannot use. */
  sign(signers: Signers, body: Uint8Array | string, secret: Secret, settings: SignSettings): HeaderLines;
  /** The documented example payloads; the first is the default delivery. */
  readonly examples: readonly ProviderExample[];
  /**
   * For a provider that signs inside the body (payOS, ZaloPay, MoMo, Adyen) or the query
   * (VNPay): the delivery as sent, from the payload's JSON text (the signature written into the
   * body, or the payload's fields as a signed query), for webhook-signatures/testing and the
   * command line's sign and send. A TypeError for a body it cannot sign. Without it, `sign`'s
   * headers go beside the body as it is.
   */
  signDelivery?(signers: Signers, body: string, secret: Secret, settings: SignSettings): SignedDelivery;
}

/** What the command line reads of a provider beyond signing: its options, and what `verify --explain` knows. */
export interface CliDeclaration {
  /** The command line's options only this provider takes. */
  readonly cliOptions: readonly ProviderCliOption[];
  /** The sign settings its command-line option values give (`--id` → `id`); `nowMs` is when the command runs. Default: none. */
  cliSettings?(values: CliValues, nowMs: number): Record<string, unknown>;
  /**
   * The receiver options its command-line values give, besides `provider` and the secret option
   * (the one secret, or the list), which the command line sets; it may set the secret option too
   * (Tiki pairs each secret with `--id`). Default: none.
   */
  cliReceiverOptions?(values: CliValues, secrets: readonly Secret[]): Record<string, unknown>;
  /** What `verify --explain` knows of it. */
  readonly explain?: ProviderExplain;
}

/**
 * One provider: data, and the few functions data cannot express, in three parts that each
 * layer reads on its own (so that a receiver carries no examples or command line, and
 * webhook-signatures/testing no parser): receiving, signing, and the command line's.
 */
export interface ProviderDeclaration<Name extends string = string, Events = unknown, Verified = unknown>
  extends ReceivingDeclaration<Name, Events, Verified>,
    SigningDeclaration<Name>,
    CliDeclaration {}

/** Any declaration, whatever its events. */
export type AnyProviderDeclaration = ProviderDeclaration<string, any, any>;
