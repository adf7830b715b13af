// webhook-signatures on Fastify 5. Run: npm run example:fastify.
// Inside the webhooks plugin (an encapsulated context), every content type is read as a
// Buffer of the bytes sent instead of being parsed as JSON; the rest of the app keeps
// Fastify's JSON parser.
import Fastify from "fastify";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";
import { WEBHOOK_PATHS, createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks(configOrExit());
const app = Fastify();

await app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  for (const path of WEBHOOK_PATHS) {
    scope.post(path, async (request, reply) => {
      // request.body: a Buffer; undefined when the request had no body.
      const answer = await webhooks.receive(path, { body: (request.body as Buffer | undefined) ?? Buffer.alloc(0), headers: request.headers });
      return reply.code(answer.status).send(answer.body);
    });
  }
});

// Demo aid: what the handlers processed.
app.get("/seen", async () => webhooks.seen());

await app.listen({ port: portFromEnv(), host: HOST });
announce(app.server.address());
