// Shared by the receiver's in-process tests: secrets, deliveries as the core takes them, a
// store whose begin rejects, and a deferred promise for slow handlers.
import { expect } from "vitest";
import type { Answer, Delivery, Refusal } from "../../src/receiver/index.js";
import { MemoryNonceStore, type NonceStore } from "../../src/replay/nonce-store.js";
import type { TestDelivery } from "../../src/testing.js";

export const SECRET = "receiver-test-secret";
export const CREDENTIALS = { id: "tiki-id", secret: "tiki-basic-secret" } as const;
export const TILBY_HEADER = "x-tilby-signature";

const encoder = new TextEncoder();

/** A test delivery as the core takes it: POST, the body as bytes. */
export function asDelivery(delivery: TestDelivery, overrides: Partial<Delivery> = {}): Delivery {
  return { method: "POST", url: "/webhooks/test?x=1", headers: delivery.headers, body: encoder.encode(delivery.body), ...overrides };
}

/** The answer with its body parsed. */
export function parsed(answer: Answer): { status: number; headers: Record<string, string>; body: unknown } {
  return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.body) as unknown };
}

export function refused(code: string) {
  return { success: false, error: { code, message: expect.any(String) } };
}

/** Collects refusals (the hook under test), so that tests do not log. */
export function refusals(): { list: Refusal[]; onRefusal: (refusal: Refusal) => void } {
  const list: Refusal[] = [];
  return { list, onRefusal: (refusal) => void list.push(refusal) };
}

/** A store whose begin rejects, as a Redis that is down does. */
export function downStore(): NonceStore {
  const store = new MemoryNonceStore();
  return {
    claim: (nonce, expiresAtMs) => store.claim(nonce, expiresAtMs),
    release: (nonce) => store.release(nonce),
    begin: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379")),
    complete: (key, token, retentionMs) => store.complete(key, token, retentionMs),
    abandon: (key, token) => store.abandon(key, token),
  };
}

export function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A Node response without writeHead, as Koa and some test doubles hand the door: what it was told. */
export function fakeResponse() {
  const res = {
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: "",
    setHeader(name: string, value: string) {
      res.headers[name] = value;
    },
    end(body?: string) {
      res.body = body ?? "";
    },
  };
  return res;
}
