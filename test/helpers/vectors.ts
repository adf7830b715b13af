// Loads vectors/<scheme>.json and turns its encoded bodies and secrets into real values. Which
// files there are, and which functions check and make their headers, the registry says: each
// shipped provider's declaration names its scheme (src/providers/*.ts, `scheme`).
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PROVIDERS } from "../../src/providers/index.js";
import type { HeaderScheme, ProviderScheme } from "../../src/providers/types.js";

export type EncodedBody = { utf8: string } | { hex: string } | { pattern: string; bytes: number };
export type EncodedSecret = { utf8: string } | { hex: string };

export interface VectorCase {
  title: string;
  source: string;
  input: Record<string, unknown>;
  expected: { ok: true; [extra: string]: unknown } | { ok: false; reason: string };
  sign?: boolean;
}

export interface VectorFile {
  scheme: string;
  function: string;
  generator: string;
  valid: VectorCase[];
  invalid: VectorCase[];
}

/**
 * A shipped provider's scheme, with the provider's name: a header scheme (`header`,
 * `valueKey`) or one whose signature is a field of the body or the query (`in`, `field`),
 * whose verify function the runners give the case's body or query as it is.
 */
export type SchemeRow = ProviderScheme & { provider: string };

/** One row per shipped provider, in the registry's order. */
export const SCHEME_TABLE: readonly SchemeRow[] = PROVIDERS.map((declaration) => {
  if (declaration.scheme === undefined) throw new Error(`${declaration.name} declares no scheme: its vectors would go untested`);
  return { provider: declaration.name, ...declaration.scheme };
});

/** The vector files the registry names, by scheme (`"hmac-hex"`). */
export const SCHEMES: readonly string[] = SCHEME_TABLE.map((row) => row.vectors);

/** Where a scheme's signature travels: a header, or (FieldScheme) the body or the query. */
export function signatureIn(row: ProviderScheme): "header" | "body" | "query" {
  return "in" in row ? row.in : "header";
}

/**
 * The runtimes driver's suite (test/runtimes/driver.mjs, which cannot load the registry on
 * every runtime): the scheme table as plain data, and the parsed vector files it names.
 */
export function schemeSuite(): { schemes: ProviderScheme[]; files: Record<string, VectorFile> } {
  // Omit over the union would keep only the keys both kinds share: each row is one kind or the other.
  const schemes = SCHEME_TABLE.map(({ provider: _provider, ...row }) => row as ProviderScheme);
  return { schemes, files: Object.fromEntries(schemes.map((row) => [row.vectors, loadVectors(row.vectors)])) };
}

