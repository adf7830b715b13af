// `webhook-signatures listen <provider>`: runs the receiver (webhook-signatures/receiver) on
// 127.0.0.1 and prints one line per delivery, answering as the receiver does. For testing a
// provider's own "send test" through a tunnel, or the `send` command.
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Refusal } from "../receiver/index.js";
import { type Io, UsageError, paint } from "./io.js";
import {
  PROVIDER_FILE_HELP,
  PROVIDER_FILE_OPTION,
  SAMPLE,
  SECRET_OPTIONS,
  chooseProvider,
  integerOf,
  parse,
  providerHelp,
  providerOptions,
  providerValues,
  providersOf,
  secretsOf,
} from "./options.js";
import { receiverOptionsOf } from "./providers.js";

export const HELP = `Usage: webhook-signatures listen [provider] --secret-env NAME [--port N] [options]

Runs the receiver (webhook-signatures/receiver) on 127.0.0.1:PORT and prints one line per
delivery: the time, the route, verified or the refusal's reason, the event and the key. It
answers as the receiver does (200 once processed, 401, 400, 409, 413, 500, 503, ...), and
processes each delivery once (a copy is answered 200 and shows as a duplicate). Stop it with
Ctrl-C. It listens on 127.0.0.1 only: put a tunnel in front of it to reach it from outside.

Options:
  --secret VALUE        the secret (repeat it, or --secret-env, for a rotation list)
  --secret-env NAME     read the secret from the environment variable NAME (repeats)
  --port N              the port (default 8080; 0 picks a free one, printed on start)
  --record DIR          keep each request in DIR as a raw HTTP request file (NNNN-...http, 0600),
                        refused ones too, for verify --request and replay; they hold the
                        providers' signatures: keep them private
${PROVIDER_FILE_HELP}
${providerHelp("listen")}

Example:
  webhook-signatures listen ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --port 8080
  webhook-signatures send ${SAMPLE.provider} http://127.0.0.1:8080/ --secret-env WEBHOOK_SECRET --example ${SAMPLE.example}
  webhook-signatures listen ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --record deliveries
`;

const BASE = "http://127.0.0.1";
const NOT_A_URL = "The request target is not a URL.";

/** What one request's line collects while the receiver handles it. */
interface Line {
  route: string;
  event?: string;
  key?: string;
  reason?: string;
  message?: string;
}

export async function run(args: string[], io: Io): Promise<number> {
  const options = {
    ...SECRET_OPTIONS,
    port: { type: "string" },
    record: { type: "string" },
    ...PROVIDER_FILE_OPTION,
    ...providerOptions("listen"),
  } as const;
  const { values, positionals, tokens } = parse(args, options, 1);
  const providers = await providersOf(values["provider-file"]);
  const { declaration } = chooseProvider(positionals, providers, 0);
  const own = providerValues(declaration, providers, values, "listen");
  const port = integerOf(values.port, "port", 0, 65535) ?? 8080;
  const secrets = secretsOf(tokens, io);
  // Given the request only, never the secrets.
  const recorder = values.record === undefined ? undefined : (await import("./record.js")).recorder(values.record, declaration.name, io);

  const { createReceiver } = await import("../receiver/index.js");
  const lines = new AsyncLocalStorage<Line>();
  const receiver = createReceiver({
    ...receiverOptionsOf(declaration, own, secrets),
    // The refusal's reason goes on the request's line (never a secret, a signature or the body).
    onRefusal: (refusal: Refusal) => Object.assign(lines.getStore() as Line, { reason: refusal.reason, message: refusal.message }),
  });
  receiver.on("*", ({ event, key }) => void Object.assign(lines.getStore() as Line, { event, key }));

  const color = paint(io);
  const server = createServer((req, res) => {
    recorder?.record(req, res);
    // node:http passes on targets that are no URL (`POST http://a:b:c/`): a 400, not a crash.
    const target = req.url as string; // a server request always has a url
    const route = URL.canParse(target, BASE) ? new URL(target, BASE).pathname : undefined;
    const line: Line = route === undefined ? { route: "(not a URL)", reason: "bad_request", message: NOT_A_URL } : { route };
    res.on("finish", () => {
      const status = res.statusCode;
      const outcome =
        line.reason !== undefined
          ? color.bad(`${status} ${line.reason}: ${line.message}`)
          : line.event !== undefined
            ? color.ok(`${status} verified, processed`)
            : color.note(`${status} duplicate (processed before: not run again)`);
      const what = line.event === undefined ? "" : `  event ${line.event}  key ${line.key}`;
      io.stdout(`${new Date(io.now()).toISOString()}  ${req.method} ${line.route}  ${outcome}${what}\n`);
    });
    if (route === undefined) {
      // In the receiver's shape; the connection closes, so the body need not be read.
      res.writeHead(400, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ success: false, error: { code: "BAD_REQUEST", message: NOT_A_URL } }));
      return;
    }
    lines.run(line, () => void receiver.node(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot listen on 127.0.0.1:${port} (${error.code})`);
  });
  const { port: bound } = server.address() as AddressInfo;
  io.stderr(`listening on http://127.0.0.1:${bound}/ for ${declaration.name} deliveries (Ctrl-C to stop)\n`);
  if (values.record !== undefined) io.stderr(`recording every request into ${values.record} (the files hold the providers' signatures: keep them private)\n`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await recorder?.flush();
  return 0;
}
