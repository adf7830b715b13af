// What the declarations share: naming a parsed body, reading an id field, freezing an example,
// checking a fixed secret, the HMACs `verify --explain` tries. Platform-neutral (no node:
// import): /web's receiver reads them too.
import { assertSecrets } from "../lib/secrets.js";
import type { HmacAlgorithm } from "../lib/types.js";
import type { ParseResult } from "../payloads/shape.js";
import type { CliDeclaration, Parsed, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** A parse result with the event its value names. */
export function named<T>(parsed: ParseResult<T>, event: (value: T) => string): ParseResult<Parsed> {
  return parsed.ok ? { ok: true, value: { event: event(parsed.value), payload: parsed.value } } : parsed;
}

/** A top-level field of a parsed body, if it is its own (never one a polluted prototype lends) and a non-empty string. */
export function stringField(payload: unknown, field: string): string | undefined {
  if (typeof payload !== "object" || payload === null || !Object.hasOwn(payload, field)) return undefined;
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A header's one value: the same value sent twice is that value; several different ones name nothing. */
export function oneValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" ? value : value?.every((item) => item === value[0]) === true ? value[0] : undefined;
}

/** Deeply frozen: a documented example nobody can change by accident (spread it to make a variant). */
export function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** Checks `options.secret` unless it is a function (whose results are checked on each request). */
export function checkSecretOption(options: Readonly<Record<string, unknown>>): void {
  if (typeof options.secret !== "function") assertSecrets(options.secret);
}

/** The content type every JSON delivery carries, as the providers write it. */
export const JSON_CONTENT_TYPE: [string, string] = ["Content-Type", "application/json"];

/** The raw-body HMACs `verify --explain` tries: each algorithm, in hex and in base64. */
export const HMAC_GRID: readonly (readonly [HmacAlgorithm, "hex" | "base64"])[] = [
  ["sha1", "hex"],
  ["sha256", "hex"],
  ["sha512", "hex"],
  ["sha1", "base64"],
  ["sha256", "base64"],
  ["sha512", "base64"],
];

/** `HMAC-SHA256 in hex`: an HMAC in words, for `verify --explain`. */
export const describeHmac = (algorithm: HmacAlgorithm, encoding: "hex" | "base64"): string => `HMAC-${algorithm.toUpperCase()} in ${encoding}`;

/** A provider's declaration from its three parts (frozen): what a receiver, /testing and the command line each read. */
export function declaration<R extends ReceivingDeclaration<string, unknown, unknown>, S extends SigningDeclaration, C extends CliDeclaration>(receiving: R, signing: S, cli: C): R & S & C {
  return Object.freeze({ ...receiving, ...signing, ...cli });
}
