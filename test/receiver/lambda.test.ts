// The Lambda door on AWS's own sample events (test/fixtures/lambda/, each naming its source): an
// API Gateway REST API (payload 1.0), an HTTP API (2.0) and a function URL, their bodies plain or
// base64-encoded. The tests fill in the body and sign it for a provider with node:crypto (never
// the library's sign functions), then call `receiver.lambda(event, context)` as Lambda does.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context, LambdaFunctionURLEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { verifyShopify } from "../../src/index.js";
import { createReceiver } from "../../src/receiver/index.js";
import { createReceiver as createWebReceiver } from "../../src/web/index.js";
import { deferred, refusals } from "./helpers.js";

const SECRET = "lambda-door-secret";

function fixture<T>(name: string): T {
  const { source, event } = JSON.parse(readFileSync(new URL(`../fixtures/lambda/${name}`, import.meta.url), "utf8")) as { source: string; event: T };
  expect(source).toMatch(/^https:\/\//);
  return event;
}
const REST = fixture<APIGatewayProxyEvent>("rest-v1.json");
const HTTP = fixture<APIGatewayProxyEventV2>("http-v2.json");
const FUNCTION_URL = fixture<LambdaFunctionURLEvent>("function-url.json");

/** A Lambda context whose clock says `remainingMs`, whatever the time. */
function contextWith(remainingMs: number): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "webhooks",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:webhooks",
    memoryLimitInMB: "128",
    awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
    logGroupName: "/aws/lambda/webhooks",
    logStreamName: "2026/12/08/[$LATEST]abcdef",
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
const AMPLE = contextWith(60_000);

const shopifySignature = (body: Uint8Array) => createHmac("sha256", SECRET).update(body).digest("base64");
const tikiSignature = (body: Uint8Array) => `sha1=${createHmac("sha1", SECRET).update(body).digest("hex")}`;
const bytes = (text: string) => new TextEncoder().encode(text);
const base64 = (body: Uint8Array) => Buffer.from(body).toString("base64");

const ORDER = bytes('{"id":820982911946154500,"email":"khach@example.vn","note":"Giao hàng nhanh, cảm ơn!"}');

/** The REST sample event carrying `body` (base64-encoded or as text) and `headers`, in both of its header maps. */
function restEvent(body: Uint8Array, headers: Record<string, string>, { encoded = false, path = "/webhooks/shopify" } = {}): APIGatewayProxyEvent {
  const event = structuredClone(REST);
  event.path = path;
  event.body = encoded ? base64(body) : new TextDecoder().decode(body);
  event.isBase64Encoded = encoded;
  for (const [name, value] of Object.entries(headers)) {
    event.headers[name] = value;
    event.multiValueHeaders[name] = [value];
  }
  return event;
}

/** The HTTP API (or function URL) sample event carrying `body` and `headers`. */
function httpEvent<E extends APIGatewayProxyEventV2>(sample: E, body: Uint8Array | undefined, headers: Record<string, string>, { encoded = false, method = "POST", rawPath = "/webhooks/shopify", rawQueryString = "" } = {}): E {
  const event = structuredClone(sample);
  event.requestContext.http.method = method;
  event.rawPath = rawPath;
  event.rawQueryString = rawQueryString;
  if (body === undefined) delete event.body;
  else event.body = encoded ? base64(body) : new TextDecoder().decode(body);
  event.isBase64Encoded = encoded;
  Object.assign(event.headers, headers);
  return event;
}

function shopify(options: Record<string, unknown> = {}) {
  const { list, onRefusal } = refusals();
  const seen: Uint8Array[] = [];
  const receiver = createReceiver({ provider: "shopify", secret: SECRET, onRefusal, ...(options as object) });
  receiver.on("*", ({ body }) => void seen.push(body));
  return { receiver, seen, refusals: list };
}

const code = (result: { body: string }) => (JSON.parse(result.body) as { error?: { code: string } }).error?.code;

describe("the Lambda door: API Gateway REST API (payload 1.0)", () => {
  it("Shopify: a genuine delivery is answered 200 in the REST shape and its duplicate runs nothing; a byte changed is refused", async () => {
    const { receiver, seen } = shopify();
    const event = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER), "X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" });
    const first = await receiver.lambda(event, AMPLE);
    expect(first).toEqual({ statusCode: 200, headers: expect.any(Object), body: expect.any(String), isBase64Encoded: false });
    expect(Object.keys(first).sort()).toEqual(["body", "headers", "isBase64Encoded", "statusCode"]);
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(200);
    expect(seen).toEqual([ORDER]); // the body's UTF-8 bytes, once
    const tampered = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) });
    tampered.body = tampered.body!.replace("nhanh", "nhanH");
    const refused = await receiver.lambda(tampered, AMPLE);
    expect([refused.statusCode, code(refused)]).toEqual([401, "SIGNATURE_MISMATCH"]);
    expect(seen).toHaveLength(1);
  });

  it("a base64-encoded body verifies against its decoded bytes, which no text round trip keeps; verifying the base64 text fails", async () => {
    const { receiver, seen } = shopify();
    // Binary-ish: bytes that are not UTF-8 (0xff 0xfe), inside a JSON string.
    const body = new Uint8Array([...bytes('{"id":1,"blob":"'), 0xff, 0xfe, 0x80, ...bytes('"}')]);
    const headers = { "X-Shopify-Hmac-Sha256": shopifySignature(body), "X-Shopify-Webhook-Id": "binary-1" };
    const event = restEvent(body, headers, { encoded: true });
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(200);
    expect(seen).toEqual([body]);
    // What a naive handler does: verify the text API Gateway handed over, or its text decoded and encoded again.
    expect(verifyShopify({ body: event.body!, secret: SECRET, headers })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    const roundTripped = bytes(new TextDecoder().decode(body));
    expect(roundTripped).not.toEqual(body);
    expect(verifyShopify({ body: roundTripped, secret: SECRET, headers })).toMatchObject({ ok: false, reason: "signature_mismatch" });
  });

  it("reads multiValueHeaders before headers: a signature header sent twice with different values is refused", async () => {
    const { receiver, seen } = shopify();
    const event = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) });
    event.multiValueHeaders["X-Shopify-Hmac-Sha256"] = [shopifySignature(ORDER), shopifySignature(bytes("{}"))];
    const refused = await receiver.lambda(event, AMPLE);
    expect([refused.statusCode, code(refused)]).toEqual([401, "MALFORMED_HEADER"]);
    // Without multiValueHeaders (a hand-made test event), headers are read.
    const single = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) });
    (single as { multiValueHeaders: unknown }).multiValueHeaders = null;
    expect((await receiver.lambda(single, AMPLE)).statusCode).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("VNPay's GET IPN: the query rebuilt from the decoded values still verifies (the scheme decodes it)", async () => {
    const { vnpayIpn, signed } = vnpay();
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "vnpay", secret: SECRET, onRefusal });
    const seen: string[] = [];
    receiver.on("ipn", ({ payload }) => void seen.push(payload.vnp_TxnRef!));
    const event = restEvent(new Uint8Array(0), {}, { path: "/vnpay/ipn" });
    event.httpMethod = "GET";
    event.body = null;
    const params = { ...vnpayIpn, vnp_SecureHashType: "HmacSHA512", vnp_SecureHash: signed };
    event.queryStringParameters = { name: "last one only" };
    event.multiValueQueryStringParameters = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, [value]]));
    const answer = await receiver.lambda(event, AMPLE);
    expect([answer.statusCode, JSON.parse(answer.body)]).toEqual([200, { RspCode: "00", Message: "Confirm Success" }]);
    expect(seen).toEqual(["5"]);
    expect(list).toEqual([]);
    // queryStringParameters alone (no multi-value map): read too.
    event.multiValueQueryStringParameters = null;
    event.queryStringParameters = { ...params, vnp_Amount: "1000001" };
    const refused = await receiver.lambda(event, AMPLE);
    expect(JSON.parse(refused.body)).toMatchObject({ RspCode: "97" });
    expect(list.map((r) => r.reason)).toEqual(["signature_mismatch"]);
  });
});

