// Deadlines for runOnce, on one timer per deadline length instead of one timer per call.
//
// A receiver gives every delivery the same `deadlineMs`, so the deadlines of its calls fall due
// in about the order the calls made them: a queue per length, kept sorted by insertion from its
// end (a step or two at most), and one timer armed for its head. A call that ends in time only
// marks its entry; ended entries at the head are dropped at once, the others when the head
// reaches them. A setTimeout and a clearTimeout per call cost more than the rest of runOnce.
//
// Only where timers belong to the process and can stop holding it (Node, Bun: `unref`). On
// Workers a timer belongs to the request that set it and ends with it, so a shared one could die
// with another request: there (and on Deno, whose timer ids are numbers) each call has its own.
//
// Times are read from a monotonic clock (`performance.now()`, on Node, Bun, Deno and Workers):
// a wall clock stepped back or forth (NTP, a VM resumed) neither delays nor fires a deadline.

/** Milliseconds on a monotonic clock, for deadlines only (not comparable with `Date.now()`). */
export function monotonicNow(): number {
  return performance.now();
}

/** One pending deadline: `fire` runs at `at` (ms on {@link monotonicNow}'s clock) unless cancelled first. */
export interface Deadline {
  readonly at: number;
  fire: (() => void) | undefined;
  /** Its queue, where timers are shared; else its own timer. */
  readonly queue: Queue | undefined;
  readonly timer?: ReturnType<typeof setTimeout>;
}

interface Queue {
  readonly entries: Deadline[];
  /** Index of the first entry still in the queue (the entries before it are spent). */
  head: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The `at` the timer is armed for. */
  armedFor: number;
}

const queues = new Map<number, Queue>();

/** Whether setTimeout gives a process-wide timer that can stop holding the process; found on first use. */
let processTimers: boolean | undefined;

function timersBelongToProcess(): boolean {
  const probe = setTimeout(String, 0); // never runs: cleared at once
  clearTimeout(probe);
  return typeof probe === "object" && probe !== null && typeof (probe as { unref?: unknown }).unref === "function";
}

/** Past this many spent entries at its front, and when they are most of it, a queue is compacted. */
const COMPACT_AFTER = 1024;

/**
 * Calls `fire` once `lengthMs` have passed since `startedAt` ({@link monotonicNow} at the call), unless
 * `cancel` comes first. `lengthMs` names the queue: use the caller's configured deadline.
 */
export function schedule(lengthMs: number, startedAt: number, fire: () => void): Deadline {
  processTimers ??= timersBelongToProcess();
  if (!processTimers) {
    const deadline: Deadline = { at: startedAt + lengthMs, fire, queue: undefined, timer: setTimeout(() => deadline.fire?.(), Math.max(0, startedAt + lengthMs - monotonicNow())) };
    return deadline;
  }
  let queue = queues.get(lengthMs);
  if (queue === undefined) {
    queue = { entries: [], head: 0, timer: undefined, armedFor: 0 };
    queues.set(lengthMs, queue);
  }
  const deadline: Deadline = { at: startedAt + lengthMs, fire, queue };
  const { entries } = queue;
  // Sorted by `at`: a call whose store answered `begin` later than the next one's goes back a step.
  let index = entries.length;
  while (index > queue.head && (entries[index - 1] as Deadline).at > deadline.at) index--;
  if (index === entries.length) entries.push(deadline);
  else entries.splice(index, 0, deadline);
  if (queue.timer === undefined || queue.armedFor > deadline.at) arm(queue, deadline.at);
  else refTimer(queue.timer);
  return deadline;
}

/** Forgets a deadline that is no longer needed (the call ended in time). */
export function cancel(deadline: Deadline): void {
  deadline.fire = undefined;
  const { queue } = deadline;
  if (queue === undefined) return clearTimeout(deadline.timer);
  dropSpent(queue);
  // Nothing pending: the armed timer must not keep the process alive. When it fires, it finds
  // nothing due and is not armed again.
  if (queue.head === queue.entries.length && queue.timer !== undefined) unrefTimer(queue.timer);
}

function dropSpent(queue: Queue): void {
  const { entries } = queue;
  while (queue.head < entries.length && (entries[queue.head] as Deadline).fire === undefined) queue.head++;
  if (queue.head === entries.length) {
    entries.length = 0;
    queue.head = 0;
  } else if (queue.head > COMPACT_AFTER && queue.head * 2 > entries.length) {
    entries.splice(0, queue.head);
    queue.head = 0;
  }
}

function arm(queue: Queue, at: number): void {
  if (queue.timer !== undefined) clearTimeout(queue.timer);
  queue.armedFor = at;
  queue.timer = setTimeout(() => due(queue), Math.max(0, at - monotonicNow()));
}

/** The timer fired: every deadline up to the one it was armed for (or up to now) is due. */
function due(queue: Queue): void {
  queue.timer = undefined;
  const until = Math.max(queue.armedFor, monotonicNow());
  const { entries } = queue;
  while (queue.head < entries.length) {
    const deadline = entries[queue.head] as Deadline;
    if (deadline.fire !== undefined && deadline.at > until) break;
    queue.head++;
    const fire = deadline.fire;
    deadline.fire = undefined;
    fire?.();
  }
  dropSpent(queue);
  const next = entries[queue.head];
  if (next !== undefined) arm(queue, next.at);
}

/** What setTimeout gives where timers are shared (Node, Bun: see timersBelongToProcess). */
interface ProcessTimer {
  ref(): unknown;
  unref(): unknown;
}

// The timer is `unknown` here because its declared type is the platform's (Node's Timeout, a
// number in Deno's types, which JSR checks against); only process timers ever reach these.
function refTimer(timer: unknown): void {
  (timer as ProcessTimer).ref();
}
function unrefTimer(timer: unknown): void {
  (timer as ProcessTimer).unref();
}
