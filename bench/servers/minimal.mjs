// The floor scripts/load.mjs measures the receiver against: the least a correct TikiNOW handler on
// node:http does. Read the raw body (capped at 1 MiB, as the receiver caps it), verifyTikiSha1
// over those bytes, parseTikiStockSync, answer {"success":true}. No routing, no logging, no
// deduplication. With --run-once it also de-duplicates by hand, as the README shows: the key from
// deliveryKey (the receiver's own key for the route), then runOnce on a MemoryNonceStore around an
// empty handler: the same work the receiver does, written out.
//   TIKINOW_SECRET=... PORT=0 node bench/servers/minimal.mjs [--run-once] [--dist=DIR]
import { createServer } from "node:http";
import { entry, listen, secret } from "./common.mjs";

const { MemoryNonceStore, deliveryKey, parseTikiStockSync, runOnce, verifyTikiSha1 } = await entry("index.mjs");
const once = process.argv.includes("--run-once");
const store = new MemoryNonceStore();
const LIMIT = 1024 * 1024;
const ROUTE = "/webhooks/tikinow/stock"; // the receiver's tenant for this route: both build one key

const OK = '{"success":true}';
const JSON_TYPE = { "content-type": "application/json" };
const send = (res, status, body) => res.writeHead(status, JSON_TYPE).end(body);
const refusal = (code) => JSON.stringify({ success: false, error: { code } });
const nothing = () => undefined;

function handle(req, res, body) {
  const verified = verifyTikiSha1({ body, secret, headers: req.headers });
  if (!verified.ok) return send(res, 401, refusal(verified.reason));
  const parsed = parseTikiStockSync(body);
  if (!parsed.ok) return send(res, 400, refusal(parsed.reason));
  if (!once) return send(res, 200, OK);
  const key = deliveryKey({ provider: "tikinow", tenant: ROUTE, body });
  runOnce({ store, key, handler: nothing }).then(
    (result) => send(res, result.httpStatus, result.httpStatus === 200 ? OK : refusal(result.status)),
    () => send(res, 500, refusal("handler_failed")),
  );
}

const server = createServer((req, res) => {
  const chunks = [];
  let length = 0;
  req.on("data", (chunk) => {
    length += chunk.length;
    if (length <= LIMIT) chunks.push(chunk);
  });
  req.on("end", () => {
    if (length > LIMIT) return send(res, 413, refusal("body_too_large"));
    handle(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
  });
});
listen(server);
