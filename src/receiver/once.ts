// The receiver's one step through the at-least-once layer: every delivery that reaches a
// handler goes through here, and only here, to runOnce.
import type { NonceStore } from "../replay/nonce-store.js";
import { type RunOnceResult, type RunOnceTimedOut, runChecked } from "../replay/run-once.js";

export interface OnceInput {
  store: NonceStore;
  key: string;
  leaseMs: number;
  retentionMs: number;
  deadlineMs: number;
  handler: () => void | Promise<void>;
}

/**
 * Runs the handler once per key, answering by `deadlineMs`. Resolves to runOnce's result; rejects
 * only with the handler's error (or a store that broke the NonceStore contract: a TypeError).
 */
export function deliverOnce(input: OnceInput): Promise<RunOnceResult<void> | RunOnceTimedOut<void>> {
  // createReceiver checked the store and the durations; the key is `<provider>:…`, never empty.
  return runChecked(input.store, input.key, input.leaseMs, input.retentionMs, input.handler, input.deadlineMs, undefined);
}
