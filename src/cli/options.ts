// The options several commands share, read from argv with node:util parseArgs. Every
// message here names the option, never its value: a value may be a secret.
import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Secret } from "../index.js";
import { TILBY_DEFAULT_SIGNATURE_HEADER } from "../lib/tilby-header.js";
import { type Io, UsageError } from "./io.js";
import { nearest } from "./names.js";

export const PROVIDERS = ["tikinow", "tiki", "mobility-work", "tilby", "ewarehousing"] as const;
export type Provider = (typeof PROVIDERS)[number];

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

type Parsed<T extends OptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true; tokens: true }>>;

/** parseArgs, strict, with its errors (which name options, not values) as usage errors. */
export function parse<T extends OptionsConfig>(args: string[], options: T, maxPositionals: number): Parsed<T> {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Not echoed: a secret typed without its option name would land here.
  if (parsed.positionals.length > maxPositionals) throw new UsageError("too many arguments");
  return parsed;
}

export const SECRET_OPTIONS = {
  secret: { type: "string", multiple: true },
  "secret-env": { type: "string", multiple: true },
} as const;

export const BODY_OPTIONS = {
  body: { type: "string" },
  example: { type: "string" },
} as const;

/** The options only one provider takes. */
export const PROVIDER_OPTIONS = {
  id: { type: "string" },
  "header-name": { type: "string" },
  timestamp: { type: "string" },
  nonce: { type: "string" },
  "webhook-id": { type: "string" },
} as const;

const ONLY: Readonly<Record<string, Provider>> = {
  id: "tiki",
  "header-name": "tilby",
  timestamp: "mobility-work",
  nonce: "mobility-work",
  stale: "mobility-work",
  tolerance: "mobility-work",
  "webhook-id": "ewarehousing",
};

/** The provider named, in any case. */
export function providerOf(name: string | undefined): Provider {
  if (name === undefined) throw new UsageError(`missing provider: one of ${PROVIDERS.join(", ")}`);
  const provider = PROVIDERS.find((p) => p === name.toLowerCase());
  if (provider !== undefined) return provider;
  // Echoed only when near a provider's name: a secret typed in its place is not.
  const near = nearest(name, PROVIDERS);
  if (near === undefined) throw new UsageError(`unknown provider: expected one of ${PROVIDERS.join(", ")}`);
  throw new UsageError(`unknown provider ${JSON.stringify(name)}; did you mean ${near}?`);
}

/** Refuses an option meant for another provider (a Tiki --id given to tilby is a mistake worth saying). */
export function checkProviderOptions(provider: Provider, values: Readonly<Record<string, unknown>>): void {
  for (const [name, only] of Object.entries(ONLY)) {
    if (values[name] !== undefined && only !== provider) throw new UsageError(`--${name} is for ${only} only`);
  }
}

interface Token {
  kind: string;
  name?: string;
  value?: string | undefined;
}

/** The secrets in command-line order (--secret and --secret-env mixed), at least one. */
export function secretsOf(tokens: readonly Token[], io: Io): string[] {
  const secrets: string[] = [];
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (token.name === "secret") {
      if (!token.value) throw new UsageError("--secret must not be empty");
      secrets.push(token.value);
    } else if (token.name === "secret-env") {
      const name = token.value as string;
      const value = io.env[name];
      if (!value) throw new UsageError(`--secret-env ${name}: that environment variable is not set or is empty`);
      secrets.push(value);
    }
  }
  if (secrets.length === 0) throw new UsageError("missing secret: give --secret VALUE or --secret-env NAME");
  return secrets;
}

/** Exactly one secret, for sign and send. */
export function oneSecret(tokens: readonly Token[], io: Io): string {
  const secrets = secretsOf(tokens, io);
  if (secrets.length > 1) throw new UsageError("give one secret: --secret repeats only for verify");
  return secrets[0] as string;
}

export async function readStdin(io: Io): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The bytes of FILE, or of stdin for "-". */
export async function readInput(path: string, option: string, io: Io): Promise<Uint8Array> {
  if (path === "-") return readStdin(io);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`${option} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function headerNameOf(value: string | undefined): string {
  if (value === undefined) return TILBY_DEFAULT_SIGNATURE_HEADER;
  if (!HEADER_NAME.test(value)) throw new UsageError("--header-name must be a header name such as x-tilby-signature");
  return value;
}

/** A whole number in [min, max] from an option's text. */
export function integerOf(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${option} must be a whole number from ${min} to ${max}`);
  return n;
}

export interface Body {
  bytes: Uint8Array;
  /** For messages: the file name, "stdin" or the example's name. */
  from: string;
  /** The file the bytes were read from, if any (curl can send that file itself). */
  path?: string;
}

/** The body from --body FILE (or - for stdin) or --example NAME, exactly one of them. */
export async function bodyOf(values: { body?: string | undefined; example?: string | undefined }, io: Io): Promise<Body> {
  const { body, example } = values;
  if (body !== undefined && example !== undefined) throw new UsageError("give --body or --example, not both");
  if (example !== undefined) {
    const { exampleBody } = await import("./example-bodies.js");
    return { bytes: Buffer.from(exampleBody(example)), from: `example ${example}` };
  }
  if (body === undefined) throw new UsageError("missing body: give --body FILE (- for stdin) or --example NAME");
  const bytes = await readInput(body, "--body", io);
  return body === "-" ? { bytes, from: "stdin" } : { bytes, from: body, path: body };
}

export type { Secret };

/** True for an absolute http: or https: URL. */
export function isHttpUrl(value: string | undefined): value is string {
  return value !== undefined && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
