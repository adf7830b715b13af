// webhook-signatures/receiver on Hono 4, served by @hono/node-server. Run: npm run example:hono.
// receiver.fetch takes the untouched Fetch Request (c.req.raw) and reads its body itself;
// c.req.json() before it would consume the body (see wrong-way.ts).
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { HOST, announce, portFromEnv } from "../shared/node.js";
import { createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks();
const app = new Hono();

for (const [path, receiver] of Object.entries(webhooks.routes)) app.all(path, (c) => receiver!.fetch(c.req.raw));
app.get("/seen", (c) => c.json(webhooks.seen()));

serve({ fetch: app.fetch, port: portFromEnv(), hostname: HOST }, (info) => announce(info));
