// The Fetch receiver of webhook-signatures/web (dist/web.mjs) over real HTTP on Bun (Bun.serve),
// Deno (Deno.serve) and workerd (miniflare, listening on a loopback port): the examples' whole
// table and guard rails (see harness.ts), and the seventeen other providers' genuine, duplicate and
// changed deliveries, served by test/runtimes/receiver-app.mjs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll } from "vitest";
import { ROOT, type RunningExample, describeExample, startExample } from "./harness.js";

const BIN = { bun: join(ROOT, "node_modules/.bin/bun"), deno: join(ROOT, "node_modules/.bin/deno") };
const START_TIMEOUT_MS = 60_000;
const SERVE = "test/runtimes/receiver-serve.mjs";
const denoDir = mkdtempSync(join(tmpdir(), "webhook-signatures-deno-receiver-"));
afterAll(() => rmSync(denoDir, { recursive: true, force: true }));

async function startWorkerd(): Promise<RunningExample> {
  const bundle = await build({
    stdin: {
      contents: 'import * as lib from "../../dist/web.mjs";\nimport { receiverApp } from "./receiver-app.mjs";\nexport default receiverApp(lib);',
      resolveDir: join(ROOT, "test/runtimes"),
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "browser", // no Node compatibility layer: Web APIs only
    write: false,
    logLevel: "silent",
  });
  let output = "";
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: "2025-06-01",
    host: "127.0.0.1",
    port: 0,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    },
  });
  const url = await mf.ready;
  return { url: url.origin, output: () => output, stop: () => mf.dispose() };
}

describeExample({ name: "the Fetch receiver on Bun (Bun.serve)", everyProvider: true, start: () => startExample(BIN.bun, ["--no-install", SERVE], START_TIMEOUT_MS) });
describeExample({
  name: "the Fetch receiver on Deno (Deno.serve)",
  everyProvider: true,
  start: () =>
    startExample(
      BIN.deno,
      ["run", "--no-prompt", "--no-config", "--no-lock", "--no-remote", "--cached-only", `--allow-read=${ROOT}`, "--allow-net=127.0.0.1", SERVE],
      START_TIMEOUT_MS,
      { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1" },
    ),
});
describeExample({ name: "the Fetch receiver on workerd (miniflare)", everyProvider: true, start: startWorkerd });
