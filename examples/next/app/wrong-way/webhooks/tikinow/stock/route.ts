// THE CLASSIC MISTAKE, kept as evidence for the README (test/examples/next.test.ts): POST
// /wrong-way/webhooks/tikinow/stock. Do not copy this route: see app/webhooks. request.json()
// parses the body, the raw bytes are gone, and the body is serialised again for verification:
// a genuine delivery fails with 401 signature_mismatch.
import { verifyTikiSha1 } from "webhook-signatures";

export async function POST(request: Request): Promise<Response> {
  const payload: unknown = await request.json(); // WRONG for webhooks: parse after verifying
  const secret = process.env.TIKINOW_SECRET ?? "";
  const result = verifyTikiSha1({ body: JSON.stringify(payload), secret, headers: request.headers }); // WRONG
  if (!result.ok) return Response.json({ success: false, error: { code: result.reason } }, { status: 401 });
  return Response.json({ success: true });
}
