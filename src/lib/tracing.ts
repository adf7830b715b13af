// Tracing through diagnostics_channel, without importing it: `process.getBuiltinModule` (Node
// ≥ 20.16, Bun, Deno) hands it over where it exists, so that this
// module, the receiver's core and runOnce stay free of `node:` imports and run everywhere. Where
// it is missing, there is no channel, and tracing costs one comparison.
//
// One sequence for every traced operation, whether its value came at once or later:
// start → end → [error] → asyncStart → asyncEnd, all with the same context object, complete from
// asyncStart on (a subscriber ends its span there). The operation runs inside `start.runStores`,
// so that a subscriber's `start.bindStore(als, …)` is the active store in what it calls (the
// receiver's handlers). A context is only built when someone subscribes.

/** What this module uses of a diagnostics_channel Channel (Node 20, Bun and Deno have it). */
interface ChannelLike {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
  runStores<T>(context: object, fn: () => T): T;
}

/** What this module uses of a TracingChannel (its own `hasSubscribers` is missing on Bun). */
export interface TracingLike {
  readonly start: ChannelLike;
  readonly end: ChannelLike;
  readonly asyncStart: ChannelLike;
  readonly asyncEnd: ChannelLike;
  readonly error: ChannelLike;
}

/** The field a traced operation's failure is put in, as Node's own `tracePromise` does. */
export interface TracedContext {
  error?: unknown;
}

type BuiltinModules = { getBuiltinModule?: (id: string) => unknown };

/**
 * The tracing channel `name`, or undefined where diagnostics_channel is not there. Asked
 * without the `node:` prefix: the /web bundle carries no `node:` text.
 */
export function tracingChannel(name: string): TracingLike | undefined {
  try {
    const process = (globalThis as { process?: BuiltinModules }).process;
    const module = process?.getBuiltinModule?.("diagnostics_channel") as { tracingChannel?: (name: string) => TracingLike } | undefined;
    // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent; without the module the call throws, and the catch below answers undefined
    return typeof module?.tracingChannel === "function" ? module.tracingChannel(name) : undefined;
  } catch {
    // a runtime whose getBuiltinModule throws traces nothing
  }
  return undefined;
}

/** Whether anyone listens to any of the channel's five events: checked before a context is built. */
export function subscribed(channel: TracingLike | undefined): channel is TracingLike {
  return (
    channel !== undefined &&
    (channel.start.hasSubscribers || channel.end.hasSubscribers || channel.asyncStart.hasSubscribers || channel.asyncEnd.hasSubscribers || channel.error.hasSubscribers)
  );
}

/** The end of a sequence: error (when the context has one), asyncStart, asyncEnd. */
function finish(channel: TracingLike, context: TracedContext): void {
  if (context.error !== undefined) channel.error.publish(context);
  channel.asyncStart.publish(context);
  channel.asyncEnd.publish(context);
}

/** A whole sequence at once, for an operation that ran nothing (a door's refusal, decided before the body). */
export function published(channel: TracingLike, context: TracedContext): void {
  channel.start.publish(context);
  channel.end.publish(context);
  finish(channel, context);
}

/**
 * Runs `call` inside the channel's stores and publishes its sequence: `settle` fills the context
 * from the value (at once, or when the promise resolves); a throw or a rejection is put in
 * `context.error` and passed on unchanged.
 */
export function traced<C extends TracedContext, R>(channel: TracingLike, context: C, call: () => R, settle: (context: C, value: Awaited<R>) => void): R {
  let returned: R;
  try {
    returned = channel.start.runStores(context, call);
  } catch (error) {
    context.error = error;
    channel.end.publish(context);
    finish(channel, context);
    throw error;
  }
  channel.end.publish(context);
  if (typeof (returned as { then?: unknown } | null | undefined)?.then !== "function") {
    settle(context, returned as Awaited<R>);
    finish(channel, context);
    return returned;
  }
  return Promise.resolve(returned).then(
    (value) => {
      settle(context, value);
      finish(channel, context);
      return value;
    },
    (error: unknown) => {
      context.error = error;
      finish(channel, context);
      throw error;
    },
  ) as R;
}
