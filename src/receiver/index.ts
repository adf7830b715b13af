// webhook-signatures/receiver: one receiver per route (a provider; for TikiNOW, a channel) that
// reads the raw body, verifies it (node:crypto), parses it, runs the typed handlers once per
// delivery through the at-least-once layer, and answers as the provider asks. Doors for Node
// (`receiver.node`: node:http, Express, Koa, Fastify) and Fetch (`receiver.fetch`).
// The same receiver on Web Crypto (Workers, Deno, Bun) is `createReceiver` from webhook-signatures/web.
import { createHash } from "node:crypto";
import { verifyHmacBase64 } from "../schemes/ewarehousing.js";
import { verifyMwSignature } from "../schemes/mobility-work.js";
import { verifyBasicAuth } from "../schemes/tiki-basic.js";
import { verifyHmacHex } from "../schemes/tilby.js";
import { verifyTikiSha1 } from "../schemes/tikinow.js";
import { createReceiverWith } from "./compose.js";
import type { Verifiers } from "./providers.js";
import type { ReceiverFor, ReceiverOptions, TikinowChannel } from "./types.js";

const verifiers: Verifiers = {
  verifyTikiSha1,
  verifyBasicAuth,
  verifyMwSignature,
  verifyHmacHex,
  verifyHmacBase64,
  sha256Hex: (body) => createHash("sha256").update(body).digest("hex"),
};

/**
 * A receiver for one route. `provider` picks the scheme, the parser and the events; `on(event,
 * handler)` adds typed handlers; `receiver.node` / `receiver.fetch` plug it into a framework.
 * Throws a TypeError naming the option for a mistake in `options`.
 */
export function createReceiver<const O extends ReceiverOptions<C>, C extends TikinowChannel = TikinowChannel>(options: O): ReceiverFor<O> {
  return createReceiverWith(verifiers, options) as unknown as ReceiverFor<O>;
}

export { RECEIVER_DEFAULT_BODY_TIMEOUT_MS, RECEIVER_DEFAULT_DEADLINE_MS, RECEIVER_DEFAULT_MAX_BODY_BYTES } from "./core.js";
export { TILBY_DEFAULT_SIGNATURE_HEADER } from "./providers.js";
export { errorCode } from "./answers.js";
export type {
  Answer,
  CommonReceiverOptions,
  Delivery,
  DeliveryContext,
  DeliveryHandler,
  EwarehousingEventName,
  EwarehousingEvents,
  EwarehousingReceiverOptions,
  MwEvents,
  MwReceiverOptions,
  NodeRequestLike,
  NodeResponseLike,
  ProviderEvents,
  ProviderVerified,
  Receiver,
  ReceiverFor,
  ReceiverOptions,
  ReceiverProvider,
  ReceiverRequest,
  Refusal,
  RefusalReason,
  SecretOption,
  TenantSecret,
  TikiEvents,
  TikiReceiverOptions,
  TikinowChannel,
  TikinowEvents,
  TikinowReceiverOptions,
  TilbyEvents,
  TilbyKnownEntity,
  TilbyReceiverOptions,
  WaitUntilContext,
} from "./types.js";
