// The receiver as scripts/load.mjs measures it: createReceiver for TikiNOW stock on its own
// MemoryNonceStore (deduplication on), one empty handler, mounted bare on node:http.
//   TIKINOW_SECRET=... PORT=0 node bench/servers/receiver.mjs [--dist=DIR]
import { createServer } from "node:http";
import { entry, listen, secret } from "./common.mjs";

const { MemoryNonceStore } = await entry("index.mjs");
const { createReceiver } = await entry("receiver.mjs");
const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret, store: new MemoryNonceStore() });
receiver.on("stock", () => undefined);
listen(createServer((req, res) => void receiver.node(req, res)));
