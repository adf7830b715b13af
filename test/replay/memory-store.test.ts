import { memoryUsage } from "node:process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES, MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY, MemoryNonceStore } from "../../src/replay/nonce-store.js";
import { runOnce } from "../../src/replay/run-once.js";
import { NonceStoreError } from "../../src/replay/store-error.js";
import { thrown } from "../helpers/thrown.js";

/** A store on a clock the test moves by hand. */
function storeAt(start = 1_000_000, maxEntries?: number) {
  const clock = { now: start };
  const store = new MemoryNonceStore({ now: () => clock.now, ...(maxEntries === undefined ? {} : { maxEntries }) });
  return { clock, store };
}

describe("MemoryNonceStore", () => {
  it("takes a nonce the first time only, until it expires", () => {
    const { clock, store } = storeAt();
    expect(store.claim("n1", clock.now + 100)).toBe(true);
    expect(store.claim("n1", clock.now + 100)).toBe(false);
    expect(store.claim("n2", clock.now + 100)).toBe(true);
    clock.now += 99;
    expect(store.claim("n1", clock.now + 100)).toBe(false);
    clock.now += 1; // expiresAtMs is the first instant it is forgotten
    expect(store.claim("n1", clock.now + 100)).toBe(true);
    expect(store.claim("n1", clock.now + 100)).toBe(false);
  });

  it("does not extend a nonce's life when it is claimed again", () => {
    const { clock, store } = storeAt();
    store.claim("n", clock.now + 10);
    expect(store.claim("n", clock.now + 1_000)).toBe(false);
    clock.now += 10;
    expect(store.claim("n", clock.now + 10)).toBe(true);
  });

  it("forgets a released nonce, and ignores releasing an unknown one", () => {
    const { clock, store } = storeAt();
    store.claim("n", clock.now + 100);
    store.release("n");
    expect(store.size).toBe(0);
    expect(store.claim("n", clock.now + 100)).toBe(true);
    expect(() => store.release("never-seen")).not.toThrow();
    expect(store.size).toBe(1);
  });

  it("records nothing for an expiry that has already come", () => {
    const { clock, store } = storeAt();
    expect(store.claim("past", clock.now - 1)).toBe(true);
    expect(store.claim("now", clock.now)).toBe(true);
    expect(store.size).toBe(0);
    expect(store.claim("past", clock.now - 1)).toBe(true);
    expect(store.evictions).toBe(0);
  });

  it("drops expired entries as time passes, and size counts live ones", () => {
    const { clock, store } = storeAt();
    for (let i = 0; i < 10; i++) store.claim(`n${i}`, clock.now + 10 * (i + 1));
    expect(store.size).toBe(10);
    clock.now += 35;
    expect(store.size).toBe(7);
    clock.now += 1_000;
    expect(store.size).toBe(0);
  });

  it("treats an expired nonce not yet dropped as new", () => {
    const { clock, store } = storeAt(0, 100);
    for (let i = 0; i < 20; i++) store.claim(`n${i}`, 10);
    clock.now = 10;
    // Claims drop only a few expired entries each; the rest must still read as expired.
    expect(store.claim("n19", 20)).toBe(true);
    expect(store.claim("n19", 20)).toBe(false);
  });

  it("never holds more than maxEntries, however many distinct claims", () => {
    const { clock, store } = storeAt(0, 50);
    for (let i = 0; i < 20_000; i++) {
      expect(store.claim(`n${i}`, clock.now + 1_000_000 + i)).toBe(true);
    }
    expect(store.size).toBe(50);
    expect(store.evictions).toBe(20_000 - 50);
    // The 50 that expire last are the ones kept.
    expect(store.claim("n19999", clock.now + 1)).toBe(false);
    expect(store.claim("n19950", clock.now + 1)).toBe(false);
    expect(store.claim("n19949", clock.now + 1)).toBe(true);
  });

  it("when full of live nonces, evicts the held one that expires soonest and counts it", () => {
    const { clock, store } = storeAt(0, 3);
    store.claim("a", 300);
    store.claim("b", 100);
    store.claim("c", 200);
    expect(store.evictions).toBe(0);
    expect(store.claim("d", 400)).toBe(true); // evicts b (100)
    expect(store.evictions).toBe(1);
    expect(store.claim("a", 999)).toBe(false);
    expect(store.claim("c", 999)).toBe(false);
    expect(store.claim("d", 999)).toBe(false);
    expect(store.claim("b", 150)).toBe(true); // b was forgotten; claimed again it evicts c (200), the soonest held
    expect(store.evictions).toBe(2);
    expect(store.claim("b", 150)).toBe(false); // the newest claim is always remembered
    expect(store.claim("c", 999)).toBe(true); // evicts b (150)
    expect(store.evictions).toBe(3);
    expect(store.claim("a", 999)).toBe(false);
    expect(store.claim("d", 999)).toBe(false);
    expect(store.size).toBe(3);
    clock.now = 1_000;
    expect(store.size).toBe(0);
  });

  it("when full, always remembers the newest claim: a replay right after it is refused (issue 12, item 2)", () => {
    const { clock, store } = storeAt(0, 100);
    const expiresAt = clock.now + 300_000; // every Mobility Work nonce of one second shares its expiry
    for (let i = 0; i < 100; i++) expect(store.claim(`held${i}`, expiresAt)).toBe(true);
    for (let i = 0; i < 150; i++) {
      expect(store.claim(`new${i}`, expiresAt), `new${i}`).toBe(true);
      expect(store.claim(`new${i}`, expiresAt), `replay of new${i}`).toBe(false);
    }
    expect(store.size).toBe(100);
    expect(store.evictions).toBe(150);
  });

  it("when full, remembers a newcomer that expires sooner than everything held", () => {
    const { clock, store } = storeAt(0, 3);
    for (const nonce of ["a", "b", "c"]) store.claim(nonce, clock.now + 1_000);
    expect(store.claim("soon", clock.now + 10)).toBe(true);
    expect(store.claim("soon", clock.now + 10)).toBe(false);
    expect(store.evictions).toBe(1);
    expect(store.size).toBe(3);
  });

  it("makes room from expired entries before evicting live ones", () => {
    const { clock, store } = storeAt(0, 3);
    store.claim("a", 10);
    store.claim("b", 20);
    store.claim("c", 30);
    clock.now = 15;
    expect(store.claim("d", 100)).toBe(true); // a expired at 10: dropped, not an eviction
    expect(store.evictions).toBe(0);
    expect(store.claim("e", 100)).toBe(true); // b lives until 20: evicted
    expect(store.evictions).toBe(1);
    expect(store.claim("c", 100)).toBe(false);
    expect(store.claim("b", 100)).toBe(true);
  });

  it("keeps expiry order when entries are released from the middle", () => {
    const { clock, store } = storeAt(0, 1_000);
    // Releasing 13 moves the heap's last entry (7) under a later one: it must move up.
    const expiries = [49, 19, 47, 13, 43, 27, 21, 33, 29, 17, 7];
    for (const exp of expiries) store.claim(`n${exp}`, exp);
    store.release("n49");
    store.release("n13");
    const kept = expiries.filter((exp) => exp !== 49 && exp !== 13);
    for (let t = 0; t <= 50; t++) {
      clock.now = t;
      expect(store.size, `at ${t}`).toBe(kept.filter((exp) => exp > t).length);
    }
  });

  it("exposes its bound, 100 000 by default", () => {
    expect(MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES).toBe(100_000);
    expect(new MemoryNonceStore().maxEntries).toBe(100_000);
    expect(new MemoryNonceStore({ maxEntries: 7 }).maxEntries).toBe(7);
  });

  it("uses the real clock when now is not given", () => {
    const store = new MemoryNonceStore();
    expect(store.claim("n", Date.now() + 60_000)).toBe(true);
    expect(store.claim("n", Date.now() + 60_000)).toBe(false);
    expect(store.claim("old", Date.now() - 1)).toBe(true);
    expect(store.size).toBe(1);
  });

  it("throws a TypeError naming the argument for caller mistakes", () => {
    const store = new MemoryNonceStore();
    const bad: [() => unknown, RegExp][] = [
      [() => store.claim("", 1), /^\[webhook-signatures\] nonce must be a non-empty string, got an empty string$/],
      [() => store.claim(5 as unknown as string, 1), /^\[webhook-signatures\] nonce .*a number/],
      [() => store.claim(undefined as unknown as string, 1), /^\[webhook-signatures\] nonce /],
      [() => store.claim("n", Number.NaN), /^\[webhook-signatures\] expiresAtMs must be a finite number/],
      [() => store.claim("n", Infinity), /^\[webhook-signatures\] expiresAtMs /],
      [() => store.claim("n", "1" as unknown as number), /^\[webhook-signatures\] expiresAtMs .*a string/],
      [() => store.release(""), /^\[webhook-signatures\] nonce /],
      [() => new MemoryNonceStore({ maxEntries: 0 }), /^\[webhook-signatures\] maxEntries must be a positive integer, got 0$/],
      [() => new MemoryNonceStore({ maxEntries: 1.5 }), /^\[webhook-signatures\] maxEntries /],
      [() => new MemoryNonceStore({ maxEntries: -1 }), /^\[webhook-signatures\] maxEntries /],
      [() => new MemoryNonceStore({ maxEntries: Number.NaN }), /^\[webhook-signatures\] maxEntries /],
      [() => new MemoryNonceStore({ maxEntries: Infinity }), /^\[webhook-signatures\] maxEntries /],
      [() => new MemoryNonceStore({ maxEntries: "10" as unknown as number }), /^\[webhook-signatures\] maxEntries .*a string/],
      [() => new MemoryNonceStore({ now: 5 as unknown as () => number }), /^\[webhook-signatures\] now must be a function/],
      [() => new MemoryNonceStore(null as unknown as undefined), /^\[webhook-signatures\] options must be an object/],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    }
    expect(store.size).toBe(0);
  });

  it("throws a TypeError naming now on the claim that reads a clock giving anything but a finite number (issue 12, item 5)", () => {
    let reading: unknown = 1_000;
    const store = new MemoryNonceStore({ now: () => reading as number });
    expect(store.claim("live", 100_000)).toBe(true);
    for (const [bad, got] of [[Number.NaN, "NaN"], [Infinity, "Infinity"], [-Infinity, "-Infinity"], ["1000", "a string"], [undefined, "undefined"], [null, "null"], [new Date(1_000), "an object"]] as const) {
      reading = bad;
      const error = thrown(() => store.claim("live", 100_000));
      expect(error, String(got)).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] now must return a finite number of ms since the epoch, got ${got}`);
      expect(() => store.size).toThrow(/^\[webhook-signatures\] now must return a finite number/);
      reading = 1_000;
      expect(store.claim("live", 100_000)).toBe(false); // the bad reading dropped nothing
    }
  });

  it("names each caller mistake with the whole message", () => {
    const store = new MemoryNonceStore();
    const bad: [() => unknown, string][] = [
      [() => store.claim("n", Number.NaN), "expiresAtMs must be a finite number of ms since the epoch, got NaN"],
      [() => store.claim("n", -Infinity), "expiresAtMs must be a finite number of ms since the epoch, got -Infinity"],
      [() => store.claim("n", "1" as unknown as number), "expiresAtMs must be a finite number of ms since the epoch, got a string"],
      [() => store.claim("n", null as unknown as number), "expiresAtMs must be a finite number of ms since the epoch, got null"],
      [() => new MemoryNonceStore("big" as unknown as undefined), "options must be an object, got a string"],
      [() => new MemoryNonceStore(5 as unknown as undefined), "options must be an object, got a number"],
      [() => new MemoryNonceStore(null as unknown as undefined), "options must be an object, got null"],
      [() => new MemoryNonceStore({ maxEntries: "10" as unknown as number }), "maxEntries must be a positive integer, got a string"],
      [() => new MemoryNonceStore({ maxEntries: 2 ** 53 }), `maxEntries must be a positive integer, got ${2 ** 53}`],
    ];
    for (const [call, message] of bad) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
    }
  });

  it("remembers an entry until the instant it expires, even one its claim did not drop", () => {
    const { clock, store } = storeAt(0, 100);
    store.claim("a", 5);
    store.claim("b", 6);
    store.claim("c", 10);
    clock.now = 10;
    // The claim drops a and b (two per claim); c, still held, expires exactly now: it is new again.
    expect(store.claim("c", 20)).toBe(true);
    expect(store.claim("c", 20)).toBe(false);
  });

  it("counts no eviction for a claim expiring exactly now on a full store, and keeps what it held", () => {
    const { clock, store } = storeAt(1_000, 1);
    store.claim("a", clock.now + 100);
    expect(store.claim("b", clock.now)).toBe(true);
    expect(store.evictions).toBe(0);
    expect(store.claim("a", clock.now + 100)).toBe(false);
    expect(store.claim("b", clock.now + 100)).toBe(true); // a full store: a is evicted, b remembered
    expect(store.evictions).toBe(1);
    expect(store.claim("b", clock.now + 100)).toBe(false);
  });

  it("drops at most two expired entries per claim: one left in place counts again if the clock steps back", () => {
    const { clock, store } = storeAt(0, 100);
    for (const [nonce, expiresAtMs] of [["a", 10], ["b", 20], ["c", 30], ["d", 40]] as const) store.claim(nonce, expiresAtMs);
    clock.now = 35;
    store.claim("z", 100); // drops a and b, the two soonest; c (expired) stays until a later claim drops it
    clock.now = 25; // the system clock is set back
    expect(store.claim("c", 999)).toBe(false);
    expect(store.claim("b", 999)).toBe(true);
    expect(store.claim("d", 999)).toBe(false);
  });

  describe("when full, among nonces sharing the soonest expiry", () => {
    it("evicts the held nonce, not the newcomer with the same expiry", () => {
      const { store } = storeAt(0, 1);
      store.claim("a", 100);
      expect(store.claim("b", 100)).toBe(true);
      expect(store.evictions).toBe(1);
      expect(store.claim("b", 100)).toBe(false);
      expect(store.claim("a", 100)).toBe(true);
    });

    it("evicts one of the tied, keeping every later entry", () => {
      const { store } = storeAt(0, 3);
      store.claim("a", 100);
      store.claim("b", 100);
      store.claim("c", 200);
      expect(store.claim("d", 300)).toBe(true); // evicts a or b
      expect(store.claim("e", 300)).toBe(true); // evicts the other
      expect(store.evictions).toBe(2);
      for (const kept of ["c", "d", "e"]) expect(store.claim(kept, 999), kept).toBe(false);
      expect(store.size).toBe(3);
    });
  });

  it("behaves like a plain reference model over random sequences of claims, releases and time", () => {
    type Op =
      | { kind: "claim"; nonce: number; offset: number }
      | { kind: "release"; nonce: number }
      | { kind: "advance"; by: number }
      | { kind: "size" };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant("claim" as const), nonce: fc.nat(40), offset: fc.integer({ min: -5, max: 60 }) }), weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant("release" as const), nonce: fc.nat(40) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("advance" as const), by: fc.nat(12) }), weight: 2 },
      { arbitrary: fc.constant({ kind: "size" as const }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.array(op, { maxLength: 200 }), (maxEntries, ops) => {
        const { clock, store } = storeAt(0, maxEntries);
        // The model: every live entry in a map, expired ones dropped eagerly, a linear search for the soonest.
        const model = new Map<string, number>();
        let evictions = 0;
        ops.forEach((o, step) => {
          for (const [k, exp] of model) if (exp <= clock.now) model.delete(k);
          if (o.kind === "advance") clock.now += o.by;
          else if (o.kind === "size") expect(store.size).toBe(model.size);
          else if (o.kind === "release") {
            store.release(`n${o.nonce}`);
            model.delete(`n${o.nonce}`);
          } else {
            const nonce = `n${o.nonce}`;
            // A unique fraction per step: no two expiries tie, so the eviction victim is defined.
            const expiresAtMs = clock.now + o.offset + step / 1000;
            let expected = true;
            if (model.has(nonce)) expected = false;
            else if (expiresAtMs > clock.now) {
              if (model.size >= maxEntries) {
                let soonest: [string, number] | undefined;
                for (const entry of model) if (soonest === undefined || entry[1] < soonest[1]) soonest = entry;
                evictions++;
                model.delete((soonest as [string, number])[0]);
              }
              model.set(nonce, expiresAtMs);
            }
            expect(store.claim(nonce, expiresAtMs)).toBe(expected);
          }
          expect(store.evictions).toBe(evictions);
        });
        for (const [k, exp] of model) if (exp <= clock.now) model.delete(k);
        expect(store.size).toBe(model.size);
      }),
      { numRuns: 300, seed: 20240729 },
    );
  });
});

describe("MemoryNonceStore's order of expiry (a run of keys kept in order, and a heap for the others)", () => {
  it("behaves like a plain reference model over random begins, completions, abandons, renewals, claims and releases", () => {
    type Op =
      | { kind: "begin"; key: number; lease: number }
      | { kind: "complete"; key: number; token: number; retention: number }
      | { kind: "abandon"; key: number; token: number }
      | { kind: "renew"; key: number; token: number; lease: number }
      | { kind: "claim"; key: number; offset: number }
      | { kind: "release"; key: number }
      | { kind: "advance"; by: number }
      | { kind: "size" };
    const key = fc.nat(60);
    const op: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant("begin" as const), key, lease: fc.constantFrom(5, 30) }), weight: 6 },
      { arbitrary: fc.record({ kind: fc.constant("complete" as const), key, token: fc.nat(), retention: fc.constantFrom(20, 100, 400) }), weight: 5 },
      { arbitrary: fc.record({ kind: fc.constant("abandon" as const), key, token: fc.nat() }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant("renew" as const), key, token: fc.nat(), lease: fc.constantFrom(5, 30, 60) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("claim" as const), key, offset: fc.integer({ min: -5, max: 200 }) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("release" as const), key }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant("advance" as const), by: fc.nat(15) }), weight: 3 },
      { arbitrary: fc.constant({ kind: "size" as const }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(op, { maxLength: 600 }), (maxEntries, ops) => {
        let base = 0;
        const clock = { now: 0 };
        const store = new MemoryNonceStore({ now: () => clock.now, maxEntries });
        // The model: every live entry in a map, expired ones dropped eagerly, a linear search for the soonest.
        const model = new Map<string, { token: string | undefined; expiresAtMs: number }>();
        const tokens: { key: string; token: string }[] = [];
        let evictions = 0;
        // Full: the soonest to expire of the entries that hold no lease goes; full of leases, nothing
        // goes and the call throws (false: nothing was recorded).
        const insert = (k: string, token: string | undefined, expiresAtMs: number): boolean => {
          if (model.size >= maxEntries) {
            let soonest: [string, { expiresAtMs: number }] | undefined;
            for (const entry of model) {
              if (entry[1].token === undefined && (soonest === undefined || entry[1].expiresAtMs < soonest[1].expiresAtMs)) soonest = entry;
            }
            if (soonest === undefined) return false;
            evictions++;
            model.delete(soonest[0]);
          }
          model.set(k, { token, expiresAtMs });
          return true;
        };
        const full = /^\[webhook-signatures\] MemoryNonceStore is full of running attempts' leases/;
        ops.forEach((o, step) => {
          // A unique binary fraction per step (exact in a double): no two expiries tie, so the eviction victim is defined.
          clock.now = base + step / 1024;
          for (const [k, entry] of model) if (entry.expiresAtMs <= clock.now) model.delete(k);
          if (o.kind === "advance") base += o.by;
          else if (o.kind === "size") expect(store.size).toBe(model.size);
          else if (o.kind === "release") {
            store.release(`k${o.key}`);
            model.delete(`k${o.key}`);
          } else if (o.kind === "claim") {
            const k = `k${o.key}`;
            const expiresAtMs = clock.now + o.offset;
            const expected = !model.has(k);
            if (expected && expiresAtMs > clock.now && !insert(k, undefined, expiresAtMs)) expect(() => store.claim(k, expiresAtMs)).toThrow(full);
            else expect(store.claim(k, expiresAtMs)).toBe(expected);
          } else if (o.kind === "begin") {
            const k = `k${o.key}`;
            const held = model.get(k);
            if (held === undefined && !insert(k, "?", clock.now + o.lease)) {
              expect(() => store.begin(k, o.lease)).toThrow(full);
              return;
            }
            const result = store.begin(k, o.lease);
            if (held === undefined) {
              expect(result.state).toBe("claimed");
              const token = (result as { token: string }).token;
              tokens.push({ key: k, token });
              model.set(k, { token, expiresAtMs: clock.now + o.lease });
            } else if (held.token === undefined) expect(result).toEqual({ state: "done" });
            else expect(result).toEqual({ state: "in_progress", retryAfterMs: held.expiresAtMs - clock.now });
          } else {
            // A token the store gave (for this key or another, current or stale), or none at all.
            const given = tokens.length === 0 ? undefined : tokens[o.token % tokens.length];
            const k = given?.key ?? `k${o.key}`;
            const token = given?.token ?? "never-given";
            const held = model.get(k);
            const expected = held !== undefined && held.token === token;
            if (o.kind === "complete") {
              if (expected) model.set(k, { token: undefined, expiresAtMs: clock.now + o.retention });
              expect(store.complete(k, token, o.retention)).toBe(expected);
            } else if (o.kind === "renew") {
              if (expected) model.set(k, { token, expiresAtMs: clock.now + o.lease });
              expect(store.renew(k, token, o.lease)).toBe(expected);
            } else {
              if (expected) model.delete(k);
              expect(store.abandon(k, token)).toBe(expected);
            }
          }
          expect(store.evictions).toBe(evictions);
        });
        clock.now = base + ops.length / 1024;
        for (const [k, entry] of model) if (entry.expiresAtMs <= clock.now) model.delete(k);
        expect(store.size).toBe(model.size);
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });

  it("keeps every entry findable and in order after its run is compacted", () => {
    const { clock, store } = storeAt(0, 1_000);
    // 300 keys kept in order of expiry (the run), then most of them released: the run is rebuilt.
    for (let i = 0; i < 300; i++) expect(store.claim(`n${i}`, 1_000 + i)).toBe(true);
    for (let i = 0; i < 300; i++) if (i % 10 !== 0) store.release(`n${i}`);
    expect(store.size).toBe(30);
    // The 30 kept are still held, and each can still be released by itself after the rebuild.
    for (let i = 0; i < 300; i += 10) expect(store.claim(`n${i}`, 5_000)).toBe(false);
    store.release("n150");
    expect(store.claim("n150", 1_150)).toBe(true);
    expect(store.size).toBe(30);
    // They expire in order: at 1,100 the first eleven (n0 .. n100, the last expiring at 1,100) are gone.
    clock.now = 1_100;
    expect(store.size).toBe(19);
    expect(store.claim("n100", 5_000)).toBe(true);
    expect(store.claim("n110", 5_000)).toBe(false);
    // At 1,300 every key of the run has expired; only n100's new claim (until 5,000) is held.
    clock.now = 1_300;
    expect(store.size).toBe(1);
    expect(store.claim("n100", 5_000)).toBe(false);
  });

  it("frees the run's slots: a million attempts on a small store leave its memory where it was", () => {
    // Every begin below goes to the run (its lease expires no sooner than the last) and its abandon
    // frees the slot; without compaction the run would keep a slot per attempt (8 MB here).
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const store = new MemoryNonceStore({ maxEntries: 10, now: () => 0 });
    const attempt = (i: number) => {
      const key = `k${i}`;
      const begun = store.begin(key, 1_000);
      if (begun.state !== "claimed" || !store.abandon(key, begun.token)) throw new Error(`attempt ${i} failed`);
    };
    for (let i = 0; i < 10_000; i++) attempt(i); // warm-up: compiled code, the Map at its size
    gc();
    const before = memoryUsage().heapUsed;
    for (let i = 0; i < 1_000_000; i++) attempt(i);
    gc();
    expect(memoryUsage().heapUsed - before).toBeLessThan(2_000_000);
    expect(store.size).toBe(0);
  });

  it("keeps an entry of a long key within the documented bytes: its digest is one flat string, not a chain of pieces (issue 25, item 5)", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const entries = 40_000;
    const filler = "x".repeat(200);
    const fill = (store: MemoryNonceStore, from: number) => {
      for (let i = from; i < from + entries; i++) {
        const key = `${filler}${i}`;
        const begun = store.begin(key, 300_000) as { token: string };
        if (!store.complete(key, begun.token, 86_400_000)) throw new Error(`key ${i} not completed`);
      }
    };
    fill(new MemoryNonceStore({ maxEntries: 1_000, now: () => 0 }), 0); // warm-up: compiled code
    gc();
    gc();
    const before = memoryUsage().heapUsed;
    const store = new MemoryNonceStore({ maxEntries: entries, now: () => 0 });
    fill(store, entries);
    gc();
    gc();
    const perEntry = (memoryUsage().heapUsed - before) / store.size;
    expect(store.size).toBe(entries);
    expect(perEntry).toBeLessThan(MEMORY_NONCE_STORE_MAX_BYTES_PER_ENTRY);
  });

  it("evicts the entry that expires soonest, whether it is in the run or the heap", () => {
    const { store } = storeAt(0, 3);
    expect(store.claim("a", 100)).toBe(true); // the run
    expect(store.claim("b", 200)).toBe(true); // the run
    expect(store.claim("c", 50)).toBe(true); // sooner than the run's last: the heap
    expect(store.claim("d", 300)).toBe(true); // full: c goes (the heap's top)
    expect(store.evictions).toBe(1);
    expect(store.claim("a", 100)).toBe(false);
    expect(store.claim("c", 50)).toBe(true); // forgotten: claimed again, evicting a (the run's first)
    expect(store.claim("b", 200)).toBe(false);
    expect(store.claim("a", 100)).toBe(true); // a was evicted; c (50) goes now
    expect(store.claim("c", 50)).toBe(true);
    expect(store.evictions).toBe(4);
  });

  it("keeps keys whose clock stepped back, each until its own expiry", () => {
    const { clock, store } = storeAt(1_000);
    const late = store.begin("late", 1_000); // expires at 2,000
    clock.now = 0; // the clock steps back: the next lease expires sooner than the run's last
    const early = store.begin("early", 1_000); // expires at 1,000
    expect([late.state, early.state]).toEqual(["claimed", "claimed"]);
    clock.now = 999;
    expect(store.begin("early", 1_000)).toEqual({ state: "in_progress", retryAfterMs: 1 });
    clock.now = 1_000;
    expect(store.size).toBe(1);
    expect(store.begin("early", 1_000).state).toBe("claimed");
    expect(store.begin("late", 1_000)).toEqual({ state: "in_progress", retryAfterMs: 1_000 });
  });
});

describe("MemoryNonceStore when full: a running attempt's lease is never evicted (issue 25, item 2)", () => {
  it("evicts a done key, not the lease of a running delivery: its retry is in progress, not run a second time", () => {
    const { clock, store } = storeAt(0, 3);
    const running = store.begin("running", 300_000);
    expect(running.state).toBe("claimed");
    for (const key of ["done-1", "done-2"]) {
      const begun = store.begin(key, 300_000) as { token: string };
      expect(store.complete(key, begun.token, 86_400_000)).toBe(true);
    }
    expect(store.begin("new", 300_000).state).toBe("claimed"); // full: done-1 goes, the soonest of the done keys
    expect(store.evictions).toBe(1);
    clock.now = 1_000;
    expect(store.begin("running", 300_000)).toEqual({ state: "in_progress", retryAfterMs: 299_000 });
    expect(store.begin("done-2", 300_000)).toEqual({ state: "done" });
    expect(store.begin("done-1", 300_000).state).toBe("claimed"); // evicted before: begun again, it takes done-2's place
    expect(store.evictions).toBe(2);
    expect(store.complete("running", (running as { token: string }).token, 86_400_000)).toBe(true);
  });

  it("full of running leases only: begin and claim throw (unavailable: 503), evict nothing and record nothing", () => {
    const { clock, store } = storeAt(0, 2);
    const a = store.begin("a", 1_000) as { token: string };
    store.begin("b", 2_000);
    for (const call of [() => store.begin("c", 1_000), () => store.claim("c", 5_000)]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        "[webhook-signatures] MemoryNonceStore is full of running attempts' leases (maxEntries 2): none is evicted, so this key cannot be held now; answer 503 so the provider retries, and raise maxEntries.",
      );
    }
    expect(store.evictions).toBe(0);
    expect(store.size).toBe(2);
    expect(store.begin("a", 1_000).state).toBe("in_progress");
    expect(store.begin("b", 1_000).state).toBe("in_progress");
    expect(store.complete("a", a.token, 10_000)).toBe(true); // a done key can make room again
    expect(store.begin("c", 1_000).state).toBe("claimed"); // a (done) is evicted
    expect(store.evictions).toBe(1);
    expect(() => store.begin("a", 1_000)).toThrow(/full of running attempts' leases/); // b's and c's leases again
    clock.now = 1_000; // c's lease ends: room again
    expect(store.claim("d", 5_000)).toBe(true);
    expect(store.evictions).toBe(1);
  });

  it("full of running leases: the error is a NonceStoreError with code full, naming the operation", () => {
    const { store } = storeAt(0, 1);
    store.begin("a", 1_000);
    for (const [operation, call] of [["begin", () => store.begin("b", 1_000)], ["claim", () => store.claim("b", 5_000)]] as const) {
      const error = thrown(call);
      expect(error, operation).toBeInstanceOf(NonceStoreError);
      expect(error).toMatchObject({ name: "NonceStoreError", code: "full", operation });
      expect(error).not.toHaveProperty("cause");
    }
  });

  it("answers 503 unavailable through runOnce when full of running attempts, and runs nothing", async () => {
    const store = new MemoryNonceStore({ maxEntries: 1 });
    let finish!: () => void;
    const first = runOnce({ store, key: "one", handler: () => new Promise<void>((resolve) => (finish = resolve)) });
    let runs = 0;
    const second = await runOnce({ store, key: "two", handler: () => runs++ });
    expect(second).toMatchObject({ status: "unavailable", httpStatus: 503 });
    expect(runs).toBe(0);
    finish();
    expect(await first).toMatchObject({ status: "processed", recorded: true });
  });
});

describe("MemoryNonceStore with expired entries still held", () => {
  it("lets a nonce be claimed again once expired, even while it is still held (not yet dropped)", () => {
    let now = 0;
    const store = new MemoryNonceStore({ now: () => now });
    expect(store.claim("a", 100)).toBe(true);
    expect(store.claim("b", 101)).toBe(true);
    expect(store.claim("c", 102)).toBe(true);
    expect(store.claim("d", 103)).toBe(true);
    expect(store.claim("d", 500)).toBe(false);
    now = 200;
    // Claiming drops at most two expired entries first (a, b): d is expired but still held.
    expect(store.claim("d", 300)).toBe(true);
    expect(store.claim("d", 300)).toBe(false);
    expect(store.claim("c", 300)).toBe(true);
    now = 300;
    expect(store.claim("d", 400)).toBe(true);
  });
});

