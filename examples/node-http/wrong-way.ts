// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/node-http.test.ts).
// Do not copy this file: see server.ts. The body is parsed, then serialised again for
// verification. JSON.stringify does not give back the bytes the provider signed (spacing,
// key order, escapes, number forms): a genuine delivery fails with 401 signature_mismatch.
import { createServer } from "node:http";
import { verifyTikiSha1 } from "webhook-signatures";
import { HOST, announce, configOrExit, portFromEnv, readRawBody } from "../shared/node.js";

const { tikinowSecret } = configOrExit();

const server = createServer(async (req, res) => {
  const payload: unknown = JSON.parse((await readRawBody(req)).toString("utf8")); // WRONG: parsed before verifying
  const result = verifyTikiSha1({ body: JSON.stringify(payload), secret: tikinowSecret, headers: req.headers }); // WRONG
  res.writeHead(result.ok ? 200 : 401, { "content-type": "application/json" });
  res.end(JSON.stringify(result.ok ? { success: true } : { success: false, error: { code: result.reason } }));
});

server.listen(portFromEnv(), HOST, () => announce(server.address()));
