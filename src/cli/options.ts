// The options several commands share, read from argv with node:util parseArgs, and the
// providers a command serves: the registry's, and one a --provider-file declares. Every message
// here names the option, never its value: a value may be a secret.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { isDeclared } from "../providers/define.js";
import { PROVIDERS } from "../providers/index.js";
import type { AnyProviderDeclaration, CliValues, ProviderCliOption, ProviderExample } from "../providers/types.js";
import { type Io, UsageError } from "./io.js";
import { nearest } from "./names.js";

/** A command that takes provider options. */
export type Command = ProviderCliOption["commands"][number];

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

export const PROVIDER_FILE_OPTION = { "provider-file": { type: "string" } } as const;

/** A help line: the option and its value, then what it does. */
const optionLine = (usage: string, help: string): string => `  ${usage.padEnd(20)}  ${help}`;

/** The help line of --provider-file. */
export const PROVIDER_FILE_HELP = optionLine("--provider-file FILE", "a provider of your own: a module exporting defineProvider({ ... })");

/** The options the shipped providers take in `command`, for parseArgs (a declared provider takes none). */
export function providerOptions(command: Command): Record<string, { type: "string" }> {
  const options: Record<string, { type: "string" }> = {};
  for (const declaration of PROVIDERS) {
    for (const option of declaration.cliOptions) if (option.commands.includes(command)) options[option.name] = { type: "string" };
  }
  return options;
}

/** The help lines of the options the shipped providers take in `command`, in the registry's order. */
export function providerHelp(command: Command): string {
  return PROVIDERS.flatMap((declaration) => declaration.cliOptions.filter((option) => option.commands.includes(command)))
    .map((option) => optionLine(`--${option.name} ${option.value}`, option.help))
    .join("\n");
}

/** The shipped providers' names, for help. */
export const PROVIDER_NAMES = PROVIDERS.map((declaration) => declaration.name).join(", ");

/** The help texts' examples: the registry's first provider and its first example. */
export const SAMPLE = { provider: PROVIDERS[0].name, example: (PROVIDERS[0].examples[0] as ProviderExample).name, header: PROVIDERS[0].signatureHeader({}) };

/** The providers a command serves: the registry's, then the one a --provider-file declares. */
export interface Providers {
  all: readonly AnyProviderDeclaration[];
  declared?: AnyProviderDeclaration;
}

/**
 * The registry, with the declaration `--provider-file FILE` exports: its default export, or its
 * only export that is a declaration made by defineProvider. A usage error otherwise, that never
 * quotes the module (it may hold a secret).
 */
export async function providersOf(file: string | undefined): Promise<Providers> {
  if (file === undefined) return { all: PROVIDERS };
  const refused = (why: string) => new UsageError(`--provider-file ${file}: ${why}`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    // Not the error's message: a syntax error quotes the module's text.
    const code = (error as { code?: unknown } | null)?.code;
    throw refused(`cannot load it (${typeof code === "string" ? code : error instanceof Error ? error.name : "it threw"})`);
  }
  const declared = isDeclared(module.default) ? [module.default] : [...new Set(Object.values(module).filter(isDeclared))];
  if (declared.length > 1) throw refused(`exports ${declared.length} declarations: make the one to use its default export`);
  const [declaration] = declared;
  if (declaration === undefined) {
    throw refused(module.default === undefined ? "exports no declaration made by defineProvider" : "its default export is not a declaration made by defineProvider");
  }
  return { all: [...PROVIDERS, declaration], declared: declaration };
}

/** The provider named, in any case; a declared one first. */
function providerOf(name: string | undefined, providers: Providers): AnyProviderDeclaration {
  const names = providers.all.map((declaration) => declaration.name);
  if (name === undefined) throw new UsageError(`missing provider: one of ${names.join(", ")}`);
  const provider = [providers.declared, ...providers.all].find((declaration) => declaration?.name === name.toLowerCase());
  if (provider !== undefined) return provider;
  // Echoed only when near a provider's name: a secret typed in its place is not.
  const near = nearest(name, names);
  if (near === undefined) throw new UsageError(`unknown provider: expected one of ${names.join(", ")}`);
  throw new UsageError(`unknown provider ${JSON.stringify(name)}; did you mean ${near}?`);
}

