// The Fetch door, `(Request) => Promise<Response>`: Hono (`c.req.raw`), Next.js route handlers,
// Bun, Deno, Cloudflare Workers. It reads `request.body` with a counting reader (never
// `arrayBuffer()` of an unbounded body: it stops and cancels the stream past the limit, and at
// `bodyTimeoutMs`).
import { type Core, DISCARD_LIMIT_BYTES, callHook } from "../core.js";
import type { Answer, WaitUntilContext } from "../types.js";

const CONSUMED =
  "The Request body was already read or locked (request.json(), .text(), .arrayBuffer() or body.getReader() ran before the receiver): " +
  "hand the receiver the untouched Request.";
const CLIENT_GONE =
  "The client went away (the Request's signal is aborted) before the receiver ran: nothing can be answered; " +
  "a provider retries a delivery it got no answer for.";

type Read = { body: Uint8Array } | "too_large" | "timeout" | "broken";

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

/**
 * Reads the stream to its end, or stops past `limit` (413), or at `timeoutMs` (408: the stream is
 * cancelled at once; a client that trickles bytes would keep a discard going for ever). The
 * timeout bounds the whole read, the discard after a 413 included.
 */
async function readCapped(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number, timeoutMs: number): Promise<Read> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().then(undefined, () => {}); // the pending read ends (done) at once; a source that fails to cancel changes nothing
  }, timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return "timeout";
      if (done) break;
      length += value.byteLength;
      if (length > limit) {
        await discard(reader); // bounded by the timer too: a client that trickles after the limit holds no answer
        return "too_large";
      }
      chunks.push(value);
    }
  } catch {
    return "broken";
  } finally {
    clearTimeout(timer);
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
  if (request.signal?.aborted === true) return core.refuse(url, 400, "client_gone", CLIENT_GONE);
  const stream = request.body;
  if (request.bodyUsed || stream?.locked === true) return core.refuse(url, 500, "body_consumed", CONSUMED);
  let read: Read;
  if (stream === null) {
    read = { body: new Uint8Array(0) };
  } else {
    let reader: ReadableStreamDefaultReader<Uint8Array>;
    try {
      reader = stream.getReader();
    } catch {
      return core.refuse(url, 500, "body_consumed", CONSUMED); // locked in a way `locked` did not show
    }
    read = await readCapped(reader, core.maxBodyBytes, core.bodyTimeoutMs);
  }
  if (read === "too_large") return core.tooLarge(url);
  if (read === "timeout") return core.bodyTimeout(url);
  if (read === "broken") return core.refuse(url, 400, "body_unreadable", "The request body stream broke before its end.");
  // The method preflight let through (the declaration's: POST, or GET for a provider that notifies by GET).
  return core.receive({ method: request.method, url, headers: request.headers, body: read.body, ...(waitUntil === undefined ? {} : { waitUntil }) });
}

/** `ctx.waitUntil`, bound, when the third argument has one (a Worker's ctx); Bun and Deno pass other things, or nothing. */
function waitUntilOf(ctx: unknown): ((promise: Promise<unknown>) => void) | undefined {
  const waitUntil = (ctx as { waitUntil?: unknown } | null | undefined)?.waitUntil;
  // Guarded: a waitUntil that throws or rejects changes no answer and is no unhandled rejection.
  return typeof waitUntil === "function" ? (promise) => callHook((kept: Promise<unknown>) => waitUntil.call(ctx, kept), promise) : undefined;
}

/** The Fetch door over a core. */
export function fetchDoor(core: Core): (request: Request, env?: unknown, ctx?: WaitUntilContext) => Promise<Response> {
  return async (request, _env, ctx) => {
    const answer = await answerFor(core, request, waitUntilOf(ctx));
    // A 204 (MoMo's answer) is a null-body status: the Response constructor refuses any body with it, even "".
    return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}
