// `webhook-signatures verify <provider>`: checks a captured delivery; with --explain, finds
// the usual mistake behind a refusal.
import { type Io, UsageError, paint } from "./io.js";
import {
  PROVIDER_FILE_HELP,
  PROVIDER_FILE_OPTION,
  SAMPLE,
  SECRET_OPTIONS,
  chooseProvider,
  parse,
  providerHelp,
  providerOptions,
  providerValues,
  providersOf,
  readInput,
  secretsOf,
} from "./options.js";
import { type VerifyInput, verifyDelivery } from "./providers.js";

export const HELP = `Usage: webhook-signatures verify [provider] --secret-env NAME (--body FILE --header "Name: value"... | --request FILE) [options]

Checks a delivery with the library's verify function and prints "ok" and which secret
matched, or the failure reason and message. Exit 0 ok, 1 refused, 2 usage error.

Options:
  --secret VALUE        a secret to try; repeat it (or --secret-env) for several: rotation,
                        or another channel's secret
  --secret-env NAME     read a secret from the environment variable NAME (repeats)
  --body FILE           the raw body as received (- for stdin)
  --header "N: v"       a request header (repeats)
  --request FILE        a raw HTTP/1.1 request as captured by nc -l or a proxy, instead of
                        --body and --header (CRLF or LF; chunked bodies are decoded)
  --explain             on a refusal, try the usual mistakes and say which would have matched
${PROVIDER_FILE_HELP}
${providerHelp("verify")}

Example:
  nc -l 8080 > request.txt        # then have the provider (or send) deliver to port 8080
  webhook-signatures verify ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --request request.txt --explain
  webhook-signatures verify ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --body body.json --header "${SAMPLE.header}: ..."
`;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `--header "Name: value"` lines as a record (lowercase names, repeated ones as lists). */
function headersOf(lines: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  lines.forEach((line, i) => {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    // The value is not echoed: it may be a Basic token.
    if (colon === -1 || !TOKEN.test(name)) throw new UsageError(`--header #${i + 1} is not "Name: value"`);
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : [seen, value].flat();
  });
  return headers;
}

export async function run(args: string[], io: Io): Promise<number> {
  const options = {
    ...SECRET_OPTIONS,
    body: { type: "string" },
    header: { type: "string", multiple: true },
    request: { type: "string" },
    explain: { type: "boolean" },
    ...PROVIDER_FILE_OPTION,
    ...providerOptions("verify"),
  } as const;
  const { values, positionals, tokens } = parse(args, options, 1);
  const providers = await providersOf(values["provider-file"]);
  const { declaration } = chooseProvider(positionals, providers, 0);
  const own = providerValues(declaration, providers, values, "verify");
  const secrets = secretsOf(tokens, io);
  let body: Uint8Array;
  let headers: Record<string, string | string[]>;
  let line = { method: "POST", url: "" };
  if (values.request !== undefined) {
    if (values.body !== undefined || values.header !== undefined) throw new UsageError("give --request FILE, or --body and --header, not both");
    const { parseRequest } = await import("./request.js");
    const request = parseRequest(Buffer.from(await readInput(values.request, "--request", io)));
    for (const note of request.notes) io.stderr(`Note: ${note}.\n`);
    ({ body, headers } = request);
    line = { method: request.method, url: request.target };
  } else {
    if (values.body === undefined) throw new UsageError("missing body: give --body FILE (- for stdin) and --header, or --request FILE");
    headers = headersOf(values.header ?? []);
    body = await readInput(values.body, "--body", io);
  }
  const input: VerifyInput = { declaration, providers: providers.all, body, headers, request: line, secrets, values: own, nowMs: io.now() };
  const { result, index } = verifyDelivery(input);
  const color = paint(io);
  if (result.ok) {
    io.stdout(`${color.ok("ok")}: secret #${index + 1} of ${secrets.length} matched\n`);
    if (index > 0) {
      io.stdout(`Not the first secret: if #1 is this route's current secret, the sender signs with an older one or another channel's.\n`);
    }
    return 0;
  }
  io.stdout(`${color.bad(result.reason)}: ${result.message}\n`);
  if (values.explain === true) {
    const { explain } = await import("./explain.js");
    for (const line of explain(input, result)) io.stdout(`${line}\n`);
  } else {
    io.stderr("Run again with --explain to look for the usual mistakes.\n");
  }
  return 1;
}
