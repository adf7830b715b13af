// The same vectors on every runtime, against the built package (dist/, made by `npm run build`,
// which `npm test` runs first). One driver (test/runtimes/driver.mjs) runs every case on
// Node, Bun and Deno as child processes and on workerd through miniflare; each report must
// equal what the vectors say, and all runtimes must agree with Node's root entry on hostile
// inputs, caller mistakes and every failure message. A runtime that disagrees fails here.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemeSuite } from "./helpers/vectors.js";
import { type Report, expectedRows, runAll } from "./runtimes/driver.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const RUNNER = join(ROOT, "test/runtimes/run.mjs");
const DIST = { root: join(ROOT, "dist/index.mjs"), web: join(ROOT, "dist/web.mjs") };
const BIN = { bun: join(ROOT, "node_modules/.bin/bun"), deno: join(ROOT, "node_modules/.bin/deno") };
/** Every child process and every workerd request is cut off after this long. */
const RUN_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;
/** A fixed date, so the Workers runtime behaves the same whatever the installed version. */
const COMPATIBILITY_DATE = "2025-06-01";

type Entry = keyof typeof DIST;

// The scheme table comes from the registry (src/providers/): the child processes get it on their
// command line, workerd in its request, with the vector files.
const suite = schemeSuite();
const SCHEMES_ARG = JSON.stringify(suite.schemes);
const expected = expectedRows(suite);
let reference: Report;
const denoDir = mkdtempSync(join(tmpdir(), "webhook-signatures-deno-"));

beforeAll(async () => {
  for (const file of Object.values(DIST)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  }
  // Node's root entry, in this process: the reference for what the vectors leave open.
  reference = await runAll(await import(DIST.root), suite);
}, TEST_TIMEOUT_MS);

afterAll(() => rmSync(denoDir, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: ROOT, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", ...env } },
      (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(" ")}: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

const CHILDREN: Record<string, (entry: Entry) => Promise<string>> = {
  node: (entry) => run(process.execPath, [RUNNER, entry, SCHEMES_ARG]),
  // --no-install: never fetch a package, whatever the script imports.
  bun: (entry) => run(BIN.bun, ["--no-install", RUNNER, entry, SCHEMES_ARG]),
  // Read access to the repository only, no prompt, no remote or uncached module, no
  // lockfile or config written or read, its cache in a temporary directory.
  deno: (entry) =>
    run(
      BIN.deno,
      ["run", "--no-prompt", "--no-config", "--no-lock", "--no-remote", "--cached-only", `--allow-read=${ROOT}`, RUNNER, entry, SCHEMES_ARG],
      { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: "1" },
    ),
};

/** Bundles test/runtimes/worker.mjs with one entry, imported at the top of the module, and runs it in workerd. */
async function workerd(entry: Entry, options: { nodejsCompat: boolean }) {
  const load = `import * as lib from ${JSON.stringify(DIST[entry])};\nconst load = () => lib;`;
  const bundle = await build({
    stdin: { contents: `${load}\nimport { serve } from "./worker.mjs";\nexport default serve(load);`, resolveDir: join(ROOT, "test/runtimes"), loader: "js" },
    bundle: true,
    format: "esm",
    // The root entry imports Node built-ins, which workerd provides with nodejs_compat;
    // the /web entry is bundled for the browser, where a Node built-in cannot resolve.
    platform: entry === "root" ? "node" : "browser",
    write: false,
    logLevel: "silent",
  });
  let stderr = "";
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: options.nodejsCompat ? ["nodejs_compat"] : [],
    host: "127.0.0.1",
    handleRuntimeStdio(stdout: Readable, err: Readable) {
      stdout.resume();
      err.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    },
  });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("workerd timed out")), RUN_TIMEOUT_MS).unref());
  try {
    const response = await Promise.race([mf.dispatchFetch("http://localhost/", { method: "POST", body: JSON.stringify(suite) }), timeout]);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`workerd answered ${response.status}: ${text}`);
    return { report: JSON.parse(text) as Report, stderr };
  } catch (error) {
    throw Object.assign(new Error(`${(error as Error).message}\n${stderr}`), { stderr });
  } finally {
    await mf.dispose().catch(() => undefined); // a runtime that failed to start cannot be disposed
  }
}

