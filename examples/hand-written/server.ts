// The hand-written way on plain node:http, without the receiver: the functions only. Run:
// npx tsx examples/hand-written/server.ts (secrets in the environment: see examples/README-section.md).
// The request is a stream: read it to the end as bytes and verify those bytes; parse JSON only
// after verification (webhooks.ts). (scripts/load.mjs --examples measures it beside the minimal
// handler of bench/servers/minimal.mjs, the floor the receiver is measured against.)
import { createServer } from "node:http";
import type { ServerResponse } from "node:http";
import { BodyTooLargeError, HOST, announce, configOrExit, portFromEnv, readRawBody } from "../shared/node.js";
import { isWebhookPath } from "../shared/config.js";
import { createWebhooks } from "./webhooks.js";

// VERIFY=0 is for benchmarks ONLY (what verification costs): it skips the signature check.
const skipVerification = process.env.VERIFY === "0";
if (skipVerification) console.error("VERIFY=0: signatures are NOT checked (benchmark only, never in production)");
const webhooks = createWebhooks(configOrExit(), { unsafeSkipVerificationForBenchmark: skipVerification });

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  // Demo aid: what the handlers processed.
  if (req.method === "GET" && path === "/seen") return sendJson(res, 200, webhooks.seen());
  if (req.method !== "POST" || !isWebhookPath(path)) return sendJson(res, 404, { success: false, error: { code: "not_found" } });

  let body: Buffer;
  try {
    body = await readRawBody(req); // the raw bytes, exactly as sent
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    res.setHeader("connection", "close");
    return sendJson(res, 413, { success: false, error: { code: "body_too_large" } });
  }
  const reply = await webhooks.receive(path, { body, headers: req.headers });
  sendJson(res, reply.status, reply.body);
});

server.listen(portFromEnv(), HOST, () => announce(server.address()));
