// Standard Webhooks, SePay, Lazada, TikTok Shop and Shopee by name: /testing signs a delivery
// (checked here against node:crypto), the command line's verify --request accepts it and refuses
// it with one byte changed, the receiver answers it as the provider expects and a duplicate once
// over node:http and the Fetch door, and each programmer mistake is a TypeError naming it.
import { createHmac } from "node:crypto";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { signStandardWebhooks, verifyLazada, verifyShopee, verifyStandardWebhooks } from "../../src/index.js";
import type { ReceiverOptions } from "../../src/providers/index.js";
import { createReceiver } from "../../src/receiver/index.js";
import { deliveryFor } from "../../src/testing.js";
import * as web from "../../src/web/index.js";
import { cli, scratch } from "../cli/harness.js";

const files = scratch();
afterAll(() => files.remove());

const NOW_S = 1_700_000_000;
const NOW = NOW_S * 1000;
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const KEY = Buffer.from(WHSEC.slice(6), "base64");
const TEXT = "shared-secret-for-tests";
const APP_KEY = "123456";
const URL_ = "https://shop.example/hooks/shopee";
const BODY = '{"id":92704,"type":"invoice.paid","message_type":0,"code":3}';

const hex = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest("hex");

/** Each provider: its deliveryFor options, the headers an HMAC computed here gives, its receiver options and CLI options. */
const CASES = [
  {
    name: "standard-webhooks",
    secret: WHSEC,
    settings: { id: "msg_1", timestamp: NOW_S },
    headers: {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(NOW_S),
      "webhook-signature": `v1,${createHmac("sha256", KEY).update(`msg_1.${NOW_S}.${BODY}`).digest("base64")}`,
    },
    options: {},
    cli: [] as string[],
    answer: { status: 200, body: '{"success":true}' },
    event: "invoice.paid",
  },
  {
    name: "sepay",
    secret: TEXT,
    settings: { timestamp: NOW_S },
    headers: { "x-sepay-signature": `sha256=${hex(TEXT, `${NOW_S}.${BODY}`)}`, "x-sepay-timestamp": String(NOW_S) },
    options: {},
    cli: [] as string[],
    answer: { status: 200, body: '{"success":true}' },
    event: "transaction",
  },
  {
    name: "lazada",
    secret: TEXT,
    settings: { appKey: APP_KEY },
    headers: { authorization: hex(TEXT, APP_KEY + BODY) },
    options: { appKey: APP_KEY },
    cli: ["--app-key", APP_KEY],
    answer: { status: 200, body: '{"success":true}' },
    event: "0",
  },
  {
    name: "tiktok-shop",
    secret: TEXT,
    settings: { appKey: APP_KEY },
    headers: { authorization: hex(TEXT, APP_KEY + BODY) },
    options: { appKey: APP_KEY },
    cli: ["--app-key", APP_KEY],
    answer: { status: 200, body: '{"success":true}' },
    event: "invoice.paid",
  },
  {
    name: "shopee",
    secret: TEXT,
    settings: { publicUrl: URL_ },
    headers: { authorization: hex(TEXT, `${URL_}|${BODY}`) },
    options: { publicUrl: URL_ },
    cli: ["--url", URL_],
    answer: { status: 200, body: '{"success":true}' },
    event: "3",
  },
] as const;

function capture(headers: Record<string, string>, body: string): Buffer {
  const head = ["POST /hooks HTTP/1.1", "Host: 127.0.0.1:8080", ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)];
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), Buffer.from(body)]);
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe.each(CASES)("$name", (c) => {
  it("deliveryFor signs a delivery as an HMAC computed here", () => {
    const delivery = deliveryFor(c.name, { secret: c.secret, body: BODY, ...c.settings });
    expect(delivery.body).toBe(BODY);
    expect(delivery.headers).toEqual({ "content-type": "application/json", ...c.headers });
  });

  it("verify --request exits 0 on the genuine delivery and 1 with one byte of the body changed", async () => {
    const genuine = files.file(`${c.name}.txt`, capture(c.headers, BODY));
    const changed = files.file(`${c.name}-changed.txt`, capture(c.headers, BODY.replace("92704", "92705")));
    const ok = await cli(["verify", c.name, "--secret", c.secret, ...c.cli, "--request", genuine], { now: () => NOW });
    expect(ok).toEqual({ code: 0, stdout: "ok: secret #1 of 1 matched\n", stderr: "" });
    const refused = await cli(["verify", c.name, "--secret", c.secret, ...c.cli, "--request", changed], { now: () => NOW });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^signature_mismatch: /);
  });

  it("the receiver answers the genuine delivery as the provider expects and runs the handler once, over node:http and Fetch", async () => {
    const seen: string[] = [];
    // The receiver reads the real clock: the delivery is signed now (deliveryFor, checked above).
    const signed = deliveryFor(c.name, { secret: c.secret, body: BODY, ...c.settings, ...("timestamp" in c.settings ? { timestamp: Math.floor(Date.now() / 1000) } : {}) });
    // Options typed as the union: the receiver of a provider chosen at run time.
    const receiver = createReceiver({ provider: c.name, secret: c.secret, ...c.options } as ReceiverOptions);
    receiver.on("*", (d) => void seen.push(d.event));
    server = createServer((req, res) => void receiver.node(req, res));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const post = () => fetch(url, { method: "POST", headers: signed.headers, body: BODY });
    for (const response of [await post(), await post()]) {
      expect({ status: response.status, body: await response.text() }).toEqual(c.answer);
    }
    const viaFetch = await receiver.fetch(new Request(url, { method: "POST", headers: signed.headers, body: BODY }));
    expect({ status: viaFetch.status, body: await viaFetch.text() }).toEqual(c.answer);
    expect(seen).toEqual([c.event]);
  });
});

