// Every request is answered, and no request kills the process (issue 25, section 3): hooks that
// return rejected promises, a response the app already sent, a secret function or a handshake
// that never settles, a body that trickles in, a locked Fetch body, Express 4's `req.body = {}`
// over an unread stream, and a client that went away before the door ran. Over real HTTP
// (node:http on 127.0.0.1) where a network shows the case; every loop is bounded.
import { EventEmitter } from "node:events";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type NodeRequestLike, type NodeResponseLike, type Refusal, createReceiver } from "../../src/receiver/index.js";
import { RECEIVER_DEFAULT_BODY_TIMEOUT_MS } from "../../src/receiver/core.js";
import { TILBY_SUBSCRIBED_EXAMPLE, tikinowDelivery, tilbyDelivery } from "../../src/testing.js";
import { deferred, fakeResponse, refusals, refused, SECRET, TILBY_HEADER } from "./helpers.js";

const OK = { success: true };

let server: Server | undefined;
afterEach(async () => {
  vi.useRealTimers();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

/** Lets every pending callback of this turn run (promise jobs, then one round of I/O callbacks), twice. */
async function turns(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function tikinow(options: Record<string, unknown> = {}) {
  const { list, onRefusal } = refusals();
  const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, ...(options as object) });
  const seen: unknown[] = [];
  receiver.on("stock", ({ payload }) => void seen.push(payload));
  return { receiver, seen, refusals: list };
}

const post = (body: BodyInit | null, headers: Record<string, string>, init: RequestInit = {}) =>
  new Request("https://example.com/webhooks/tikinow/stock", { method: "POST", body, headers, ...init, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

describe("a hook that returns a promise", () => {
  it("an onRefusal that returns a rejected promise is not an unhandled rejection (a GET over node:http)", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => Promise.reject(new Error("log sink down")) });
      const url = await listen((req, res) => void receiver.node(req, res));
      const response = await fetch(`${url}/webhooks/tikinow/stock`);
      expect(response.status).toBe(405);
      expect(await response.json()).toEqual(refused("METHOD_NOT_ALLOWED"));
      await turns();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("an onRefusal that returns a thenable whose then throws changes nothing either", async () => {
    const then = vi.fn(() => {
      throw new Error("broken thenable");
    });
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => ({ then }) as never });
    const answer = await receiver.fetch(new Request("https://example.com/"));
    expect(answer.status).toBe(405);
    await turns();
    expect(then).toHaveBeenCalledTimes(1);
  });

  it("a Worker ctx.waitUntil that throws or returns a rejected promise does not change the answer (Fetch door)", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      for (const waitUntil of [() => Promise.reject(new Error("no")), () => {
        throw new Error("no");
      }]) {
        const { list, onRefusal } = refusals();
        const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, deadlineMs: 10 });
        const slow = deferred();
        receiver.on("stock", () => slow.promise);
        const delivery = tikinowDelivery({ secret: SECRET });
        const response = await receiver.fetch(post(delivery.body, delivery.headers), {}, { waitUntil } as never);
        expect(response.status).toBe(503);
        // The same through receive(), whose delivery names waitUntil itself.
        const again = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal, deadlineMs: 10 });
        again.on("stock", () => slow.promise);
        const answer = await again.receive({ method: "POST", url: "/", headers: delivery.headers, body: new TextEncoder().encode(delivery.body), waitUntil });
        expect(answer.status).toBe(503);
        expect(list.map((r) => r.reason)).toEqual(["handler_timeout", "handler_timeout"]);
        slow.resolve();
      }
      await turns();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});

