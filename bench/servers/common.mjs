// What the load servers share: the build they import (--dist=DIR, default ../../dist), the
// TikiNOW secret (TIKINOW_SECRET), and the one line scripts/load.mjs waits for.
import { pathToFileURL } from "node:url";

const distArg = process.argv.slice(2).find((a) => a.startsWith("--dist="));
const dist = distArg === undefined ? new URL("../../dist/", import.meta.url) : pathToFileURL(`${distArg.slice("--dist=".length).replace(/\/$/, "")}/`);

/** An entry of the build under test, e.g. `entry("index.mjs")`. */
export const entry = (file) => import(new URL(file, dist).href);

export const secret = process.env.TIKINOW_SECRET;
if (!secret) throw new Error("TIKINOW_SECRET is unset");

/** Listens on 127.0.0.1 (any free port when PORT=0) and prints `{"listening":PORT}`. */
export function listen(server) {
  server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => console.log(JSON.stringify({ listening: server.address().port })));
}
