#!/usr/bin/env node
// Load figure for the receiver (not a test; no timing is asserted anywhere): requests per second
// on examples/node-http (webhook-signatures/receiver: raw body, verify, parse, key, runOnce on a
// MemoryNonceStore, handler, answer) against examples/hand-written/server.ts (today's hand-written
// handler: verify and parse, no deduplication), both on node:http, for 1 KiB TikiNOW stock
// deliveries. By default every request is a distinct delivery (a counter in the padding, signed by
// the load generator), so the receiver claims and completes a new key each time; --same sends one
// delivery over and over (the receiver then answers duplicates from its store, its cheapest path).
//
//   npm run build && node scripts/load.mjs [--duration=10] [--connections=10] [--rounds=3] [--same]
//
// Both servers run at once on 127.0.0.1 (ephemeral ports), each given a 2 s warm-up; then
// autocannon measures them in turn, `rounds` times each, every run bounded to 10 s. Every
// delivery must be answered 200 (a server that refused one would measure nothing).
// The figures are medians, and the ratio the median of each round's ratio (its two runs are
// back to back), so that one run slowed by another process on the machine does not skew it.
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
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
const same = process.argv.slice(2).includes("--same");

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

/** A genuine stock delivery padded (with an extra field, which the parser keeps) to exactly 1024 bytes; `n` makes it unique. */
function delivery1KiB(n = 0) {
  const base = JSON.stringify({ ...TIKINOW_STOCK_EXAMPLE, padding: "" });
  const counter = String(n).padStart(12, "0");
  const padding = counter + "x".repeat(1024 - Buffer.byteLength(base) - counter.length);
  const delivery = tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET, payload: { ...TIKINOW_STOCK_EXAMPLE, padding } });
  if (Buffer.byteLength(delivery.body) !== 1024) throw new Error("the body is not 1 KiB");
  return delivery;
}

/** The same 1 KiB delivery with the counter `n` written into its padding, and signed again (node:crypto, as TikiNOW signs). */
const template = delivery1KiB(0);
const counterAt = template.body.indexOf('"padding":"') + '"padding":"'.length;
let sent = 0;
function nextRequest(request) {
  if (same) return { ...request, body: template.body, headers: template.headers };
  const body = template.body.slice(0, counterAt) + String(++sent).padStart(12, "0") + template.body.slice(counterAt + 12);
  const signature = `sha1=${createHmac("sha1", SECRETS.TIKINOW_SECRET).update(body).digest("hex")}`;
  return { ...request, body, headers: { ...template.headers, "x-signature": signature } };
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

/** Starts a server file on a free port; resolves { url, stop }. */
function startServer(file) {
  const env = { ...process.env, ...SECRETS, PORT: "0", NODE_ENV: "production" };
  delete env.TILBY_HEADER;
  delete env.VERIFY;
  delete env.EXAMPLE_FAULTS;
  const command = [...(pin ?? []), process.execPath, "--import", "tsx", file];
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
        resolve({ url: `http://127.0.0.1:${match[1]}/webhooks/tikinow/stock`, stop, pid: child.pid });
      }
    });
  });
}

function run(url, seconds) {
  return autocannon({ url, duration: seconds, connections, pipelining: 1, requests: [{ method: "POST", setupRequest: nextRequest }] });
}

/**
 * CPU time the server process has used, in ms (Linux: /proc/<pid>/stat utime + stime), or
 * undefined elsewhere. On a shared machine, requests per second swing with what else runs; the
 * server's CPU time per request does not, so the ratio of those is reported beside it.
 */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks at USER_HZ = 100
  } catch {
    return undefined;
  }
}

async function status(url, body, headers) {
  const response = await fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

const delivery = delivery1KiB(0);
const servers = { receiver: await startServer("examples/node-http/server.ts"), handWritten: await startServer("examples/hand-written/server.ts") };
try {
  // Both verify: a tampered body is refused, a genuine one accepted.
  const tampered = delivery.body.replace('"qty_salable":147', '"qty_salable":999');
  for (const [name, server] of Object.entries(servers)) {
    if ((await status(server.url, tampered, delivery.headers)) !== 401) throw new Error(`${name} accepted a tampered delivery`);
    if ((await status(server.url, delivery.body, delivery.headers)) !== 200) throw new Error(`${name} refused a genuine delivery`);
  }

  for (const server of Object.values(servers)) await run(server.url, 2); // warm-up
  const figures = { receiver: [], handWritten: [] };
  const cpuPerRequest = { receiver: [], handWritten: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const [name, server] of Object.entries(servers)) {
      const cpuBefore = cpuMs(server.pid);
      const result = await run(server.url, duration);
      const cpuAfter = cpuMs(server.pid);
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
        throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
      figures[name].push(result.requests.average);
      const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
      if (cpu !== undefined) cpuPerRequest[name].push(cpu);
      console.log(
        `round ${round} ${name.padEnd(11)} ${result.requests.average.toFixed(0)} req/s (p50 latency ${result.latency.p50} ms, ${result.requests.total} requests${cpu === undefined ? "" : `, ${cpu.toFixed(1)} µs server CPU per request`})`,
      );
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const ratio = median(figures.receiver.map((receiver, i) => receiver / figures.handWritten[i]));
  console.log(
    `\nnode ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? "?"}), ${pin ? "server on CPU 1, autocannon on CPU 0" : "unpinned"}, ${connections} connections, ${duration} s x ${rounds} rounds, 1 KiB TikiNOW deliveries, ${same ? "one delivery repeated" : "each distinct"}`,
  );
  console.log(`receiver:             ${median(figures.receiver).toFixed(0)} req/s (median)`);
  console.log(`hand-written:         ${median(figures.handWritten).toFixed(0)} req/s (median)`);
  console.log(`ratio:                ${ratio.toFixed(2)} (median of the rounds' ratios)`);
  if (cpuPerRequest.receiver.length === rounds) {
    const cpuRatio = median(cpuPerRequest.handWritten.map((hand, i) => hand / cpuPerRequest.receiver[i]));
    console.log(`server CPU per request: receiver ${median(cpuPerRequest.receiver).toFixed(1)} µs, hand-written ${median(cpuPerRequest.handWritten).toFixed(1)} µs (medians)`);
    console.log(`capacity ratio:       ${cpuRatio.toFixed(2)} (hand-written CPU per request / receiver's: requests per second when the server is the bottleneck)`);
  }
} finally {
  for (const server of Object.values(servers)) server.stop();
}
