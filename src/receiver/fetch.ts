// The Fetch door, `(Request) => Promise<Response>`: Hono (`c.req.raw`), Next.js route handlers,
// Bun, Deno, Cloudflare Workers. It reads `request.body` with a counting reader (never
// `arrayBuffer()` of an unbounded body: it stops and cancels the stream past the limit).
import { type Core, DISCARD_LIMIT_BYTES } from "./core.js";
import type { Answer, WaitUntilContext } from "./types.js";

type Read = { body: Uint8Array } | "too_large" | "broken";

/**
 * After a 413, what the client still sends is read and thrown away before the answer, up to
 * {@link DISCARD_LIMIT_BYTES}, so that the client gets to read the answer: workerd and
 * @hono/node-server reset the connection when a Response is returned (or the body cancelled)
 * mid-upload, and the client then sees a reset instead of the 413. Past the bound, the stream is
 * cancelled. Nothing of it is kept: memory stays at one chunk.
 */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
      if (dropped > DISCARD_LIMIT_BYTES) return void (await reader.cancel());
    }
  } catch {
    // the client went away, or the source failed to cancel: nothing to do
  }
}

async function readCapped(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Read> {
  if (stream === null) return { body: new Uint8Array(0) };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > limit) {
        await discard(reader);
        return "too_large";
      }
      chunks.push(value);
    }
  } catch {
    return "broken";
  }
  if (chunks.length === 1) return { body: chunks[0]! };
  const body = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return { body };
}

async function answerFor(core: Core, request: Request, waitUntil: ((promise: Promise<unknown>) => void) | undefined): Promise<Answer> {
  const url = request.url;
  const early = core.preflight(request.method, url, request.headers.get("content-length") ?? undefined);
  if (early !== undefined) return early;
  if (request.bodyUsed) {
    return core.refuse(
      url,
      500,
      "body_consumed",
      "The Request body was already read (request.json(), .text() or .arrayBuffer() ran before the receiver): hand the receiver the untouched Request.",
    );
  }
  const read = await readCapped(request.body, core.maxBodyBytes);
  if (read === "too_large") return core.tooLarge(url);
  if (read === "broken") return core.refuse(url, 400, "body_unreadable", "The request body stream broke before its end.");
  return core.receive({ method: "POST", url, headers: request.headers, body: read.body, ...(waitUntil === undefined ? {} : { waitUntil }) });
}

/** `ctx.waitUntil`, bound, when the third argument has one (a Worker's ctx); Bun and Deno pass other things, or nothing. */
function waitUntilOf(ctx: unknown): ((promise: Promise<unknown>) => void) | undefined {
  const waitUntil = (ctx as { waitUntil?: unknown } | null | undefined)?.waitUntil;
  return typeof waitUntil === "function" ? (promise) => void waitUntil.call(ctx, promise) : undefined;
}

/** The Fetch door over a core. */
export function fetchDoor(core: Core): (request: Request, env?: unknown, ctx?: WaitUntilContext) => Promise<Response> {
  return async (request, _env, ctx) => {
    const answer = await answerFor(core, request, waitUntilOf(ctx));
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}
