// The event router: which handlers a delivery's event runs, in which order, and running them
// (synchronously while they are synchronous, so that a sync handler on a sync store is answered
// without a turn of the event loop). Knows no delivery, no store and no HTTP.
import { argumentError, describe } from "../lib/errors.js";
import { isThenable } from "../replay/run-once.js";

/** A handler, as the router runs it: one argument (the delivery's context), any result. */
export type RoutedHandler<C> = (context: C) => unknown;

/** Event names come from the network: the cache of chosen handlers holds at most this many. */
const CHOSEN_CACHE_LIMIT = 1000;

export interface Router<C> {
  /** Adds a handler for an event (`"*"`: every event), after those it already has. */
  on(event: string, handler: RoutedHandler<C>): void;
  /** The handlers an event runs: its own in the order added, then the `"*"` ones. */
  handlersFor(event: string): ReadonlyArray<RoutedHandler<C>>;
}

export function createRouter<C>(): Router<C> {
  const handlers = new Map<string, Array<RoutedHandler<C>>>();
  // Computed once per event name until on() adds a handler.
  const chosenCache = new Map<string, ReadonlyArray<RoutedHandler<C>>>();
  return {
    on(event, handler) {
      if (typeof event !== "string" || event === "") throw argumentError("event", `must be a non-empty string, got ${describe(event)}`);
      if (typeof handler !== "function") throw argumentError("handler", `must be a function, got ${describe(handler)}`);
      const list = handlers.get(event);
      if (list === undefined) handlers.set(event, [handler]);
      else list.push(handler);
      chosenCache.clear();
    },
    handlersFor(event) {
      let chosen = chosenCache.get(event);
      if (chosen === undefined) {
        chosen = [...(handlers.get(event) ?? []), ...(event === "*" ? [] : (handlers.get("*") ?? []))];
        if (chosenCache.size < CHOSEN_CACHE_LIMIT) chosenCache.set(event, chosen);
      }
      return chosen;
    },
  };
}

/**
 * Runs handlers one after the other with one context: synchronously until one returns a
 * promise, then awaiting each. Rejects (or throws) with the first handler's error, after
 * `onError` was told it (so that the caller can tell a handler's error from its own).
 */
export function runHandlers<C>(chosen: ReadonlyArray<RoutedHandler<C>>, context: C, onError: (error: unknown) => void): void | Promise<void> {
  for (let index = 0; index < chosen.length; index++) {
    let returned: unknown;
    try {
      returned = (chosen[index] as RoutedHandler<C>)(context);
    } catch (error) {
      onError(error);
      throw error;
    }
    if (isThenable(returned)) return runRest(chosen, context, onError, returned, index + 1);
  }
}

async function runRest<C>(chosen: ReadonlyArray<RoutedHandler<C>>, context: C, onError: (error: unknown) => void, pending: PromiseLike<unknown>, from: number): Promise<void> {
  try {
    await pending;
    for (let index = from; index < chosen.length; index++) {
      const returned = (chosen[index] as RoutedHandler<C>)(context);
      if (isThenable(returned)) await returned;
    }
  } catch (error) {
    onError(error);
    throw error;
  }
}
