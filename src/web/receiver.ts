// The receiver on Web Crypto: the same core and doors as webhook-signatures/receiver, over the
// /web verify functions. No `node:` module: Workers, Deno, Bun, Vercel Edge.
import type { ReceiverFor, ReceiverOptions } from "../providers/index.js";
import { webVerifiers } from "../providers/web.js";
import { createReceiverWith } from "../receiver/compose.js";

/** A receiver for one route, verifying with Web Crypto: see `createReceiver` in webhook-signatures/receiver. Use `receiver.fetch`. */
export function createReceiver<const O extends ReceiverOptions>(options: O): ReceiverFor<O> {
  return createReceiverWith(webVerifiers, options);
}
