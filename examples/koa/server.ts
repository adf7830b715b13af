// webhook-signatures on Koa 3. Run: npm run example:koa.
// Koa parses no body by itself: read the Node request stream (ctx.req) to the end as bytes.
// Mount no body parser (koa-bodyparser, koa-body) in front of these routes: see wrong-way.ts.
import Koa from "koa";
import { BodyTooLargeError, HOST, announce, configOrExit, portFromEnv, readRawBody } from "../shared/node.js";
import { createWebhooks, isWebhookPath } from "../shared/webhooks.js";

const webhooks = createWebhooks(configOrExit());
const app = new Koa();

app.use(async (ctx, next) => {
  if (ctx.method !== "POST" || !isWebhookPath(ctx.path)) return next();
  let body: Buffer;
  try {
    body = await readRawBody(ctx.req); // the raw bytes, exactly as sent (limit: 1 MiB)
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    ctx.status = 413;
    ctx.body = { success: false, error: { code: "body_too_large" } };
    return;
  }
  const reply = await webhooks.receive(ctx.path, { body, headers: ctx.headers });
  ctx.status = reply.status;
  ctx.body = reply.body;
});

// Demo aid: what the handlers processed.
app.use(async (ctx, next) => {
  if (ctx.method !== "GET" || ctx.path !== "/seen") return next();
  ctx.body = webhooks.seen();
});

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
