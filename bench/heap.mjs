// Heap growth: memory still in use after a full GC following N calls, compared with a no-op
// loop of the same count. Anything a verify call kept (a cache, a listener, a growing map)
// would show up here as bytes per call; garbage that is collected does not.
import { gc } from "./harness.mjs";
import { BASIC, SECRET, hmacBase64, hmacHex, jsonBody, mwHeader } from "./fixtures.mjs";

/** Growth beyond the no-op's that still counts as noise: 256 KiB over 10^6 calls is < 0.3 B per call. */
const TOLERANCE = 256 * 1024;

function settle() {
  for (let i = 0; i < 4; i++) gc();
}

function usage() {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers };
}

const fmt = (bytes) => `${bytes >= 0 ? "+" : "−"}${(Math.abs(bytes) / 1024).toFixed(1)} KiB`;

export function runHeapCheck(lib, { calls }) {
  const body = Buffer.from(jsonBody(256));
  const tiki = `sha1=${hmacHex("sha1", SECRET, body)}`;
  const hex = hmacHex("sha256", SECRET, body);
  const b64 = hmacBase64("sha256", SECRET, body);
  const authorization = lib.basicAuthHeader(BASIC);
  const mw = mwHeader(SECRET, body);
  const cases = [
    { name: "no-op loop", kind: "noop", fn: () => true },
    { name: "verifyTikiSha1", fn: () => lib.verifyTikiSha1({ body, secret: SECRET, signature: tiki }).ok },
    { name: "verifyBasicAuth", fn: () => lib.verifyBasicAuth({ credentials: BASIC, authorization }).ok },
    { name: "verifyMwSignature", fn: () => lib.verifyMwSignature({ body, secret: SECRET, signature: mw }).ok },
    { name: "verifyHmacBase64", fn: () => lib.verifyHmacBase64({ body, secret: SECRET, signature: b64 }).ok },
    { name: "verifyHmacHex", fn: () => lib.verifyHmacHex({ body, secret: SECRET, signature: hex }).ok },
  ];
  const measured = cases.map((c) => {
    for (let i = 0; i < 20_000; i++) if (!c.fn()) throw new Error(`${c.name} rejected a valid delivery`);
    settle();
    const before = usage();
    let bad = 0;
    for (let i = 0; i < calls; i++) if (!c.fn()) bad++;
    if (bad !== 0) throw new Error(`${c.name} rejected a valid delivery`);
    settle();
    const after = usage();
    return { ...c, heapDelta: after.heap - before.heap, externalDelta: after.external - before.external };
  });
  const noop = measured[0];
  return measured.map((m) => {
    const ok =
      Math.abs(m.heapDelta - noop.heapDelta) <= TOLERANCE && Math.abs(m.externalDelta - noop.externalDelta) <= TOLERANCE;
    return {
      name: m.name,
      kind: m.kind ?? "verify",
      heap: fmt(m.heapDelta),
      external: fmt(m.externalDelta),
      ok,
      verdict: m.kind === "noop" ? "baseline" : ok ? "indistinguishable from no-op" : "GROWS",
    };
  });
}
