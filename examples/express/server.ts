// webhook-signatures/receiver on Express 5. Run: npm run example:express.
// receiver.node reads the raw body itself: mount no body parser in front of these routes
// (app.use(express.json()) above them is detected and answered 500: see wrong-way.ts).
import express from "express";
import { HOST, announce, portFromEnv } from "../shared/node.js";
import { createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks();
const app = express();

for (const [path, receiver] of Object.entries(webhooks.routes)) app.all(path, receiver!.node);
app.get("/seen", (_req, res) => void res.json(webhooks.seen()));

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
