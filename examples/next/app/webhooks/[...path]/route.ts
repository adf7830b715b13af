// webhook-signatures/receiver in a Next.js App Router route handler: /webhooks/<provider>.
// receiver.fetch takes the untouched Request and reads its body itself; request.json() before
// it would consume the body (see app/wrong-way). GET is exported too, so that it is answered 405.
import { webhooks } from "../../../lib/webhooks.js";

function handle(request: Request): Promise<Response> | Response {
  const receiver = webhooks().routes[new URL(request.url).pathname];
  return receiver === undefined ? new Response(null, { status: 404 }) : receiver.fetch(request);
}

export { handle as GET, handle as POST };
