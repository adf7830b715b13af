#!/usr/bin/env node
// Load figure for the examples (not a test; no timing is asserted anywhere): requests per
// second on examples/node-http for 1 KiB TikiNOW stock deliveries, with verification, against
// the same server started with VERIFY=0 (BENCHMARK ONLY: it skips the signature check).
//
//   npm run build && node scripts/load.mjs [--duration=10] [--connections=10] [--rounds=3]
//
// Both servers run at once on 127.0.0.1 (ephemeral ports), each given a 2 s warm-up; then
// autocannon measures them in turn, `rounds` times each, every run bounded to 10 s. Every
// delivery must be answered 200 (a verified server that refused one would measure nothing).
// The figures are medians, and the ratio the median of each round's ratio (its two runs are
// back to back), so that one run slowed by another process on the machine does not skew it.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAX_DURATION_S = 10;
const START_TIMEOUT_MS = 30_000;

const option = (name, fallback) => {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const duration = Math.min(option("duration", MAX_DURATION_S), MAX_DURATION_S);
const connections = option("connections", 10);
const rounds = option("rounds", 3);

if (!existsSync(`${ROOT}/dist/testing.mjs`)) throw new Error("dist/ is missing: run `npm run build` first");
const { TIKINOW_STOCK_EXAMPLE, tikinowDelivery } = await import(`${ROOT}/dist/testing.mjs`);

const SECRETS = {
  TIKINOW_SECRET: "load-test-tikinow-secret",
  TIKI_BASIC_ID: "load",
  TIKI_BASIC_SECRET: "load-test-basic-secret",
  MW_SECRET: "load-test-mw-secret",
  TILBY_TOKEN: "load-test-tilby-token",
  EWAREHOUSING_SECRET: "load-test-ewarehousing-secret",
};

/** A genuine stock delivery padded (with an extra field, which the parser keeps) to exactly 1024 bytes. */
function delivery1KiB() {
  const base = JSON.stringify({ ...TIKINOW_STOCK_EXAMPLE, padding: "" });
  const padding = "x".repeat(1024 - Buffer.byteLength(base));
  const delivery = tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET, payload: { ...TIKINOW_STOCK_EXAMPLE, padding } });
  if (Buffer.byteLength(delivery.body) !== 1024) throw new Error("the body is not 1 KiB");
  return delivery;
}

/**
 * On Linux with 2 CPUs or more, autocannon (this process) runs on CPU 0 and the servers on CPU 1,
 * so that the scheduler does not sometimes put the load generator and the server on one core:
 * without it, two identical servers measured here differed by up to 40 %.
 */
function pinning() {
  if (process.platform !== "linux" || cpus().length < 2) return undefined;
  try {
    execFileSync("taskset", ["-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    return ["taskset", "-c", "1"];
  } catch {
    return undefined; // no taskset: unpinned, noisier
  }
}
const pin = pinning();

/** Starts examples/node-http on a free port; resolves { url, stop }. */
function startServer(extraEnv) {
  const env = { ...process.env, ...SECRETS, PORT: "0", NODE_ENV: "production", ...extraEnv };
  delete env.TILBY_HEADER;
  const command = [...(pin ?? []), process.execPath, "--import", "tsx", "examples/node-http/server.ts"];
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr.setEncoding("utf8").on("data", (text) => (output += text));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`the server did not listen within ${START_TIMEOUT_MS} ms:\n${output}`))), START_TIMEOUT_MS);
    child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`the server exited (${code}):\n${output}`))));
    let buffered = "";
    child.stdout.setEncoding("utf8").on("data", (text) => {
      buffered += text;
      const match = /\{"listening":(\d+)\}/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${match[1]}/webhooks/tikinow/stock`, stop });
      }
    });
  });
}

function run(url, delivery, seconds) {
  return autocannon({ url, method: "POST", body: delivery.body, headers: delivery.headers, duration: seconds, connections, pipelining: 1 });
}

async function status(url, body, headers) {
  const response = await fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

const delivery = delivery1KiB();
const servers = { verified: await startServer({}), unverified: await startServer({ VERIFY: "0" }) };
try {
  // The switch does what it says: a tampered body is refused only by the verifying server.
  const tampered = delivery.body.replace('"qty_salable":147', '"qty_salable":999');
  if ((await status(servers.verified.url, tampered, delivery.headers)) !== 401) throw new Error("the verifying server accepted a tampered delivery");
  if ((await status(servers.unverified.url, tampered, delivery.headers)) !== 200) throw new Error("VERIFY=0 did not skip verification");

  for (const server of Object.values(servers)) await run(server.url, delivery, 2); // warm-up
  const figures = { verified: [], unverified: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const [name, server] of Object.entries(servers)) {
      const result = await run(server.url, delivery, duration);
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
        throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
      figures[name].push(result.requests.average);
      console.log(`round ${round} ${name.padEnd(10)} ${result.requests.average.toFixed(0)} req/s (p50 latency ${result.latency.p50} ms, ${result.requests.total} requests)`);
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const ratio = median(figures.verified.map((verified, i) => verified / figures.unverified[i]));
  console.log(
    `\nnode ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? "?"}), ${pin ? "server on CPU 1, autocannon on CPU 0" : "unpinned"}, ${connections} connections, ${duration} s x ${rounds} rounds, 1 KiB TikiNOW deliveries`,
  );
  console.log(`with verification:    ${median(figures.verified).toFixed(0)} req/s (median)`);
  console.log(`without (VERIFY=0):   ${median(figures.unverified).toFixed(0)} req/s (median)`);
  console.log(`ratio:                ${ratio.toFixed(2)} (median of the rounds' ratios)`);
} finally {
  for (const server of Object.values(servers)) server.stop();
}
