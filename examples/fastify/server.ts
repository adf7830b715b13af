// webhook-signatures/receiver on Fastify 5. Run: npm run example:fastify.
// In the webhooks plugin, a content-type parser that reads nothing leaves the raw request to the
// receiver (which caps and reads it); the rest of the app keeps Fastify's JSON parser.
import Fastify from "fastify";
import { HOST, announce, portFromEnv } from "../shared/node.js";
import { createWebhooks } from "../shared/webhooks.js";

const webhooks = createWebhooks();
const app = Fastify();

await app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
  for (const [path, receiver] of Object.entries(webhooks.routes)) scope.all(path, (request, reply) => (reply.hijack(), receiver!.node(request.raw, reply.raw)));
});
app.get("/seen", async () => webhooks.seen());

await app.listen({ port: portFromEnv(), host: HOST });
announce(app.server.address());
