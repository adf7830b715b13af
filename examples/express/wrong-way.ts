// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/express.test.ts).
// Do not copy this file: see server.ts. express.json() runs first and the raw bytes are gone.
// The receiver notices (req.body is already set) and answers 500 body_consumed with a log line
// saying what to change: it never hangs, and never verifies a re-serialised body.
import express from "express";
import { createReceiver } from "webhook-signatures/receiver";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";

const { tikinowSecret } = configOrExit();
const app = express();
app.use(express.json()); // WRONG for webhooks: parses every JSON body before the route sees it

const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: tikinowSecret });
receiver.on("stock", () => {});
app.post("/webhooks/tikinow/stock", receiver.node);

const server = app.listen(portFromEnv(), HOST, () => announce(server.address()));
