// One runtime, one entry: `<node|bun|deno> test/runtimes/run.mjs <root|web> <schemes>` runs the
// shared driver on the built entry (dist/) and prints the report as one JSON line. <schemes> is
// the registry's scheme table as JSON (test/runtimes.test.ts passes it: the registry is
// TypeScript, which this script cannot load on every runtime, and dist/ does not export it).
// Files are read with Deno's own API on Deno and node:fs elsewhere, so on Deno the /web run
// loads no node: module at all.
import { runAll } from "./driver.mjs";

const Deno = globalThis.Deno;
const args = Deno ? Deno.args : globalThis.process.argv.slice(2);
const ENTRIES = { root: "../../dist/index.mjs", web: "../../dist/web.mjs" };
const entry = ENTRIES[args[0]];
const schemes = args[1] === undefined ? undefined : JSON.parse(args[1]);
if (entry === undefined || !Array.isArray(schemes)) throw new Error(`usage: run.mjs <${Object.keys(ENTRIES).join("|")}> <schemes as JSON>`);

async function readText(url) {
  if (Deno) return Deno.readTextFile(url);
  const { readFile } = await import("node:fs/promises");
  return readFile(url, "utf8");
}

const files = {};
for (const { vectors } of schemes) {
  files[vectors] = JSON.parse(await readText(new URL(`../../vectors/${vectors}.json`, import.meta.url)));
}
const lib = await import(new URL(entry, import.meta.url).href);
const report = await runAll(lib, { schemes, files });
console.log(JSON.stringify({ runtime: Deno ? "deno" : globalThis.Bun ? "bun" : "node", entry: args[0], ...report }));
