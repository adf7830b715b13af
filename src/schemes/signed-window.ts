// The signed-timestamp window that Standard Webhooks and SePay share with each other (and, in
// its checks, with Mobility Work): a timestamp of whole unix seconds, the tolerance either way,
// and the failure messages. Platform-neutral: no node: import, no Buffer.
import { fail, malformedHeader, type VerifyFailure } from "../lib/result.js";

export { mwNowMsOf as nowMsOf, mwToleranceOf as toleranceOf } from "./mw-header.js";

/** Whole unix seconds as sent: 1 to 15 ASCII digits (no sign, no dot, no exponent). */
const SECONDS = /^[0-9]{1,15}$/;

/** True for a timestamp header of whole unix seconds. */
export function isUnixSeconds(text: string): boolean {
  return SECONDS.test(text);
}

/** The malformed_header failure of a timestamp that is not whole unix seconds. */
export function malformedTimestamp(header: string): VerifyFailure {
  return malformedHeader(header, "expected whole unix seconds (ASCII digits)");
}

/** Seconds to the millisecond, for messages. */
function seconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The time-window failure for a correctly signed timestamp `t` (unix seconds), or null inside the inclusive window. */
export function windowFailure(header: string, t: number, nowMs: number, tolerance: number): VerifyFailure | null {
  const age = nowMs / 1000 - t;
  if (age > tolerance) return fail("timestamp_too_old", `The ${header} timestamp is ${seconds(age)} s old, more than the ${tolerance} s allowed.`);
  if (-age > tolerance) return fail("timestamp_too_new", `The ${header} timestamp is ${seconds(-age)} s in the future, more than the ${tolerance} s allowed.`);
  return null;
}
