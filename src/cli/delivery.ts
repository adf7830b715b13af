// What sign and send share: the options of a delivery, and the signed delivery they describe.
import type { AnyProviderDeclaration } from "../providers/types.js";
import type { Io } from "./io.js";
import {
  BODY_OPTIONS,
  type Body,
  PROVIDER_FILE_OPTION,
  SECRET_OPTIONS,
  bodyOf,
  chooseProvider,
  oneSecret,
  parse,
  providerOptions,
  providerValues,
  providersOf,
} from "./options.js";
import { type HeaderLines, signBodyOf, signHeaders } from "./providers.js";

interface Delivery {
  declaration: AnyProviderDeclaration;
  body: Body;
  headers: HeaderLines;
  /** Never printed; send redacts it from answers. */
  secret: string;
}

/** Parses a sign or send command line (`extra` options besides the delivery's; `others` positionals after the provider) and signs. */
export async function prepare<T extends Record<string, { type: "string" | "boolean" }>>(args: string[], io: Io, command: "sign" | "send", extra: T, others: number) {
  const options = { ...SECRET_OPTIONS, ...BODY_OPTIONS, ...PROVIDER_FILE_OPTION, ...providerOptions(command), ...extra };
  const parsed = parse(args, options, others + 1);
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const providers = await providersOf(values["provider-file"] as string | undefined);
  const { declaration, rest } = chooseProvider(parsed.positionals, providers, others);
  const own = providerValues(declaration, providers, values, command);
  const secret = oneSecret(parsed.tokens, io);
  const body = signedBody(declaration, await bodyOf(values as { body?: string; example?: string }, providers, io), secret, own, io.now());
  const headers = signHeaders(declaration, body.bytes, secret, own, io.now());
  const delivery: Delivery = { declaration, body, headers, secret };
  return { delivery, values, positionals: rest };
}

/** The body to send: as read, or with its signature field written in (payOS, ZaloPay), then read from no file. */
function signedBody(declaration: AnyProviderDeclaration, body: Body, secret: string, values: Record<string, unknown>, nowMs: number): Body {
  const signed = signBodyOf(declaration, body.bytes, secret, values as never, nowMs);
  return signed === undefined ? body : { bytes: signed, from: `${body.from}, its ${declaration.signatureHeader({})} field signed` };
}