describe("the Node door never throws and never rejects", () => {
  it("when the app already answered (its own res.setTimeout handler), it writes nothing and reports answer_not_sent", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal });
    const handlerStarted = deferred();
    const appAnswered = deferred();
    receiver.on("stock", async () => {
      handlerStarted.resolve();
      await appAnswered.promise;
    });
    const door: Array<Promise<void>> = [];
    const url = await listen((req, res) => {
      // What an app's `res.setTimeout(ms, () => res.writeHead(503).end())` does when it fires mid-handler.
      void handlerStarted.promise.then(() => {
        res.writeHead(503, { "content-type": "text/plain" }).end("app timeout");
        appAnswered.resolve();
      });
      door.push(receiver.node(req, res));
    });
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await fetch(url, { method: "POST", body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("app timeout");
    await expect(door[0]).resolves.toBeUndefined();
    expect(list).toEqual([{ provider: "tikinow", route: "/", status: 200, reason: "answer_not_sent", message: expect.stringMatching(/already sent/) }]);
  });

  it("a response already ended, or one whose writeHead throws, is reported, and node() resolves", async () => {
    const delivery = tikinowDelivery({ secret: SECRET });
    const broken = new Error("write after end");
    const responses: Array<[NodeResponseLike, RegExp]> = [
      [{ statusCode: 200, writableEnded: true, setHeader: vi.fn(), end: vi.fn() } as NodeResponseLike, /already sent/],
      [{ statusCode: 200, headersSent: false, setHeader: vi.fn(), writeHead: () => { throw broken; }, end: vi.fn() }, /threw/],
    ];
    for (const [res, message] of responses) {
      const { receiver, refusals: list } = tikinow();
      const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: delivery.headers, body: Buffer.from(delivery.body), resume() {}, destroy() {} });
      await expect(receiver.node(req as unknown as NodeRequestLike, res)).resolves.toBeUndefined();
      expect(res.end).not.toHaveBeenCalled();
      expect(list).toMatchObject([{ status: 200, reason: "answer_not_sent", message }]);
    }
  });
});

describe("everything after the body is read runs under deadlineMs", () => {
  it("a secret function that never settles is answered 503 with Retry-After at the deadline (node:http)", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: () => new Promise<string>(() => {}), deadlineMs: 20, onRefusal });
    const handler = vi.fn();
    receiver.on("stock", handler);
    const url = await listen((req, res) => void receiver.node(req, res));
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await fetch(url, { method: "POST", body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(await response.json()).toEqual(refused("SECRET_TIMEOUT"));
    expect(list).toMatchObject([{ status: 503, reason: "secret_timeout", message: expect.stringMatching(/20 ms/) }]);
    expect(handler).not.toHaveBeenCalled();
  });

  it("a secret that arrives after the deadline answer runs no handler and reports nothing more; nor does one that fails late", async () => {
    for (const late of ["resolve", "reject"] as const) {
      const secret = deferred();
      const { list, onRefusal } = refusals();
      const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: () => secret.promise.then(() => SECRET), deadlineMs: 10, onRefusal });
      const handler = vi.fn();
      receiver.on("stock", handler);
      const delivery = tikinowDelivery({ secret: SECRET });
      const response = await receiver.fetch(post(delivery.body, delivery.headers));
      expect(response.status).toBe(503);
      if (late === "resolve") secret.resolve();
      else secret.reject(new Error("vault down"));
      await turns();
      expect(handler).not.toHaveBeenCalled();
      expect(list.map((r) => r.reason)).toEqual(["secret_timeout"]);
    }
  });

  it("a secret function that settles in time leaves no timer behind: the receiver answers as before", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { receiver, seen } = tikinow({ secret: async () => SECRET, deadlineMs: 1000 });
    const delivery = tikinowDelivery({ secret: SECRET });
    const answer = await receiver.receive({ method: "POST", url: "/s", headers: delivery.headers, body: new TextEncoder().encode(delivery.body) });
    expect(answer.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("Tilby's SUBSCRIBED handshake answers 503 at the deadline when its handler hangs, and reports a late failure", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "tilby", secret: SECRET, deadlineMs: 20, onRefusal });
    const hang = deferred();
    receiver.on("SUBSCRIBED", () => hang.promise);
    const url = await listen((req, res) => void receiver.node(req, res));
    const handshake = tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: TILBY_SUBSCRIBED_EXAMPLE });
    const response = await fetch(url, { method: "POST", body: handshake.body, headers: handshake.headers });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(await response.json()).toEqual(refused("HANDLER_TIMEOUT"));
    hang.reject(new Error("subscription table locked"));
    await turns();
    expect(list.map((r: Refusal) => r.reason)).toEqual(["handler_timeout", "handler_failed_after_deadline"]);
  });

  it("a SUBSCRIBED handler that settles in time is answered 200; one that fails in time 500; a Worker keeps a late one alive", async () => {
    const kept: Array<Promise<unknown>> = [];
    for (const [outcome, status] of [["resolve", 200], ["reject", 500], ["late", 503]] as const) {
      const receiver = createReceiver({ provider: "tilby", secret: SECRET, deadlineMs: outcome === "late" ? 10 : 60_000, onRefusal: () => {} });
      const hang = deferred();
      receiver.on("SUBSCRIBED", () => hang.promise);
      const handshake = tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER, payload: TILBY_SUBSCRIBED_EXAMPLE });
      const answer = receiver.fetch(post(handshake.body, handshake.headers), {}, { waitUntil: (promise: Promise<unknown>) => void kept.push(promise) });
      if (outcome === "resolve") hang.resolve();
      if (outcome === "reject") hang.reject(new Error("no"));
      expect((await answer).status).toBe(status);
      if (outcome === "late") hang.resolve();
    }
    expect(kept).toHaveLength(1);
    await expect(kept[0]).resolves.toBeUndefined();
  });
});

