// What sign and send share: the options of a delivery, and the signed delivery they describe.
import { randomUUID } from "node:crypto";
import { type Io, UsageError } from "./io.js";
import {
  BODY_OPTIONS,
  type Body,
  PROVIDER_OPTIONS,
  SECRET_OPTIONS,
  bodyOf,
  checkProviderOptions,
  headerNameOf,
  integerOf,
  oneSecret,
  parse,
  providerOf,
} from "./options.js";
import type { Provider } from "./options.js";
import { type HeaderLines, signHeaders } from "./providers.js";

export const DELIVERY_OPTIONS = { ...SECRET_OPTIONS, ...BODY_OPTIONS, ...PROVIDER_OPTIONS, stale: { type: "string" } } as const;

export interface Delivery {
  provider: Provider;
  body: Body;
  headers: HeaderLines;
  /** Never printed; send redacts it from answers. */
  secret: string;
}

/** Parses a sign or send command line (`extra` options besides the delivery's) and signs. */
export async function prepare<T extends Record<string, { type: "string" | "boolean" }>>(args: string[], io: Io, extra: T, positionals: number) {
  const parsed = parse(args, { ...DELIVERY_OPTIONS, ...extra }, positionals);
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const provider = providerOf(parsed.positionals[0]);
  checkProviderOptions(provider, values);
  const id = values.id as string | undefined;
  if (provider === "tiki" && id === undefined) throw new UsageError("tiki needs --id (the id of the pair granted to Tiki)");
  const secret = oneSecret(parsed.tokens, io);
  const timestamp = integerOf(values.timestamp as string | undefined, "timestamp", 0, 2 ** 40);
  const stale = integerOf(values.stale as string | undefined, "stale", 0, 2 ** 31);
  if (timestamp !== undefined && stale !== undefined) throw new UsageError("give --timestamp or --stale, not both");
  const body = await bodyOf(values as { body?: string; example?: string }, io);
  const headers = signHeaders(provider, body.bytes, secret, {
    id,
    headerName: headerNameOf(values["header-name"] as string | undefined),
    timestamp: timestamp ?? Math.floor(io.now() / 1000) - (stale ?? 0),
    nonce: values.nonce as string | undefined,
    webhookId: (values["webhook-id"] as string | undefined) ?? randomUUID(),
  });
  const delivery: Delivery = { provider, body, headers, secret };
  return { delivery, values, positionals: parsed.positionals };
}
