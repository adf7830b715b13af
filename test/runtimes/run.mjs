// One runtime, one entry: `<node|bun|deno> test/runtimes/run.mjs <root|web>` runs the shared
// driver on the built entry (dist/) and prints the report as one JSON line. Files are read
// with Deno's own API on Deno and node:fs elsewhere, so on Deno the /web run loads no
// node: module at all.
import { SCHEME_NAMES, runAll } from "./driver.mjs";

const Deno = globalThis.Deno;
const args = Deno ? Deno.args : globalThis.process.argv.slice(2);
const ENTRIES = { root: "../../dist/index.mjs", web: "../../dist/web.mjs" };
const entry = ENTRIES[args[0]];
if (entry === undefined) throw new Error(`usage: run.mjs <${Object.keys(ENTRIES).join("|")}>`);

async function readText(url) {
  if (Deno) return Deno.readTextFile(url);
  const { readFile } = await import("node:fs/promises");
  return readFile(url, "utf8");
}

const files = {};
for (const scheme of SCHEME_NAMES) {
  files[scheme] = JSON.parse(await readText(new URL(`../../vectors/${scheme}.json`, import.meta.url)));
}
const lib = await import(new URL(entry, import.meta.url).href);
const report = await runAll(lib, files);
console.log(JSON.stringify({ runtime: Deno ? "deno" : globalThis.Bun ? "bun" : "node", entry: args[0], ...report }));
