// The one behaviour suite every NonceStore passes: MemoryNonceStore (on a clock the test moves),
// RedisNonceStore and PostgresNonceStore (on real servers, where time passes for real). Leases
// and retentions that must still run are a minute long; those that must end are short, and the
// test waits well past them: nothing asserts how long anything took.
import { expect, it } from "vitest";
import type { BeginResult, NonceStore } from "../../src/replay/nonce-store.js";
import { runOnce } from "../../src/replay/run-once.js";

export interface StoreUnderTest {
  /** A store with a key space no other test shares. */
  store: () => NonceStore | Promise<NonceStore>;
  /** Lets `ms` pass for the store (a fake clock moves; a real one is waited for, with margin). */
  pass: (ms: number) => Promise<void>;
}

const LONG = 60_000;
const SHORT = 100;

/** The store's `renew` (optional in the interface; every store of this package has it). */
function renewOf(store: NonceStore): NonNullable<NonceStore["renew"]> {
  const renew = store.renew;
  if (renew === undefined) throw new Error("the store has no renew method");
  return (key, token, leaseMs) => renew.call(store, key, token, leaseMs);
}

async function claimedToken(result: BeginResult | Promise<BeginResult>): Promise<string> {
  const begun = await result;
  expect(begun.state).toBe("claimed");
  return (begun as { token: string }).token;
}

