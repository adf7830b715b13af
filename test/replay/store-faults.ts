// What a delivery sees when a shared store's server goes away, for any store on a server of the
// test's own: stopped in the middle of a claim, a completion and a release, paused (SIGSTOP) past
// the store's timeout, restarted. In every case: the handler never runs while the store is unsure
// (no "claimed" answer that is not true), never runs twice at the same time, and the provider's
// retry is processed once the server is back. Every wait is bounded in count and time.
import { expect, it } from "vitest";
import type { NonceStore } from "../../src/replay/nonce-store.js";
import { type RunOnceResult, runOnce } from "../../src/replay/run-once.js";
import { NonceStoreError, type NonceStoreErrorCode } from "../../src/replay/store-error.js";
import { storeOver } from "../helpers/stores.js";

export interface FaultServer {
  stop(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
}

export interface FaultTarget {
  /** The server, running when each test starts (the suite restarts it after each test). */
  server: () => FaultServer;
  /** A store on a fresh key space, with a short timeout (a few hundred ms), and how to let go of its client. */
  connect: () => Promise<{ store: NonceStore; close: () => void | Promise<void> }>;
  /** Whether the server keeps its data over a restart (Postgres does; Redis without persistence does not). */
  persistent: boolean;
  /** The code of a store error while the server is stopped: `backend_error` from a client that refuses at once, `timeout` from one that queues. */
  stoppedCode: NonceStoreErrorCode;
}

/** Asserts a store failure: one class, its code and operation. */
function expectStoreError(error: unknown, code: NonceStoreErrorCode, operation: string): void {
  expect(error).toBeInstanceOf(NonceStoreError);
  expect(error).toMatchObject({ code, operation });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A handler that counts its runs and fails the test if two ever overlap. */
function watched<T>(work: () => T | Promise<T>) {
  let running = 0;
  const state = { runs: 0, overlaps: 0 };
  const handler = async () => {
    running++;
    state.runs++;
    if (running > 1) state.overlaps++;
    try {
      return await work();
    } finally {
      running--;
    }
  };
  return { handler, state };
}

/** Retries like a provider (bounded): until a 2xx answer, at most `tries` times, `gapMs` apart. */
async function retryUntil2xx<T>(attempt: () => Promise<RunOnceResult<T>>, tries = 200, gapMs = 50): Promise<{ last: RunOnceResult<T>; answers: string[] }> {
  const answers: string[] = [];
  for (let i = 0; i < tries; i++) {
    const result = await attempt().catch((error: unknown) => ({ status: `threw ${String(error)}` }) as never);
    answers.push(result.status);
    if (result.status === "processed" || result.status === "duplicate") return { last: result, answers };
    await sleep(gapMs);
  }
  throw new Error(`no 2xx after ${tries} tries: ${answers.slice(-5).join(", ")}`);
}

export function storeFaults(target: FaultTarget): void {
  const LEASE = 1_000;
  const restartAfter = async (test: () => Promise<void>) => {
    const server = target.server();
    try {
      await test();
    } finally {
      server.resume();
      await server.restart().catch(() => undefined); // running again for the next test, whatever happened
    }
  };

  it("server stopped mid-claim: unavailable (503), nothing runs; the retry is processed once the server is back", () =>
    restartAfter(async () => {
      const { store, close } = await target.connect();
      try {
        const server = target.server();
        const stopsFirst = storeOver(store, {
          begin: async (key, leaseMs) => {
            await server.stop();
            return store.begin(key, leaseMs);
          },
        });
        const { handler, state } = watched(() => "stock saved");
        const first = await runOnce({ store: stopsFirst, key: "mid-claim", leaseMs: LEASE, handler });
        expect(first).toMatchObject({ status: "unavailable", httpStatus: 503, retryAfterSeconds: 30 });
        expectStoreError((first as { error: unknown }).error, target.stoppedCode, "begin");
        expect(state.runs).toBe(0);
        await server.restart();
        const { last } = await retryUntil2xx(() => runOnce({ store, key: "mid-claim", leaseMs: LEASE, handler }));
        expect(last).toMatchObject({ status: "processed", value: "stock saved", recorded: true });
        expect(await runOnce({ store, key: "mid-claim", handler })).toMatchObject({ status: "duplicate" });
        expect(state).toEqual({ runs: 1, overlaps: 0 });
      } finally {
        await close();
      }
    }));

  it("server stopped mid-completion: processed (200) with recorded false; a later copy runs again only after the lease", () =>
    restartAfter(async () => {
      const { store, close } = await target.connect();
      try {
        const server = target.server();
        const storeErrors: string[] = [];
        let storeError: unknown;
        const { handler, state } = watched(async () => {
          if (state.runs === 1) await server.stop(); // the first attempt's work is done; the store goes before it completes
          return "saved";
        });
        const first = await runOnce({ store, key: "mid-complete", leaseMs: LEASE, handler, onStoreError: (e, op) => (storeError = e, storeErrors.push(op)) });
        expect(first).toMatchObject({ status: "processed", value: "saved", recorded: false });
        expect(storeErrors).toEqual(["complete"]);
        expectStoreError(storeError, target.stoppedCode, "complete");
        await server.restart();
        const { last, answers } = await retryUntil2xx(() => runOnce({ store, key: "mid-complete", leaseMs: LEASE, handler }));
        // The key was never marked done: a later copy is processed again (at least once), after the
        // first attempt's lease where the server kept it, and never beside another attempt.
        expect(last.status).toBe("processed");
        if (!target.persistent) expect(answers).not.toContain("in_progress"); // the restart forgot the lease too
        expect(answers.every((a) => a === "processed" || a === "in_progress" || a === "unavailable")).toBe(true);
        expect(state).toEqual({ runs: 2, overlaps: 0 });
      } finally {
        await close();
      }
    }));

  it("server stopped mid-release: the handler's error is passed on; the retry is processed once the server is back", () =>
    restartAfter(async () => {
      const { store, close } = await target.connect();
      try {
        const server = target.server();
        const storeErrors: string[] = [];
        let storeError: unknown;
        const failure = new Error("ERP down");
        let fail = true;
        const { handler, state } = watched(async () => {
          if (!fail) return "saved";
          fail = false;
          await server.stop();
          throw failure;
        });
        await expect(runOnce({ store, key: "mid-release", leaseMs: LEASE, handler, onStoreError: (e, op) => (storeError = e, storeErrors.push(op)) })).rejects.toBe(failure);
        expect(storeErrors).toEqual(["abandon"]);
        expectStoreError(storeError, target.stoppedCode, "abandon");
        await server.restart();
        const { last } = await retryUntil2xx(() => runOnce({ store, key: "mid-release", leaseMs: LEASE, handler }));
        expect(last).toMatchObject({ status: "processed", value: "saved" });
        expect(state).toEqual({ runs: 2, overlaps: 0 });
      } finally {
        await close();
      }
    }));

  it("server paused past the timeout: unavailable, nothing runs; a claim that lands late is undone or ends with its lease", () =>
    restartAfter(async () => {
      const { store, close } = await target.connect();
      try {
        const server = target.server();
        const { handler, state } = watched(() => "saved");
        server.pause();
        const first = await runOnce({ store, key: "paused", leaseMs: LEASE, handler });
        expect(first).toMatchObject({ status: "unavailable", httpStatus: 503 });
        expectStoreError((first as { error: unknown }).error, "timeout", "begin");
        expect(state.runs).toBe(0);
        server.resume();
        const { last } = await retryUntil2xx(() => runOnce({ store, key: "paused", leaseMs: LEASE, handler }));
        expect(last).toMatchObject({ status: "processed", value: "saved" });
        expect(state).toEqual({ runs: 1, overlaps: 0 });
      } finally {
        await close();
      }
    }));

  it(`server restarted: a done key is ${target.persistent ? "still done" : "forgotten (no persistence: a later copy is processed again)"}`, () =>
    restartAfter(async () => {
      const { store, close } = await target.connect();
      try {
        const server = target.server();
        const { handler, state } = watched(() => "saved");
        expect(await runOnce({ store, key: "restart", handler })).toMatchObject({ status: "processed", recorded: true });
        await server.stop();
        await server.restart();
        const { last } = await retryUntil2xx(() => runOnce({ store, key: "restart", handler }));
        expect(last.status).toBe(target.persistent ? "duplicate" : "processed");
        expect(state).toEqual({ runs: target.persistent ? 1 : 2, overlaps: 0 });
      } finally {
        await close();
      }
    }));
}