describe("programmer mistakes are TypeErrors naming the argument", () => {
  const cases: Array<[() => unknown, string]> = [
    [() => createReceiver({ provider: "lazada", secret: TEXT } as never), '[webhook-signatures] createReceiver({ provider: "lazada" }): appKey must be the App Key of the app the push belongs to, a non-empty string, got undefined'],
    [() => createReceiver({ provider: "tiktok-shop", secret: TEXT, appKey: "" } as never), '[webhook-signatures] createReceiver({ provider: "tiktok-shop" }): appKey must be the App Key of the app the push belongs to, a non-empty string, got a string'],
    [
      () => createReceiver({ provider: "shopee", secret: TEXT } as never),
      '[webhook-signatures] createReceiver({ provider: "shopee" }): publicUrl must be the callback URL exactly as registered with Shopee (an absolute http or https URL), a non-empty string, got undefined',
    ],
    [() => createReceiver({ provider: "shopee", secret: TEXT, publicUrl: "/hooks/shopee" } as never), '[webhook-signatures] createReceiver({ provider: "shopee" }): publicUrl must be the callback URL exactly as registered with Shopee (an absolute http or https URL)'],
    [() => createReceiver({ provider: "sepay", secret: TEXT, toleranceSeconds: -1 } as never), '[webhook-signatures] createReceiver({ provider: "sepay" }): toleranceSeconds must be a number >= 0 (Infinity turns the check off), got -1'],
    [() => verifyLazada({ body: BODY, secret: TEXT, signature: "x" } as never), "[webhook-signatures] appKey must be the App Key of the app the push belongs to, a non-empty string, got undefined"],
    [() => verifyShopee({ body: BODY, secret: TEXT, url: URL_, signature: "x", headers: {} }), "[webhook-signatures] input must give either signature or headers, not both"],
    [() => verifyShopee({ body: BODY, secret: TEXT, url: URL_ } as never), "[webhook-signatures] input must give signature (the header values) or headers (the request headers)"],
    [
      () => verifyStandardWebhooks({ body: BODY, secret: "whsec_not base64!", signature: "v1,x", id: "m", timestamp: "1" }),
      "[webhook-signatures] secret must be the whsec_ secret as the provider hands it out (whsec_ and standard base64), or the key's raw bytes as a Uint8Array",
    ],
    [() => verifyStandardWebhooks({ body: BODY, secret: WHSEC, headers: {}, id: "m" }), "[webhook-signatures] input must give either id or headers, not both"],
    [() => signStandardWebhooks({ body: BODY, secret: WHSEC, id: "a.b", timestamp: 1 }), "[webhook-signatures] id must be a non-empty printable ASCII string without '.' or whitespace"],
    [() => signStandardWebhooks({ body: BODY, secret: WHSEC, id: "a", timestamp: 1.5 }), "[webhook-signatures] timestamp must be a whole number of unix seconds >= 0"],
    [() => web.verifyLazada({ body: BODY, secret: TEXT, appKey: 7, signature: "x" } as never), "[webhook-signatures] appKey must be the App Key of the app the push belongs to, a non-empty string, got a number"],
    [() => deliveryFor("shopee", { secret: TEXT }), "[webhook-signatures] publicUrl must be the callback URL exactly as registered with Shopee (an absolute http or https URL), a non-empty string, got undefined"],
  ];
  it.each(cases)("%#", (call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});

describe("verify --explain knows the usual mistakes", () => {
  it("a whsec_ secret used as UTF-8 text (Standard Webhooks)", async () => {
    const signature = `v1,${createHmac("sha256", WHSEC).update(`msg_1.${NOW_S}.${BODY}`).digest("base64")}`;
    const file = files.file("sw-utf8.txt", capture({ "webhook-id": "msg_1", "webhook-timestamp": String(NOW_S), "webhook-signature": signature }, BODY));
    const result = await cli(["verify", "standard-webhooks", "--secret", WHSEC, "--request", file, "--explain"], { now: () => NOW });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("the whsec_ secret used as UTF-8 text");
  });

  it("a timestamp in milliseconds (SePay)", async () => {
    const ms = String(NOW);
    const file = files.file("sepay-ms.txt", capture({ "x-sepay-signature": `sha256=${hex(TEXT, `${ms}.${BODY}`)}`, "x-sepay-timestamp": ms }, BODY));
    const result = await cli(["verify", "sepay", "--secret", TEXT, "--request", file, "--explain"], { now: () => NOW });
    expect(result.stdout).toMatch(/^timestamp_too_new: /);
    expect(result.stdout).toContain("a x-sepay-timestamp in milliseconds");
  });

  it("the URL behind a proxy (Shopee): the app sees http where Shopee signed https", async () => {
    const file = files.file("shopee-proxy.txt", capture({ authorization: hex(TEXT, `${URL_}|${BODY}`) }, BODY));
    const result = await cli(["verify", "shopee", "--secret", TEXT, "--url", URL_.replace("https:", "http:"), "--request", file, "--explain"], { now: () => NOW });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`the URL ${URL_} instead of`);
  });

  it("the body signed without the App Key (Lazada)", async () => {
    const file = files.file("lazada-alone.txt", capture({ authorization: hex(TEXT, BODY) }, BODY));
    const result = await cli(["verify", "lazada", "--secret", TEXT, "--app-key", APP_KEY, "--request", file, "--explain"]);
    expect(result.stdout).toContain("HMAC-SHA256 of the body alone, without the App Key before it");
  });
});
