// One receiver for the whole Next.js app. Next bundles each route on its own, so module state
// is not shared between routes: keep the receiver (its nonce store, the /seen list) on
// globalThis, created on the first request (never at build time, when secrets may be unset).
import { type Webhooks, createWebhooks } from "../../shared/webhooks.js";

const slot = globalThis as typeof globalThis & { webhookSignaturesExample?: Webhooks };

export function webhooks(): Webhooks {
  return (slot.webhookSignaturesExample ??= createWebhooks());
}