/** Every vectors/*.json file on disk, by name without `.json`. */
export function vectorFilesOnDisk(): string[] {
  return readdirSync(fileURLToPath(new URL("../../vectors/", import.meta.url)))
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

export function loadVectors(scheme: string): VectorFile {
  const url = new URL(`../../vectors/${scheme}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as VectorFile;
}

/** The body's bytes. */
export function bodyBytes(body: EncodedBody): Buffer {
  if ("utf8" in body) return Buffer.from(body.utf8, "utf8");
  if ("hex" in body) return Buffer.from(body.hex, "hex");
  const unit = Buffer.from(body.pattern, "utf8");
  const out = Buffer.alloc(body.bytes);
  for (let at = 0; at < body.bytes; at += unit.length) unit.copy(out, at, 0, Math.min(unit.length, body.bytes - at));
  return out;
}

/** The same bytes in every form a server may hold them in. */
export function bodyForms(body: EncodedBody): Array<[string, string | Uint8Array | ArrayBuffer]> {
  const bytes = bodyBytes(body);
  // A view into the middle of a larger buffer: a byteOffset bug would hash the wrong bytes.
  const padded = new Uint8Array(bytes.length + 7);
  padded.fill(0xa5);
  padded.set(bytes, 3);
  const view = padded.subarray(3, 3 + bytes.length);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const forms: Array<[string, string | Uint8Array | ArrayBuffer]> = [
    ["Buffer", bytes],
    ["Uint8Array view at byteOffset 3", view],
    ["ArrayBuffer", copy.buffer],
  ];
  if ("utf8" in body) forms.unshift(["string", body.utf8]);
  return forms;
}

export function secretValue(secret: EncodedSecret): string | Uint8Array {
  return "utf8" in secret ? secret.utf8 : new Uint8Array(Buffer.from(secret.hex, "hex"));
}

export function secretsValue(secret: EncodedSecret | EncodedSecret[]): string | Uint8Array | Array<string | Uint8Array> {
  return Array.isArray(secret) ? secret.map(secretValue) : secretValue(secret);
}

/** Turns a case's input (minus body and header) into the options its verify function takes. */
export function verifyOptions(scheme: string, input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.secret !== undefined) out.secret = secretsValue(input.secret as EncodedSecret | EncodedSecret[]);
  if (input.credentials !== undefined) out.credentials = input.credentials;
  if (input.algorithm !== undefined) out.algorithm = input.algorithm;
  if (input.prefix !== undefined) out.prefix = input.prefix;
  if (input.now !== undefined) out.now = input.now;
  // A signature in the query (VNPay): the query is the input; MoMo signs an access key the body does not carry.
  if (input.query !== undefined) out.query = input.query;
  if (input.accessKey !== undefined) out.accessKey = input.accessKey;
  if (input.toleranceSeconds !== undefined) {
    out.toleranceSeconds = input.toleranceSeconds === "Infinity" ? Infinity : input.toleranceSeconds;
  }
  if (scheme === "hmac-hex") out.headerName = "x-tilby-signature";
  // What a scheme signs before the body besides headers: Lazada's and TikTok Shop's app key, Shopee's URL.
  if (input.appKey !== undefined) out.appKey = input.appKey;
  if (input.url !== undefined) out.url = input.url;
  return out;
}

/** A header scheme's other headers (none for a signature in the body or the query). */
function extraHeadersOf(row: ProviderScheme): Readonly<Record<string, string>> {
  return ("in" in row ? undefined : row.extraHeaders) ?? {};
}

/** The bare values of a scheme's other headers (`extraHeaders`), by their verify input key, as the case gives them. */
export function extraValues(row: ProviderScheme, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(extraHeadersOf(row)).map((key) => [key, input[key]]));
}

/** A request's header record: the signature's and the other headers' values the case gives (null ones absent). */
export function headerRecord(row: HeaderScheme, input: Record<string, unknown>, value: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = { "content-type": "application/json", [row.header]: value };
  for (const [key, name] of Object.entries(row.extraHeaders ?? {})) if (input[key] !== null) record[name] = input[key];
  return record;
}

/** The same as Fetch `Headers`, or undefined when a Fetch client could not have sent them. */
export function fetchRecord(row: HeaderScheme, input: Record<string, unknown>, value: unknown): Headers | undefined {
  const headers = fetchHeaders(row.header, value);
  for (const [key, name] of Object.entries(row.extraHeaders ?? {})) {
    const extra = input[key];
    if (extra === null) continue;
    if (headers === undefined || typeof extra !== "string") return undefined;
    headers.set(name, extra);
  }
  return headers;
}

/** The header in Fetch `Headers`, or undefined when a Fetch client could not have sent it. */
export function fetchHeaders(name: string, value: unknown): Headers | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const headers = new Headers({ "content-type": "application/json" });
    headers.set(name, value);
    return headers;
  } catch {
    return undefined; // not a valid ByteString
  }
}

/**
 * What a scheme's sign function takes for a case marked `"sign": true` (vectors/README.md): the
 * first pair of a Basic case, otherwise the body (its first form) and the secret, with the
 * case's algorithm and prefix and the timestamp and nonce its expected result names.
 */
export function signInput(c: VectorCase): unknown {
  const input = c.input;
  if (input.credentials !== undefined) return (input.credentials as unknown[])[0];
  const expected = c.expected as Record<string, unknown>;
  return {
    body: input.body === undefined ? "" : bodyForms(input.body as EncodedBody)[0]![1],
    secret: input.secret === undefined ? "" : secretValue(input.secret as EncodedSecret),
    ...(input.algorithm === undefined ? {} : { algorithm: input.algorithm }),
    ...(input.prefix === undefined ? {} : { prefix: input.prefix }),
    ...(expected.timestamp === undefined ? {} : { timestamp: expected.timestamp }),
    ...(expected.nonce === undefined ? {} : { nonce: expected.nonce }),
    ...(expected.id === undefined ? {} : { id: expected.id }),
    ...(input.appKey === undefined ? {} : { appKey: input.appKey }),
    ...(input.url === undefined ? {} : { url: input.url }),
  };
}