/**
 * The provider of a command line, and the positionals after it (at most `others`). With a
 * --provider-file, the provider's name may be left out: then a first positional that neither
 * names a provider nor is near one (a URL) is not a provider's.
 */
export function chooseProvider(positionals: readonly string[], providers: Providers, others: number): { declaration: AnyProviderDeclaration; rest: string[] } {
  const [first, ...rest] = positionals;
  const { declared } = providers;
  const names = providers.all.map((declaration) => declaration.name);
  if (declared !== undefined && (first === undefined || (!names.includes(first.toLowerCase()) && nearest(first, names) === undefined))) {
    if (positionals.length > others) throw new UsageError("too many arguments");
    return { declaration: declared, rest: [...positionals] };
  }
  return { declaration: providerOf(first, providers), rest };
}

/**
 * The provider's option values, read as it declares them (`ProviderCliOption.read`), required
 * ones present; an option of another provider is refused (an --id given to a provider that
 * takes none is a mistake worth saying).
 */
export function providerValues(declaration: AnyProviderDeclaration, providers: Providers, values: Readonly<Record<string, unknown>>, command: Command): CliValues {
  const own = declaration.cliOptions.filter((option) => option.commands.includes(command));
  for (const other of providers.all) {
    for (const option of other.cliOptions) {
      if (values[option.name] !== undefined && !own.some((o) => o.name === option.name)) {
        const owners = providers.all.filter((d) => d.cliOptions.some((o) => o.name === option.name)).map((d) => d.name);
        throw new UsageError(`--${option.name} is for ${owners.join(", ")} only`);
      }
    }
  }
  const read: Record<string, string | number> = {};
  for (const option of own) {
    const text = values[option.name] as string | undefined;
    if (text !== undefined) read[option.name] = readOption(option, text);
    else if (option.required !== undefined) throw new UsageError(`${declaration.name} needs --${option.name} (${option.required})`);
  }
  for (const option of own) {
    if (option.conflicts !== undefined && read[option.name] !== undefined && read[option.conflicts] !== undefined) {
      throw new UsageError(`give --${option.name} or --${option.conflicts}, not both`);
    }
  }
  return read;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function readOption(option: ProviderCliOption, text: string): string | number {
  const how = option.read;
  if (how === undefined) return text;
  if ("integer" in how) return integerIn(text, option.name, ...how.integer);
  if ("header" in how) {
    if (!HEADER_NAME.test(text)) throw new UsageError(`--${option.name} must be a header name such as ${how.header}`);
    return text;
  }
  if (!how.choices.includes(text)) throw new UsageError(`--${option.name} must be one of ${how.choices.join(", ")}`);
  return text;
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

async function readStdin(io: Io): Promise<Uint8Array> {
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

/** A whole number in [min, max] from an option's text, if given. */
export function integerOf(value: string | undefined, option: string, min: number, max: number): number | undefined {
  return value === undefined ? undefined : integerIn(value, option, min, max);
}

/** A whole number in [min, max] from an option's text. */
function integerIn(value: string, option: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${option} must be a whole number from ${min} to ${max}`);
  return n;
}

/** `url` with `query` (without its `?`) appended to any query it has. */
export function withQuery(url: string, query: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}

export interface Body {
  bytes: Uint8Array;
  /** For messages: the file name, "stdin" or the example's name. */
  from: string;
  /** The file the bytes were read from, if any (curl can send that file itself). */
  path?: string;
}

/** The body from --body FILE (or - for stdin) or --example NAME (of these providers'), exactly one of them. */
export async function bodyOf(values: { body?: string | undefined; example?: string | undefined }, providers: Providers, io: Io): Promise<Body> {
  const { body, example } = values;
  if (body !== undefined && example !== undefined) throw new UsageError("give --body or --example, not both");
  if (example !== undefined) {
    const { exampleBody } = await import("./example-bodies.js");
    return { bytes: Buffer.from(exampleBody(example, providers.all)), from: `example ${example}` };
  }
  if (body === undefined) throw new UsageError("missing body: give --body FILE (- for stdin) or --example NAME");
  const bytes = await readInput(body, "--body", io);
  return body === "-" ? { bytes, from: "stdin" } : { bytes, from: body, path: body };
}



/** True for an absolute http: or https: URL. */
export function isHttpUrl(value: string | undefined): value is string {
  return value !== undefined && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}
