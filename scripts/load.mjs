#!/usr/bin/env node
// Load figures for the receiver (not a test; no timing is asserted anywhere): requests per second
// and server CPU per request over real HTTP (node:http, 127.0.0.1), 1 KiB TikiNOW stock
// deliveries, for three servers measured in the same run (bench/servers/):
//
//   a  minimal    the floor: read the body, verifyTikiSha1, parseTikiStockSync, {"success":true}
//   b  runOnce    a, plus de-duplication by hand: deliveryKey, then runOnce on a MemoryNonceStore
//   c  receiver   createReceiver (tikinow stock, MemoryNonceStore, one empty handler), receiver.node
//
// b/a is what de-duplication costs written by hand; c/a what the receiver costs in all; c/b what
// the receiver adds over the same work by hand. All three are plain .mjs files importing the build
// (no TypeScript loader, no logging, no routing), so that only the library's work differs.
// --examples adds the two example apps this script used to compare (examples/hand-written and
// examples/node-http, run through tsx): see "Why scripts/load.mjs said 0.80" in bench/RESULTS.md.
//
//   npm run build && node scripts/load.mjs [--dist=DIR] [--duration=10] [--connections=10]
//                                          [--rounds=3] [--same] [--examples]
//
// --dist=DIR    the build to measure (default dist/): run it twice, once per build, to compare
// --same        one delivery over and over (the de-duplicating servers then answer duplicates)
//
// By default every request is a distinct delivery (a counter in the padding, signed here with
// node:crypto), so b and c claim and complete a new key each time. Every server gets a 2 s
// warm-up; then each round measures every server once, in an order that rotates from round to
// round, every run bounded to `duration` (at most 10 s); the whole script stops itself after a
// bound computed from the settings. Every delivery must be answered 200 (a server that refused
// one would measure nothing). Ratios are taken within a round (its runs are back to back) and the
// median over rounds is printed, so that one run slowed by another process does not skew it.
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MAX_DURATION_S = 10;
const START_TIMEOUT_MS = 30_000;
const WARM_UP_S = 2;
const SECRET = "load-test-tikinow-secret";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const duration = Math.min(option("duration", MAX_DURATION_S), MAX_DURATION_S);
const connections = option("connections", 10);
const rounds = option("rounds", 3);
const same = args.includes("--same");
const withExamples = args.includes("--examples");
const distArg = args.find((a) => a.startsWith("--dist="));
const dist = resolve(distArg === undefined ? `${ROOT}/dist` : distArg.slice("--dist=".length));
for (const file of ["index.mjs", "receiver.mjs"]) {
  if (!existsSync(`${dist}/${file}`)) throw new Error(`${dist}/${file} is missing: run \`npm run build\` first (or give --dist=DIR of a build)`);
}

/**
 * A TikiNOW stock delivery of exactly 1024 bytes (an extra `padding` field, which the parser
 * keeps), with the 12-digit counter `n` at the start of the padding, signed as TikiNOW signs
 * (HMAC-SHA1 of the raw body, hex, after "sha1="): made here, never by the library under test.
 */
const BASE = { data: { date: "2023-05-15T15:36:37+07:00", sku: "4935421347851", warehouse: "sgn", qty_salable: 147, seller_product_code: "SKU-LOAD-1", partner_id: "4312132323" } };
const fill = 1024 - Buffer.byteLength(JSON.stringify({ ...BASE, padding: "" }));
const template = JSON.stringify({ ...BASE, padding: "0".repeat(12) + "x".repeat(fill - 12) });
if (Buffer.byteLength(template) !== 1024) throw new Error("the body is not 1 KiB");
const counterAt = template.indexOf('"padding":"') + '"padding":"'.length;
const HEADERS = { "content-type": "application/json", "user-agent": "TikiNOW-Webhook/1.0" };
const sign = (body) => `sha1=${createHmac("sha1", SECRET).update(body).digest("hex")}`;
const withCounter = (n) => template.slice(0, counterAt) + String(n).padStart(12, "0") + template.slice(counterAt + 12);
const fixed = { body: template, headers: { ...HEADERS, "x-signature": sign(template) } };
let sent = 0;
function nextRequest(request) {
  if (same) return { ...request, ...fixed };
  const body = withCounter(++sent);
  return { ...request, body, headers: { ...HEADERS, "x-signature": sign(body) } };
}

