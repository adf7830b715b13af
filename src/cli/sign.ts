// `webhook-signatures sign <provider>`: the headers of a signed delivery, or a curl command
// that sends it byte for byte.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { prepare } from "./delivery.js";
import { type Io, UsageError } from "./io.js";
import { PROVIDER_FILE_HELP, PROVIDER_NAMES, SAMPLE, isHttpUrl, providerHelp, withQuery } from "./options.js";

export const HELP = `Usage: webhook-signatures sign [provider] --secret-env NAME (--body FILE | --example NAME) [options]

Prints the headers of a signed delivery, one "Name: value" line each; for a provider that signs
inside the body (payOS, ZaloPay, MoMo, Adyen), a blank line and the body with its signature;
for one that signs its query (VNPay), a blank line and the query to append to your URL.
With --curl URL, prints a curl command that sends the body byte for byte (VNPay: a GET).

Providers: ${PROVIDER_NAMES}, or your own with --provider-file (then the name may be left out)

Options:
  --secret VALUE        the signing secret (visible in shell history: prefer --secret-env)
  --secret-env NAME     read the secret from the environment variable NAME
  --body FILE           the body, byte for byte (- for stdin)
  --example NAME        a documented example payload (webhook-signatures examples)
  --curl URL            print a curl command that POSTs the delivery to URL
${PROVIDER_FILE_HELP}
${providerHelp("sign")}

A Basic Authorization header is base64(id:secret): treat that output as a secret.

Example:
  export WEBHOOK_SECRET=...
  webhook-signatures sign ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --example ${SAMPLE.example}
  webhook-signatures sign ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --body body.json --curl http://localhost:3000/webhooks/${SAMPLE.provider}
`;

/** A word for sh, quoted only when it needs to be. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export async function run(args: string[], io: Io): Promise<number> {
  const { delivery, values } = await prepare(args, io, "sign", { curl: { type: "string" } }, 0);
  const url = values.curl as string | undefined;
  if (url === undefined) {
    for (const [name, value] of delivery.headers) io.stdout(`${name}: ${value}\n`);
    // A signature inside the query (VNPay's GET): the query to append to the URL, after a blank line.
    if (delivery.query !== undefined) io.stdout(`\n?${delivery.query}\n`);
    // A signature inside the body (payOS, ZaloPay, MoMo, Adyen): the body is what carries it, after a blank line as in HTTP.
    else if (delivery.declaration.signDelivery !== undefined) io.stdout(`\n${new TextDecoder().decode(delivery.body.bytes)}\n`);
    return 0;
  }
  if (!isHttpUrl(url)) throw new UsageError("--curl needs an http or https URL such as http://localhost:3000/webhooks");
  const headers = delivery.headers.map(([name, value]) => `--header ${shellQuote(`${name}: ${value}`)}`);
  if (delivery.query !== undefined) {
    // A GET whose query carries the signature (VNPay): no body to send.
    const lines = ["curl --request GET", ...headers, shellQuote(withQuery(url, delivery.query))];
    io.stdout(`${lines.join(" \\\n  ")}\n`);
    return 0;
  }
  let file = delivery.body.path;
  if (file === undefined) {
    // Never a re-quoted copy of the body in the command: curl sends a file, byte for byte.
    file = join(mkdtempSync(join(tmpdir(), "webhook-signatures-")), "body.json");
    writeFileSync(file, delivery.body.bytes);
    io.stderr(`The body (${delivery.body.from}, ${delivery.body.bytes.length} bytes) is in ${file}; the command sends that file.\n`);
  }
  const lines = ["curl --request POST", ...headers];
  lines.push(`--data-binary ${shellQuote(`@${resolve(file)}`)}`, shellQuote(url));
  io.stdout(`${lines.join(" \\\n  ")}\n`);
  return 0;
}
