// webhook-signatures on Express 5. Run: npm run example:express.
// express.raw() on the webhook routes keeps the body as a Buffer of the bytes sent. Mount it
// on these routes only, and never let express.json() run before it (app.use(express.json())
// above these routes would consume the body first: see wrong-way.ts).
import express from "express";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";
import { WEBHOOK_PATHS, createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks(configOrExit());
const app = express();

for (const path of WEBHOOK_PATHS) {
  // type: every content type (a provider may send text/plain); limit: bodies up to 1 MiB.
  app.post(path, express.raw({ type: () => true, limit: "1mb" }), async (req, res) => {
    // req.body: a Buffer; undefined when the request had no body.
    const reply = await webhooks.receive(path, { body: req.body ?? Buffer.alloc(0), headers: req.headers });
    res.status(reply.status).json(reply.body);
  });
}

// Demo aid: what the handlers processed.
app.get("/seen", (_req, res) => {
  res.json(webhooks.seen());
});

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
