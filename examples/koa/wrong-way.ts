// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/koa.test.ts).
// Do not copy this file: see server.ts. A JSON body parser middleware (what koa-bodyparser
// does) runs first, the raw bytes are gone, and the body is serialised again for
// verification: a genuine delivery fails with 401 signature_mismatch.
import Koa from "koa";
import { verifyTikiSha1 } from "webhook-signatures";
import { HOST, announce, configOrExit, portFromEnv, readRawBody } from "../shared/node.js";

const { tikinowSecret } = configOrExit();
const app = new Koa();

// WRONG for webhooks: a body parser in front of every route.
app.use(async (ctx, next) => {
  if (ctx.is("application/json")) (ctx.request as { body?: unknown }).body = JSON.parse((await readRawBody(ctx.req)).toString("utf8"));
  await next();
});

app.use(async (ctx) => {
  if (ctx.method !== "POST" || ctx.path !== "/webhooks/tikinow/stock") return;
  const parsed = (ctx.request as { body?: unknown }).body;
  const result = verifyTikiSha1({ body: JSON.stringify(parsed), secret: tikinowSecret, headers: ctx.headers }); // WRONG
  ctx.status = result.ok ? 200 : 401;
  ctx.body = result.ok ? { success: true } : { success: false, error: { code: result.reason } };
});

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
