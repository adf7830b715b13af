// /web paths the other suites do not reach: a Web Crypto key that fails to import or to be
// generated (never cached, never an unhandled rejection), argument errors naming a
// non-number, and parseMwSignatureHeader on what is not a header.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as root from "../../src/index.js";
import { KEY_CACHE_MAX_ENTRIES, keyCacheSize } from "../../src/web/lib/crypto.js";
import * as web from "../../src/web/index.js";

const BODY = '{"data":{"sku":"1"}}';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("web verifyBasicAuth", () => {
  // First in this file: the compare key is drawn on first use, once per module instance.
  it("does not keep a compare key whose generation failed: the next call draws a new one", async () => {
    const pair = { id: "shop", secret: "pw" };
    const authorization = root.basicAuthHeader(pair);
    const generateKey = vi.spyOn(crypto.subtle, "generateKey").mockRejectedValueOnce(new Error("no entropy"));
    await expect(web.verifyBasicAuth({ credentials: [pair], authorization })).rejects.toThrow("no entropy");
    expect(await web.verifyBasicAuth({ credentials: [pair], authorization })).toEqual({ ok: true, id: "shop" });
    expect(generateKey).toHaveBeenCalledTimes(2);
  });

  it("names the argument when a pair is not an object", () => {
    expect(() => web.verifyBasicAuth({ credentials: null as never, authorization: "Basic eDp5" })).toThrow(
      new TypeError("[webhook-signatures] credentials must be an object { id, secret }, got null"),
    );
    expect(() => web.verifyBasicAuth({ credentials: [{ id: "a", secret: "b" }, 7] as never, authorization: "Basic eDp5" })).toThrow(
      /credentials\[1\] must be an object \{ id, secret \}, got a number$/,
    );
  });
});

describe("web HMAC keys", () => {
  it("does not cache a key whose import failed: the next verify imports it again and passes", async () => {
    const secret = "import-fails-once";
    const signature = root.signHmacBase64({ body: BODY, secret });
    const importKey = vi.spyOn(crypto.subtle, "importKey").mockRejectedValueOnce(new Error("import failed"));
    await expect(web.verifyHmacBase64({ body: BODY, secret, signature })).rejects.toThrow("import failed");
    expect(await web.verifyHmacBase64({ body: BODY, secret, signature })).toEqual({ ok: true });
    expect(importKey).toHaveBeenCalledTimes(2);
  });

  it("a later secret's failed import does not matter once an earlier one matched", async () => {
    const secrets = ["rotation-good", "rotation-bad"];
    const signature = root.signHmacBase64({ body: BODY, secret: secrets[0]! });
    const subtle = crypto.subtle;
    const original = subtle.importKey.bind(subtle);
    const rejected: unknown[] = [];
    const onUnhandled = (reason: unknown) => rejected.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      vi.spyOn(subtle, "importKey").mockImplementation(((...args: Parameters<SubtleCrypto["importKey"]>) => {
        const raw = args[1] as Uint8Array;
        return new TextDecoder().decode(raw) === "rotation-bad" ? Promise.reject(new Error("bad key")) : original(...(args as [never, never, never, never, never]));
      }) as never);
      expect(await web.verifyHmacBase64({ body: BODY, secret: secrets, signature })).toEqual({ ok: true, secretIndex: 0 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejected).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("a failed import that was already evicted from the cache leaves the keys cached since in place", async () => {
    const subtle = crypto.subtle;
    const original = subtle.importKey.bind(subtle);
    let fail!: (error: Error) => void;
    const importKey = vi.spyOn(subtle, "importKey").mockImplementation(((...args: Parameters<SubtleCrypto["importKey"]>) => {
      if (new TextDecoder().decode(args[1] as Uint8Array) !== "evicted-then-fails") return original(...(args as [never, never, never, never, never]));
      return new Promise<CryptoKey>((_, reject) => {
        fail = reject;
      });
    }) as never);
    const pending = web.verifyHmacBase64({ body: BODY, secret: "evicted-then-fails", signature: root.signHmacBase64({ body: BODY, secret: "x" }) });
    const others = Array.from({ length: KEY_CACHE_MAX_ENTRIES }, (_, i) => `evicting-${i}`);
    const signature = root.signHmacBase64({ body: BODY, secret: others[0]! });
    expect(await web.verifyHmacBase64({ body: BODY, secret: others, signature })).toEqual({ ok: true, secretIndex: 0 });
    fail(new Error("late failure"));
    await expect(pending).rejects.toThrow("late failure");
    expect(keyCacheSize()).toBe(KEY_CACHE_MAX_ENTRIES);
    const calls = importKey.mock.calls.length;
    expect(await web.verifyHmacBase64({ body: BODY, secret: others[0]!, signature })).toEqual({ ok: true });
    expect(importKey.mock.calls.length).toBe(calls); // still cached
  });

  it("names a non-string algorithm by its type", () => {
    expect(() => web.verifyHmacBase64({ body: BODY, secret: "s", signature: "x", algorithm: 256 as never })).toThrow(
      /algorithm must be "sha256", "sha1" or "sha512", got a number$/,
    );
  });
});

describe("web Mobility Work", () => {
  it("parseMwSignatureHeader returns null for a non-string, an over-long value and a malformed one", () => {
    expect(web.parseMwSignatureHeader(42 as never)).toBeNull();
    expect(web.parseMwSignatureHeader(`t=1,nonce=${"a".repeat(40)},signature=${"0".repeat(64)}${" ".repeat(9000)}`)).toBeNull();
    expect(web.parseMwSignatureHeader("t=1,nonce=abc")).toBeNull();
    expect(web.parseMwSignatureHeader(`t=1,nonce=${"a".repeat(40)},signature=${"0".repeat(63)}`)).toBeNull();
    expect(web.parseMwSignatureHeader(`t=1,nonce=${"a".repeat(40)},signature=${"A".repeat(64)}`)).toEqual({ timestamp: 1, nonce: "a".repeat(40), signature: "a".repeat(64) });
  });

  it("names a non-number toleranceSeconds or timestamp by its type, a bad number by its value", () => {
    const input = { body: BODY, secret: "s", signature: "t=1" };
    expect(() => web.verifyMwSignature({ ...input, toleranceSeconds: "300" as never })).toThrow(/toleranceSeconds must be a number >= 0 .* got a string$/);
    expect(() => web.verifyMwSignature({ ...input, toleranceSeconds: -1 })).toThrow(/toleranceSeconds must be a number >= 0 .* got -1$/);
    expect(() => web.signMwSignature({ body: BODY, secret: "s", timestamp: "1" as never })).toThrow(/timestamp must be a whole number of unix seconds >= 0, got a string$/);
    expect(() => web.signMwSignature({ body: BODY, secret: "s", timestamp: 1.5 })).toThrow(/got 1\.5$/);
  });
});
