// The Node and Fetch doors in-process: a node:http server on a loopback port for the Node door,
// Request objects for the Fetch door, and hand-made streams for what a network rarely shows.
import { EventEmitter } from "node:events";
import { type IncomingMessage, type Server, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type NodeRequestLike, createReceiver } from "../../src/receiver/index.js";
import { DISCARD_LIMIT_BYTES } from "../../src/receiver/core.js";
import { tikinowDelivery } from "../../src/testing.js";
import { deferred, fakeResponse, refusals, refused, SECRET } from "./helpers.js";

const OK = { success: true };

function receiverWith(options: { maxBodyBytes?: number } = {}) {
  const { list, onRefusal } = refusals();
  const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, ...options });
  const seen: unknown[] = [];
  receiver.on("stock", ({ payload }) => void seen.push(payload));
  return { receiver, seen, refusals: list };
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(handler: (req: IncomingMessage, res: import("node:http").ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

/** POSTs `total` bytes in 64 KiB chunks with node:http; resolves with the status as soon as the answer comes (the upload may be cut). */
function postChunked(url: string, headers: Record<string, string>, total: number): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (text: string) => (body += text));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    req.on("response", () => (sent = Math.min(sent, total)));
    pump();
  });
}

describe("the Node door", () => {
  it("reads the raw body, verifies it and writes the answer (node:http)", async () => {
    const { receiver, seen } = receiverWith();
    const url = await listen((req, res) => void receiver.node(req, res));
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await fetch(`${url}/webhooks/tikinow/stock`, { method: "POST", body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual(OK);
    expect(seen).toHaveLength(1);
  });

  it("answers GET 405 with Allow: POST", async () => {
    const { receiver } = receiverWith();
    const url = await listen((req, res) => void receiver.node(req, res));
    const response = await fetch(`${url}/x`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toEqual(refused("METHOD_NOT_ALLOWED"));
  });

  it("answers a too-large Content-Length 413 before reading a byte", async () => {
    const { receiver, refusals: list } = receiverWith({ maxBodyBytes: 1024 });
    const url = await listen((req, res) => void receiver.node(req, res));
    const answer = await postChunked(url, { "content-length": String(2 * 1024 * 1024) }, 2 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(refused("BODY_TOO_LARGE"));
    expect(list).toMatchObject([{ status: 413, reason: "body_too_large" }]);
  });

  it("counts a chunked body while reading and answers 413 as soon as it passes the limit, keeping no more than the limit", async () => {
    const { receiver } = receiverWith({ maxBodyBytes: 100 * 1024 });
    let kept = 0;
    const url = await listen((req, res) => {
      req.on("data", (chunk: Buffer) => (kept += chunk.length)); // what the door's reader saw, at most
      void receiver.node(req, res);
    });
    const answer = await postChunked(url, { "transfer-encoding": "chunked" }, 2 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(refused("BODY_TOO_LARGE"));
    expect(kept).toBeGreaterThan(100 * 1024);
  });

  it("answers 413 as soon as the count passes the limit, without waiting for the end, and discards the rest", async () => {
    const { receiver } = receiverWith({ maxBodyBytes: 1000 });
    const resume = vi.fn();
    const destroy = vi.fn();
    const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: {}, resume, destroy });
    const res = fakeResponse();
    const done = receiver.node(req as unknown as NodeRequestLike, res);
    for (let i = 0; i < 3; i++) req.emit("data", new Uint8Array(400)); // 1200 bytes, and never an end
    await done;
    expect(res.statusCode).toBe(413);
    expect(resume).toHaveBeenCalled();
    // What follows is dropped (the client gets to read the answer), up to a bound; past it, the connection is cut.
    expect(req.listenerCount("data")).toBe(1);
    req.emit("data", new Uint8Array(DISCARD_LIMIT_BYTES - 1));
    expect(destroy).not.toHaveBeenCalled();
    req.emit("data", new Uint8Array(2));
    expect(destroy).toHaveBeenCalledTimes(1);
    expect(req.listenerCount("data")).toBe(0);
  });

  it("uses a Buffer that express.raw() left in req.body as the raw body", async () => {
    const { receiver, seen } = receiverWith();
    const delivery = tikinowDelivery({ secret: SECRET });
    const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: delivery.headers, body: Buffer.from(delivery.body), resume() {}, destroy() {} });
    const res = fakeResponse();
    await receiver.node(req as unknown as NodeRequestLike, res);
    expect(res.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("refuses 500 body_consumed, saying what to change, when a parser set req.body or read the stream: it never hangs", async () => {
    const delivery = tikinowDelivery({ secret: SECRET });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ body: JSON.parse(delivery.body) as unknown }, /express\.json\(\)/],
      [{ body: delivery.body }, /express\.raw/],
      [{ readableEnded: true }, /already read/],
      [{ readableDidRead: true }, /already read/],
      [{ destroyed: true }, /already read/],
    ];
    for (const [state, hint] of cases) {
      const { receiver, seen, refusals: list } = receiverWith();
      const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: delivery.headers, resume() {}, destroy() {} }, state);
      const res = fakeResponse();
      await receiver.node(req as unknown as NodeRequestLike, res);
      expect(res.statusCode).toBe(500);
      expect(JSON.parse(res.body)).toEqual(refused("BODY_CONSUMED"));
      expect(list[0]?.message).toMatch(hint);
      expect(seen).toHaveLength(0);
    }
  });

  it("refuses a stream whose chunks are strings (setEncoding ran: not the raw bytes) 500, and a broken stream 400", async () => {
    const delivery = tikinowDelivery({ secret: SECRET });
    for (const [emit, status, code] of [
      [(req: EventEmitter) => req.emit("data", delivery.body), 500, "BODY_CONSUMED"],
      [(req: EventEmitter) => req.emit("error", new Error("aborted")), 400, "BODY_UNREADABLE"],
      [(req: EventEmitter) => req.emit("close"), 400, "BODY_UNREADABLE"],
    ] as const) {
      const { receiver } = receiverWith();
      const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: delivery.headers, resume() {}, destroy() {} });
      const res = fakeResponse();
      const done = receiver.node(req as unknown as NodeRequestLike, res);
      emit(req);
      await done;
      expect(res.statusCode).toBe(status);
      expect(JSON.parse(res.body)).toEqual(refused(code));
      expect(req.listenerCount("data")).toBe(0);
    }
  });

  it("joins a body that arrives in several chunks", async () => {
    const { receiver, seen } = receiverWith();
    const delivery = tikinowDelivery({ secret: SECRET });
    const req = Object.assign(new EventEmitter(), { method: "POST", headers: delivery.headers, resume() {}, destroy() {} });
    const res = fakeResponse();
    const done = receiver.node(req as unknown as NodeRequestLike, res);
    const bytes = Buffer.from(delivery.body);
    for (let at = 0; at < bytes.length; at += 7) req.emit("data", bytes.subarray(at, at + 7));
    req.emit("end");
    await done;
    expect(res.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
  });
});