export function storeBehaviour(under: StoreUnderTest): void {
  it("claims a free key with a token, and a second begin finds it in progress until the lease ends", async () => {
    const store = await under.store();
    const token = await claimedToken(store.begin("k1", LONG));
    expect(token.length).toBeGreaterThan(0);
    const again = await store.begin("k1", LONG);
    expect(again.state).toBe("in_progress");
    const retryAfterMs = (again as { retryAfterMs: number }).retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(LONG);
    expect((await store.begin("other", LONG)).state).toBe("claimed");
  });

  it("completes: the key is done for the retention, every later begin is done", async () => {
    const store = await under.store();
    const token = await claimedToken(store.begin("k2", LONG));
    expect(await store.complete("k2", token, LONG)).toBe(true);
    expect(await store.begin("k2", LONG)).toEqual({ state: "done" });
    expect(await store.begin("k2", LONG)).toEqual({ state: "done" });
    expect(await store.complete("k2", token, LONG)).toBe(false); // done already: the token holds no lease
    expect(await store.abandon("k2", token)).toBe(false);
    expect(await store.begin("k2", LONG)).toEqual({ state: "done" });
  });

  it("abandons after a failure: the retry claims the key again", async () => {
    const store = await under.store();
    const token = await claimedToken(store.begin("k3", LONG));
    expect(await store.abandon("k3", token)).toBe(true);
    const retry = await claimedToken(store.begin("k3", LONG));
    expect(retry).not.toBe(token);
    expect(await store.abandon("k3", token)).toBe(false); // the old token again: the retry's claim stays
    expect((await store.begin("k3", LONG)).state).toBe("in_progress");
  });

  it("frees a key whose lease ended (the attempt died); the stale token then changes nothing", async () => {
    const store = await under.store();
    const stale = await claimedToken(store.begin("k4", SHORT));
    await under.pass(SHORT * 3);
    const fresh = await claimedToken(store.begin("k4", LONG));
    expect(fresh).not.toBe(stale);
    expect(await store.complete("k4", stale, LONG)).toBe(false);
    expect(await store.abandon("k4", stale)).toBe(false);
    expect((await store.begin("k4", LONG)).state).toBe("in_progress");
    expect(await store.complete("k4", fresh, LONG)).toBe(true);
    expect(await store.begin("k4", LONG)).toEqual({ state: "done" });
  });

  it("forgets a done key once its retention ends", async () => {
    const store = await under.store();
    const token = await claimedToken(store.begin("k5", LONG));
    expect(await store.complete("k5", token, SHORT)).toBe(true);
    expect(await store.begin("k5", LONG)).toEqual({ state: "done" });
    await under.pass(SHORT * 3);
    await claimedToken(store.begin("k5", LONG));
  });

  it("renews a running lease for its token: the lease then outlives its first end, and the token still completes (issue 25, item 2)", async () => {
    const store = await under.store();
    const token = await claimedToken(store.begin("r1", SHORT));
    expect(await renewOf(store)("r1", token, LONG)).toBe(true);
    await under.pass(SHORT * 3);
    const during = await store.begin("r1", LONG);
    expect(during.state).toBe("in_progress");
    expect((during as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(SHORT * 3);
    expect(await renewOf(store)("r1", token, SHORT)).toBe(true); // a renewal sets the lease from now, shorter too
    await under.pass(SHORT * 3);
    expect(await renewOf(store)("r1", token, LONG)).toBe(false); // ended: nothing to renew
    await claimedToken(store.begin("r1", LONG)); // and the key is free
  });

  it("renews nothing for another token, a key never begun, a done key, an abandoned one or an ended lease", async () => {
    const store = await under.store();
    const renew = renewOf(store);
    const token = await claimedToken(store.begin("r2", LONG));
    expect(await renew("r2", `${token}x`, LONG)).toBe(false);
    expect(await renew("never", token, LONG)).toBe(false);
    expect((await store.begin("never", LONG)).state).toBe("claimed"); // a failed renewal recorded nothing
    expect(await store.complete("r2", token, LONG)).toBe(true);
    expect(await renew("r2", token, LONG)).toBe(false);
    expect(await store.begin("r2", LONG)).toEqual({ state: "done" });
    const abandoned = await claimedToken(store.begin("r3", LONG));
    expect(await store.abandon("r3", abandoned)).toBe(true);
    expect(await renew("r3", abandoned, LONG)).toBe(false);
    await claimedToken(store.begin("r3", LONG));
    const ended = await claimedToken(store.begin("r4", SHORT));
    await under.pass(SHORT * 3);
    expect(await renew("r4", ended, LONG)).toBe(false);
    const fresh = await claimedToken(store.begin("r4", LONG));
    expect(await renew("r4", ended, LONG)).toBe(false); // the stale token never extends the newer lease
    expect(await renew("r4", fresh, LONG)).toBe(true);
    expect(await store.claim("r5", Date.now() + LONG)).toBe(true);
    expect(await renew("r5", token, LONG)).toBe(false); // a claimed nonce holds no lease
  });

  it("checks renew's arguments like complete's: a TypeError naming key, token or leaseMs", async () => {
    const store = await under.store();
    const renew = renewOf(store);
    const token = await claimedToken(store.begin("r6", LONG));
    const bad: [() => unknown, RegExp][] = [
      [() => renew("", token, LONG), /^\[webhook-signatures\] key must be a non-empty string/],
      [() => renew(5 as unknown as string, token, LONG), /^\[webhook-signatures\] key /],
      [() => renew("r6", "", LONG), /^\[webhook-signatures\] token must be the non-empty string begin\(\) returned/],
      [() => renew("r6", token, 0), /^\[webhook-signatures\] leaseMs must be a whole number of ms/],
      [() => renew("r6", token, 1.5), /^\[webhook-signatures\] leaseMs /],
      [() => renew("r6", token, 2 ** 31), /^\[webhook-signatures\] leaseMs /],
    ];
    for (const [call, message] of bad) {
      const error: unknown = await Promise.resolve().then(call).then(() => "(no error)", (e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
    }
    expect((await store.begin("r6", LONG)).state).toBe("in_progress");
  });

  it("refuses to complete or abandon with a token that never held the key, or a key never begun", async () => {
    const store = await under.store();
    const token = await claimedToken(store.begin("k6", LONG));
    expect(await store.complete("k6", `${token}x`, LONG)).toBe(false);
    expect(await store.abandon("k6", `x${token}`)).toBe(false);
    expect(await store.complete("never", token, LONG)).toBe(false);
    expect(await store.abandon("never", token)).toBe(false);
    expect((await store.begin("k6", LONG)).state).toBe("in_progress");
    expect((await store.begin("never", LONG)).state).toBe("claimed");
  });

  it("keeps the simple check: claim true once, false while held, true again after release or expiry", async () => {
    const store = await under.store();
    const now = Date.now();
    expect(await store.claim("n1", now + LONG)).toBe(true);
    expect(await store.claim("n1", now + LONG)).toBe(false);
    await store.release("n1");
    expect(await store.claim("n1", Date.now() + SHORT)).toBe(true);
    await under.pass(SHORT * 3);
    expect(await store.claim("n1", Date.now() + LONG)).toBe(true);
    await store.release("never-claimed");
    expect(await store.claim("past", Date.now() - 1)).toBe(true);
    expect(await store.claim("past", Date.now() + LONG)).toBe(true); // nothing was recorded for the past expiry
  });

  it("shares one key space: a claimed nonce is done to begin, a begun key is held to claim", async () => {
    const store = await under.store();
    expect(await store.claim("shared-1", Date.now() + LONG)).toBe(true);
    expect(await store.begin("shared-1", LONG)).toEqual({ state: "done" });
    await claimedToken(store.begin("shared-2", LONG));
    expect(await store.claim("shared-2", Date.now() + LONG)).toBe(false);
    await store.release("shared-2"); // the simple release frees whatever holds the key
    expect((await store.begin("shared-2", LONG)).state).toBe("claimed");
  });

  it("stores long and unusual keys bounded, and keeps them apart", async () => {
    const store = await under.store();
    const long = "x".repeat(8_000);
    const keys = [long, `${long}y`, `${"x".repeat(7_999)}y`, "nul\u0000key", "nul\u0000kez", "\ud800", "\udfff", "é", "e\u0301", "#".repeat(65)];
    for (const key of keys) await claimedToken(store.begin(key, LONG));
    for (const key of keys) expect((await store.begin(key, LONG)).state, JSON.stringify(key.slice(0, 10))).toBe("in_progress");
  });

  it("runs runOnce end to end: failure then retry, duplicate, and in progress while a handler runs", async () => {
    const store = await under.store();
    const key = "delivery-1";
    await expect(runOnce({ store, key, handler: () => Promise.reject(new Error("db down")) })).rejects.toThrow("db down");
    let finish!: (value: string) => void;
    const first = runOnce({ store, key, handler: () => new Promise<string>((resolve) => (finish = resolve)) });
    for (let i = 0; i < 200 && finish === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const during = await runOnce({ store, key, handler: () => "second" });
    expect(during).toMatchObject({ status: "in_progress", httpStatus: 409 });
    finish("saved");
    expect(await first).toEqual({ status: "processed", httpStatus: 200, key, value: "saved", recorded: true });
    expect(await runOnce({ store, key, handler: () => "third" })).toEqual({ status: "duplicate", httpStatus: 200, key });
  });

  it("gives each of many concurrent begins of one key to exactly one caller", async () => {
    const store = await under.store();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.begin("contended", LONG)));
    expect(results.filter((r) => r.state === "claimed")).toHaveLength(1);
    expect(results.filter((r) => r.state === "in_progress")).toHaveLength(49);
    const claims = await Promise.all(Array.from({ length: 50 }, () => store.claim("contended-nonce", Date.now() + LONG)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
}
