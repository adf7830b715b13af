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
import { type HeaderLines, signDeliveryOf, signHeaders } from "./providers.js";

interface Delivery {
  declaration: AnyProviderDeclaration;
  body: Body;
  headers: HeaderLines;
  /** For a provider that signs its query (VNPay): the query to send, without its `?`; the body is then empty. */
  query?: string;
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
  const read = await bodyOf(values as { body?: string; example?: string }, providers, io);
  const signed = signDeliveryOf(declaration, read.bytes, secret, own, io.now());
  let delivery: Delivery;
  if (signed === undefined) delivery = { declaration, body: read, headers: signHeaders(declaration, read.bytes, secret, own, io.now()), secret };
  else {
    // The signature is inside the body (payOS, ZaloPay, MoMo, Adyen) or the query (VNPay): what
    // is sent is the declaration's delivery, read from no file.
    const body: Body = { bytes: new TextEncoder().encode(signed.body), from: `${read.from}, signed into the ${signed.query === undefined ? "body" : "query"}` };
    delivery = { declaration, body, headers: signed.headers, secret, ...(signed.query === undefined ? {} : { query: signed.query }) };
  }
  return { delivery, values, positionals: rest };
}
