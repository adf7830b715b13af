// The receiver on Web Crypto: the same core and doors as webhook-signatures/receiver, over the
// /web verify functions. No `node:` module: Workers, Deno, Bun, Vercel Edge.
import { createReceiverWith } from "../receiver/core.js";
import type { Verifiers } from "../receiver/providers.js";
import type { ReceiverFor, ReceiverOptions, TikinowChannel } from "../receiver/types.js";
import { deliveryKeyFromBody } from "../replay/run-once.js";
import { verifyHmacBase64 } from "./schemes/ewarehousing.js";
import { verifyMwSignature } from "./schemes/mobility-work.js";
import { verifyBasicAuth } from "./schemes/tiki-basic.js";
import { verifyHmacHex } from "./schemes/tilby.js";
import { verifyTikiSha1 } from "./schemes/tikinow.js";

/** Hex digits as unpadded base64url (43 characters for a SHA-256): keys stay under the stores' 64-character plain form. */
function base64url(hex: string): string {
  let binary = "";
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const verifiers: Verifiers = {
  verifyTikiSha1,
  verifyBasicAuth,
  verifyMwSignature,
  verifyHmacHex,
  verifyHmacBase64,
  bodyKey: (body) => `body:${base64url(deliveryKeyFromBody(body).slice("sha256:".length))}`,
};

/** A receiver for one route, verifying with Web Crypto: see `createReceiver` in webhook-signatures/receiver. Use `receiver.fetch`. */
export function createReceiver<const O extends ReceiverOptions<C>, C extends TikinowChannel = TikinowChannel>(options: O): ReceiverFor<O> {
  return createReceiverWith(verifiers, options) as unknown as ReceiverFor<O>;
}