/** A VNPay IPN's parameters and their signature: HMAC-SHA512 of the sorted parameters, form-encoded. */
function vnpay() {
  const vnpayIpn: Record<string, string> = {
    vnp_Amount: "1000000",
    vnp_BankCode: "NCB",
    vnp_OrderInfo: "Thanh toan don hang :5",
    vnp_PayDate: "20240101153333",
    vnp_ResponseCode: "00",
    vnp_TmnCode: "CTTVNP01",
    vnp_TransactionNo: "14226112",
    vnp_TransactionStatus: "00",
    vnp_TxnRef: "5",
  };
  const sorted = new URLSearchParams(Object.entries(vnpayIpn).sort(([a], [b]) => (a < b ? -1 : 1))).toString();
  const signed = createHmac("sha512", SECRET).update(sorted).digest("hex");
  return { vnpayIpn, sorted, signed };
}

describe("the Lambda door: HTTP API (payload 2.0) and function URLs", () => {
  it("VNPay's GET IPN through rawQueryString, exactly as received: 00 once, its duplicate runs nothing, a changed byte is refused", async () => {
    const { sorted, signed } = vnpay();
    const receiver = createReceiver({ provider: "vnpay", secret: SECRET, onRefusal: refusals().onRefusal });
    const seen: string[] = [];
    receiver.on("ipn", ({ payload }) => void seen.push(`${payload.vnp_TxnRef}:${payload.vnp_OrderInfo}`));
    const rawQueryString = `${sorted}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash=${signed}`;
    const event = httpEvent(HTTP, undefined, {}, { method: "GET", rawPath: "/vnpay/ipn", rawQueryString });
    const first = await receiver.lambda(event, AMPLE);
    expect(first).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: '{"RspCode":"00","Message":"Confirm Success"}', isBase64Encoded: false });
    expect(await receiver.lambda(event, AMPLE)).toEqual(first);
    expect(seen).toEqual(["5:Thanh toan don hang :5"]);
    const tampered = httpEvent(HTTP, undefined, {}, { method: "GET", rawPath: "/vnpay/ipn", rawQueryString: rawQueryString.replace("vnp_Amount=1000000", "vnp_Amount=1000001") });
    expect(JSON.parse((await receiver.lambda(tampered, AMPLE)).body)).toMatchObject({ RspCode: "97" });
    expect(seen).toHaveLength(1);
  });

  it("TikiNOW through a function URL, the body base64-encoded: verified on its bytes, answered {success:true}; a byte changed is refused", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal });
    const seen: unknown[] = [];
    receiver.on("stock", ({ payload }) => void seen.push(payload));
    const body = bytes('{"data":{"date":"2026-12-08","sku":"7445601428884","warehouse":"sgn","qty_salable":60,"seller_product_code":"ÁO-01"}}');
    const event = httpEvent(FUNCTION_URL, body, { "x-signature": tikiSignature(body) }, { encoded: true, rawPath: "/tikinow/stock" });
    const first = await receiver.lambda(event, AMPLE);
    expect([first.statusCode, JSON.parse(first.body)]).toEqual([200, { success: true }]);
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    const changed = new Uint8Array(body);
    changed[changed.length - 5] = changed[changed.length - 5]! ^ 1;
    const tampered = httpEvent(FUNCTION_URL, changed, { "x-signature": tikiSignature(body) }, { encoded: true, rawPath: "/tikinow/stock" });
    const refused = await receiver.lambda(tampered, AMPLE);
    expect([refused.statusCode, JSON.parse(refused.body)]).toEqual([401, { success: false, error: { code: "SIGNATURE_MISMATCH", message: expect.any(String) } }]);
    expect(list.map((r) => [r.reason, r.route])).toEqual([["signature_mismatch", "/tikinow/stock"]]);
  });

  it("a plain (not base64) body is its string's UTF-8 bytes; the result has the 2.0 shape", async () => {
    const { receiver, seen } = shopify();
    const event = httpEvent(HTTP, ORDER, { "x-shopify-hmac-sha256": shopifySignature(ORDER) });
    const answer = await receiver.lambda(event, AMPLE);
    expect(Object.keys(answer).sort()).toEqual(["body", "headers", "isBase64Encoded", "statusCode"]);
    expect(answer.statusCode).toBe(200);
    expect(seen).toEqual([ORDER]);
  });

  it("a header sent twice arrives comma-joined: two signatures are refused", async () => {
    const { receiver, seen } = shopify();
    const event = httpEvent(FUNCTION_URL, ORDER, { "x-shopify-hmac-sha256": `${shopifySignature(ORDER)},${shopifySignature(ORDER)}` });
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(401);
    expect(seen).toEqual([]);
  });

  it("the secret function is told the path and query as received, the headers by lowercase name, the cookies as a cookie header", async () => {
    const told: { url: string; headers: Record<string, unknown> }[] = [];
    const receiver = createReceiver({
      provider: "shopify",
      secret: (request) => {
        told.push(request as never);
        return SECRET;
      },
      onRefusal: refusals().onRefusal,
    }).on("*", () => {});
    const event = httpEvent(HTTP, ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) }, { rawPath: "/shops/a", rawQueryString: "shop=a%2Bb&x=1+2" });
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(200);
    expect(told[0]!.url).toBe("/shops/a?shop=a%2Bb&x=1+2");
    expect({ ...told[0]!.headers }).toEqual({ header1: "value1", header2: "value2", "x-shopify-hmac-sha256": shopifySignature(ORDER), cookie: "cookie1; cookie2" });
    // The REST shape: names lowercased, a one-value list as its value, a header given under two spellings keeps both.
    const rest = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) });
    rest.multiValueHeaders["x-forwarded-port"] = ["8443"];
    await receiver.lambda(rest, AMPLE);
    expect(told[1]!.headers["x-forwarded-port"]).toEqual(["443", "8443"]);
    expect(told[1]!.headers.host).toBe("gy415nuibc.execute-api.us-east-1.amazonaws.com");
    expect(told[1]!.url).toBe("/webhooks/shopify?name=me");
    // A 2.0 event without cookies has no cookie header; one that names its own keeps it.
    const noCookies = httpEvent(FUNCTION_URL, ORDER, { "x-shopify-hmac-sha256": shopifySignature(ORDER) });
    delete noCookies.cookies;
    await receiver.lambda(noCookies, AMPLE);
    expect(told[2]!.headers.cookie).toBeUndefined();
    await receiver.lambda(httpEvent(FUNCTION_URL, ORDER, { cookie: "a=1" }), AMPLE);
    expect(told[3]!.headers.cookie).toBe("a=1");
  });

  it("the /web receiver has the door too (Web Crypto)", async () => {
    const receiver = createWebReceiver({ provider: "shopify", secret: SECRET, onRefusal: refusals().onRefusal });
    const seen: Uint8Array[] = [];
    receiver.on("*", ({ body }) => void seen.push(body));
    const body = new Uint8Array([...bytes('{"b":"'), 0xc3, 0x28, ...bytes('"}')]);
    const event = httpEvent(FUNCTION_URL, body, { "x-shopify-hmac-sha256": shopifySignature(body) }, { encoded: true });
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(200);
    expect(seen).toEqual([body]);
  });
});

