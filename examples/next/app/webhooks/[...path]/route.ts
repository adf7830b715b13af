// webhook-signatures in a Next.js App Router route handler: POST /webhooks/<provider>.
// request.arrayBuffer() gives the bytes sent; request.json() would parse them and lose them
// (see app/wrong-way). request.headers is the Fetch Headers object: pass it as it is.
import { isWebhookPath } from "../../../../shared/webhooks.js";
import { webhooks } from "../../../lib/webhooks.js";

export async function POST(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (!isWebhookPath(path)) return Response.json({ success: false, error: { code: "not_found" } }, { status: 404 });
  const body = await request.arrayBuffer(); // the raw bytes, exactly as sent
  const reply = await webhooks().receive(path, { body, headers: request.headers });
  return Response.json(reply.body, { status: reply.status });
}
