// Demo aid: what the webhook handlers processed.
import { webhooks } from "../../lib/webhooks.js";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(webhooks().seen());
}