/** POSTs chunked, one byte every `everyMs`, at most `maxBytes`, until the answer comes; resolves with it and what was sent. */
function trickle(url: string, everyMs: number, maxBytes: number): Promise<{ status: number; body: string; sent: number; closed: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    let answer: { status: number; body: string } | undefined;
    const req = httpRequest(url, { method: "POST", headers: { "transfer-encoding": "chunked", "content-type": "application/json" } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (text: string) => (body += text));
      res.on("end", () => (answer = { status: res.statusCode ?? 0, body }));
    });
    req.on("error", () => {}); // the server cuts the upload: expected
    req.on("close", () => {
      clearInterval(timer);
      if (answer === undefined) reject(new Error(`no answer after ${sent} bytes`));
      else resolve({ ...answer, sent, closed: true });
    });
    timer = setInterval(() => {
      if (sent >= maxBytes) {
        clearInterval(timer);
        req.end();
        return;
      }
      sent++;
      req.write("{");
    }, everyMs);
  });
}

describe("a body that trickles in is answered 408 after bodyTimeoutMs", () => {
  it("the Node door answers 408 body_timeout and closes the connection (node:http)", async () => {
    const { receiver, seen, refusals: list } = tikinow({ bodyTimeoutMs: 100 });
    const url = await listen((req, res) => void receiver.node(req, res));
    const answer = await trickle(url, 10, 2000); // 20 s of trickling at most: the loop is bounded
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual(refused("BODY_TIMEOUT"));
    expect(answer.sent).toBeLessThan(2000);
    expect(answer.closed).toBe(true);
    expect(list).toMatchObject([{ status: 408, reason: "body_timeout", message: expect.stringMatching(/100 ms/) }]);
    expect(seen).toHaveLength(0);
  });

  it("behind Fastify (requestTimeout 0), several trickling clients are each answered 408 and let go", async () => {
    const { receiver, seen, refusals: list } = tikinow({ bodyTimeoutMs: 100 });
    const app = Fastify({ requestTimeout: 0 });
    await app.register(async (scope) => {
      // As examples/fastify/server.ts: a parser that reads nothing leaves the raw request to the receiver.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
      scope.post("/webhooks/tikinow/stock", (request, reply) => (reply.hijack(), receiver.node(request.raw, reply.raw)));
    });
    try {
      const base = await app.listen({ port: 0, host: "127.0.0.1" });
      const answers = await Promise.all(Array.from({ length: 5 }, () => trickle(`${base}/webhooks/tikinow/stock`, 10, 2000)));
      expect(answers.map((a) => [a.status, a.closed])).toEqual(Array.from({ length: 5 }, () => [408, true]));
      expect(list.map((r) => r.reason)).toEqual(Array.from({ length: 5 }, () => "body_timeout"));
      expect(seen).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it("the Node door clears its timer once the body is read, and drops what a timed-out request still sends", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const delivery = tikinowDelivery({ secret: SECRET });
    const { receiver, seen } = tikinow({ bodyTimeoutMs: 1000 });
    const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: delivery.headers, resume: vi.fn(), destroy: vi.fn() });
    const res = fakeResponse();
    const done = receiver.node(req as unknown as NodeRequestLike, res);
    req.emit("data", Buffer.from(delivery.body));
    req.emit("end");
    await done;
    expect(res.statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);

    const slow = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: delivery.headers, resume: vi.fn(), destroy: vi.fn() });
    const slowRes = fakeResponse();
    const timedOut = receiver.node(slow as unknown as NodeRequestLike, slowRes);
    slow.emit("data", Buffer.from("{"));
    vi.advanceTimersByTime(999);
    expect(slowRes.statusCode).toBe(0);
    vi.advanceTimersByTime(1);
    await timedOut;
    expect(slowRes.statusCode).toBe(408);
    expect(slowRes.headers).toMatchObject({ connection: "close" });
    expect(slow.resume).toHaveBeenCalled(); // the rest is read and dropped, as after a 413
    expect(slow.listenerCount("data")).toBe(1);
    // ... for at most bodyTimeoutMs more: then the request is destroyed.
    vi.advanceTimersByTime(999);
    expect(slow.destroy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(slow.destroy).toHaveBeenCalledTimes(1);
    expect(slow.listenerCount("data")).toBe(0);
  });

  it("the Fetch door answers 408 body_timeout and cancels the stream", async () => {
    const { receiver, refusals: list } = tikinow({ bodyTimeoutMs: 50 });
    let pulled = 0;
    const cancel = vi.fn();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulled++;
        if (pulled > 2000) return controller.close(); // bounded, should the door not stop
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.enqueue(new Uint8Array([0x7b]));
      },
      cancel,
    }, { highWaterMark: 0 });
    const response = await receiver.fetch(post(stream, {}));
    expect(response.status).toBe(408);
    expect(await response.json()).toEqual(refused("BODY_TIMEOUT"));
    await vi.waitFor(() => expect(cancel).toHaveBeenCalled());
    expect(pulled).toBeLessThan(2000);
    expect(list).toMatchObject([{ status: 408, reason: "body_timeout" }]);
  });

  it(`defaults to ${RECEIVER_DEFAULT_BODY_TIMEOUT_MS} ms (Fetch door, fake clock); a source that fails to cancel changes nothing`, async () => {
    expect(RECEIVER_DEFAULT_BODY_TIMEOUT_MS).toBe(5000);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { receiver } = tikinow();
    const stream = new ReadableStream<Uint8Array>({
      pull: () => new Promise<void>(() => {}), // sends nothing, ever
      cancel: () => Promise.reject(new Error("source failed to cancel")),
    }, { highWaterMark: 0 });
    let answered = false;
    const response = receiver.fetch(post(stream, {})).then((r) => ((answered = true), r));
    await vi.advanceTimersByTimeAsync(RECEIVER_DEFAULT_BODY_TIMEOUT_MS - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await response).status).toBe(408);
  });

  it("bounds the discard after a 413 too: a client that trickles past the limit is cut at bodyTimeoutMs (Fetch door, fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { receiver } = tikinow({ maxBodyBytes: 1000, bodyTimeoutMs: 300 });
    let pulled = 0;
    const cancel = vi.fn();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled++ === 0) return controller.enqueue(new Uint8Array(2000)); // over the limit at once
        return new Promise<void>(() => {}); // then nothing, ever
      },
      cancel,
    }, { highWaterMark: 0 });
    const response = receiver.fetch(post(stream, {}));
    await vi.advanceTimersByTimeAsync(300);
    expect((await response).status).toBe(413);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it("the Node door's discard after a 413 stops at the body's end, or destroys the request at bodyTimeoutMs (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    for (const end of ["end", "close", "never"] as const) {
      const { receiver } = tikinow({ maxBodyBytes: 10, bodyTimeoutMs: 500 });
      const req = Object.assign(new EventEmitter(), { method: "POST", url: "/s", headers: { "content-length": "11" }, resume: vi.fn(), destroy: vi.fn() });
      const res = fakeResponse();
      await receiver.node(req as unknown as NodeRequestLike, res);
      expect(res.statusCode).toBe(413);
      if (end !== "never") req.emit(end);
      vi.advanceTimersByTime(500);
      expect(req.destroy).toHaveBeenCalledTimes(end === "never" ? 1 : 0);
      expect(vi.getTimerCount()).toBe(0);
      expect(req.listenerCount("data")).toBe(0);
    }
  });

  it("bodyTimeoutMs must be a whole number of ms (a TypeError naming it)", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "5000", 2 ** 31]) {
      expect(() => createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, bodyTimeoutMs: bad as number })).toThrow(/bodyTimeoutMs/);
      expect(() => createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, bodyTimeoutMs: bad as number })).toThrow(TypeError);
    }
  });
});