/**
 * On Linux with 2 CPUs or more, autocannon (this process) runs on CPU 0 and the servers on CPU 1,
 * so that the scheduler never puts the load generator and the server on one core: without it,
 * two identical servers measured here differed by up to 40 %. Returns why not, when it cannot.
 */
function pinning() {
  if (process.platform !== "linux") return { why: `not Linux (${process.platform})` };
  if (cpus().length < 2) return { why: `${cpus().length} CPU` };
  try {
    execFileSync("taskset", ["-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    return { prefix: ["taskset", "-c", "1"] };
  } catch {
    return { why: "taskset is missing or failed (util-linux)" };
  }
}
const pin = pinning();

const SERVERS = {
  minimal: { label: "a minimal", args: ["bench/servers/minimal.mjs", `--dist=${dist}`] },
  runOnce: { label: "b + runOnce", args: ["bench/servers/minimal.mjs", "--run-once", `--dist=${dist}`] },
  receiver: { label: "c receiver", args: ["bench/servers/receiver.mjs", `--dist=${dist}`] },
};
if (withExamples) {
  // The examples import the package by its name (dist/ of this checkout), whatever --dist says.
  SERVERS.exHand = { label: "examples/hand-written (tsx)", args: ["--import", "tsx", "examples/hand-written/server.ts"], examples: true };
  SERVERS.exNode = { label: "examples/node-http (tsx)", args: ["--import", "tsx", "examples/node-http/server.ts"], examples: true };
}
const names = Object.keys(SERVERS);

// Every run is bounded; the whole script is too (starts, warm-ups, rounds, and a minute to spare).
const budgetMs = names.length * (START_TIMEOUT_MS + (WARM_UP_S + 1 + rounds * (duration + 1)) * 1000) + 60_000;
const children = [];
const stopAll = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
};
setTimeout(() => {
  console.error(`load.mjs: still running after ${Math.round(budgetMs / 1000)} s: stopped`);
  stopAll();
  process.exit(2);
}, budgetMs).unref();

/** Starts a server on a free port; resolves { url, pid }. */
function startServer({ args: serverArgs, examples }) {
  const env = { ...process.env, PORT: "0", NODE_ENV: "production", TIKINOW_SECRET: SECRET };
  if (examples) Object.assign(env, { TIKI_BASIC_ID: "load", TIKI_BASIC_SECRET: "load-basic", MW_SECRET: "load-mw", TILBY_TOKEN: "load-tilby", EWAREHOUSING_SECRET: "load-ew" });
  for (const name of ["TILBY_HEADER", "VERIFY", "EXAMPLE_FAULTS", "NODE_OPTIONS"]) delete env[name];
  const command = [...(pin.prefix ?? []), process.execPath, ...serverArgs];
  const child = spawn(command[0], command.slice(1), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stderr.setEncoding("utf8").on("data", (text) => (output += text));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => (child.kill("SIGTERM"), reject(new Error(`the server did not listen within ${START_TIMEOUT_MS} ms:\n${output}`))), START_TIMEOUT_MS);
    child.once("exit", (code) => (clearTimeout(timer), reject(new Error(`the server exited (${code}):\n${output}`))));
    let buffered = "";
    child.stdout.setEncoding("utf8").on("data", (text) => {
      buffered += text;
      const match = /\{"listening":(\d+)\}/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ url: `http://127.0.0.1:${match[1]}/webhooks/tikinow/stock`, pid: child.pid });
      }
    });
  });
}

function run(url, seconds) {
  return autocannon({ url, duration: seconds, connections, pipelining: 1, timeout: 5, requests: [{ method: "POST", setupRequest: nextRequest }] });
}

