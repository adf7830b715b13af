// defineProvider: a provider of your own, declared as data, that the receiver, handleOnce,
// webhook-signatures/testing and the command line serve as they serve the shipped ones. This
// first form covers the raw-body HMAC family: a signature header (with a prefix), an algorithm,
// an output encoding, the key's form, and an optional signed timestamp header.
// Platform-neutral (no node: import): /web's receiver serves a declared provider too.
import { argumentError, describe } from "../lib/errors.js";
import { assertHeaderName, getHeader, headerText } from "../lib/headers.js";
import { signatureFormat, stripPrefix } from "../lib/options.js";
import { fail, malformedHeader } from "../lib/result.js";
import type { VerifyResult } from "../lib/result.js";
import { assertSecrets } from "../lib/secrets.js";
import type { HeadersLike, HmacAlgorithm, Secret, Secrets } from "../lib/types.js";
import { record, parseWith } from "../payloads/shape.js";
import type { ParseResult } from "../payloads/shape.js";
import { DELIVERY_RETENTION_MS, DELIVERY_RETRY_AFTER_SECONDS, MAX_DURATION_MS } from "../replay/run-once.js";
import { decodeBase64Any, decodeHex } from "../web/lib/encoding.js";
import { oneValue, stringField } from "./shared.js";
import type { HeaderLines, ProviderAnswer, ProviderDeclaration, ProviderExample, Verifiers } from "./types.js";

/** The mark of a declaration `defineProvider` checked: a global symbol, so that every copy of the library (ESM, CommonJS, /web) knows it. */
const DECLARED: unique symbol = /* @__PURE__ */ Symbol.for("webhook-signatures.declared-provider");

/** True for a declaration `defineProvider` made. */
export function isDeclared(value: unknown): value is ProviderDeclaration<string, unknown, unknown> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[DECLARED] === true;
}

/** Where the signature is and how it is written. */
export interface DeclaredSignature {
  /** The header that carries it (`"X-Acme-Signature"`), read case-insensitively. */
  header: string;
  /** Default `"sha256"`. */
  algorithm?: HmacAlgorithm;
  /** How the digest is written: `"hex"` (either case, default) or `"base64"` (standard, padded). */
  encoding?: "hex" | "base64";
  /** Text before the digest (`"sha256="`), matched case-insensitively. Default none. */
  prefix?: string;
}

/** The key's form: how the secret the provider hands out becomes the HMAC key. */
export interface DeclaredSecret {
  /** `"utf8"` (the text itself, default), `"hex"` or `"base64"` (the bytes it spells). */
  form?: "utf8" | "hex" | "base64";
  /** Text the provider puts before the encoded key (`"whsec_"`): removed before decoding, required when given. */
  prefix?: string;
}

/** A signed timestamp: the HMAC covers `timestamp + separator + raw body`, and a delivery outside the tolerance is refused. */
export interface DeclaredTimestamp {
  /** The header that carries it (`"X-Acme-Timestamp"`): unix time in whole seconds or ms. */
  header: string;
  /** Default `"s"`. */
  unit?: "s" | "ms";
  /** Largest accepted distance from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** Between the timestamp and the body in the signed bytes. Default `"."`. */
  separator?: string;
}

/** Where the delivery's id is: a header, or a top-level string field of the JSON body. Without it, the body's digest keys a delivery. */
export type DeclaredId =
  | {
      /** The header that carries the id. */
      header: string;
    }
  | {
      /** The body's top-level string field that carries the id. */
      field: string;
    };

/** Where the event's name is: a header, or a top-level string field of the JSON body. Without it, every delivery's event is the provider's name. */
export type DeclaredEvent =
  | {
      /** The header that carries the event's name. */
      header: string;
    }
  | {
      /** The body's top-level string field that carries the event's name. */
      field: string;
    };

