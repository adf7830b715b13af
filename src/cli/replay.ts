// `webhook-signatures replay <dir> <url>`: sends the requests `listen --record` kept again, in
// order, and prints each answer. For debugging a handler against the deliveries that really came.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Io, UsageError, paint } from "./io.js";
import { integerOf, isHttpUrl, parse } from "./options.js";
import { numberOf, recordedIn } from "./record.js";
import { type RawRequest, parseRequest } from "./request.js";
import { printable, tamper } from "./send.js";

export const HELP = `Usage: webhook-signatures replay <dir> <url> [--only N] [--tamper] [--timeout MS]

Sends the requests that 'listen --record <dir>' kept (files NNNN-....http, raw HTTP/1.1
requests) again, one at a time in the order of their numbers, byte for byte: each one's method,
its path and query after <url>'s own path, its headers (but Host, Content-Length, Connection,
Transfer-Encoding and the other hop-by-hop ones) and its body. Prints each answer: the status,
the time and the start of the answer (never the request's query or signature).
Exit 0 when every answer was 2xx, 1 otherwise (a refusal that was recorded is refused again).

Options:
  --only N              send request N only (the file named N, zero-padded: 0007-...)
  --tamper              change one byte of each body (of the query, without a body) first:
                        expect a 401
  --timeout MS          give up on an answer after MS milliseconds (default 10000)

Example:
  webhook-signatures listen ewarehousing --secret-env WEBHOOK_SECRET --record deliveries
  webhook-signatures replay deliveries http://localhost:3000/
`;

/** Longest part of an answer printed. */
const EXCERPT = 300;

/** Headers of one hop, not of the request: node:http and fetch set their own. */
const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "content-length", "expect"]);

/** Headers whose values say nothing secret; every other value is redacted from the answers printed. */
const PLAIN = new Set(["content-type", "user-agent", "accept", "accept-encoding", "date"]);

/** The recorded headers to send: hop-by-hop ones left out, and those Connection names. */
function headersOf(headers: RawRequest["headers"]): [string, string][] {
  const named = [headers.connection ?? []].flat().join(",").toLowerCase().split(",").map((name) => name.trim());
  return Object.entries(headers).flatMap(([name, value]) => (HOP_BY_HOP.has(name) || named.includes(name) ? [] : [value].flat().map((one): [string, string] => [name, one])));
}

/** What an answer could echo of the request's signatures and credentials: header and query values, and their parts. */
function hiddenOf(headers: RawRequest["headers"], query: string): string[] {
  const values = Object.entries(headers).flatMap(([name, value]) => (PLAIN.has(name) ? [] : [value].flat()));
  for (const [, value] of new URLSearchParams(query)) values.push(value);
  return values.flatMap((value) => [value, ...value.split(/[\s,;=]+/)]).filter((value) => value.length >= 8);
}

export async function run(args: string[], io: Io): Promise<number> {
  const options = { only: { type: "string" }, tamper: { type: "boolean" }, timeout: { type: "string" } } as const;
  const { values, positionals } = parse(args, options, 2);
  const [dir, url] = positionals;
  if (dir === undefined) throw new UsageError("replay needs the directory listen --record wrote and the URL to send to");
  if (!isHttpUrl(url)) throw new UsageError("replay needs the http or https URL to send to, such as http://localhost:3000/");
  const base = new URL(url);
  if (base.search !== "") throw new UsageError("the URL must have no query: each recorded request's own is sent");
  const only = integerOf(values.only, "only", 1, 99_999_999);
  const timeout = integerOf(values.timeout, "timeout", 1, 600_000) ?? 10_000;
  let names: string[];
  try {
    names = recordedIn(readdirSync(dir));
  } catch (error) {
    throw new UsageError(`${dir}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  if (names.length === 0) throw new UsageError(`no recorded requests in ${dir} (files NNNN-….http, as listen --record writes them)`);
  if (only !== undefined) {
    names = names.filter((name) => numberOf(name) === only);
    if (names.length === 0) throw new UsageError(`--only ${only}: no request numbered ${only} in ${dir}`);
  }
  const color = paint(io);
  const prefix = `${base.origin}${base.pathname.replace(/\/$/, "")}`;
  io.stdout(`Replaying ${names.length} recorded request${names.length === 1 ? "" : "s"} from ${dir} to ${url}\n`);
  let allOk = true;
  for (const name of names) {
    const skip = (why: string) => {
      allOk = false;
      io.stdout(`${name}  ${color.bad("not replayed")}: ${why}\n`);
    };
    let request: RawRequest;
    try {
      request = parseRequest(readFileSync(join(dir, name)));
    } catch (error) {
      skip(error instanceof UsageError ? error.message.replace(/^--request: /, "") : `cannot read it (${(error as NodeJS.ErrnoException).code})`);
      continue;
    }
    if (!request.target.startsWith("/")) {
      skip("its target is not a path");
      continue;
    }
    const at = request.target.indexOf("?");
    const path = at === -1 ? request.target : request.target.slice(0, at);
    let query = at === -1 ? "" : request.target.slice(at + 1);
    let body = request.body;
    const hidden = hiddenOf(request.headers, query);
    if (values.tamper === true) {
      const signed = body.length > 0 ? body : Buffer.from(query, "latin1");
      if (signed.length === 0) {
        skip("--tamper needs a body or a query of at least one byte");
        continue;
      }
      const changed = tamper(signed);
      if (body.length > 0) body = changed.bytes;
      else query = changed.bytes.toString("latin1");
      io.stderr(`${name}: tampered, ${body === changed.bytes ? "byte" : "query byte"} ${changed.at} changed from ${changed.from} to ${changed.to}.\n`);
    }
    const line = `${name}  ${request.method} ${path}${query === "" ? "" : "?…"}, ${body.length} bytes`;
    const started = io.now();
    try {
      const response = await io.fetch(`${prefix}${path}${at === -1 ? "" : `?${query}`}`, {
        method: request.method,
        headers: headersOf(request.headers),
        ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(timeout),
      });
      const answer = await response.text();
      const ok = response.status >= 200 && response.status < 300;
      allOk &&= ok;
      const status = `${response.status} ${printable(response.statusText, hidden)}`.trim();
      io.stdout(`${line}: ${ok ? color.ok(status) : color.bad(status)}  ${io.now() - started} ms\n`);
      io.stdout(answer === "" ? `    ${color.dim("(empty answer)")}\n` : `${printable(answer, hidden, EXCERPT).replace(/^/gm, "    ")}\n`);
    } catch (error) {
      allOk = false;
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      io.stdout(`${line}: ${color.bad("no answer")}  ${io.now() - started} ms: ${printable(cause, hidden)}\n`);
    }
  }
  return allOk ? 0 : 1;
}
