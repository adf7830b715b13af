// What only the /web entry has to get right: Promises with synchronous caller errors,
// Web Crypto's constant-time verify, a bounded key cache, bytes read at call time, and
// no Buffer needed at run time.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as root from "../../src/index.js";
import { KEY_CACHE_MAX_ENTRIES, KEY_CACHE_MAX_SECRET_LENGTH } from "../../src/web/lib/crypto.js";
import * as web from "../../src/web/index.js";

const BODY = '{"data":{"sku":"1"}}';
const SECRET = "web-test-secret";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("webhook-signatures/web", () => {
  it("exports the root entry's names, less the Node-only replay helpers, plus the Fetch receiver and its channel", async () => {
    const nodeOnly = [
      "MW_FALLBACK_RETENTION_MS",
      "POSTGRES_NONCE_STORE_DEFAULT_TABLE",
      "POSTGRES_NONCE_STORE_DEFAULT_TIMEOUT_MS",
      "POSTGRES_NONCE_STORE_SCHEMA",
      "PostgresNonceStore",
      "PostgresNonceStoreError",
      "REDIS_NONCE_STORE_DEFAULT_PREFIX",
      "REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS",
      "REDIS_SCRIPTS",
      "RedisNonceStore",
      "RedisNonceStoreError",
      "handleMwOnce",
      "handleOnce",
      "postgresNonceStoreSchema",
    ];
    // createReceiver and the channel it traces deliveries on: the root entry's are in webhook-signatures/receiver.
    expect(Object.keys(web).sort()).toEqual([...Object.keys(root).filter((name) => !nodeOnly.includes(name)), "createReceiver", "RECEIVE_CHANNEL"].sort());
    expect(web.parseTikiStockSync).toBe(root.parseTikiStockSync);
    expect(web.TIKI_SIGNATURE_HEADER).toBe(root.TIKI_SIGNATURE_HEADER);
    expect(web.MW_SIGNATURE_HEADER).toBe(root.MW_SIGNATURE_HEADER);
    expect(web.EWAREHOUSING_SIGNATURE_HEADER).toBe(root.EWAREHOUSING_SIGNATURE_HEADER);
    expect(web.MW_DEFAULT_TOLERANCE_SECONDS).toBe(root.MW_DEFAULT_TOLERANCE_SECONDS);
  });

  it("signs exactly as the root entry, for every algorithm and body form", async () => {
    const bytes = new TextEncoder().encode(BODY);
    for (const body of [BODY, bytes, bytes.slice().buffer, Buffer.from(`__${BODY}`).subarray(2)]) {
      for (const secret of [SECRET, new Uint8Array([0, 1, 2, 255])]) {
        for (const algorithm of ["sha1", "sha256", "sha512"] as const) {
          expect(await web.signHmacHex({ body, secret, algorithm, prefix: "v1=" })).toBe(root.signHmacHex({ body, secret, algorithm, prefix: "v1=" }));
          expect(await web.signHmacBase64({ body, secret, algorithm })).toBe(root.signHmacBase64({ body, secret, algorithm }));
        }
        expect(await web.signTikiSha1({ body, secret })).toBe(root.signTikiSha1({ body, secret }));
        expect(await web.signMwSignature({ body, secret, timestamp: 1, nonce: "n" })).toBe(root.signMwSignature({ body, secret, timestamp: 1, nonce: "n" }));
      }
    }
    const creds = { id: "tiki", secret: "gránted" };
    expect(web.basicAuthHeader(creds)).toBe(root.basicAuthHeader(creds));
  });

  it("draws a fresh 40-hex-digit nonce and the current time when signing MW without them", async () => {
    const a = await web.signMwSignature({ body: BODY, secret: SECRET });
    const b = await web.signMwSignature({ body: BODY, secret: SECRET });
    const parsed = web.parseMwSignatureHeader(a)!;
    expect(parsed.nonce).toMatch(/^[0-9a-f]{40}$/);
    expect(parsed.nonce).not.toBe(web.parseMwSignatureHeader(b)!.nonce);
    expect(Math.abs(parsed.timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect((await web.verifyMwSignature({ body: BODY, secret: SECRET, signature: a })).ok).toBe(true);
    expect(root.verifyMwSignature({ body: BODY, secret: SECRET, signature: a }).ok).toBe(true);
  });

  it("compares HMACs with crypto.subtle.verify, never by hand", async () => {
    const verify = vi.spyOn(crypto.subtle, "verify");
    const signature = root.signTikiSha1({ body: BODY, secret: SECRET });
    expect(await web.verifyTikiSha1({ body: BODY, secret: ["old-secret", SECRET], signature })).toEqual({ ok: true, secretIndex: 1 });
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verify.mock.calls[0]![0]).toBe("HMAC");
  });

  it("compares Basic credentials as HMACs under one random key per process", async () => {
    const pairs = [{ id: "old", secret: "s1" }, { id: "new", secret: "s2" }];
    await web.verifyBasicAuth({ credentials: pairs, authorization: null }); // no key needed for a missing header
    await web.verifyBasicAuth({ credentials: pairs, authorization: root.basicAuthHeader({ id: "x", secret: "y" }) });
    const generateKey = vi.spyOn(crypto.subtle, "generateKey");
    const verify = vi.spyOn(crypto.subtle, "verify");
    for (let i = 0; i < 3; i++) {
      expect(await web.verifyBasicAuth({ credentials: pairs, authorization: root.basicAuthHeader(pairs[1]!) })).toEqual({ ok: true, id: "new" });
    }
    expect(generateKey).not.toHaveBeenCalled(); // drawn once, on first use, and kept
    expect(verify).toHaveBeenCalledTimes(6);
  });

  it("keeps at most 64 imported keys, reusing them for repeated secrets", async () => {
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    const signature = `sha1=${"0".repeat(40)}`;
    const rotating = (i: number) => `rotating-secret-${i}`;
    const last = 3 * KEY_CACHE_MAX_ENTRIES - 1;
    for (let i = 0; i <= last; i++) await web.verifyTikiSha1({ body: BODY, secret: rotating(i), signature });
    expect(KEY_CACHE_MAX_ENTRIES).toBe(64);
    // Seen through importKey: the 64 latest secrets are all still cached (oldest first, so that no
    // reuse reorders them), and the one before them is gone: the cache holds 64 keys, not more.
    importKey.mockClear();
    for (let i = last - KEY_CACHE_MAX_ENTRIES + 1; i <= last; i++) await web.verifyTikiSha1({ body: BODY, secret: rotating(i), signature });
    expect(importKey).not.toHaveBeenCalled();
    await web.verifyTikiSha1({ body: BODY, secret: rotating(last - KEY_CACHE_MAX_ENTRIES), signature });
    expect(importKey).toHaveBeenCalledTimes(1);
    importKey.mockClear();
    for (let i = 0; i < 10; i++) await web.verifyTikiSha1({ body: BODY, secret: SECRET, signature });
    expect(importKey).toHaveBeenCalledTimes(1);
    // Equal bytes in different arrays share a key.
    importKey.mockClear();
    for (let i = 0; i < 3; i++) await web.verifyTikiSha1({ body: BODY, secret: new Uint8Array([9, 9, 9]), signature });
    expect(importKey).toHaveBeenCalledTimes(1);
    // A secret longer than KEY_CACHE_MAX_SECRET_LENGTH is imported on every call, not kept.
    importKey.mockClear();
    for (let i = 0; i < 2; i++) await web.verifyTikiSha1({ body: BODY, secret: "k".repeat(KEY_CACHE_MAX_SECRET_LENGTH), signature });
    expect(importKey).toHaveBeenCalledTimes(1);
    const cachedCall = importKey.mock.calls[0]!;
    importKey.mockClear();
    for (let i = 0; i < 2; i++) await web.verifyTikiSha1({ body: BODY, secret: "k".repeat(KEY_CACHE_MAX_SECRET_LENGTH + 1), signature });
    expect(importKey).toHaveBeenCalledTimes(2);
    // Every key, cached or not, is imported for HMAC only and cannot be exported.
    for (const call of [cachedCall, ...importKey.mock.calls]) expect([call[0], call[3], call[4]]).toEqual(["raw", false, ["sign", "verify"]]);
  });

  it("never mistakes a string secret for bytes that print the same in its key cache", async () => {
    // String(new Uint8Array([49, 44, 50])) is "49,44,50": the cache must tell the two apart.
    const bytes = new Uint8Array([49, 44, 50]);
    const text = "49,44,50";
    const signed = root.signTikiSha1({ body: BODY, secret: bytes });
    expect(root.signTikiSha1({ body: BODY, secret: text })).not.toBe(signed);
    expect((await web.verifyTikiSha1({ body: BODY, secret: text, signature: signed })).ok).toBe(false);
    expect(await web.verifyTikiSha1({ body: BODY, secret: bytes, signature: signed })).toEqual({ ok: true });
    expect((await web.verifyTikiSha1({ body: BODY, secret: text, signature: signed })).ok).toBe(false);
    // Nor two byte secrets for each other.
    const other = new Uint8Array([49, 44, 51]);
    expect(await web.verifyTikiSha1({ body: BODY, secret: other, signature: root.signTikiSha1({ body: BODY, secret: other }) })).toEqual({ ok: true });
    expect((await web.verifyTikiSha1({ body: BODY, secret: other, signature: signed })).ok).toBe(false);
  });

  it("throws caller mistakes at once and never returns a rejected Promise for network input", async () => {
    expect(() => web.verifyTikiSha1({ body: BODY, secret: "", signature: undefined })).toThrow(TypeError);
    expect(() => web.signTikiSha1({ body: {} as never, secret: SECRET })).toThrow(TypeError);
    await expect(web.verifyTikiSha1({ body: BODY, secret: SECRET, signature: "sha1=zz" })).resolves.toMatchObject({ ok: false, reason: "malformed_header" });
  });

  it("reads the body when called: the caller may reuse its buffer at once", async () => {
    const bytes = new TextEncoder().encode(BODY);
    const signature = root.signHmacBase64({ body: bytes, secret: SECRET });
    const pending = web.verifyHmacBase64({ body: bytes, secret: SECRET, signature });
    bytes.fill(0);
    expect(await pending).toEqual({ ok: true });
    const mw = root.signMwSignature({ body: BODY, secret: SECRET, timestamp: 1000, nonce: "n" });
    const again = new TextEncoder().encode(BODY);
    const pendingMw = web.verifyMwSignature({ body: again, secret: SECRET, signature: mw, now: 1_000_000 });
    again.fill(0);
    expect(await pendingMw).toEqual({ ok: true, timestamp: 1000, nonce: "n" });
  });

  it("needs no Buffer at run time", async () => {
    const signature = root.signHmacBase64({ body: BODY, secret: SECRET });
    const basic = root.basicAuthHeader({ id: "a", secret: "b" });
    vi.stubGlobal("Buffer", undefined);
    const results = await Promise.all([
      web.verifyHmacBase64({ body: BODY, secret: SECRET, signature }),
      web.verifyBasicAuth({ credentials: { id: "a", secret: "b" }, authorization: basic }),
      web.signHmacHex({ body: new Uint8Array([1, 2]), secret: SECRET }),
      web.signMwSignature({ body: BODY, secret: SECRET }),
    ]);
    vi.unstubAllGlobals();
    expect(results[0]).toEqual({ ok: true });
    expect(results[1]).toEqual({ ok: true, id: "a" });
    expect(results[2]).toBe(root.signHmacHex({ body: new Uint8Array([1, 2]), secret: SECRET }));
    expect(web.basicAuthHeader({ id: "a", secret: "b" })).toBe(basic);
  });

  it("says so at once where there is no Web Crypto", () => {
    vi.stubGlobal("crypto", undefined);
    expect(() => web.signTikiSha1({ body: BODY, secret: SECRET })).toThrow(/no Web Crypto/);
    const signature = root.signTikiSha1({ body: BODY, secret: SECRET });
    expect(() => web.verifyTikiSha1({ body: BODY, secret: SECRET, signature })).toThrow(/no Web Crypto/);
  });
});

describe("webhook-signatures/web when Web Crypto fails", () => {
  it("does not keep a Basic compare key whose generation failed: the next call draws a new one", async () => {
    // A fresh module instance: the compare key is drawn on first use, once per instance.
    vi.resetModules();
    const fresh = await import("../../src/web/index.js");
    const pair = { id: "shop", secret: "pw" };
    const authorization = root.basicAuthHeader(pair);
    const generateKey = vi.spyOn(crypto.subtle, "generateKey").mockRejectedValueOnce(new Error("no entropy"));
    await expect(fresh.verifyBasicAuth({ credentials: [pair], authorization })).rejects.toThrow("no entropy");
    expect(await fresh.verifyBasicAuth({ credentials: [pair], authorization })).toEqual({ ok: true, id: "shop" });
    expect(generateKey).toHaveBeenCalledTimes(2);
  });

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
    const calls = importKey.mock.calls.length;
    expect(await web.verifyHmacBase64({ body: BODY, secret: others[0]!, signature })).toEqual({ ok: true });
    for (const secret of others) await web.verifyHmacBase64({ body: BODY, secret, signature });
    expect(importKey.mock.calls.length).toBe(calls); // all 64 still cached
  });
});

describe("parseMwSignatureHeader on /web", () => {
  it("returns null for a non-string, an over-long value and a malformed one, and lowercases the signature", () => {
    expect(web.parseMwSignatureHeader(42 as never)).toBeNull();
    expect(web.parseMwSignatureHeader(`t=1,nonce=${"a".repeat(40)},signature=${"0".repeat(64)}${" ".repeat(9000)}`)).toBeNull();
    expect(web.parseMwSignatureHeader("t=1,nonce=abc")).toBeNull();
    expect(web.parseMwSignatureHeader(`t=1,nonce=${"a".repeat(40)},signature=${"0".repeat(63)}`)).toBeNull();
    expect(web.parseMwSignatureHeader(`t=1,nonce=${"a".repeat(40)},signature=${"A".repeat(64)}`)).toEqual({ timestamp: 1, nonce: "a".repeat(40), signature: "a".repeat(64) });
  });
});
