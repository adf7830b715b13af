// Serves the Next.js example (built by `next build examples/next`) with Next's own request
// handler, on 127.0.0.1:$PORT, printing {"listening":PORT}: the convention every example
// follows. In your app, `next start` does the same; this file only exists so that PORT=0
// (any free port) can be reported to the tests.
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import nextModule from "next";
import { HOST, announce, configOrExit, portFromEnv } from "../shared/node.js";

configOrExit(); // fail at start, not on the first delivery, when a secret is missing

// next is CommonJS (module.exports = createServer) with ESM-style types: under NodeNext the
// default import is typed as the module, though at runtime it is the function itself.
const next = nextModule as unknown as typeof nextModule.default;
const app = next({ dev: false, dir: fileURLToPath(new URL(".", import.meta.url)), hostname: HOST, port: portFromEnv() });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => void handle(req, res));
server.listen(portFromEnv(), HOST, () => announce(server.address()));
