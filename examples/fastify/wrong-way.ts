// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/fastify.test.ts).
// Do not copy this file: see server.ts. Fastify's default JSON parser runs first, the raw
// bytes are gone, and the body is serialised again for verification: a genuine delivery fails
// with 401 signature_mismatch.
import Fastify from "fastify";
import { verifyTikiSha1 } from "webhook-signatures";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";

const { tikinowSecret } = configOrExit();
const app = Fastify();

app.post("/webhooks/tikinow/stock", async (request, reply) => {
  const result = verifyTikiSha1({ body: JSON.stringify(request.body), secret: tikinowSecret, headers: request.headers }); // WRONG
  if (!result.ok) return reply.code(401).send({ success: false, error: { code: result.reason } });
  return { success: true };
});

await app.listen({ port: portFromEnv(), host: HOST });
announce(app.server.address());
