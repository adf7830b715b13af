// `webhook-signatures send <provider> <url>`: signs a delivery, POSTs it, prints each answer.
import { prepare } from "./delivery.js";
import { type Io, UsageError, paint } from "./io.js";
import { PROVIDER_FILE_HELP, SAMPLE, integerOf, isHttpUrl, providerHelp, withQuery } from "./options.js";

export const HELP = `Usage: webhook-signatures send [provider] <url> --secret-env NAME (--body FILE | --example NAME) [options]

Signs a delivery and POSTs it to <url> (a provider that signs its query, VNPay: a GET of <url>
with the signed query); prints the status, the answer and the time taken.
Exit 0 when every answer was 2xx, 1 otherwise.

Options (and sign's: --secret, --secret-env, --body, --example; the providers' below):
  --tamper              change one byte of the body after signing (expect a 401)
  --repeat N            send the same delivery N times, to see replay handling (default 1)
  --timeout MS          give up on an answer after MS milliseconds (default 10000)
${PROVIDER_FILE_HELP}
${providerHelp("send")}

Example:
  webhook-signatures send ${SAMPLE.provider} http://localhost:3000/webhooks/${SAMPLE.provider} --secret-env WEBHOOK_SECRET --example ${SAMPLE.example}
  webhook-signatures send ${SAMPLE.provider} http://localhost:3000/webhooks/${SAMPLE.provider} --secret-env WEBHOOK_SECRET --example ${SAMPLE.example} --tamper
`;

/** Longest part of an answer printed. */
const ANSWER_LIMIT = 2000;

/** One byte changed: the first digit, else the first letter's case, else the first byte's low bit. */
export function tamper(bytes: Uint8Array): { bytes: Buffer; at: number; from: string; to: string } {
  const copy = Buffer.from(bytes);
  let at = copy.findIndex((b) => b >= 0x30 && b <= 0x39);
  if (at !== -1) copy[at] = 0x30 + (((copy[at] as number) - 0x30 + 1) % 10);
  else {
    at = copy.findIndex((b) => (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a);
    if (at !== -1) copy[at] = (copy[at] as number) ^ 0x20;
    else {
      at = 0;
      copy[0] = (copy[0] as number) ^ 0x01;
    }
  }
  const show = (b: number) => (b >= 0x20 && b < 0x7f ? JSON.stringify(String.fromCharCode(b)) : `0x${b.toString(16).padStart(2, "0")}`);
  return { bytes: copy, at, from: show(bytes[at] as number), to: show(copy[at] as number) };
}

/**
 * From this length on a secret is redacted wherever it appears, inside a longer word too: so long
 * a string is in an answer only when it was echoed. A shorter one, only as a word of its own.
 */
const REDACT_ANYWHERE = 8;
/** What continues a word, for a short secret: letters, digits and the joiners of names, paths and tokens. */
const WORD = "A-Za-z0-9_.~+/-";

/** A secret's occurrences to redact (never empty: secretsOf refuses an empty secret). */
function pattern(secret: string): string {
  const escaped = secret.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  return secret.length >= REDACT_ANYWHERE ? escaped : `(?<![${WORD}])${escaped}(?![${WORD}])`;
}

/**
 * Text from the network made safe to print: no secret, no terminal control sequence, at most
 * `limit` characters.
 * What the answer of a receiver can hold of a secret is what it echoes: a short secret ("x")
 * stands alone there, and is not redacted from the words that contain its characters.
 */
export function printable(text: string, secrets: readonly string[], limit = ANSWER_LIMIT): string {
  // One pass, the longest first: a secret that holds another is redacted whole, and no secret
  // is looked for in a "[secret]" already put in.
  const all = new RegExp([...secrets].sort((a, b) => b.length - a.length).map(pattern).join("|"), "g");
  let safe = secrets.length === 0 ? text : text.replace(all, "[secret]");
  safe = safe.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return safe.length > limit ? `${safe.slice(0, limit)}… (${safe.length - limit} more characters)` : safe;
}

export async function run(args: string[], io: Io): Promise<number> {
  const options = { tamper: { type: "boolean" }, repeat: { type: "string" }, timeout: { type: "string" } } as const;
  const { delivery, values, positionals } = await prepare(args, io, "send", options, 1);
  const url = positionals[0];
  if (!isHttpUrl(url)) throw new UsageError("send needs the http or https URL to POST to, such as http://localhost:3000/webhooks");
  const repeat = integerOf(values.repeat as string | undefined, "repeat", 1, 1000) ?? 1;
  const timeout = integerOf(values.timeout as string | undefined, "timeout", 1, 600_000) ?? 10_000;
  const color = paint(io);
  let body: Buffer = Buffer.from(delivery.body.bytes);
  // A provider that signs its query (VNPay) is sent a GET with that query and no body.
  let query: Buffer | undefined = delivery.query === undefined ? undefined : Buffer.from(delivery.query);
  if (values.tamper === true) {
    const signed = query ?? body;
    if (signed.length === 0) throw new UsageError("--tamper needs a body of at least one byte");
    const changed = tamper(signed);
    if (query === undefined) body = changed.bytes;
    else query = changed.bytes;
    io.stderr(`Tampered after signing: ${query === undefined ? "byte" : "query byte"} ${changed.at} changed from ${changed.from} to ${changed.to}.\n`);
  }
  const method = query === undefined ? "POST" : "GET";
  const target = query === undefined ? url : withQuery(url, query.toString());
  // A Basic token holds the secret in base64: redacted from answers as the secret is.
  const hidden = [delivery.secret, ...delivery.headers.filter(([name]) => name === "Authorization").map(([, value]) => value.slice(6))];
  const size = query === undefined ? `${body.length} bytes` : `a query of ${query.length} bytes`;
  io.stdout(`${method} ${url}  ${delivery.declaration.name}, ${size} from ${delivery.body.from}\n`);
  let allOk = true;
  for (let n = 1; n <= repeat; n++) {
    const started = io.now();
    try {
      const response = await io.fetch(target, {
        method,
        headers: delivery.headers,
        ...(query === undefined ? { body: new Uint8Array(body) } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(timeout),
      });
      const answer = await response.text();
      const ms = io.now() - started;
      const ok = response.status >= 200 && response.status < 300;
      allOk &&= ok;
      const status = `${response.status} ${printable(response.statusText, hidden)}`.trim();
      io.stdout(`#${n}  ${ok ? color.ok(status) : color.bad(status)}  ${ms} ms\n`);
      io.stdout(answer === "" ? `    ${color.dim("(empty answer)")}\n` : `${printable(answer, hidden).replace(/^/gm, "    ")}\n`);
    } catch (error) {
      allOk = false;
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      io.stdout(`#${n}  ${color.bad("no answer")}  ${io.now() - started} ms: ${printable(cause, hidden)}\n`);
    }
  }
  return allOk ? 0 : 1;
}