describe("a Fetch body that a middleware locked", () => {
  it("answers 500 body_consumed for a body locked by getReader(), and for a body whose getReader throws", async () => {
    const delivery = tikinowDelivery({ secret: SECRET });
    const locked = post(delivery.body, delivery.headers);
    locked.body!.getReader(); // a middleware took the reader and read nothing
    const throwing = {
      method: "POST",
      url: "https://example.com/s",
      headers: new Headers(delivery.headers),
      bodyUsed: false, // and no signal: a Request-like object of a framework
      body: { locked: false, getReader: () => { throw new TypeError("ReadableStream is locked"); } },
    } as unknown as Request;
    for (const request of [locked, throwing]) {
      const { receiver, seen, refusals: list } = tikinow();
      const response = await receiver.fetch(request);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual(refused("BODY_CONSUMED"));
      expect(list[0]?.message).toMatch(/untouched Request/);
      expect(seen).toHaveLength(0);
    }
  });
});

describe("Express 4: req.body set over a stream nobody read", () => {
  it("reads the stream when a parser set req.body = {} without reading it (express.json() on another content type)", async () => {
    const { receiver, seen, refusals: list } = tikinow();
    const url = await listen((req, res) => {
      (req as IncomingMessage & { body?: unknown }).body = {}; // what Express 4's body-parser does when the type does not match
      void receiver.node(req, res);
    });
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await fetch(url, { method: "POST", body: delivery.body, headers: { ...delivery.headers, "content-type": "text/plain" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(OK);
    expect(seen).toHaveLength(1);
    expect(list).toEqual([]);
  });

  it("still refuses 500 body_consumed when a parser read the stream and set req.body", async () => {
    const { receiver, seen, refusals: list } = tikinow();
    const url = await listen((req, res) => {
      let text = "";
      req.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      req.on("end", () => {
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(text) as unknown;
        void receiver.node(req, res);
      });
    });
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await fetch(url, { method: "POST", body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(refused("BODY_CONSUMED"));
    expect(list[0]?.message).toMatch(/express\.json\(\)/);
    expect(seen).toHaveLength(0);
  });
});

describe("a client that went away before the door ran", () => {
  it("is reported as client_gone, not as a body parser in front (node:http)", async () => {
    const { receiver, seen, refusals: list } = tikinow();
    const door: Array<Promise<void>> = [];
    const ran = deferred();
    await listen((req, res) => {
      // A slow middleware in front: the door runs once the client has gone.
      req.socket.once("close", () =>
        setImmediate(() => {
          door.push(receiver.node(req, res));
          ran.resolve();
        }),
      );
    });
    const port = (server!.address() as AddressInfo).port;
    const delivery = tikinowDelivery({ secret: SECRET });
    const client = httpRequest({ host: "127.0.0.1", port, method: "POST", headers: { ...delivery.headers, "content-length": String(Buffer.byteLength(delivery.body)) } });
    client.on("error", () => {});
    client.write(delivery.body, () => client.destroy());
    await ran.promise;
    await expect(door[0]).resolves.toBeUndefined();
    expect(list).toEqual([{ provider: "tikinow", route: "/", status: 400, reason: "client_gone", message: expect.stringMatching(/went away/) }]);
    expect(list[0]?.message).not.toMatch(/body parser/);
    expect(seen).toHaveLength(0);
  });

  it("the Fetch door says the same of a Request whose signal is aborted", async () => {
    const { receiver, seen, refusals: list } = tikinow();
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await receiver.fetch(post(delivery.body, delivery.headers, { signal: AbortSignal.abort() }));
    expect(response.status).toBe(400);
    expect(list.map((r) => r.reason)).toEqual(["client_gone"]);
    expect(seen).toHaveLength(0);
  });
});

describe("one deadline from the body's read", () => {
  afterEach(() => {
    if (vi.isFakeTimers()) vi.runOnlyPendingTimers(); // deadline queues are shared by length across tests
    vi.useRealTimers();
  });

  it("counts the secret function's time against the handler's deadline: 300 ms of secret and 350 ms of handler pass a 517 ms deadline", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const { list, onRefusal } = refusals();
    const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const receiver = createReceiver({
      provider: "tikinow",
      channel: "stock",
      deadlineMs: 517,
      onRefusal,
      secret: () => after(300).then(() => SECRET),
    });
    let handled = false;
    receiver.on("stock", () => after(350).then(() => void (handled = true)));
    const delivery = tikinowDelivery({ secret: SECRET });
    const answer = receiver.receive({ method: "POST", url: "/s", headers: delivery.headers, body: new TextEncoder().encode(delivery.body) });
    await vi.advanceTimersByTimeAsync(700);
    // Before: the handler's deadline counted from its own start (300 + 517 = 817 ms), and it answered 200 at 650 ms.
    expect((await answer).status).toBe(503);
    expect(list.map((r) => r.reason)).toEqual(["handler_timeout"]);
    expect(handled).toBe(true); // it went on under its lease after the 503
  });
});
