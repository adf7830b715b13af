// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/hono.test.ts).
// Do not copy this file: see server.ts. c.req.json() parses the body, the raw bytes are gone,
// and the body is serialised again for verification: a genuine delivery fails with 401
// signature_mismatch.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { verifyTikiSha1 } from "webhook-signatures";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";

const { tikinowSecret } = configOrExit();
const app = new Hono();

app.post("/webhooks/tikinow/stock", async (c) => {
  const payload: unknown = await c.req.json(); // WRONG for webhooks: parse after verifying
  const result = verifyTikiSha1({ body: JSON.stringify(payload), secret: tikinowSecret, headers: c.req.raw.headers }); // WRONG
  if (!result.ok) return c.json({ success: false, error: { code: result.reason } }, 401);
  return c.json({ success: true });
});

serve({ fetch: app.fetch, port: portFromEnv(), hostname: HOST }, (info) => announce(info));
