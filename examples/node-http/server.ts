// webhook-signatures/receiver on plain node:http. Run: npm run example:node-http (secrets in the
// environment: see "Running the examples" in CONTRIBUTING.md). receiver.node reads the raw body itself.
import { createServer } from "node:http";
import { HOST, announce, portFromEnv } from "../shared/node.js";
import { createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks();

const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path === "/seen") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(webhooks.seen()));
  const receiver = webhooks.routes[path];
  if (receiver === undefined) return void res.writeHead(404).end();
  void receiver.node(req, res);
});

server.listen(portFromEnv(), HOST, () => announce(server.address()));
