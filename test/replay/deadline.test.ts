import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cancel, monotonicNow, schedule } from "../../src/replay/deadline.js";

describe("deadlines on one timer per length", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires each deadline at its time, in order, and never one that was cancelled", () => {
    const fired: string[] = [];
    const start = monotonicNow();
    const a = schedule(100, start, () => fired.push("a"));
    vi.advanceTimersByTime(10);
    schedule(100, monotonicNow(), () => fired.push("b"));
    const c = schedule(100, monotonicNow(), () => fired.push("c"));
    vi.advanceTimersByTime(10);
    schedule(100, monotonicNow(), () => fired.push("d"));
    cancel(c);
    vi.advanceTimersByTime(79);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(["a"]);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a", "b"]);
    cancel(a); // already fired: nothing changes
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["a", "b", "d"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("puts a deadline due before the queue's end in its place, and arms the timer sooner for it", () => {
    const fired: string[] = [];
    const start = monotonicNow();
    schedule(200, start + 50, () => fired.push("late"));
    schedule(200, start, () => fired.push("early")); // its begin answered after the other's
    schedule(200, start + 20, () => fired.push("middle"));
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(["early"]);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(["early", "middle", "late"]);
  });

  it("keeps a queue short when calls end out of order: spent entries go once the head passes them", () => {
    const fired: number[] = [];
    const start = monotonicNow();
    const deadlines = Array.from({ length: 3000 }, (_, i) => schedule(300, start + i, () => fired.push(i)));
    // The first one stays pending; the next 2,000 end in time; then the first one ends too.
    for (const deadline of deadlines.slice(1, 2001)) cancel(deadline);
    cancel(deadlines[0]!);
    vi.advanceTimersByTime(300 + 2000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(999);
    expect(fired).toEqual(Array.from({ length: 999 }, (_, i) => 2001 + i));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps separate queues for separate lengths", () => {
    const fired: string[] = [];
    schedule(1_000, monotonicNow(), () => fired.push("long"));
    schedule(10, monotonicNow(), () => fired.push("short"));
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(["short"]);
    vi.advanceTimersByTime(990);
    expect(fired).toEqual(["short", "long"]);
  });

  it("runs on a monotonic clock: a wall clock stepped back 10 s delays no deadline, even one armed after the step", () => {
    const fired: string[] = [];
    schedule(200, monotonicNow(), () => fired.push("first"));
    vi.advanceTimersByTime(100);
    schedule(200, monotonicNow(), () => fired.push("second"));
    vi.setSystemTime(Date.now() - 10_000);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["first"]);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["first", "second"]);
  });

  it("fires the head the timer was armed for even when the clock was set back meanwhile", () => {
    const fired: string[] = [];
    const start = monotonicNow();
    schedule(50, start, () => fired.push("head"));
    vi.setSystemTime(Date.now() - 10_000);
    vi.advanceTimersByTime(50);
    expect(fired).toEqual(["head"]);
  });
});

describe("where a timer belongs to a request (Workers) or is a number (Deno)", () => {
  let deadlines: typeof import("../../src/replay/deadline.js");
  beforeEach(async () => {
    vi.useFakeTimers();
    // Deno's setTimeout: a number, no unref. The module finds out on its first deadline, so this
    // test takes a fresh copy of it.
    const fakeSetTimeout = globalThis.setTimeout;
    vi.stubGlobal("setTimeout", (run: () => void, ms?: number) => Number(fakeSetTimeout(run, ms)));
    vi.resetModules();
    deadlines = await import("../../src/replay/deadline.js");
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("gives each deadline its own timer, cleared when the call ends in time", () => {
    const { cancel, monotonicNow, schedule } = deadlines;
    const fired: string[] = [];
    vi.advanceTimersByTime(10);
    const kept = schedule(100, monotonicNow(), () => fired.push("kept"));
    vi.setSystemTime(Date.now() - 10_000); // a wall-clock step changes nothing
    const ended = schedule(100, monotonicNow(), () => fired.push("ended"));
    expect(kept.queue).toBeUndefined();
    expect(typeof kept.timer).toBe("number");
    expect(vi.getTimerCount()).toBe(2);
    cancel(ended);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(["kept"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