/** What `defineProvider` takes. */
export interface ProviderDefinition {
  /** The provider's name: lowercase letters, digits and dashes (`"acme"`); the first part of its delivery keys, and its command-line name. */
  name: string;
  /** The provider as its users know it. Default: `name`. */
  title?: string;
  /** Where the signature is and how it is written. */
  signature: DeclaredSignature;
  /** The key's form. Default: the secret's text. */
  secret?: DeclaredSecret;
  /** A signed timestamp, if the provider sends one. */
  timestamp?: DeclaredTimestamp;
  /** Where the delivery's id is. Default: none (the body's digest keys a delivery). */
  id?: DeclaredId;
  /** Where the event's name is. Default: none (the event is the provider's name). */
  event?: DeclaredEvent;
  /** The body's parser. Default: a JSON object, refused as `invalid_json` / `invalid_payload` otherwise. */
  parse?: (body: Uint8Array) => ParseResult<unknown>;
  /** The `Retry-After` of a 503, in seconds: the provider's retry interval. Default 60. */
  retryAfterSeconds?: number;
  /** How long a processed key is kept by default, in ms: past the provider's last retry. Default 24 h. */
  retentionMs?: number;
  /** Example payloads for `/testing` and `--example` (the first is the default delivery). */
  examples?: readonly ProviderExample[];
  /** What a handled delivery is answered (`{ status: 204 }`, `{ status: 200, body: "[accepted]" }`: text/plain unless `contentType` says). Default 200 `{"success":true}` as JSON. */
  answer?: {
    /** The status. Default 200. */
    status?: number;
    /** The body. Default `{"success":true}`. */
    body?: string;
    /** The body's content type. Default `text/plain` with a `body`. */
    contentType?: string;
  };
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const DIGITS = /^[0-9]{1,16}$/;
/** RFC 9110 token characters: a header name that could never arrive would never verify. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function headerName(value: unknown, argument: string): string {
  assertHeaderName(value, argument);
  if (!TOKEN.test(value)) throw argumentError(argument, "must be a header name (letters, digits and !#$%&'*+-.^_`|~, no spaces)");
  return value;
}

function field(definition: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = definition[key];
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) throw argumentError(key, `must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function oneOf<T extends string>(value: unknown, argument: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw argumentError(argument, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`);
  return value as T;
}

function text(value: unknown, argument: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string") throw argumentError(argument, `must be a string, got ${describe(value)}`);
  return value;
}

function wholeNumber(value: unknown, argument: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
    throw argumentError(argument, `must be a whole number from ${min} to ${max}, got ${typeof value === "number" ? value : describe(value)}`);
  }
  return value as number;
}

/** A header-or-field locator, checked. */
function locator(value: Record<string, unknown> | undefined, argument: string): { header: string } | { field: string } | undefined {
  if (value === undefined) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== "header" && keys[0] !== "field")) throw argumentError(argument, 'must be { header: "…" } or { field: "…" }');
  if (keys[0] === "header") return { header: headerName(value.header, `${argument}.header`).toLowerCase() };
  if (typeof value.field !== "string" || value.field === "") throw argumentError(`${argument}.field`, `must be a non-empty string, got ${describe(value.field)}`);
  return { field: value.field };
}

/** The HMAC key a secret spells, in the declared form. */
function keyOf(secret: Secret, form: "utf8" | "hex" | "base64", prefix: string): Secret {
  if (form === "utf8" || typeof secret !== "string") return secret;
  if (!secret.startsWith(prefix)) throw argumentError("secret", `must start with "${prefix}" (the form this provider hands out)`);
  const digits = secret.slice(prefix.length);
  // An odd number of hex digits spells no bytes (half a length would read as the shorter key).
  const key = form === "hex" ? decodeHex(digits, digits.length >> 1) : decodeBase64Any(digits);
  if (key === null || key.length === 0) throw argumentError("secret", `must be ${form === "hex" ? "hex digits" : "standard base64"} after "${prefix}" (the key's declared form)`);
  return key;
}

/**
 * Declares a provider of your own from data, checked now (a TypeError naming the field). Its
 * declaration is accepted as `createReceiver({ provider, secret })`, by `handleOnce`, by
 * `deliveryFor` in webhook-signatures/testing and by the command line (`--provider-file`).
 *
 * @example
 * export const acme = defineProvider({
 *   name: "acme",
 *   signature: { header: "X-Acme-Signature", algorithm: "sha256", encoding: "hex", prefix: "sha256=" },
 *   timestamp: { header: "X-Acme-Timestamp", unit: "s", toleranceSeconds: 300 },
 *   id: { header: "X-Acme-Delivery" },
 *   event: { field: "type" },
 * });
 */
export function defineProvider<Events extends object = Record<string, unknown>>(
  definition: ProviderDefinition,
): ProviderDeclaration<
  string,
  Events,
  {
    /** With a rotation list, the index of the secret that matched. */
    secretIndex?: number;
    /** With a declared timestamp, the signed one, in its declared unit. */
    timestamp?: number;
  }
