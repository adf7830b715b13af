// webhook-signatures on Hono 4, served by @hono/node-server. Run: npm run example:hono.
// c.req.arrayBuffer() gives the bytes sent; c.req.json() would parse them and lose them
// (see wrong-way.ts). c.req.raw.headers is the Fetch Headers object: pass it as it is.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HOST, MAX_BODY_BYTES, announce, configOrExit, portFromEnv } from "../shared/node.js";
import { WEBHOOK_PATHS, createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks(configOrExit());
const app = new Hono();

app.use("/webhooks/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ success: false, error: { code: "body_too_large" } }, 413) }));

for (const path of WEBHOOK_PATHS) {
  app.post(path, async (c) => {
    const body = await c.req.arrayBuffer(); // the raw bytes, exactly as sent
    const reply = await webhooks.receive(path, { body, headers: c.req.raw.headers });
    return c.json(reply.body, reply.status);
  });
}

// Demo aid: what the handlers processed.
app.get("/seen", (c) => c.json(webhooks.seen()));

serve({ fetch: app.fetch, port: portFromEnv(), hostname: HOST }, (info) => announce(info));
