// The Node door, `(req, res)`: node:http, Express, Koa (`ctx.req`, `ctx.res`), Fastify
// (`request.raw`, `reply.raw`). It reads the raw body itself, counting bytes as they arrive
// (413 as soon as the limit is passed: a huge body is never buffered; 408 when it has not arrived
// within `bodyTimeoutMs`), refuses a body some parser already consumed (500, with what to change),
// and writes the core's answer unless the response was already sent. It never rejects. Structural
// types only: no `node:` import, so it runs wherever a Node-style request exists (Bun, Deno).
import type { Answer, NodeRequestLike, NodeResponseLike } from "../types.js";
import { type Core, DISCARD_LIMIT_BYTES } from "../core.js";

const CONSUMED_BY_PARSER =
  "A body parser ran before the receiver (req.body is set): mount the receiver before express.json() or any body parser, " +
  "or give this route express.raw({ type: () => true }); the signature covers the raw bytes, never a re-serialised body.";
const CONSUMED_STREAM =
  "The request stream was already read before the receiver: mount no body parser (koa-bodyparser, express.json(), ...) " +
  "in front of this route; the receiver reads the raw body itself.";
const CLIENT_GONE =
  "The client went away (its connection closed) before the receiver ran: nothing can be answered; " +
  "a provider retries a delivery it got no answer for. (A middleware in front that takes long makes this more likely.)";

type Read = { body: Uint8Array } | "too_large" | "timeout" | "broken" | "consumed";

function headerValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Reads and drops the rest of a refused body (413, 408), up to {@link DISCARD_LIMIT_BYTES} and for
 * at most `timeoutMs` more (a client that trickles bytes holds nothing); past either, destroys
 * the request.
 */
function discard(req: NodeRequestLike, timeoutMs: number): void {
  let dropped = 0;
  const stop = () => {
    clearTimeout(timer);
    req.removeListener("data", onData);
    req.removeListener("end", stop);
    req.removeListener("close", stop);
  };
  const cut = () => {
    stop();
    req.destroy();
  };
  const timer = setTimeout(cut, timeoutMs);
  const onData = (chunk: { length: number }) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT_BYTES) cut();
  };
  req.on("data", onData);
  req.on("end", stop);
  req.on("close", stop);
  req.resume();
}

/**
 * Reads the stream to its end, or stops counting past `limit`, or at `timeoutMs` (the rest is
 * discarded, never kept).
 */
function readBody(req: NodeRequestLike, limit: number, timeoutMs: number): Promise<Read> {
  return new Promise<Read>((resolve) => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    const timer = setTimeout(() => {
      settle("timeout");
      discard(req, timeoutMs);
    }, timeoutMs);
    const settle = (read: Read) => {
      clearTimeout(timer);
      req.removeListener("data", onData);
      req.removeListener("end", onEnd);
      req.removeListener("error", onBroken);
      req.removeListener("close", onBroken);
      resolve(read);
    };
    const onData = (chunk: unknown) => {
      if (!(chunk instanceof Uint8Array)) return settle("consumed"); // someone called setEncoding: not the raw bytes
      length += chunk.byteLength;
      if (length > limit) {
        settle("too_large");
        discard(req, timeoutMs);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle({ body: concat(chunks, length) });
    const onBroken = () => settle("broken");
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onBroken);
    req.on("close", onBroken);
  });
}

async function answerFor(core: Core, req: NodeRequestLike): Promise<Answer> {
  const url = req.url ?? "";
  const early = core.preflight(req.method, url, headerValue(req.headers["content-length"]));
  if (early !== undefined) {
    if (early.status === 413) discard(req, core.bodyTimeoutMs);
    return early;
  }
  let body: Uint8Array;
  const parsed = req.body;
  // Node's own word (IncomingMessage.readableDidRead) that nobody read a byte of the stream.
  const unread = req.readableDidRead === false && req.readableEnded !== true;
  if (parsed instanceof Uint8Array) {
    body = parsed; // express.raw(): the bytes as sent
  } else if (unread && req.destroyed === true) {
    return core.refuse(url, 400, "client_gone", CLIENT_GONE);
  } else if (parsed !== undefined && !unread) {
    // Express 4's express.json() sets req.body = {} for a body of another type and reads
    // nothing: a stream nobody read is not consumed, and is read below.
    return core.refuse(url, 500, "body_consumed", CONSUMED_BY_PARSER);
  } else if (req.readableEnded === true || req.readableDidRead === true || req.destroyed === true) {
    return core.refuse(url, 500, "body_consumed", CONSUMED_STREAM);
  } else {
    const read = await readBody(req, core.maxBodyBytes, core.bodyTimeoutMs);
    if (read === "too_large") return core.tooLarge(url);
    if (read === "timeout") return core.bodyTimeout(url, { connection: "close" }); // node:http closes the connection after the answer
    if (read === "consumed") return core.refuse(url, 500, "body_consumed", CONSUMED_STREAM);
    if (read === "broken") return core.refuse(url, 400, "body_unreadable", "The request stream broke before its end.");
    body = read.body;
  }
  // The method preflight let through (the declaration's: POST, or GET for a provider that notifies by GET).
  return core.receive({ method: req.method as string, url, headers: req.headers, body });
}

/**
 * Writes the answer, unless the response was already sent (the app's own `res.setTimeout`
 * handler answered first, a middleware did): then, or when writing throws, it is reported
 * (`answer_not_sent`) and nothing is written. Never throws.
 */
function write(core: Core, url: string, res: NodeResponseLike, answer: Answer): void {
  if (res.headersSent === true || res.writableEnded === true) return core.notSent(url, answer, true);
  try {
    if (typeof res.writeHead === "function") {
      res.writeHead(answer.status, answer.headers); // one call for the status and every header (node:http)
    } else {
      res.statusCode = answer.status;
      for (const name in answer.headers) res.setHeader(name, answer.headers[name]!);
    }
    res.end(answer.body);
  } catch (error) {
    core.notSent(url, answer, false, error);
  }
}

/** The Node door over a core. */
export function nodeDoor(core: Core): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => write(core, req.url ?? "", res, await answerFor(core, req));
}
