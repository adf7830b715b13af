// What `verify --explain` says of a genuine signature refused for its time, for the providers
// whose timestamp header is signed (Standard Webhooks, SePay): the skew, and a timestamp in
// milliseconds where seconds are expected.
import type { VerifyFailure } from "../lib/result.js";
import type { ExplainContext, ExplainText } from "./types.js";

export function timeRefusal(failure: VerifyFailure, context: ExplainContext, header: string): ExplainText | undefined {
  if (failure.reason !== "timestamp_too_old" && failure.reason !== "timestamp_too_new") return undefined;
  // Only a genuine signature is refused for its time: the header is whole seconds.
  const t = Number(context.header(header));
  if (failure.reason === "timestamp_too_new" && t > context.nowMs / 100) {
    return {
      what: `a ${header} in milliseconds`,
      why: `the signature is genuine, but ${header} is ${t}: milliseconds, where unix seconds are expected`,
      fix: "the sender must write whole unix seconds (Math.floor(Date.now() / 1000))",
    };
  }
  const skew = Math.abs(Math.round(context.nowMs / 1000 - t));
  const old = failure.reason === "timestamp_too_old";
  return {
    what: `a clock ${skew} s ${old ? "behind" : "ahead"}`,
    why: `the signature is genuine, but ${header} is ${skew} s ${old ? "older than" : "ahead of"} this machine's clock, past the tolerance`,
    fix: old
      ? `if you are checking a capture made earlier, pass --tolerance ${skew + 60} (toleranceSeconds in code); if it arrived just now, check NTP on this machine (timedatectl)`
      : "one of the clocks is ahead: check NTP on this machine and the sender's (timedatectl)",
  };
}
