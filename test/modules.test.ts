// Every module of src/ loads on its own and works. Each test imports its module DYNAMICALLY,
// inside the test, and checks one real result: a module that throws while it loads (a
// module-level call gone wrong, such as a broken `shape()` in src/payloads/shape.ts that
// every checker is built with) then fails a test here. A static import would instead fail
// the whole file before any test ran, which a mutation run does not count as a failed test.
// Nothing from src/ is imported at the top of this file, on purpose.
import { describe, expect, it } from "vitest";
import { EWAREHOUSING_STOCK_VALUE, MW_SPARE_PART_VALUE, TIKI_REJECTED_VALUE } from "./helpers/documented.js";

// Documented examples (PROVIDERS.md and shared/seeds/), written out here.
const TIKI_STOCK_CURL =
  '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}';
const TIKI_SECRET = "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0";
const TIKI_CURL_SIGNATURE = "sha1=f967afd72827f2cc15bd6d25cf9c86631d48213f";
const TIKI_CREDENTIALS = { id: "iyofim3eru0bkiwz", secret: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd" };
const TIKI_AUTHORIZATION = "Basic aXlvZmltM2VydTBia2l3ejpCdXFpY0Ixa3djeTRUbDlkaWtxUEI3RmtQd2REaDhmZA==";
const MW_T = 1660338149;
const MW_NONCE = "752c14ea195c460bac3c3b7896975ee9fd15eeb7";
// HMAC-SHA256 and HMAC-SHA1 of the well-known test message under "key".
const FOX = "The quick brown fox jumps over the lazy dog";
const FOX_SHA256_HEX = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
const FOX_SHA256_BASE64 = "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=";
const FOX_SHA1_HEX = "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9";

const TIKINOW_ORDER =
  '{"data":{"date":"2022-10-26T14:22:05+07:00","ref_code":"TR22","order_code":"347171821","main_state":"processing","main_substate":"ready_for_pickup"}}';
const TIKINOW_AFTERSALE =
  '{"data":{"date":"2022-10-26T14:22:46+07:00","ref_code":"CR22509365559","order_code":"347171821","status":"canceled","type":"cr"}}';
const TILBY_SUBSCRIBED = {
  type: "SUBSCRIBED",
  entity_name: "{entity}",
  time: "2022-02-23T15:43:31.714Z",
  environment_id: "id_of_the_shop",
  client_id: "clientId_of_static_token",
};
const TILBY_CLOSED = { type: "CLOSED", entity_name: "sales", entities: [{ id: 1, uuid: "u", external_id: null, status: "closed" }] };

describe("src/payloads", () => {
  it("shape.ts: its checkers and parseWith work", async () => {
    const m = await import("../src/payloads/shape.js");
    expect(m.string.check("x", "a")).toBeUndefined();
    expect(m.string.check(1, "a")).toEqual({ path: "a", expected: "a string", got: 1 });
    expect(m.number.check(1.5, "n")).toBeUndefined();
    expect(m.present.check(null, "p")).toBeUndefined();
    expect(m.anyArray.check([1, "x"], "l")).toBeUndefined();
    expect(m.record.check({}, "r")).toBeUndefined();
    expect(m.nullable(m.string).check(null, "s")).toBeUndefined();
    expect(m.optional(m.number)).toEqual({ optional: m.number });
    expect(m.openString()).toBe(m.string);
    expect(m.literal("a", "b").check("c", "k")).toEqual({ path: "k", expected: 'one of "a", "b"', got: "c" });
    expect(m.array(m.string).check(["a", 2], "xs")).toEqual({ path: "xs[1]", expected: "a string", got: 2 });
    expect(m.shape(() => undefined).check(1, "")).toBeUndefined();
    const point = m.object({ x: m.number, label: m.optional(m.string) });
    expect(m.parseWith('{"x":1}', point)).toEqual({ ok: true, value: { x: 1 } });
    expect(m.parseWith('{"x":"1"}', point)).toEqual({ ok: false, reason: "invalid_payload", path: "x", message: "x must be a number, got a string." });
    expect(m.parseWith("{", point)).toEqual({ ok: false, reason: "invalid_json", message: "The body is not valid JSON." });
    expect(m.isObject([])).toBe(false);
    expect(m.own({ a: 1 }, "a")).toBe(1);
    expect(m.join("a", "b")).toBe("a.b");
    expect(m.mismatch("p", "e", 1)).toEqual({ path: "p", expected: "e", got: 1 });
    expect(m.isEmptyObject({})).toBe(true);
  });

  it("tikinow.ts: each parser parses its documented example", async () => {
    const m = await import("../src/payloads/tikinow.js");
    expect(m.parseTikiStockSync(TIKI_STOCK_CURL)).toEqual({ ok: true, value: JSON.parse(TIKI_STOCK_CURL) });
    expect(m.parseTikiOrderStatus(TIKINOW_ORDER)).toEqual({ ok: true, value: JSON.parse(TIKINOW_ORDER) });
    expect(m.parseTikiAftersale(TIKINOW_AFTERSALE)).toEqual({ ok: true, value: JSON.parse(TIKINOW_AFTERSALE) });
  });

  it("tiki-open-api.ts: parses the guide's rejected event", async () => {
    const m = await import("../src/payloads/tiki-open-api.js");
    expect(m.parseTikiProductRequestEvent(JSON.stringify(TIKI_REJECTED_VALUE))).toEqual({ ok: true, value: TIKI_REJECTED_VALUE });
  });

  it("mobility-work.ts: parses the spare-part example and recognises it", async () => {
    const m = await import("../src/payloads/mobility-work.js");
    const result = m.parseMwWebhook(JSON.stringify(MW_SPARE_PART_VALUE));
    expect(result).toEqual({ ok: true, value: MW_SPARE_PART_VALUE });
    expect(result.ok && m.isMwSparePartOutOfStock(result.value)).toBe(true);
  });

  it("tilby.ts: parses the handshake and a notification", async () => {
    const m = await import("../src/payloads/tilby.js");
    expect(m.parseTilbyWebhook(JSON.stringify(TILBY_SUBSCRIBED))).toEqual({ ok: true, value: TILBY_SUBSCRIBED });
    expect(m.parseTilbyWebhook(JSON.stringify(TILBY_CLOSED))).toEqual({ ok: true, value: TILBY_CLOSED });
  });

  it("ewarehousing.ts: parses the stock example", async () => {
    const m = await import("../src/payloads/ewarehousing.js");
    expect(m.parseEwarehousingWebhook(JSON.stringify(EWAREHOUSING_STOCK_VALUE))).toEqual({ ok: true, value: EWAREHOUSING_STOCK_VALUE });
  });
});

describe("src/testing.ts", () => {
  it("loads with its frozen examples, and its builders sign", async () => {
    const m = await import("../src/testing.js");
    const examples = [
      m.TIKINOW_STOCK_EXAMPLE,
      m.TIKINOW_ORDER_CANCELED_EXAMPLE,
      m.TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE,
      m.TIKINOW_ORDER_PROCESSING_EXAMPLE,
      m.TIKINOW_AFTERSALE_EXAMPLE,
      m.TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE,
      m.MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
      m.TILBY_SUBSCRIBED_EXAMPLE,
      m.TILBY_SALES_CLOSED_EXAMPLE,
      m.EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
    ];
    for (const example of examples) expect(Object.isFrozen(example)).toBe(true);
    expect(m.TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE).toEqual(TIKI_REJECTED_VALUE);
    expect(m.MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE).toEqual(MW_SPARE_PART_VALUE);
    expect(m.EWAREHOUSING_STOCK_UPDATED_EXAMPLE).toEqual(EWAREHOUSING_STOCK_VALUE);
    expect(m.tikinowDelivery({ secret: TIKI_SECRET, body: TIKI_STOCK_CURL }).headers["x-signature"]).toBe(TIKI_CURL_SIGNATURE);
    expect(m.tikiOpenApiDelivery({ credentials: TIKI_CREDENTIALS }).headers.authorization).toBe(TIKI_AUTHORIZATION);
    expect(m.tilbyDelivery({ secret: "key", body: FOX, headerName: "x-sig" }).headers["x-sig"]).toBe(FOX_SHA256_HEX);
    expect(m.ewarehousingDelivery({ secret: "key", body: FOX, webhookId: "w" }).headers["x-hmac-sha256"]).toBe(FOX_SHA256_BASE64);
    expect(m.mobilityWorkDelivery({ secret: "key", body: "{}", timestamp: MW_T, nonce: MW_NONCE }).headers["x-mw-signature"]).toMatch(
      new RegExp(`^t=${MW_T},nonce=${MW_NONCE},signature=[0-9a-f]{64}$`),
    );
  });
});

describe("src/index.ts and src/web/index.ts", () => {
  it("index.ts: the root entry signs and parses", async () => {
    const m = await import("../src/index.js");
    expect(m.signTikiSha1({ body: TIKI_STOCK_CURL, secret: TIKI_SECRET })).toBe(TIKI_CURL_SIGNATURE);
    expect(m.parseTikiStockSync(TIKI_STOCK_CURL).ok).toBe(true);
  });

  it("web/index.ts: the web entry signs and parses", async () => {
    const m = await import("../src/web/index.js");
    expect(await m.signTikiSha1({ body: TIKI_STOCK_CURL, secret: TIKI_SECRET })).toBe(TIKI_CURL_SIGNATURE);
    expect(m.parseEwarehousingWebhook(EWAREHOUSING_STOCK_VALUE).ok).toBe(true);
  });
});

describe("src/lib", () => {
  it("bytes.ts", async () => {
    const m = await import("../src/lib/bytes.js");
    expect(m.bytesToText(new Uint8Array([0x68, 0x69]))).toBe("hi");
    expect(m.bodyInput("x")).toBe("x");
  });

  it("credentials.ts", async () => {
    const m = await import("../src/lib/credentials.js");
    expect(m.basicToken("Basic abc")).toBe("abc");
    expect(m.credentialsList([TIKI_CREDENTIALS])).toEqual([TIKI_CREDENTIALS]);
  });

  it("encoding.ts", async () => {
    const m = await import("../src/lib/encoding.js");
    expect(m.isHex(FOX_SHA1_HEX, 20)).toBe(true);
    expect(m.isBase64(FOX_SHA256_BASE64, 32)).toBe(true);
    expect(m.isBase64Any("aGk=")).toBe(true);
    expect(m.base64ByteLength("aGk=")).toBe(2);
  });

  it("errors.ts", async () => {
    const m = await import("../src/lib/errors.js");
    expect(m.argumentError("x", "must be y").message).toBe("[webhook-signatures] x must be y");
    expect(m.describe([])).toBe("an array");
  });

  it("headers.ts", async () => {
    const m = await import("../src/lib/headers.js");
    expect(m.MAX_HEADER_LENGTH).toBe(8192);
    expect(m.getHeader({ "x-a": "1" }, "X-A")).toBe("1");
  });

  it("hmac.ts", async () => {
    const m = await import("../src/lib/hmac.js");
    expect(m.hmac("sha256", "key", FOX).toString("hex")).toBe(FOX_SHA256_HEX);
    expect(m.hmac("sha1", "key", FOX).toString("hex")).toBe(FOX_SHA1_HEX);
    expect(m.DIGEST_LENGTH.sha512).toBe(64);
  });

  it("mw-header.ts", async () => {
    const m = await import("../src/schemes/mw-header.js");
    expect(m.MW_SIGNATURE_HEADER).toBe("x-mw-signature");
    expect(m.MW_DEFAULT_TOLERANCE_SECONDS).toBe(300);
    expect(m.parseMwSignatureHeader(`t=${MW_T},nonce=${MW_NONCE},signature=${FOX_SHA256_HEX}`)).toEqual({
      timestamp: MW_T,
      nonce: MW_NONCE,
      signature: FOX_SHA256_HEX,
    });
  });

  it("options.ts", async () => {
    const m = await import("../src/lib/options.js");
    expect(m.assertAlgorithm(undefined)).toBe("sha256");
    expect(m.DIGEST_LENGTH).toEqual({ sha1: 20, sha256: 32, sha512: 64 });
    expect(m.stripPrefix("SHA1=ab", "sha1=")).toBe("ab");
  });

  it("result.ts", async () => {
    const m = await import("../src/lib/result.js");
    expect(m.missingHeader("x-signature")).toEqual({ ok: false, reason: "missing_header", message: "The x-signature header is missing or empty." });
  });

  it("secrets.ts", async () => {
    const m = await import("../src/lib/secrets.js");
    expect(m.assertSecrets("s")).toBe("s");
    expect(() => m.assertSecret("")).toThrow(TypeError);
  });

  it("types.ts (types only: nothing at run time)", async () => {
    const m = await import("../src/lib/types.js");
    expect(Object.keys(m)).toEqual([]);
  });

  it("verify.ts", async () => {
    const m = await import("../src/lib/verify.js");
    const result = m.verifyBodyHmac({}, FOX, "key", undefined, FOX_SHA256_HEX, "x-sig", "sha256", "hex", "");
    expect(result).toEqual({ ok: true });
  });
});

describe("src/schemes", () => {
  it("tikinow.ts", async () => {
    const m = await import("../src/schemes/tikinow.js");
    expect(m.TIKI_SIGNATURE_HEADER).toBe("x-signature");
    expect(m.signTikiSha1({ body: TIKI_STOCK_CURL, secret: TIKI_SECRET })).toBe(TIKI_CURL_SIGNATURE);
    expect(m.verifyTikiSha1({ body: TIKI_STOCK_CURL, secret: TIKI_SECRET, signature: TIKI_CURL_SIGNATURE })).toEqual({ ok: true });
  });

  it("tiki-basic.ts", async () => {
    const m = await import("../src/schemes/tiki-basic.js");
    expect(m.basicAuthHeader(TIKI_CREDENTIALS)).toBe(TIKI_AUTHORIZATION);
    expect(m.verifyBasicAuth({ credentials: TIKI_CREDENTIALS, authorization: TIKI_AUTHORIZATION })).toEqual({ ok: true, id: TIKI_CREDENTIALS.id });
  });

  it("mobility-work.ts", async () => {
    const m = await import("../src/schemes/mobility-work.js");
    const signature = m.signMwSignature({ body: "{}", secret: "key", timestamp: MW_T, nonce: MW_NONCE });
    expect(m.verifyMwSignature({ body: "{}", secret: "key", signature, now: MW_T * 1000 })).toEqual({ ok: true, timestamp: MW_T, nonce: MW_NONCE });
  });

  it("ewarehousing.ts", async () => {
    const m = await import("../src/schemes/ewarehousing.js");
    expect(m.EWAREHOUSING_SIGNATURE_HEADER).toBe("x-hmac-sha256");
    expect(m.signHmacBase64({ body: FOX, secret: "key" })).toBe(FOX_SHA256_BASE64);
    expect(m.verifyHmacBase64({ body: FOX, secret: "key", signature: FOX_SHA256_BASE64 })).toEqual({ ok: true });
  });

  it("tilby.ts", async () => {
    const m = await import("../src/schemes/tilby.js");
    expect(m.signHmacHex({ body: FOX, secret: "key" })).toBe(FOX_SHA256_HEX);
    expect(m.verifyHmacHex({ body: FOX, secret: "key", signature: FOX_SHA256_HEX })).toEqual({ ok: true });
  });
});

describe("src/web", () => {
  it("lib/bytes.ts", async () => {
    const m = await import("../src/web/lib/bytes.js");
    expect(Array.from(m.prefixedBytes("a.", "b"))).toEqual([0x61, 0x2e, 0x62]);
  });

  it("lib/crypto.ts", async () => {
    const m = await import("../src/web/lib/crypto.js");
    const encoding = await import("../src/web/lib/encoding.js");
    expect(encoding.toHex(await m.hmac("sha256", "key", encoding.utf8(FOX)))).toBe(FOX_SHA256_HEX);
    expect(m.randomBytes(4)).toHaveLength(4);
    expect(m.KEY_CACHE_MAX_ENTRIES).toBe(64);
  });

  it("lib/encoding.ts", async () => {
    const m = await import("../src/web/lib/encoding.js");
    expect(m.toBase64(m.utf8("hi"))).toBe("aGk=");
    expect(Array.from(m.decodeHex("00ff", 2) ?? [])).toEqual([0, 255]);
  });

  it("lib/verify.ts", async () => {
    const m = await import("../src/web/lib/verify.js");
    const scheme = { header: "x-sig", algorithm: "sha256", encoding: "hex", prefix: "" } as const;
    expect(await m.verifyBodyHmac({ body: FOX, secret: "key", signature: FOX_SHA256_HEX }, scheme)).toEqual({ ok: true });
  });

  it("schemes/tikinow.ts", async () => {
    const m = await import("../src/web/schemes/tikinow.js");
    expect(await m.signTikiSha1({ body: TIKI_STOCK_CURL, secret: TIKI_SECRET })).toBe(TIKI_CURL_SIGNATURE);
  });

  it("schemes/tiki-basic.ts", async () => {
    const m = await import("../src/web/schemes/tiki-basic.js");
    expect(m.basicAuthHeader(TIKI_CREDENTIALS)).toBe(TIKI_AUTHORIZATION);
    expect(await m.verifyBasicAuth({ credentials: TIKI_CREDENTIALS, authorization: TIKI_AUTHORIZATION })).toEqual({ ok: true, id: TIKI_CREDENTIALS.id });
  });

  it("schemes/mobility-work.ts", async () => {
    const m = await import("../src/web/schemes/mobility-work.js");
    const signature = await m.signMwSignature({ body: "{}", secret: "key", timestamp: MW_T, nonce: MW_NONCE });
    expect(await m.verifyMwSignature({ body: "{}", secret: "key", signature, now: MW_T * 1000 })).toEqual({ ok: true, timestamp: MW_T, nonce: MW_NONCE });
  });

  it("schemes/ewarehousing.ts", async () => {
    const m = await import("../src/web/schemes/ewarehousing.js");
    expect(await m.signHmacBase64({ body: FOX, secret: "key" })).toBe(FOX_SHA256_BASE64);
  });

  it("schemes/tilby.ts", async () => {
    const m = await import("../src/web/schemes/tilby.js");
    expect(await m.signHmacHex({ body: FOX, secret: "key" })).toBe(FOX_SHA256_HEX);
  });
});

describe("src/replay", () => {
  it("nonce-store.ts", async () => {
    const m = await import("../src/replay/nonce-store.js");
    const store = new m.MemoryNonceStore({ now: () => 0 });
    expect(store.claim("n", 1000)).toBe(true);
    expect(store.claim("n", 1000)).toBe(false);
    expect(m.MEMORY_NONCE_STORE_DEFAULT_MAX_ENTRIES).toBe(100_000);
  });

  it("redis.ts (loading only: no Redis needed)", async () => {
    const m = await import("../src/replay/redis.js");
    expect(m.REDIS_NONCE_STORE_DEFAULT_PREFIX).toBe("webhook-signatures:nonce:");
    expect(m.REDIS_NONCE_STORE_DEFAULT_TIMEOUT_MS).toBe(2_000);
    const adapter = { evalScript: async () => 1 };
    expect(new m.RedisNonceStore({ client: adapter }).keyPrefix).toBe("webhook-signatures:nonce:");
  });

  it("postgres.ts (loading only: no Postgres needed)", async () => {
    const m = await import("../src/replay/postgres.js");
    expect(m.POSTGRES_NONCE_STORE_DEFAULT_TABLE).toBe("webhook_signatures_deliveries");
    expect(new m.PostgresNonceStore({ client: { query: async () => ({ rows: [] }) } }).table).toBe("webhook_signatures_deliveries");
  });

  it("run-once.ts", async () => {
    const m = await import("../src/replay/run-once.js");
    const { MemoryNonceStore } = await import("../src/replay/nonce-store.js");
    expect(await m.runOnce({ store: new MemoryNonceStore(), key: "k", handler: () => 1 })).toMatchObject({ status: "processed", value: 1 });
  });

  it("handle-once.ts", async () => {
    const m = await import("../src/replay/handle-once.js");
    const { MemoryNonceStore } = await import("../src/replay/nonce-store.js");
    const result = await m.handleOnce({
      provider: "acme",
      store: new MemoryNonceStore(),
      verify: () => ({ ok: true }) as const,
      key: () => "k",
      retentionMs: 60_000,
      handler: () => "done",
    });
    expect(result).toMatchObject({ status: "processed", httpStatus: 200, key: "acme::k", value: "done" });
    expect((await import("../src/providers/mobility-work-once.js")).MW_FALLBACK_RETENTION_MS).toBe(86_400_000);
  });
});