describe("the Lambda door's guard rails", () => {
  it("405 for another method, with Allow, in either shape", async () => {
    const { receiver, refusals: list } = shopify();
    const get = restEvent(ORDER, {});
    get.httpMethod = "GET";
    const v1 = await receiver.lambda(get, AMPLE);
    expect([v1.statusCode, v1.headers.allow, code(v1)]).toEqual([405, "POST", "METHOD_NOT_ALLOWED"]);
    const v2 = await receiver.lambda(httpEvent(HTTP, ORDER, {}, { method: "PUT" }), AMPLE);
    expect([v2.statusCode, v2.headers.allow]).toEqual([405, "POST"]);
    expect(list.map((r) => r.reason)).toEqual(["method_not_allowed", "method_not_allowed"]);
  });

  it("413 over maxBodyBytes, a base64 body measured by its decoded size before it is decoded, a text body by its UTF-8 bytes", async () => {
    const { receiver, refusals: list } = shopify({ maxBodyBytes: 10 });
    const ten = new Uint8Array(10).fill(0x7b);
    const eleven = new Uint8Array(11).fill(0x7b);
    // Ten bytes pass the size check (and are refused for their signature); eleven do not, whatever their padding.
    expect((await receiver.lambda(httpEvent(HTTP, ten, {}, { encoded: true }), AMPLE)).statusCode).toBe(401);
    expect((await receiver.lambda(httpEvent(HTTP, eleven, {}, { encoded: true }), AMPLE)).statusCode).toBe(413);
    expect((await receiver.lambda(httpEvent(HTTP, new Uint8Array(12), {}, { encoded: true }), AMPLE)).statusCode).toBe(413);
    // Too long to be ten bytes, and not base64 at all: 413, no decoding tried.
    const long = httpEvent(HTTP, undefined, {});
    long.body = "!".repeat(20);
    long.isBase64Encoded = true;
    expect((await receiver.lambda(long, AMPLE)).statusCode).toBe(413);
    // Text: 11 characters; 4 characters that are 12 UTF-8 bytes.
    expect((await receiver.lambda(httpEvent(HTTP, eleven, {}), AMPLE)).statusCode).toBe(413);
    expect((await receiver.lambda(httpEvent(HTTP, bytes("ạạạạ"), {}), AMPLE)).statusCode).toBe(413);
    expect(list.map((r) => r.reason)).toEqual(["missing_header", ...Array(5).fill("body_too_large")]);
  });

  it("a missing body is an empty body (signed as such, then refused as no JSON)", async () => {
    const { receiver, refusals: list } = shopify();
    const empty = new Uint8Array(0);
    const v2 = httpEvent(FUNCTION_URL, undefined, { "x-shopify-hmac-sha256": shopifySignature(empty) });
    expect((await receiver.lambda(v2, AMPLE)).statusCode).toBe(400);
    const v1 = restEvent(empty, { "X-Shopify-Hmac-Sha256": shopifySignature(empty) });
    v1.body = null;
    expect((await receiver.lambda(v1, AMPLE)).statusCode).toBe(400);
    expect(list.map((r) => r.reason)).toEqual(["invalid_json", "invalid_json"]);
  });

  it("a malformed event is refused 400 malformed_event, never thrown", async () => {
    const { receiver, refusals: list, seen } = shopify();
    const noMethodV1 = restEvent(ORDER, {}) as Partial<APIGatewayProxyEvent>;
    delete noMethodV1.httpMethod;
    const noMethodV2 = { version: "2.0", rawPath: "/x", requestContext: null };
    const numberBody = { ...restEvent(ORDER, {}), body: 42 };
    const objectBody = { ...httpEvent(HTTP, ORDER, {}), body: { a: 1 } };
    const notBase64 = { ...httpEvent(HTTP, ORDER, {}), body: "bm90IGJhc2U2NA", isBase64Encoded: true };
    const badQuery = { ...restEvent(ORDER, {}), multiValueQueryStringParameters: { a: "not a list" } };
    const numberInQuery = { ...restEvent(ORDER, {}), multiValueQueryStringParameters: null, queryStringParameters: { a: 1 } };
    const loneSurrogate = { ...restEvent(ORDER, {}), multiValueQueryStringParameters: { a: ["\ud800"] } };
    const events: unknown[] = [noMethodV1, noMethodV2, {}, [], numberBody, objectBody, notBase64, badQuery, numberInQuery, loneSurrogate];
    for (const event of events) {
      const answer = await receiver.lambda(event as never, AMPLE);
      expect([answer.statusCode, code(answer)]).toEqual([400, "MALFORMED_EVENT"]);
    }
    expect(list.map((r) => r.message)).toEqual([
      expect.stringMatching(/no httpMethod/),
      expect.stringMatching(/no requestContext\.http\.method/),
      expect.stringMatching(/no httpMethod/),
      expect.stringMatching(/no httpMethod/),
      expect.stringMatching(/body is not a string/),
      expect.stringMatching(/body is not a string/),
      expect.stringMatching(/not base64/),
      ...Array(3).fill(expect.stringMatching(/query string parameter is not text/)),
    ]);
    expect(seen).toEqual([]);
  });

  it("headers of the wrong shape are no headers, a value that is not text is skipped, null query values are absent", async () => {
    const { receiver, refusals: list } = shopify();
    const event = { ...restEvent(ORDER, {}), multiValueHeaders: "x", headers: { "x-shopify-hmac-sha256": 7 }, multiValueQueryStringParameters: { a: null, b: ["1"] } };
    expect((await receiver.lambda(event as never, AMPLE)).statusCode).toBe(401);
    const noHeaders = httpEvent(HTTP, ORDER, {}) as Partial<APIGatewayProxyEventV2>;
    delete noHeaders.headers;
    expect((await receiver.lambda(noHeaders as never, AMPLE)).statusCode).toBe(401);
    expect(list.map((r) => r.reason)).toEqual(["missing_header", "missing_header"]);
  });

  it("a programmer mistake is a TypeError at once, naming the argument and the receiver", () => {
    const { receiver } = shopify();
    expect(() => receiver.lambda(undefined as never)).toThrow(/^\[webhook-signatures\] createReceiver\(\{ provider: "shopify" \}\): receiver\.lambda's event must be .* got undefined$/);
    expect(() => receiver.lambda(null as never)).toThrow(TypeError);
    expect(() => receiver.lambda(restEvent(ORDER, {}), 5 as never)).toThrow(/receiver\.lambda's context must be the Lambda context object, got a number/);
    expect(() => receiver.lambda(restEvent(ORDER, {}), null as never)).toThrow(/context .* got null/);
  });
});

describe("the Lambda door's deadline: the function's remaining time", () => {
  it("answers 503 a safety margin before the function's time runs out; the handler goes on, and runs once", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "shopify", secret: SECRET, onRefusal }); // deadlineMs: the default 8 s
    const slow = deferred();
    let runs = 0;
    receiver.on("*", async () => {
      runs++;
      await slow.promise;
    });
    const event = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER), "X-Shopify-Webhook-Id": "slow-1" });
    const late = await receiver.lambda(event, contextWith(600)); // 600 ms left, less the 500 ms margin
    expect([late.statusCode, late.headers["retry-after"], code(late)]).toEqual([503, expect.any(String), "HANDLER_TIMEOUT"]);
    expect(list[0]!.message).toMatch(/after 100 ms/);
    // The provider's retry while it runs: 409, nothing started.
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(409);
    slow.resolve();
    await slow.promise;
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(200);
    expect(runs).toBe(1);
  });

  it("deadlineMs stays the deadline when it is the shorter", async () => {
    const { list, onRefusal } = refusals();
    const receiver = createReceiver({ provider: "shopify", secret: SECRET, onRefusal, deadlineMs: 30 });
    const slow = deferred();
    receiver.on("*", () => slow.promise);
    const event = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) });
    expect((await receiver.lambda(event, AMPLE)).statusCode).toBe(503);
    expect(list[0]!.message).toMatch(/after 30 ms/);
    slow.resolve();
  });

  it("less time left than the margin: 503 no_time_left, nothing runs; a clock that says nothing leaves deadlineMs", async () => {
    const { receiver, seen, refusals: list } = shopify();
    const event = restEvent(ORDER, { "X-Shopify-Hmac-Sha256": shopifySignature(ORDER) });
    const none = await receiver.lambda(event, contextWith(500));
    expect([none.statusCode, none.headers["retry-after"], code(none)]).toEqual([503, "30", "NO_TIME_LEFT"]);
    expect(seen).toEqual([]);
    const throwing = { getRemainingTimeInMillis: () => { throw new Error("no clock"); } };
    const strange = { getRemainingTimeInMillis: () => "soon" as unknown as number };
    for (const context of [undefined, {} as never, throwing, strange]) expect((await receiver.lambda(event, context)).statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    expect(list.map((r) => r.reason)).toEqual(["no_time_left"]);
  });
});
