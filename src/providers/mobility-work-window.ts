// How long a Mobility Work nonce is kept: to the end of its signature window, by handleMwOnce and
// by the receiver alike. Free of `node:` imports (the receiver's core, which /web shares, uses it).
import { argumentError } from "../lib/errors.js";
import { MAX_DURATION_MS } from "../replay/run-once.js";

/**
 * Added to the end of the window before a nonce is forgotten: the window is inclusive (a replay
 * at exactly t + tolerance still verifies), and processes sharing a store may disagree on the
 * time by a fraction of a second.
 */
const MW_WINDOW_MARGIN_MS = 1000;

/**
 * The largest finite `toleranceSeconds` whose window a store can keep a nonce for: a delivery
 * signed up to a tolerance in the future is kept up to twice the tolerance (plus a second), and
 * stores keep a key at most 2^31 - 1 ms (about 24.8 days). About 12.4 days.
 */
const MW_MAX_TOLERANCE_SECONDS = /* @__PURE__ */ Math.floor((MAX_DURATION_MS - MW_WINDOW_MARGIN_MS) / 2000);

/** Throws unless a nonce can be kept to the end of a `toleranceSeconds` window (`Infinity` passes: its callers fall back). */
export function assertMwWindowFits(toleranceSeconds: number): void {
  if (Number.isFinite(toleranceSeconds) && toleranceSeconds > MW_MAX_TOLERANCE_SECONDS) {
    throw argumentError(
      "toleranceSeconds",
      `must be at most ${MW_MAX_TOLERANCE_SECONDS} (about 12.4 days) so that a nonce is kept to the end of its window, or Infinity; got ${toleranceSeconds}`,
    );
  }
}

/**
 * Ms from `nowMs` to one second past the end of a nonce's window (`(timestamp + tolerance)`
 * seconds), at least 1; `undefined` when the window never closes (an infinite tolerance).
 */
export function mwWindowRetentionMs(timestamp: number, toleranceSeconds: number, nowMs: number): number | undefined {
  const windowEnd = (timestamp + toleranceSeconds) * 1000 + MW_WINDOW_MARGIN_MS;
  if (!Number.isFinite(windowEnd)) return undefined;
  return Math.max(1, Math.ceil(windowEnd - nowMs));
}