/**
 * CPU time the server process has used, in ms (Linux: /proc/<pid>/stat utime + stime), or
 * undefined elsewhere. On a shared machine, requests per second swing with what else runs; the
 * server's CPU time per request does not, so it is reported beside them.
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

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  const servers = {};
  for (const name of names) servers[name] = await startServer(SERVERS[name]);
  // Every server verifies: a tampered body is refused, a genuine one accepted.
  const probe = withCounter(0);
  const tampered = probe.replace('"qty_salable":147', '"qty_salable":999');
  for (const name of names) {
    const headers = { ...HEADERS, "x-signature": sign(probe) };
    if ((await status(servers[name].url, tampered, headers)) !== 401) throw new Error(`${name} accepted a tampered delivery`);
    if ((await status(servers[name].url, probe, headers)) !== 200) throw new Error(`${name} refused a genuine delivery`);
  }
  for (const name of names) await run(servers[name].url, WARM_UP_S);

  const rps = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const busy = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const { url, pid } = servers[name];
      const cpuBefore = cpuMs(pid);
      const started = performance.now();
      const result = await run(url, duration);
      const wallMs = performance.now() - started;
      const cpuAfter = cpuMs(pid);
      if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
        throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
      rps[name].push(result.requests.average);
      let note = "";
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        const perRequest = ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
        cpu[name].push(perRequest);
        busy[name].push((cpuAfter - cpuBefore) / wallMs);
        note = `, ${perRequest.toFixed(1)} µs server CPU per request, server busy ${(100 * busy[name].at(-1)).toFixed(0)} %`;
      }
      console.log(`round ${round + 1} ${SERVERS[name].label.padEnd(28)} ${result.requests.average.toFixed(0).padStart(6)} req/s (p50 ${result.latency.p50} ms, ${result.requests.total} requests${note})`);
    }
  }

  const where = pin.prefix ? "servers on CPU 1, autocannon on CPU 0 (taskset)" : `NOT pinned: ${pin.why} (figures noisier)`;
  console.log(
    `\nnode ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? "?"}), ${where}; build ${dist}; ${connections} connections, ${duration} s x ${rounds} rounds, 1 KiB TikiNOW deliveries, ${same ? "one delivery repeated" : "each distinct"}`,
  );
  const hasCpu = names.every((n) => cpu[n].length === rounds);
  for (const name of names) {
    const cpuText = hasCpu ? `  ${median(cpu[name]).toFixed(1).padStart(5)} µs CPU/request  (server busy ${(100 * median(busy[name])).toFixed(0)} %)` : "";
    console.log(`${SERVERS[name].label.padEnd(28)} ${median(rps[name]).toFixed(0).padStart(6)} req/s${cpuText}`);
  }
  /** Median over rounds of x's figure / y's figure (req/s), and of y's CPU per request / x's (capacity). */
  const ratio = (x, y) => {
    const r = median(rps[x].map((v, i) => v / rps[y][i]));
    const c = hasCpu ? median(cpu[y].map((v, i) => v / cpu[x][i])) : undefined;
    return `${r.toFixed(3)}${c === undefined ? "" : `   (CPU: ${c.toFixed(3)})`}`;
  };
  console.log("\nratios, median of the rounds' (req/s; in brackets: y's server CPU per request / x's, the capacity when the server is the bottleneck):");
  console.log(`b/a  runOnce by hand / minimal:   ${ratio("runOnce", "minimal")}`);
  console.log(`c/a  receiver / minimal:          ${ratio("receiver", "minimal")}`);
  console.log(`c/b  receiver / runOnce by hand:  ${ratio("receiver", "runOnce")}`);
  if (withExamples) {
    console.log(`examples: node-http / hand-written (the old figure):  ${ratio("exNode", "exHand")}`);
    console.log(`examples/hand-written / minimal:                    ${ratio("exHand", "minimal")}`);
    console.log(`examples/node-http / receiver:                      ${ratio("exNode", "receiver")}`);
  }
  const limited = names.filter((n) => hasCpu && median(busy[n]) < 0.9);
  if (limited.length > 0) console.log(`\nnote: server busy under 90 % for ${limited.join(", ")}: the load generator, not the server, limited those req/s; trust the CPU figures`);
} finally {
  stopAll();
}
