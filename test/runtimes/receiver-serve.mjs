// `<bun|deno> test/runtimes/receiver-serve.mjs`: serves test/runtimes/receiver-app.mjs over the
// built /web entry on 127.0.0.1, on a free port, printing {"listening":PORT} as the examples do.
import * as lib from "../../dist/web.mjs";
import { receiverApp } from "./receiver-app.mjs";

const app = receiverApp(lib);
const announce = (port) => console.log(JSON.stringify({ listening: port }));
if (globalThis.Bun) {
  const server = globalThis.Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
  announce(server.port);
} else {
  globalThis.Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: ({ port }) => announce(port) }, app.fetch);
}