/** The checks every runtime's report must pass. */
function checkReport(report: Report) {
  // Every vector: the recorded outcome, in every body and header form, and the signers.
  expect(report.vectors.map(({ scheme, group, title, outcome, sign }) => ({ scheme, group, title, outcome, sign }))).toEqual(expected);
  // Hostile header values: the expected reason where the table states one, and Node's root
  // entry's outcome everywhere.
  for (const row of report.hostile) if (row.expected !== null) expect(row.outcome, `${row.name}: ${row.label}`).toEqual(row.expected);
  expect(report.hostile).toEqual(reference.hostile);
  // Caller mistakes: a TypeError thrown by the call itself, with the same message.
  for (const row of report.programmerErrors) expect(row.outcome, row.label).toEqual({ threw: "TypeError" });
  expect(report.programmerErrors).toEqual(reference.programmerErrors);
  // Failure messages, the sync helpers and constants: word for word.
  expect(report.vectors.map((row) => row.message)).toEqual(reference.vectors.map((row) => row.message));
  expect(report.helpers).toEqual(reference.helpers);
}

describe("the vectors on every runtime (dist/)", () => {
  it("Node's root entry, in process, matches the vectors (the reference)", () => {
    checkReport(reference);
    expect(reference.vectors.length).toBeGreaterThan(100);
    // The parsers run on every runtime too: each documented example parses, as text and as bytes.
    const parsers = (reference.helpers as { parsers: Array<{ parser: string; input: string; ok: boolean; reason: string | null }> }).parsers;
    expect(new Set(parsers.map((row) => row.parser)).size).toBe(7);
    for (const row of parsers) {
      const expected = row.input === "text" || row.input === "bytes" ? null : row.input === "invalid JSON" ? "invalid_json" : "invalid_payload";
      expect(row.reason, `${row.parser} on ${row.input}`).toBe(expected);
    }
  });

  for (const runtime of Object.keys(CHILDREN)) {
    for (const entry of ["root", "web"] as const) {
      it(`${runtime}, ${entry === "root" ? "root entry" : "/web entry"}`, async () => {
        const report = JSON.parse(await CHILDREN[runtime]!(entry)) as Report & { runtime: string; entry: string };
        expect([report.runtime, report.entry]).toEqual([runtime, entry]);
        checkReport(report);
      }, TEST_TIMEOUT_MS);
    }
  }

  it("workerd without nodejs_compat, /web entry", async () => {
    const { report } = await workerd("web", { nodejsCompat: false });
    expect(report.bufferGlobal).toBe(false); // really no Node compatibility layer
    checkReport(report);
  }, TEST_TIMEOUT_MS);

  // The root entry draws its Basic Auth compare key on first use: Workers refuse random
  // values in global scope, and a top-level import of the root entry must still start.
  it("workerd with nodejs_compat, root entry imported at top level", async () => {
    const { report } = await workerd("root", { nodejsCompat: true });
    checkReport(report);
  }, TEST_TIMEOUT_MS);
});

describe("the built /web entry", () => {
  it("resolves as webhook-signatures/web through the exports map, for import and require", async () => {
    const script = (load: string) =>
      `${load}.then(async (w) => { const s = await w.signTikiSha1({ body: "x", secret: "k" }); const r = await w.verifyTikiSha1({ body: "x", secret: "k", signature: s }); console.log(JSON.stringify([s, r.ok])); })`;
    const esm = await run(process.execPath, ["--input-type=module", "-e", script('import("webhook-signatures/web")')]);
    const cjs = await run(process.execPath, ["-e", script('Promise.resolve(require("webhook-signatures/web"))')]);
    // openssl: printf x | openssl dgst -sha1 -hmac k
    for (const out of [esm, cjs]) expect(JSON.parse(out)).toEqual(["sha1=cb00131fcec602a8fc84413a2a70154d8c06a0d2", true]);
  }, TEST_TIMEOUT_MS);

  it("has no Node built-in, Buffer or require in its JavaScript or its types", () => {
    for (const file of ["web.mjs", "web.cjs"]) {
      const text = readFileSync(join(ROOT, "dist", file), "utf8");
      expect(text, file).not.toMatch(/\bfrom\s*["'](node:)?(crypto|buffer)["']|node:|\bBuffer\b/);
      expect(text, file).not.toMatch(/require\(["'](?!\.)/);
    }
    for (const file of ["web.d.ts", "web.d.cts"]) {
      expect(readFileSync(join(ROOT, "dist", file), "utf8"), file).not.toMatch(/node:|\bBuffer\b/);
    }
  });

  it("bundles for the browser from dist as well", async () => {
    const result = await build({ entryPoints: [DIST.web], bundle: true, platform: "browser", format: "esm", write: false, logLevel: "silent", metafile: true });
    expect(Object.values(result.metafile.outputs)[0]!.imports).toEqual([]);
  });
});
