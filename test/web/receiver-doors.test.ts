// The /web receiver's Fetch door (Web Crypto, no `node:`), on what section 3 of issue 25 found:
// every request answered, none taking the process down. The same core as the Node receiver;
// these run it through webhook-signatures/web as a Worker, Deno or Bun would.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createReceiver } from "../../src/web/index.js";
import type { Refusal } from "../../src/receiver/types.js";
import { TILBY_SUBSCRIBED_EXAMPLE, tikinowDelivery, tilbyDelivery } from "../../src/testing.js";

const SECRET = "web-receiver-secret";

afterEach(() => {
  vi.useRealTimers();
});

function tikinow(options: Record<string, unknown> = {}) {
  const list: Refusal[] = [];
  const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: (r) => void list.push(r), ...(options as object) });
  const seen: unknown[] = [];
  receiver.on("stock", ({ payload }) => void seen.push(payload));
  return { receiver, seen, refusals: list };
}

const post = (body: BodyInit | null, headers: Record<string, string>, init: RequestInit = {}) =>
  new Request("https://example.com/webhooks/tikinow/stock", { method: "POST", body, headers, ...init, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

const code = async (response: Response) => ((await response.json()) as { error?: { code: string } }).error?.code;

describe("createReceiver from /web: every request is answered", () => {
  it("an onRefusal that rejects is no unhandled rejection", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => Promise.reject(new Error("sink down")) });
      expect((await receiver.fetch(new Request("https://example.com/"))).status).toBe(405);
      for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("a secret function that never settles is answered 503 SECRET_TIMEOUT with Retry-After at the deadline", async () => {
    const { receiver, seen, refusals } = tikinow({ secret: () => new Promise<string>(() => {}), deadlineMs: 20 });
    const delivery = tikinowDelivery({ secret: SECRET });
    const response = await receiver.fetch(post(delivery.body, delivery.headers));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    expect(await code(response)).toBe("SECRET_TIMEOUT");
    expect(refusals.map((r) => r.reason)).toEqual(["secret_timeout"]);
    expect(seen).toHaveLength(0);
  });

  it("Tilby's SUBSCRIBED handler that hangs is answered 503 HANDLER_TIMEOUT at the deadline", async () => {
    const receiver = createReceiver({ provider: "tilby", secret: SECRET, deadlineMs: 20, onRefusal: () => {} });
    receiver.on("SUBSCRIBED", () => new Promise<void>(() => {}));
    const handshake = tilbyDelivery({ secret: SECRET, headerName: "x-tilby-signature", payload: TILBY_SUBSCRIBED_EXAMPLE });
    const response = await receiver.fetch(post(handshake.body, handshake.headers));
    expect(response.status).toBe(503);
    expect(await code(response)).toBe("HANDLER_TIMEOUT");
  });

  it("a body that does not arrive within bodyTimeoutMs is answered 408 BODY_TIMEOUT and its stream cancelled (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { receiver, refusals } = tikinow({ bodyTimeoutMs: 300 });
    const cancel = vi.fn();
    const stream = new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}), cancel }, { highWaterMark: 0 });
    const response = receiver.fetch(post(stream, {}));
    await vi.advanceTimersByTimeAsync(300);
    expect((await response).status).toBe(408);
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(refusals.map((r) => r.reason)).toEqual(["body_timeout"]);
  });

  it("a body a middleware locked with getReader() is answered 500 BODY_CONSUMED", async () => {
    const { receiver, seen } = tikinow();
    const delivery = tikinowDelivery({ secret: SECRET });
    const request = post(delivery.body, delivery.headers);
    request.body!.getReader();
    const response = await receiver.fetch(request);
    expect(response.status).toBe(500);
    expect(await code(response)).toBe("BODY_CONSUMED");
    expect(seen).toHaveLength(0);
  });

  it("a Request whose client went away (its signal aborted) is reported client_gone", async () => {
    const { receiver, seen, refusals } = tikinow();
    const delivery = tikinowDelivery({ secret: SECRET });
    await receiver.fetch(post(delivery.body, delivery.headers, { signal: AbortSignal.abort() }));
    expect(refusals.map((r) => r.reason)).toEqual(["client_gone"]);
    expect(seen).toHaveLength(0);
  });
});
