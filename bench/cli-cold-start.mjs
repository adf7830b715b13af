#!/usr/bin/env node
// Cold start of the command line: the median wall time of `node dist/cli.mjs --help`, each
// run a fresh process, against an empty ES module for scale (what Node itself costs). A
// figure, not a gate: on a shared machine the two move together.
//   node bench/cli-cold-start.mjs [runs]   (default 21, at most 201; stops after 60 s)
// Run `npm run build` first. Target: under 150 ms on the CI machine.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));
if (!existsSync(cli)) {
  console.error("dist/cli.mjs is missing: run `npm run build` first.");
  process.exit(1);
}
const runs = Math.min(Math.max(Number(process.argv[2] ?? 21) || 21, 1), 201);
const deadline = Date.now() + 60_000;

function median(args) {
  const times = [];
  for (let i = 0; i < runs && Date.now() < deadline; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: "ignore" });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], n: times.length };
}

execFileSync(process.execPath, [cli, "--help"], { stdio: "ignore" }); // warm the file cache
const dir = mkdtempSync(join(tmpdir(), "cli-cold-start-"));
const empty = join(dir, "empty.mjs");
writeFileSync(empty, "");
const bare = median([empty]);
const help = median([cli, "--help"]);
rmSync(dir, { recursive: true, force: true });
console.log(`node ${process.version}, ${help.n} runs each`);
console.log(`node empty.mjs            median ${bare.ms.toFixed(1)} ms`);
console.log(`node dist/cli.mjs --help  median ${help.ms.toFixed(1)} ms  (${(help.ms - bare.ms).toFixed(1)} ms over an empty module)`);
