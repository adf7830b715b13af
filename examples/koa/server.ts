// webhook-signatures/receiver on Koa 3. Run: npm run example:koa.
// receiver.node reads ctx.req itself and writes ctx.res (ctx.respond = false); mount no body
// parser (koa-bodyparser, koa-body) in front of these routes: see wrong-way.ts.
import Koa from "koa";
import { HOST, announce, portFromEnv } from "../shared/node.js";
import { createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks();
const app = new Koa();

app.use(async (ctx, next) => {
  if (ctx.path === "/seen") return void (ctx.body = webhooks.seen());
  const receiver = webhooks.routes[ctx.path];
  if (receiver === undefined) return next();
  ctx.respond = false;
  await receiver.node(ctx.req, ctx.res);
});

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