> {
  if (typeof definition !== "object" || definition === null) throw argumentError("defineProvider(definition)", `expects one object, got ${describe(definition)}`);
  // A snapshot of its own fields: what was checked is what is used (a getter is read once).
  const d: Readonly<Record<string, unknown>> = { ...definition };
  if (typeof d.name !== "string" || !NAME.test(d.name)) {
    throw argumentError("name", `must be lowercase letters, digits and dashes (at most 64), such as "acme", got ${describe(d.name)}`);
  }
  const name = d.name;
  const title = text(d.title, "title", name);
  const signature = field(d, "signature");
  if (signature === undefined) throw argumentError("signature", 'is required: { header: "X-…-Signature", algorithm, encoding, prefix }');
  const writtenHeader = headerName(signature.header, "signature.header");
  const header = writtenHeader.toLowerCase();
  const algorithm = oneOf(signature.algorithm, "signature.algorithm", ["sha256", "sha1", "sha512"] as const, "sha256");
  const encoding = oneOf(signature.encoding, "signature.encoding", ["hex", "base64"] as const, "hex");
  const prefix = text(signature.prefix, "signature.prefix", "");
  const secret = field(d, "secret") ?? {};
  const form = oneOf(secret.form, "secret.form", ["utf8", "hex", "base64"] as const, "utf8");
  const keyPrefix = text(secret.prefix, "secret.prefix", "");
  if (keyPrefix !== "" && form === "utf8") throw argumentError("secret.prefix", 'is for a hex or base64 key (form "hex" or "base64")');
  const timestampField = field(d, "timestamp");
  let timestamp: { header: string; written: string; unit: "s" | "ms"; toleranceSeconds: number; separator: string } | undefined;
  if (timestampField !== undefined) {
    const written = headerName(timestampField.header, "timestamp.header");
    timestamp = {
      header: written.toLowerCase(),
      written,
      unit: oneOf(timestampField.unit, "timestamp.unit", ["s", "ms"] as const, "s"),
      toleranceSeconds: wholeNumber(timestampField.toleranceSeconds, "timestamp.toleranceSeconds", 1, Math.floor(MAX_DURATION_MS / 2000), 300),
      separator: text(timestampField.separator, "timestamp.separator", "."),
    };
  }
  const id = locator(field(d, "id"), "id");
  const event = locator(field(d, "event"), "event");
  if (d.parse !== undefined && typeof d.parse !== "function") throw argumentError("parse", `must be a function, got ${describe(d.parse)}`);
  const parse = (d.parse as ((body: Uint8Array) => ParseResult<unknown>) | undefined) ?? ((body: Uint8Array) => parseWith(body, record));
  const retryAfterSeconds = wholeNumber(d.retryAfterSeconds, "retryAfterSeconds", 1, 86_400, DELIVERY_RETRY_AFTER_SECONDS);
  const retentionMs = wholeNumber(d.retentionMs, "retentionMs", 1, MAX_DURATION_MS, DELIVERY_RETENTION_MS);
  const examples = d.examples === undefined ? [] : checkedExamples(d.examples);
  const answer = d.answer === undefined ? undefined : checkedAnswer(field(d, "answer") as Record<string, unknown>);

  const keys = (secrets: Secrets): Secrets => (Array.isArray(secrets) ? secrets.map((s: Secret) => keyOf(s, form, keyPrefix)) : keyOf(secrets as Secret, form, keyPrefix));
  const checkSecret = (value: unknown): void => {
    if (typeof value === "function") return;
    keys(assertSecrets(value));
  };
  const encoder = new TextEncoder();

  const declaration: ProviderDeclaration<string, Events, { secretIndex?: number; timestamp?: number }> & { readonly [DECLARED]: true } = {
    [DECLARED]: true,
    name,
    title,
    secretOption: "secret",
    signatureHeader: () => writtenHeader,
    checkOptions: (options) => checkSecret(options.secret),
    steps(_options, verifiers: Verifiers, context) {
      const now = context?.now ?? Date.now;
      // A fixed secret is decoded once; a secret function's result on each request.
      let lastSecret: unknown;
      let lastKeys: Secrets | undefined;
      const keysOf = (value: unknown): Secrets => {
        if (value !== lastSecret || lastKeys === undefined) {
          lastKeys = keys(assertSecrets(value));
          lastSecret = value;
        }
        return lastKeys;
      };
      const hmac = (body: Uint8Array, headers: HeadersLike, secret: Secrets): ReturnType<Verifiers["verifyHmacHex"]> => {
        if (encoding === "hex") return verifiers.verifyHmacHex({ body, headers, headerName: header, algorithm, prefix, secret });
        if (prefix === "") return verifiers.verifyHmacBase64({ body, headers, headerName: header, algorithm, secret });
        // verifyHmacBase64 takes no prefix: the header's text without it is its signature.
        const sent = headerText(getHeader(headers, header), header);
        if (typeof sent !== "string") return sent;
        const digits = stripPrefix(sent, prefix);
        if (digits === null) return malformedHeader(header, `expected ${signatureFormat(algorithm, "base64", prefix)}`);
        return verifiers.verifyHmacBase64({ body, signature: digits, headerName: header, algorithm, secret });
      };
      return {
        verify(body, headers, value) {
          const secret = keysOf(value);
          if (timestamp === undefined) return hmac(body, headers, secret);
          const sent = headerText(getHeader(headers, timestamp.header), timestamp.header);
          if (typeof sent !== "string") return sent;
          if (!DIGITS.test(sent)) return malformedHeader(timestamp.header, `expected unix time in whole ${timestamp.unit === "s" ? "seconds" : "milliseconds"}`);
          const signedPrefix = encoder.encode(sent + timestamp.separator);
          const signed = new Uint8Array(signedPrefix.length + body.length);
          signed.set(signedPrefix);
          signed.set(body, signedPrefix.length);
          const checked = (result: VerifyResult<Record<string, unknown>>): VerifyResult<Record<string, unknown>> => {
            if (!result.ok) return result;
            const seconds = timestamp.unit === "s" ? Number(sent) : Number(sent) / 1000;
            const skew = now() / 1000 - seconds;
            if (skew > timestamp.toleranceSeconds) return fail("timestamp_too_old", `The ${timestamp.header} timestamp is older than ${timestamp.toleranceSeconds} s.`);
            if (-skew > timestamp.toleranceSeconds) return fail("timestamp_too_new", `The ${timestamp.header} timestamp is more than ${timestamp.toleranceSeconds} s in the future.`);
            return { ...result, timestamp: Number(sent) };
          };
          const result = hmac(signed, headers, secret);
          return result instanceof Promise ? result.then(checked) : checked(result);
        },
        parse(body, headers) {
          const parsed = parse(body);
          if (!parsed.ok) return parsed;
          const payload = parsed.value;
          const named = event === undefined ? undefined : "header" in event ? oneValue(getHeader(headers, event.header)) : stringField(payload, event.field);
          return { ok: true, value: { event: named === undefined || named.trim() === "" ? name : named, payload } };
        },
        id: (parsed, _verified, headers) => (id === undefined ? undefined : "header" in id ? oneValue(getHeader(headers, id.header)) : stringField(parsed.payload, id.field)),
      };
    },
    retryAfterSeconds,
    retentionMs,
    ...(answer === undefined ? {} : { answer }),
    sign(signers, body, secretValue, settings): HeaderLines {
      const key = keyOf(secretValue, form, keyPrefix);
      const lines: HeaderLines = [["Content-Type", "application/json"]];
      let signed: Uint8Array | string = body;
      if (timestamp !== undefined) {
        const now = timestamp.unit === "s" ? Math.floor(settings.nowMs / 1000) : Math.floor(settings.nowMs);
        const t = wholeNumber(settings.timestamp, "timestamp", 0, Number.MAX_SAFE_INTEGER, now);
        const bytes = typeof body === "string" ? encoder.encode(body) : body;
        const head = encoder.encode(`${t}${timestamp.separator}`);
        const joined = new Uint8Array(head.length + bytes.length);
        joined.set(head);
        joined.set(bytes, head.length);
        signed = joined;
        lines.push([timestamp.written, String(t)]);
      }
      const digest = encoding === "hex" ? signers.signHmacHex({ body: signed, secret: key, algorithm, prefix }) : prefix + signers.signHmacBase64({ body: signed, secret: key, algorithm });
      lines.push([writtenHeader, digest]);
      if (id !== undefined && "header" in id) {
        const given = settings.id;
        if (given !== undefined && (typeof given !== "string" || given === "")) throw argumentError("id", `must be a non-empty string (the ${id.header} header), got ${describe(given)}`);
        lines.push([id.header, given ?? settings.randomId()]);
      }
      return lines;
    },
    examples,
    cliOptions: [],
  };
  Object.freeze(examples);
  return Object.freeze(declaration);
}

function checkedAnswer(value: Record<string, unknown>): ProviderAnswer {
  const status = wholeNumber(value.status, "answer.status", 200, 299, 200);
  const body = text(value.body, "answer.body", "");
  const contentType = text(value.contentType, "answer.contentType", body === "" ? "" : "text/plain");
  if (contentType !== "" && !/^[\x21-\x7e][\x20-\x7e]*$/.test(contentType)) throw argumentError("answer.contentType", "must be a content type such as \"text/plain\"");
  return Object.freeze(contentType === "" ? { status, body } : { status, body, contentType });
}

function checkedExamples(value: unknown): ProviderExample[] {
  if (!Array.isArray(value)) throw argumentError("examples", `must be a list of { name, about, payload }, got ${describe(value)}`);
  return value.map((example: unknown, index) => {
    const e = example as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null || typeof e.name !== "string" || !NAME.test(e.name) || typeof e.about !== "string") {
      throw argumentError(`examples[${index}]`, "must be { name (lowercase, digits, dashes), about (text), payload }");
    }
    return { name: e.name, about: e.about, payload: e.payload };
  });
}
