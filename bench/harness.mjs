// Interleaved measurement. A group is a ceiling plus contenders for one scheme and size.
// Every round runs each member in several short slices, taken in turn (C A B C A B ...),
// with the starting member rotating, so that a burst of load from a neighbour on this
// shared machine hits everyone in the round alike. A member's ratio for a round is its
// ops/s divided by the ceiling's ops/s in that same round; we report the median over
// rounds and its spread. Absolute ops/s are shown but not to be trusted.
import vm from "node:vm";
import v8 from "node:v8";

/** `gc()`, even when node was started without --expose-gc. */
export const gc = (() => {
  if (typeof globalThis.gc === "function") return globalThis.gc;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
})();

/**
 * A minor GC before every slice: each member starts with an empty young generation, so it
 * pays for the scavenges its own garbage causes and not for its neighbour's. (A full GC here
 * would hide the cost of allocation-heavy members; BENCH_GC=full|none to compare.)
 */
const GC_MODE = process.env.BENCH_GC ?? "minor";
function tidy() {
  if (GC_MODE === "full") gc();
  else if (GC_MODE === "minor") gc({ type: "minor" });
}

let loopId = 0;
const AsyncFunction = (async () => {}).constructor;

/**
 * A timing loop of its own for each member: a fresh function (unique source, so V8 shares
 * no code or feedback between members) whose call site only ever sees that member.
 */
function compileLoop(isAsync) {
  const id = loopId++;
  const body = `"use strict"; // member ${id}
    let bad = 0;
    for (let i = 0; i < n; i++) { if (!(${isAsync ? "await fn()" : "fn()"})) bad++; }
    return bad;`;
  return isAsync ? new AsyncFunction("fn", "n", body) : new Function("fn", "n", body);
}

const now = () => process.hrtime.bigint();

/**
 * Runs `member` in batches for about `ms` milliseconds; returns [ops, ns]. A member's `enter` and
 * `leave` (a tracing subscriber's subscribe and unsubscribe) bracket its slices only, untimed.
 */
async function slice(member, ms) {
  member.enter?.();
  try {
    return await timed(member, ms);
  } finally {
    member.leave?.();
  }
}

async function timed(member, ms) {
  const budget = BigInt(Math.round(ms * 1e6));
  let ops = 0;
  const start = now();
  let elapsed = 0n;
  do {
    const bad = member.async ? await member.loop(member.fn, member.batch) : member.loop(member.fn, member.batch);
    if (bad !== 0) throw new Error(`${member.name} rejected a valid delivery during timing`);
    ops += member.batch;
    elapsed = now() - start;
  } while (elapsed < budget);
  return [ops, Number(elapsed)];
}

/** Warms a member up (JIT) and sizes its batch to about `batchMs`. */
async function prepare(member, warmMs, batchMs) {
  member.enter?.();
  const first = member.async ? await member.fn() : member.fn();
  member.leave?.();
  if (!first) throw new Error(`${member.name} does not accept the valid delivery`);
  member.loop = compileLoop(member.async);
  member.batch = 1;
  const end = Date.now() + warmMs;
  let perOp = Infinity;
  while (Date.now() < end) {
    const [ops, ns] = await slice(member, Math.min(batchMs, warmMs / 4));
    perOp = ns / ops;
    member.batch = Math.max(1, Math.floor((batchMs * 1e6) / perOp));
  }
}

/**
 * Measures a group. `members[0]` is the ceiling. Returns, per member, the per-round
 * ratios to the ceiling and the per-round ops/s.
 */
export async function measureGroup(members, { rounds, slices, sliceMs, warmMs, batchMs }) {
  for (const m of members) await prepare(m, warmMs, batchMs);
  const perRound = members.map(() => ({ ratio: [], opsPerSec: [] }));
  for (let r = 0; r < rounds; r++) {
    const ops = members.map(() => 0);
    const ns = members.map(() => 0);
    for (let s = 0; s < slices; s++) {
      const offset = (r * slices + s) % members.length;
      for (let k = 0; k < members.length; k++) {
        const i = (offset + k) % members.length;
        tidy();
        const [o, t] = await slice(members[i], sliceMs);
        ops[i] += o;
        ns[i] += t;
      }
    }
    const rate = ops.map((o, i) => (o / ns[i]) * 1e9);
    members.forEach((_, i) => {
      perRound[i].opsPerSec.push(rate[i]);
      perRound[i].ratio.push(rate[i] / rate[0]);
    });
  }
  return perRound;
}

export function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), q1: quantile(s, 0.25), q3: quantile(s, 0.75), min: s[0], max: s[s.length - 1] };
}
