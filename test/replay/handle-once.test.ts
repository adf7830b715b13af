import { describe, expect, expectTypeOf, it, vi } from "vitest";
import { getHeader } from "../../src/lib/headers.js";
import { signHmacBase64, verifyHmacBase64 } from "../../src/schemes/ewarehousing.js";
import { signMwSignature, verifyMwSignature } from "../../src/schemes/mobility-work.js";
import { signHmacHex, verifyHmacHex } from "../../src/schemes/tilby.js";
import { type HandleOnceResult, handleOnce } from "../../src/replay/handle-once.js";
import { MW_FALLBACK_RETENTION_MS, type MwVerified, handleMwOnce } from "../../src/providers/mobility-work-once.js";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import { DELIVERY_LEASE_MS } from "../../src/replay/run-once.js";
import { thrown } from "../helpers/thrown.js";

/** A memory store and a clock the test moves. */
function clocked(start: number) {
  const clock = { now: start };
  return { clock, store: new MemoryNonceStore({ now: () => clock.now }) };
}

describe("handleMwOnce (Mobility Work: signed nonce and timestamp)", () => {
  const SECRET = "mw-secret";
  const BODY = '{"_event":"spare_part_out_of_stock","_date":"2024-07-29T15:51:28.071Z","_metadata":[],"stock":{"location":{"locationId":1,"name":"A"}}}';
  const T = 1_722_268_288;
  const NONCE = "752c14ea195c460bac3c3b7896975ee9fd15eeb7";
  const HEADERS = { "X-MW-Signature": signMwSignature({ body: BODY, secret: SECRET, timestamp: T, nonce: NONCE }) };

  it("processes a new delivery once, hands the handler the verified nonce, and answers 200", async () => {
    const { store } = clocked(T * 1000);
    const handler = vi.fn((verified: MwVerified) => `reordered ${verified.nonce.slice(0, 6)}`);
    const result = await handleMwOnce({ body: BODY, secret: SECRET, headers: HEADERS, now: T * 1000, store, handler });
    expect(result).toEqual({
      status: "processed",
      httpStatus: 200,
      key: `mobility-work::${NONCE}`,
      verified: { ok: true, timestamp: T, nonce: NONCE },
      value: "reordered 752c14",
      recorded: true,
    });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("answers a replay inside the window with duplicate, without running the handler", async () => {
    const { clock, store } = clocked(T * 1000);
    const handler = vi.fn(() => "done");
    const deliver = () => handleMwOnce({ body: BODY, secret: SECRET, headers: HEADERS, now: clock.now, store, handler });
    expect((await deliver()).status).toBe("processed");
    clock.now += 299_000;
    expect(await deliver()).toEqual({ status: "duplicate", httpStatus: 200, key: `mobility-work::${NONCE}`, verified: { ok: true, timestamp: T, nonce: NONCE } });
    // At the last instant the window accepts (it is inclusive), the nonce is still remembered.
    clock.now = (T + 300) * 1000;
    expect((await deliver()).status).toBe("duplicate");
    // After it, verification refuses the replay as too old.
    clock.now += 1;
    expect(await deliver()).toMatchObject({ status: "rejected", httpStatus: 401, reason: "timestamp_too_old" });
    expect(handler).toHaveBeenCalledOnce();
  });

  it("keeps each processed nonce until the end of the window, plus a second", async () => {
    const { store } = clocked(T * 1000);
    const complete = vi.spyOn(store, "complete");
    const begin = vi.spyOn(store, "begin");
    await handleMwOnce({ body: BODY, secret: SECRET, headers: HEADERS, now: (T + 10) * 1000, toleranceSeconds: 60, store, handler: () => 1 });
    expect(begin).toHaveBeenCalledWith(`mobility-work::${NONCE}`, DELIVERY_LEASE_MS);
    expect(complete).toHaveBeenCalledWith(`mobility-work::${NONCE}`, expect.any(String), (60 - 10) * 1000 + 1000);
    await handleMwOnce({ body: BODY, secret: SECRET, headers: HEADERS, now: (T + 10) * 1000, toleranceSeconds: 60, leaseMs: 5_000, store, handler: () => 1 });
    expect(begin).toHaveBeenLastCalledWith(`mobility-work::${NONCE}`, 5_000);
  });

  it("rejects a delivery that does not verify with 401, and claims nothing", async () => {
    const { store } = clocked(T * 1000);
    const handler = vi.fn();
    const forged = { "x-mw-signature": HEADERS["X-MW-Signature"].replace(/signature=./, "signature=0") };
    const cases = [
      [{ headers: forged }, "signature_mismatch"],
      [{ headers: {} }, "missing_header"],
      [{ headers: { "x-mw-signature": "t=1" } }, "malformed_header"],
      [{ headers: HEADERS, now: (T + 301) * 1000 }, "timestamp_too_old"],
      [{ headers: HEADERS, now: (T - 301) * 1000 }, "timestamp_too_new"],
    ] as const;
    for (const [input, reason] of cases) {
      const result = await handleMwOnce({ body: BODY, secret: SECRET, now: T * 1000, store, handler, ...input });
      expect(result).toMatchObject({ status: "rejected", httpStatus: 401, reason });
      expect(result.status === "rejected" && result.message).toMatch(/x-mw-signature/);
    }
    expect(handler).not.toHaveBeenCalled();
    expect(store.size).toBe(0);
  });

  it("releases the nonce when the handler throws, rethrows the same error, and processes the retry", async () => {
    const { store } = clocked(T * 1000);
    const failure = new Error("ERP unavailable");
    const input = { body: BODY, secret: SECRET, headers: HEADERS, now: T * 1000, store };
    await expect(handleMwOnce({ ...input, handler: () => Promise.reject(failure) })).rejects.toBe(failure);
    expect(store.size).toBe(0);
    expect((await handleMwOnce({ ...input, handler: () => "ok" })).status).toBe("processed");
  });

  it("with an infinite tolerance, keeps the nonce for fallbackRetentionMs (24 h by default)", async () => {
    const { clock, store } = clocked(T * 1000);
    const complete = vi.spyOn(store, "complete");
    const deliver = (fallbackRetentionMs?: number) =>
      handleMwOnce({
        body: BODY, secret: SECRET, headers: HEADERS, now: clock.now, toleranceSeconds: Infinity, store, handler: () => "ok",
        ...(fallbackRetentionMs === undefined ? {} : { fallbackRetentionMs }),
      });
    expect((await deliver()).status).toBe("processed");
    expect(complete).toHaveBeenLastCalledWith(`mobility-work::${NONCE}`, expect.any(String), MW_FALLBACK_RETENTION_MS);
    expect(MW_FALLBACK_RETENTION_MS).toBe(86_400_000);
    clock.now += MW_FALLBACK_RETENTION_MS - 1;
    expect((await deliver()).status).toBe("duplicate");
    clock.now += 1; // forgotten: an infinite window cannot be covered by a bounded store
    expect((await deliver(1_000)).status).toBe("processed");
    expect(complete).toHaveBeenLastCalledWith(`mobility-work::${NONCE}`, expect.any(String), 1_000);
  });

  it("refuses a tolerance whose window no store can keep a nonce for, instead of shortening the retention (issue 25)", async () => {
    const { store } = clocked(T * 1000);
    const complete = vi.spyOn(store, "complete");
    // 30 days used to be kept only 24.8 days: a replay in the last days of the window ran again.
    for (const toleranceSeconds of [30 * 86_400, 1e9]) {
      expect(() => handleMwOnce({ body: BODY, secret: SECRET, headers: HEADERS, now: T * 1000, toleranceSeconds, store, handler: () => 1 })).toThrow(
        `[webhook-signatures] toleranceSeconds must be at most 1073741 (about 12.4 days) so that a nonce is kept to the end of its window, or Infinity; got ${toleranceSeconds}`,
      );
    }
    // The largest that fits: a delivery signed a tolerance ahead is kept twice the tolerance, plus a second.
    const ahead = { "x-mw-signature": signMwSignature({ body: BODY, secret: SECRET, timestamp: T + 1_073_741, nonce: NONCE }) };
    await handleMwOnce({ body: BODY, secret: SECRET, headers: ahead, now: T * 1000, toleranceSeconds: 1_073_741, store, handler: () => 1 });
    expect(complete).toHaveBeenLastCalledWith(`mobility-work::${NONCE}`, expect.any(String), 2 * 1_073_741_000 + 1000);
  });

  it("uses the real clock when now is not given", async () => {
    const store = new MemoryNonceStore();
    const headers = { "x-mw-signature": signMwSignature({ body: BODY, secret: SECRET }) };
    expect((await handleMwOnce({ body: BODY, secret: SECRET, headers, store, handler: () => 1 })).status).toBe("processed");
    expect((await handleMwOnce({ body: BODY, secret: SECRET, headers, store, handler: () => 1 })).status).toBe("duplicate");
    const infinite = { body: BODY, secret: SECRET, headers: HEADERS, store, toleranceSeconds: Infinity, handler: () => 1 };
    expect((await handleMwOnce(infinite)).status).toBe("processed");
    expect(store.size).toBe(2);
  });

  it("throws a TypeError at once for caller mistakes", () => {
    const store = new MemoryNonceStore();
    const base = { body: BODY, secret: SECRET, headers: HEADERS, store, handler: () => 1 };
    expect(() => handleMwOnce({ ...base, secret: "" })).toThrow(/^\[webhook-signatures\] secret must not be empty/);
    expect(() => handleMwOnce({ ...base, toleranceSeconds: -1 })).toThrow(/toleranceSeconds/);
    expect(() => handleMwOnce({ ...base, fallbackRetentionMs: 0 })).toThrow(/^\[webhook-signatures\] fallbackRetentionMs must be a whole number of ms from 1 to 2147483647/);
    expect(() => handleMwOnce({ ...base, leaseMs: 1.5 })).toThrow(/^\[webhook-signatures\] leaseMs must be a whole number of ms/);
    expect(() => handleMwOnce(null as never)).toThrow(/^\[webhook-signatures\] handleMwOnce\(input\) expects one options object/);
    expect(() => handleMwOnce({ ...base, store: {} as NonceStore })).toThrow(/^\[webhook-signatures\] store must be a NonceStore/);
  });

  it("types the handler's argument and the result", async () => {
    const result = await handleMwOnce({ body: BODY, secret: SECRET, headers: HEADERS, now: T * 1000, store: new MemoryNonceStore(), handler: (v) => v.timestamp });
    expectTypeOf(result).toEqualTypeOf<HandleOnceResult<MwVerified, number>>();
    if (result.status === "processed") expectTypeOf(result.value).toEqualTypeOf<number>();
    if (result.status === "rejected") expectTypeOf(result.httpStatus).toEqualTypeOf<400 | 401>();
  });
});

describe("handleOnce with eWarehousing (X-Webhook-Id, at-least-once delivery)", () => {
  const SECRET = "hash_secret";
  const BODY = '{"body":{"sku":"SKU-1","stock_salable":3},"group":"stock","action":"updated","entity":"stock","customer":"ACME","entityId":"1"}';
  const DAY = 24 * 60 * 60 * 1000;
  const signed = (id: unknown, body = BODY) => ({ "X-Hmac-SHA256": signHmacBase64({ body, secret: SECRET }), "X-Webhook-Id": id }) as Record<string, string>;

  function deliver(headers: Parameters<typeof getHeader>[0], _clock: { now: number }, store: NonceStore, handler: () => unknown = () => "saved", body = BODY) {
    return handleOnce({
      provider: "acme",
      store,
      verify: () => verifyHmacBase64({ body, secret: SECRET, headers }),
      key: () => getHeader(headers, "x-webhook-id"),
      retentionMs: DAY,
      handler,
    });
  }

  it("processes an event once and answers its hourly retries with duplicate until the retention ends", async () => {
    const { clock, store } = clocked(0);
    const handler = vi.fn(() => "saved");
    expect(await deliver(signed("evt-1"), clock, store, handler)).toEqual({
      status: "processed", httpStatus: 200, key: "acme::evt-1", verified: { ok: true }, value: "saved", recorded: true,
    });
    for (let retry = 1; retry <= 10; retry++) {
      clock.now = retry * 60 * 60 * 1000;
      expect((await deliver(signed("evt-1"), clock, store, handler)).status).toBe("duplicate");
    }
    expect(handler).toHaveBeenCalledOnce();
    clock.now = DAY;
    expect((await deliver(signed("evt-1"), clock, store, handler)).status).toBe("processed");
  });

  it("reads the id from Fetch Headers as from a Node record, trimmed", async () => {
    const { clock, store } = clocked(0);
    const fetchHeaders = new Headers(signed(" evt-2 "));
    expect(await deliver(fetchHeaders, clock, store)).toMatchObject({ status: "processed", key: "acme::evt-2" });
    expect((await deliver(signed("evt-2"), clock, store)).status).toBe("duplicate");
    const { "X-Webhook-Id": _id, ...noId } = signed("unused");
    expect((await deliver({ ...noId, "x-webhook-id": ["evt-2", "evt-2"] }, clock, store)).status).toBe("duplicate");
  });

  it("rejects a signed delivery without a usable id with 400 missing_key, claiming nothing", async () => {
    const { clock, store } = clocked(0);
    const handler = vi.fn();
    const { "X-Webhook-Id": _id, ...noId } = signed("unused");
    for (const headers of [noId, signed(""), signed("   "), { ...noId, "x-webhook-id": ["a", "b"] }]) {
      const result = await deliver(headers, clock, store, handler);
      expect(result).toMatchObject({ status: "rejected", httpStatus: 400, reason: "missing_key" });
    }
    const different = await deliver({ ...noId, "x-webhook-id": ["a", "b"] }, clock, store, handler);
    expect(different.status === "rejected" && different.message).toMatch(/different values/);
    expect(handler).not.toHaveBeenCalled();
    expect(store.size).toBe(0);
  });

  it("verifies before it reads the id: a forged delivery is 401 even with a fresh id", async () => {
    const { clock, store } = clocked(0);
    const headers = { ...signed("evt-3"), "X-Hmac-SHA256": signHmacBase64({ body: "other", secret: SECRET }) };
    expect(await deliver(headers, clock, store)).toMatchObject({ status: "rejected", httpStatus: 401, reason: "signature_mismatch" });
    expect(store.size).toBe(0);
  });

  it("releases the id when the handler fails, so that eWarehousing's retry is processed", async () => {
    const { clock, store } = clocked(0);
    const failure = new TypeError("bug in the handler");
    await expect(deliver(signed("evt-4"), clock, store, () => { throw failure; })).rejects.toBe(failure);
    expect((await deliver(signed("evt-4"), clock, store)).status).toBe("processed");
  });

  it("answers a retry that arrives while the first attempt runs with 409, and processes it if the first attempt then fails (issue 13)", async () => {
    const { clock, store } = clocked(0);
    let fail!: (error: Error) => void;
    const first = deliver(signed("evt-5"), clock, store, () => new Promise((_, reject) => (fail = reject)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock.now += 10_000;
    const retry = await deliver(signed("evt-5"), clock, store);
    expect(retry).toMatchObject({ status: "in_progress", httpStatus: 409, key: "acme::evt-5", retryAfterSeconds: (DELIVERY_LEASE_MS - 10_000) / 1000 });
    fail(new Error("ERP down"));
    await expect(first).rejects.toThrow("ERP down");
    expect((await deliver(signed("evt-5"), clock, store)).status).toBe("processed");
    expect((await deliver(signed("evt-5"), clock, store)).status).toBe("duplicate");
  });

  it("a handler that outlived its lease and then fails does not free the retry's claim (issue 13)", async () => {
    const { clock, store } = clocked(0);
    let fail!: (error: Error) => void;
    const slow = deliver(signed("evt-6"), clock, store, () => new Promise((_, reject) => (fail = reject)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    clock.now += DELIVERY_LEASE_MS; // the first lease ends: the retry takes the key
    let finish!: (value: string) => void;
    const retry = deliver(signed("evt-6"), clock, store, () => new Promise((resolve) => (finish = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    fail(new Error("late failure"));
    await expect(slow).rejects.toThrow("late failure");
    // The stale abandon changed nothing: a third copy is still refused while the retry runs.
    expect((await deliver(signed("evt-6"), clock, store)).status).toBe("in_progress");
    finish("saved");
    expect(await retry).toMatchObject({ status: "processed", recorded: true });
    expect((await deliver(signed("evt-6"), clock, store)).status).toBe("duplicate");
  });
});

describe("handleOnce with Tilby (notification_uuid in the signed body)", () => {
  const TOKEN = "tilby-static-token";
  const HEADER = "x-tilby-signature"; // Tilby does not document its header: the receiver names it
  const notification = (nRetry: number) =>
    JSON.stringify({
      type: "CLOSED", entity_name: "sales", time: "2024-07-29T15:51:28.071Z", notification_uuid: "3f2c1b7e-8a45-4d0e-9d2b-6a1e5c9f0b11",
      environment_id: 1234, client_id: "pos-1", from_user: "admin", entities: [{ id: 1, uuid: "u1", external_id: null, status: "closed" }], nRetry,
    });

  /** The key: notification_uuid; the SUBSCRIBED handshake has none, so it is keyed on what identifies it. */
  function tilbyKey(body: string): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
    const n = value as { type?: unknown; notification_uuid?: unknown; client_id?: unknown; entity_name?: unknown; time?: unknown };
    if (typeof n.notification_uuid === "string") return `tilby:${n.notification_uuid}`;
    if (n.type === "SUBSCRIBED") return `tilby:subscribed:${String(n.client_id)}:${String(n.entity_name)}:${String(n.time)}`;
    return undefined;
  }

  function deliver(body: string, store: NonceStore, handler: () => unknown = () => "ok") {
    const headers = { [HEADER]: signHmacHex({ body, secret: TOKEN }) };
    return handleOnce({
      provider: "acme",
      store,
      verify: () => verifyHmacHex({ body, secret: TOKEN, headers, headerName: HEADER }),
      key: () => tilbyKey(body),
      retentionMs: 24 * 60 * 60 * 1000,
      handler,
    });
  }

  it("takes a retry (nRetry 1, 2, 3: re-signed bodies) for the same notification as a duplicate", async () => {
    const store = new MemoryNonceStore();
    const handler = vi.fn(() => "closed sale");
    expect(await deliver(notification(0), store, handler)).toMatchObject({
      status: "processed", key: "acme::tilby:3f2c1b7e-8a45-4d0e-9d2b-6a1e5c9f0b11", value: "closed sale",
    });
    for (const nRetry of [1, 2, 3]) expect((await deliver(notification(nRetry), store, handler)).status).toBe("duplicate");
    expect(handler).toHaveBeenCalledOnce();
  });

  it("processes the SUBSCRIBED handshake, which carries no notification_uuid", async () => {
    const store = new MemoryNonceStore();
    const handshake = '{"type":"SUBSCRIBED","entity_name":"sales","time":"2024-07-29T15:51:28Z","environment_id":1234,"client_id":"pos-1"}';
    expect((await deliver(handshake, store)).status).toBe("processed");
    expect((await deliver(handshake, store)).status).toBe("duplicate");
  });

  it("rejects a signed body with no id (or no JSON) as 400 missing_key", async () => {
    const store = new MemoryNonceStore();
    for (const body of ['{"type":"CLOSED"}', "not json"]) {
      expect(await deliver(body, store)).toMatchObject({ status: "rejected", httpStatus: 400, reason: "missing_key" });
    }
  });

  it("releases the notification when the handler fails, so the retry 15 minutes later is processed", async () => {
    const store = new MemoryNonceStore();
    await expect(deliver(notification(0), store, () => Promise.reject(new Error("timeout")))).rejects.toThrow("timeout");
    expect((await deliver(notification(1), store)).status).toBe("processed");
  });
});

describe("handleOnce in general", () => {
  it("hands the handler runOnce's attempt, with the signal that fires when the lease is lost", async () => {
    const seen: unknown[] = [];
    await handleOnce({ provider: "acme", store: new MemoryNonceStore(), verify: () => ({ ok: true as const }), key: () => "s", handler: (verified, attempt) => void seen.push(verified, attempt.signal.aborted) });
    const delivery = { "x-mw-signature": signMwSignature({ body: "{}", secret: "mw" }) };
    await handleMwOnce({ store: new MemoryNonceStore(), body: "{}", secret: "mw", headers: delivery, handler: (_verified, attempt) => void seen.push(attempt.signal instanceof AbortSignal) });
    expect(seen).toEqual([{ ok: true }, false, true]);
  });

  const ok = () => ({ ok: true as const, id: "k" });
  const common = { provider: "acme", verify: ok, key: (v: { id: string }) => v.id, handler: () => "value" };
  const base = { ...common, retentionMs: 1_000 };

  /** A store that records every call and answers from a memory store. */
  function recording(calls: string[]): NonceStore {
    const inner = new MemoryNonceStore({ now: () => 0 });
    return {
      claim: (key, expiresAtMs) => (calls.push(`claim ${key}`), inner.claim(key, expiresAtMs)),
      release: (key) => (calls.push(`release ${key}`), inner.release(key)),
      begin: (key, leaseMs) => (calls.push(`begin ${key} ${leaseMs}`), inner.begin(key, leaseMs)),
      complete: (key, token, retentionMs) => (calls.push(`complete ${key} ${retentionMs}`), inner.complete(key, token, retentionMs)),
      abandon: (key, token) => (calls.push(`abandon ${key}`), inner.abandon(key, token)),
    };
  }

  it("runs verify, begin, handler, complete in that order, and abandon only on failure", async () => {
    const calls: string[] = [];
    const store = recording(calls);
    const run = (key: string, handler: () => unknown) =>
      handleOnce({ provider: "acme", store, verify: () => (calls.push("verify"), { ok: true as const, id: key }), key: (v) => v.id, retentionMs: 5_000, leaseMs: 7_000, handler: () => (calls.push("handler"), handler()) });
    await run("k", () => "fine");
    expect(calls.splice(0)).toEqual(["verify", "begin acme::k 7000", "handler", "complete acme::k 5000"]);
    await expect(run("j", () => { throw new Error("x"); })).rejects.toThrow("x");
    expect(calls).toEqual(["verify", "begin acme::j 7000", "handler", "abandon acme::j"]);
  });

  it("keeps a processed key for DELIVERY_RETENTION_MS (24 h) and leases it for DELIVERY_LEASE_MS unless told otherwise", async () => {
    const calls: string[] = [];
    await handleOnce({ ...common, store: recording(calls) });
    expect(calls).toEqual([`begin acme::k ${DELIVERY_LEASE_MS}`, "complete acme::k 86400000"]);
  });

  it("computes retentionMs from the verified delivery when given a function", async () => {
    const calls: string[] = [];
    await handleOnce({ ...common, store: recording(calls), retentionMs: (v) => v.id.length * 1000 });
    expect(calls).toContain("complete acme::k 1000");
  });

  it("answers unavailable (503) when the store cannot answer, without running the handler", async () => {
    const handler = vi.fn();
    const down = new Error("store down");
    const failing = (begin: NonceStore["begin"]): NonceStore => ({ ...new MemoryNonceStore(), claim: () => true, release: () => {}, begin, complete: () => true, abandon: () => true });
    for (const begin of [() => Promise.reject(down), () => { throw down; }]) {
      const result = await handleOnce({ ...base, handler, store: failing(begin) });
      expect(result).toEqual({ status: "unavailable", httpStatus: 503, key: "acme::k", retryAfterSeconds: 30, error: down, verified: { ok: true, id: "k" } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("rejects with the handler's error even when the store cannot release the key, and tells onStoreError", async () => {
    const handlerError = new Error("handler");
    const abandonError = new Error("abandon");
    const inner = new MemoryNonceStore();
    const store: NonceStore = {
      claim: (k, e) => inner.claim(k, e), release: (k) => inner.release(k), begin: (k, l) => inner.begin(k, l),
      complete: (k, t, r) => inner.complete(k, t, r), abandon: async () => { throw abandonError; },
    };
    const onStoreError = vi.fn();
    await expect(handleOnce({ ...base, store, onStoreError, handler: () => { throw handlerError; } })).rejects.toBe(handlerError);
    expect(onStoreError).toHaveBeenCalledWith(abandonError, "abandon");
  });

  it("refuses a store whose begin answers something else than a begin result", async () => {
    for (const answer of [true, "claimed", { state: "claimed" }, { state: "claimed", token: "" }, { state: "in_progress" }, { state: "in_progress", retryAfterMs: -1 }, { state: "busy" }, null]) {
      const store = { ...new MemoryNonceStore(), claim: () => true, release: () => {}, begin: () => answer as never, complete: () => true, abandon: () => true };
      await expect(handleOnce({ ...base, store })).rejects.toThrow(/^\[webhook-signatures\] store begin must give \{ state: "claimed", token \}/);
    }
  });

  it("throws a TypeError for caller mistakes, before verifying anything", () => {
    const store = new MemoryNonceStore();
    const verify = vi.fn(ok);
    const bad: [unknown, RegExp][] = [
      [null, /^\[webhook-signatures\] handleOnce\(input\) expects one options object, got null$/],
      [{ ...base, verify, store: undefined }, /^\[webhook-signatures\] store must be a NonceStore/],
      [{ ...base, verify, store: { claim: () => true, release: () => {} } }, /store must be a NonceStore/],
      [{ ...base, store, verify: "no" }, /^\[webhook-signatures\] verify must be a function, got a string$/],
      [{ ...base, verify, store, key: undefined }, /^\[webhook-signatures\] key must be a function/],
      [{ ...base, verify, store, handler: {} }, /^\[webhook-signatures\] handler must be a function/],
      [{ ...base, verify, store, retentionMs: 0 }, /^\[webhook-signatures\] retentionMs must be a whole number of ms from 1 to 2147483647 \(about 24.8 days\), got 0$/],
      [{ ...base, verify, store, retentionMs: Infinity }, /retentionMs must be a whole number/],
      [{ ...base, verify, store, leaseMs: 2 ** 31 }, /^\[webhook-signatures\] leaseMs must be a whole number/],
      [{ ...base, verify, store, onStoreError: 1 }, /^\[webhook-signatures\] onStoreError must be a function/],
      [{ ...base, verify, store, provider: undefined }, /^\[webhook-signatures\] provider must be a provider name \(lowercase letters, digits, "-", "_", "."\), got undefined$/],
      [{ ...base, verify, store, provider: "Acme Shop" }, /^\[webhook-signatures\] provider must be a provider name/],
      [{ ...base, verify, store, tenant: 7 }, /^\[webhook-signatures\] tenant must be a string, got a number$/],
    ];
    for (const [input, message] of bad) {
      expect(() => handleOnce(input as never)).toThrow(TypeError);
      expect(() => handleOnce(input as never)).toThrow(message);
    }
    expect(verify).not.toHaveBeenCalled();
    expect(() => handleOnce({ ...base, store, verify: () => undefined as never })).toThrow(/^\[webhook-signatures\] verify must return a verify result/);
  });

  it("names each caller mistake with the whole message: primitives, null, half-made stores, odd verify results", () => {
    const store = new MemoryNonceStore();
    const storeLike = Object.assign(() => {}, { claim: () => true, release: () => {}, begin: () => ({ state: "done" }), complete: () => true, abandon: () => true });
    const storeMessage = "store must be a NonceStore (claim, release, begin, complete and abandon methods)";
    const verifyMessage = "verify must return a verify result ({ ok: true, ... } or { ok: false, reason, message })";
    const bad: [() => unknown, string][] = [
      [() => handleOnce("options" as never), "handleOnce(input) expects one options object, got a string"],
      [() => handleOnce(7 as never), "handleOnce(input) expects one options object, got a number"],
      [() => handleOnce({ ...base, store: null as never }), `${storeMessage}, got null`],
      [() => handleOnce({ ...base, store: "redis" as never }), `${storeMessage}, got a string`],
      [() => handleOnce({ ...base, store: storeLike as never }), `${storeMessage}, got a function`],
      [() => handleOnce({ ...base, store: { ...storeLike, abandon: "no" } as never }), `${storeMessage}, got an object`],
      [() => handleOnce({ ...base, store, retentionMs: "1000" as never }), "retentionMs must be a whole number of ms from 1 to 2147483647 (about 24.8 days), got a string"],
      [() => handleOnce({ ...base, store, retentionMs: -1 }), "retentionMs must be a whole number of ms from 1 to 2147483647 (about 24.8 days), got -1"],
      [() => handleOnce({ ...base, store, verify: () => null as never }), `${verifyMessage}, got null`],
      [() => handleOnce({ ...base, store, verify: () => "ok" as never }), `${verifyMessage}, got a string`],
      [() => handleOnce({ ...base, store, verify: () => ({}) as never }), `${verifyMessage}, got an object`],
      [() => handleOnce({ ...base, store, verify: () => ({ ok: "yes" }) as never }), `${verifyMessage}, got an object`],
      [() => handleMwOnce("options" as never), "handleMwOnce(input) expects one options object, got a string"],
      [() => handleMwOnce(undefined as never), "handleMwOnce(input) expects one options object, got undefined"],
    ];
    for (const [call, message] of bad) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
    expect(store.size).toBe(0);
  });

  it("rejects a key that is an empty list, or a list holding anything but strings, as missing: no throw, nothing claimed", async () => {
    const calls: string[] = [];
    const handler = vi.fn(() => "value");
    for (const keys of [[], ["evt-1", 5], [5, "evt-1"], [7], ["evt-1", null]]) {
      const result = await handleOnce({ ...base, store: recording(calls), key: () => keys as never, handler });
      expect(result).toEqual({
        status: "rejected",
        httpStatus: 400,
        reason: "missing_key",
        message: "The delivery carries no id to deduplicate it on (missing or empty).",
      });
    }
    expect(calls).toEqual([]);
    expect(handler).not.toHaveBeenCalled();
  });

  it("rejects with a TypeError when retentionMs computes to something that is not a whole number of ms", async () => {
    const store = new MemoryNonceStore();
    await expect(handleOnce({ ...common, store, retentionMs: () => Number.NaN })).rejects.toThrow(
      /^\[webhook-signatures\] retentionMs must be a whole number of ms/,
    );
    expect(store.size).toBe(0);
  });

  it("infers the verified type from the verify function", async () => {
    const store = new MemoryNonceStore();
    const result = await handleOnce({
      provider: "acme",
      store,
      verify: () => verifyMwSignature({ body: "b", secret: "s", signature: "t=1,nonce=n,signature=00" }),
      key: (verified) => {
        expectTypeOf(verified.nonce).toEqualTypeOf<string>();
        return verified.nonce;
      },
      retentionMs: 1_000,
      handler: async () => 42,
    });
    if (result.status === "processed") expectTypeOf(result.value).toEqualTypeOf<number>();
    if (result.status === "in_progress") expectTypeOf(result.retryAfterSeconds).toEqualTypeOf<number>();
    expect(result).toMatchObject({ status: "rejected", reason: "malformed_header" });
  });
});

describe("handleMwOnce and handleOnce with a spied store", () => {
  const SECRET = "mw-secret";
  const NOW_MS = 1_700_000_000_000;
  const TS = NOW_MS / 1000;
  const NONCE = "a".repeat(40);

  function spyStore() {
    const inner = new MemoryNonceStore();
    return {
      claim: vi.fn((nonce: string, expiresAtMs: number) => inner.claim(nonce, expiresAtMs)),
      release: vi.fn((nonce: string) => inner.release(nonce)),
      begin: vi.fn((key: string, leaseMs: number) => inner.begin(key, leaseMs)),
      complete: vi.fn((key: string, token: string, retentionMs: number) => inner.complete(key, token, retentionMs)),
      abandon: vi.fn((key: string, token: string) => inner.abandon(key, token)),
    };
  }

  describe("handleMwOnce", () => {
    it("with toleranceSeconds Infinity and now as a number, keeps the nonce for fallbackRetentionMs", async () => {
      const header = signMwSignature({ body: "{}", secret: SECRET, timestamp: TS, nonce: NONCE });
      for (const fallbackRetentionMs of [undefined, 5_000]) {
        const store = spyStore();
        const result = await handleMwOnce({ store, body: "{}", secret: SECRET, signature: header, now: NOW_MS, toleranceSeconds: Infinity, ...(fallbackRetentionMs === undefined ? {} : { fallbackRetentionMs }), handler: () => "done" });
        expect(result).toMatchObject({ status: "processed", key: `mobility-work::${NONCE}`, value: "done" });
        expect(store.complete).toHaveBeenCalledWith(`mobility-work::${NONCE}`, expect.any(String), fallbackRetentionMs ?? MW_FALLBACK_RETENTION_MS);
      }
    });

    it("takes now as a Date too", async () => {
      const header = signMwSignature({ body: "{}", secret: SECRET, timestamp: TS, nonce: NONCE });
      const store = spyStore();
      const result = await handleMwOnce({ store, body: "{}", secret: SECRET, signature: header, now: new Date(NOW_MS + 2_000), toleranceSeconds: 10, handler: () => 1 });
      expect(result.status).toBe("processed");
      expect(store.complete).toHaveBeenCalledWith(`mobility-work::${NONCE}`, expect.any(String), 10_000 - 2_000 + 1_000);
    });

    it("passes onStoreError on: a completion the store failed is reported, and the delivery still answers 200", async () => {
      const header = signMwSignature({ body: "{}", secret: SECRET, timestamp: TS, nonce: NONCE });
      const store = spyStore();
      const failure = new Error("store gone");
      store.complete.mockImplementation(() => {
        throw failure;
      });
      const onStoreError = vi.fn();
      const result = await handleMwOnce({ store, body: "{}", secret: SECRET, signature: header, now: NOW_MS, onStoreError, handler: () => 1 });
      expect(result).toMatchObject({ status: "processed", httpStatus: 200, recorded: false });
      expect(onStoreError).toHaveBeenCalledWith(failure, "complete");
    });

    it("names a non-number fallbackRetentionMs by its type and a bad number by its value", () => {
      const base = { store: spyStore(), body: "{}", secret: SECRET, signature: "t=1", handler: () => 1 };
      expect(() => handleMwOnce({ ...base, fallbackRetentionMs: "60000" as never })).toThrow(/fallbackRetentionMs must be a whole number of ms from 1 to 2147483647 \(about 24.8 days\), got a string$/);
      expect(() => handleMwOnce({ ...base, fallbackRetentionMs: 0 })).toThrow(/fallbackRetentionMs must be a whole number of ms from 1 to 2147483647 \(about 24.8 days\), got 0$/);
    });
  });

  describe("handleOnce keys", () => {
    it("rejects a key sent several times, all blank, as missing, without claiming or handling", async () => {
      const store = spyStore();
      const handler = vi.fn(() => 1);
      const result = await handleOnce({ provider: "acme", store, verify: () => ({ ok: true as const }), key: () => ["  ", " "], retentionMs: 1000, handler });
      expect(result).toMatchObject({ status: "rejected", httpStatus: 400, message: "The delivery carries no id to deduplicate it on (missing or empty)." });
      expect(store.begin).not.toHaveBeenCalled();
      expect(handler).not.toHaveBeenCalled();
      const same = await handleOnce({ provider: "acme", store, verify: () => ({ ok: true as const }), key: () => [" id-1", "id-1 "], retentionMs: 1000, handler });
      expect(store.begin).toHaveBeenCalledWith("acme::id-1", expect.any(Number));
      expect(same).toMatchObject({ status: "processed", key: "acme::id-1" });
    });
  });
});
