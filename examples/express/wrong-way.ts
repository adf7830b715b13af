// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/express.test.ts).
// Do not copy this file: see server.ts. A JSON parser runs first, the raw bytes are gone, and
// the body is serialised again for verification. JSON.stringify does not give back the bytes
// the provider signed (its spacing, key order, escapes, number forms), so a genuine delivery
// fails with 401 signature_mismatch.
import express from "express";
import { verifyTikiSha1 } from "webhook-signatures";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";

const { tikinowSecret } = configOrExit();
const app = express();
app.use(express.json()); // WRONG for webhooks: parses every JSON body before the route sees it

app.post("/webhooks/tikinow/stock", (req, res) => {
  const result = verifyTikiSha1({ body: JSON.stringify(req.body), secret: tikinowSecret, headers: req.headers }); // WRONG
  if (!result.ok) return void res.status(401).json({ success: false, error: { code: result.reason } });
  res.json({ success: true });
});

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