describe("the Fetch door", () => {
  const post = (body: BodyInit | null, headers: Record<string, string>, init: RequestInit = {}) =>
    new Request("https://example.com/webhooks/tikinow/stock", { method: "POST", body, headers, ...init, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

  it("reads the body, verifies it and answers a Response", async () => {
    const { receiver, seen, refusals: list } = receiverWith();
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await receiver.fetch(post(delivery.body, delivery.headers));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(OK);
    expect(seen).toHaveLength(1);
    const tampered = await receiver.fetch(post(delivery.body.replace("60", "61"), delivery.headers));
    expect(tampered.status).toBe(401);
    expect(list[0]?.route).toBe("/webhooks/tikinow/stock");
  });

  it("takes (request, env, ctx) as a Worker's fetch does, and keeps a handler past its deadline alive with ctx.waitUntil", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, deadlineMs: 10 });
    const slow = deferred();
    receiver.on("stock", () => slow.promise);
    const kept: Promise<unknown>[] = [];
    const ctx = { waitUntil: (promise: Promise<unknown>) => void kept.push(promise) };
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await receiver.fetch(post(delivery.body, delivery.headers), {}, ctx);
    expect(response.status).toBe(503);
    expect(kept).toHaveLength(1);
    slow.resolve();
    expect(await kept[0]).toMatchObject({ status: "processed", recorded: true });
    // Bun passes its server, Deno its info, as the second argument; a third without waitUntil is ignored too.
    const quick = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal }).on("stock", () => {});
    expect((await quick.fetch(post(delivery.body, delivery.headers), { upgrade() {} }, {} as never)).status).toBe(200);
    expect(list.map((r) => r.reason)).toEqual(["handler_timeout"]);
  });

  it("answers GET 405, a too-large Content-Length 413, and a Request already read 500 body_consumed", async () => {
    const { receiver, refusals: list } = receiverWith({ maxBodyBytes: 10 });
    const get = await receiver.fetch(new Request("https://example.com/"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await receiver.fetch(post("x".repeat(11), {}))).status).toBe(413);
    const big = new Receiver();
    const read = post("{}", {});
    await read.text();
    const consumed = await big.receiver.fetch(read);
    expect(consumed.status).toBe(500);
    expect(await consumed.json()).toEqual(refused("BODY_CONSUMED"));
    expect(big.refusals[0]?.message).toMatch(/untouched Request/);
    expect(list.map((r) => r.status)).toEqual([405, 413]);
  });

  it("answers 413 as soon as a streamed body passes the limit; drops what follows up to a bound, then cancels the stream", async () => {
    const { receiver } = receiverWith({ maxBodyBytes: 1000 });
    let pulled = 0;
    const cancel = vi.fn(() => {
      throw new Error("a source that fails to cancel changes nothing");
    });
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 100) return controller.close(); // bounded, should the door not stop
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
      cancel,
    }, { highWaterMark: 0 });
    const response = await receiver.fetch(post(stream, {}));
    expect(response.status).toBe(413);
    await vi.waitFor(() => expect(cancel).toHaveBeenCalled());
    expect(pulled).toBeLessThanOrEqual(DISCARD_LIMIT_BYTES / (1024 * 1024) + 3);
  });

  it("after a 413, a body that ends (or breaks) while it is being dropped is left alone", async () => {
    for (const end of ["close", "error"] as const) {
      const { receiver } = receiverWith({ maxBodyBytes: 10 });
      let pulled = 0;
      const cancel = vi.fn();
      const dropped = deferred();
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          if (pulled === 3) {
            dropped.resolve();
            return end === "close" ? controller.close() : controller.error(new Error("reset"));
          }
          controller.enqueue(new Uint8Array(100));
        },
        cancel,
      }, { highWaterMark: 0 });
      expect((await receiver.fetch(post(stream, {}))).status).toBe(413);
      await dropped.promise;
      expect(cancel).not.toHaveBeenCalled();
    }
  });

  it("joins a streamed body of several chunks; a stream that errors is 400; no body is an empty body", async () => {
    const { receiver, seen } = receiverWith();
    const delivery = tikinowDelivery({ secret: SECRET });
    const bytes = new TextEncoder().encode(delivery.body);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 50) controller.enqueue(bytes.subarray(at, at + 50));
        controller.close();
      },
    });
    expect((await receiver.fetch(post(chunks, delivery.headers))).status).toBe(200);
    expect(seen).toHaveLength(1);
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("reset"));
      },
    });
    const answer = await receiver.fetch(post(broken, delivery.headers));
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual(refused("BODY_UNREADABLE"));
    const empty = await receiver.fetch(post(null, delivery.headers));
    expect(empty.status).toBe(401);
  });
});

class Receiver {
  readonly refusals: ReturnType<typeof refusals>["list"];
  readonly receiver: ReturnType<typeof receiverWith>["receiver"];
  constructor() {
    const made = receiverWith();
    this.refusals = made.refusals;
    this.receiver = made.receiver;
  }
}
