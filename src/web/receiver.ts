// The receiver on Web Crypto: the same core and doors as webhook-signatures/receiver, over the
// /web verify functions. No `node:` module: Workers, Deno, Bun, Vercel Edge.
import { createReceiverWith } from "../receiver/compose.js";
import type { Verifiers } from "../receiver/providers.js";
import type { ReceiverFor, ReceiverOptions, TikinowChannel } from "../receiver/types.js";
import { sha256Hex } from "../replay/sha256.js";
import { verifyHmacBase64 } from "./schemes/ewarehousing.js";
import { verifyMwSignature } from "./schemes/mobility-work.js";
import { verifyBasicAuth } from "./schemes/tiki-basic.js";
import { verifyHmacHex } from "./schemes/tilby.js";
import { verifyTikiSha1 } from "./schemes/tikinow.js";

const verifiers: Verifiers = {
  verifyTikiSha1,
  verifyBasicAuth,
  verifyMwSignature,
  verifyHmacHex,
  verifyHmacBase64,
  sha256Hex,
};

/** A receiver for one route, verifying with Web Crypto: see `createReceiver` in webhook-signatures/receiver. Use `receiver.fetch`. */
export function createReceiver<const O extends ReceiverOptions<C>, C extends TikinowChannel = TikinowChannel>(options: O): ReceiverFor<O> {
  return createReceiverWith(verifiers, options) as unknown as ReceiverFor<O>;
}
