// Standard Webhooks, SePay, Lazada, TikTok Shop and Shopee by name: /testing signs a delivery
// (checked here against node:crypto), the command line's verify --request accepts it and refuses
// it with one byte changed, the receiver answers it as the provider expects and a duplicate once
// over node:http and the Fetch door, and each programmer mistake is a TypeError naming it.
import { createHmac } from "node:crypto";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { signStandardWebhooks, verifyLazada, verifyShopee, verifyStandardWebhooks } from "../../src/index.js";
import { PROVIDERS, type ReceiverOptions } from "../../src/providers/index.js";
import { createReceiver } from "../../src/receiver/index.js";
import { deliveryFor } from "../../src/testing.js";
import { MemoryNonceStore } from "../../src/replay/nonce-store.js";
import * as web from "../../src/web/index.js";
import { explain as explainLines } from "../../src/cli/explain.js";
import { argumentError } from "../../src/lib/errors.js";
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

/** The `Name: value` lines sign prints. */
const printed = (stdout: string) => Object.fromEntries(stdout.trimEnd().split("\n").map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]));

describe("sign prints the headers node:crypto computes here", () => {
  const body = files.file("sign-body.json", BODY);
  const sign = (args: string[]) => cli(["sign", ...args, "--body", body], { now: () => NOW + 999 });

  it("lazada and tiktok-shop: Authorization is the hex HMAC of --app-key followed by the body", async () => {
    for (const name of ["lazada", "tiktok-shop"]) {
      const result = await sign([name, "--secret", TEXT, "--app-key", "other-key"]);
      expect([result.code, result.stderr]).toEqual([0, ""]);
      expect(printed(result.stdout)).toEqual({ "Content-Type": "application/json", Authorization: hex(TEXT, `other-key${BODY}`) });
    }
  });

  it("shopee: Authorization is the hex HMAC of --url, | and the body", async () => {
    const result = await sign(["shopee", "--secret", TEXT, "--url", "https://other.example/cb"]);
    expect(printed(result.stdout)).toEqual({ "Content-Type": "application/json", Authorization: hex(TEXT, `https://other.example/cb|${BODY}`) });
  });

  it("sepay: X-SePay-Timestamp is --timestamp, or the clock's whole seconds by default", async () => {
    const given = await sign(["sepay", "--secret", TEXT, "--timestamp", "1600000000"]);
    expect(printed(given.stdout)).toEqual({
      "Content-Type": "application/json",
      "X-SePay-Signature": `sha256=${hex(TEXT, `1600000000.${BODY}`)}`,
      "X-SePay-Timestamp": "1600000000",
    });
    const byDefault = await sign(["sepay", "--secret", TEXT]);
    expect(printed(byDefault.stdout)).toEqual({
      "Content-Type": "application/json",
      "X-SePay-Signature": `sha256=${hex(TEXT, `${NOW_S}.${BODY}`)}`,
      "X-SePay-Timestamp": String(NOW_S),
    });
  });

  it("standard-webhooks: --webhook-id and --timestamp as given; by default msg_ and 32 hex digits, and the clock's whole seconds", async () => {
    const given = await sign(["standard-webhooks", "--secret", WHSEC, "--webhook-id", "msg_given", "--timestamp", "1600000000"]);
    expect(printed(given.stdout)).toEqual({
      "Content-Type": "application/json",
      "webhook-id": "msg_given",
      "webhook-timestamp": "1600000000",
      "webhook-signature": `v1,${createHmac("sha256", KEY).update(`msg_given.1600000000.${BODY}`).digest("base64")}`,
    });
    const headers = printed((await sign(["standard-webhooks", "--secret", WHSEC])).stdout);
    expect(headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(headers["webhook-timestamp"]).toBe(String(NOW_S));
    const signed = `${headers["webhook-id"]}.${NOW_S}.${BODY}`;
    expect(headers["webhook-signature"]).toBe(`v1,${createHmac("sha256", KEY).update(signed).digest("base64")}`);
  });
});

describe("each signing declaration names the header its signature is in", () => {
  it.each(CASES)("$name", (c) => {
    const declaration = PROVIDERS.find((p) => p.name === c.name)!;
    const header = declaration.signatureHeader({});
    const delivery = deliveryFor(c.name, { secret: c.secret, body: BODY, ...c.settings });
    // The header the CLI's --explain reads the signature from is the one deliveryFor signs in.
    expect(delivery.headers[header.toLowerCase()]).toBe((c.headers as Record<string, string>)[header.toLowerCase()]);
    expect(header).toBe({ "standard-webhooks": "webhook-signature", sepay: "X-SePay-Signature", lazada: "Authorization", "tiktok-shop": "Authorization", shopee: "Authorization" }[c.name]);
  });
});

describe("a rotation list where no secret matches is refused", () => {
  const lazadaSignature = hex("third", APP_KEY + BODY);
  it("Lazada: signature_mismatch for a list without the signing secret, the matching position when it is in the list", () => {
    expect(verifyLazada({ body: BODY, secret: ["first", "second"], appKey: APP_KEY, signature: lazadaSignature })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    expect(verifyLazada({ body: BODY, secret: ["first", "third"], appKey: APP_KEY, signature: lazadaSignature })).toEqual({ ok: true, secretIndex: 1 });
  });

  it("Standard Webhooks: signature_mismatch for a list, or several signatures, none of them matching", () => {
    const other = "whsec_" + Buffer.from("another key of 24 bytes!").toString("base64");
    const good = `v1,${createHmac("sha256", KEY).update(`msg_1.${NOW_S}.${BODY}`).digest("base64")}`;
    const bad = `v1,${createHmac("sha256", "nope").update(`msg_1.${NOW_S}.${BODY}`).digest("base64")}`;
    const input = { body: BODY, id: "msg_1", timestamp: String(NOW_S), now: NOW };
    expect(verifyStandardWebhooks({ ...input, secret: [other, other], signature: good })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    expect(verifyStandardWebhooks({ ...input, secret: WHSEC, signature: `${bad} ${bad}` })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    expect(verifyStandardWebhooks({ ...input, secret: WHSEC, signature: `${bad} ${good}` })).toEqual({ ok: true, id: "msg_1", timestamp: NOW_S });
    expect(verifyStandardWebhooks({ ...input, secret: [other, WHSEC], signature: good })).toMatchObject({ ok: true, secretIndex: 1 });
  });
});

describe("verify --explain: clocks, and the signed head left out", () => {
  const explain = (name: string, headers: Record<string, string>, args: string[] = []) =>
    cli(["verify", name, "--secret", name === "standard-webhooks" ? WHSEC : TEXT, ...args, "--request", files.file(`${name}-${Object.values(headers).join("").length}-explain.txt`, capture(headers, BODY)), "--explain"], { now: () => NOW });

  it("a genuine SePay delivery 1000 s old: the clock behind, and the tolerance that would pass a capture", async () => {
    const t = String(NOW_S - 1000);
    const result = await explain("sepay", { "x-sepay-signature": `sha256=${hex(TEXT, `${t}.${BODY}`)}`, "x-sepay-timestamp": t });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^timestamp_too_old: /);
    expect(result.stdout).toContain("* a clock 1000 s behind\n");
    expect(result.stdout).toContain("x-sepay-timestamp is 1000 s older than this machine's clock");
    expect(result.stdout).toContain("pass --tolerance 1060");
  });

  it("a genuine Standard Webhooks delivery 1000 s ahead: a clock ahead, not milliseconds", async () => {
    const t = String(NOW_S + 1000);
    const signature = `v1,${createHmac("sha256", KEY).update(`msg_1.${t}.${BODY}`).digest("base64")}`;
    const result = await explain("standard-webhooks", { "webhook-id": "msg_1", "webhook-timestamp": t, "webhook-signature": signature });
    expect(result.stdout).toMatch(/^timestamp_too_new: /);
    expect(result.stdout).toContain("* a clock 1000 s ahead\n");
    expect(result.stdout).toContain("webhook-timestamp is 1000 s ahead of this machine's clock");
    expect(result.stdout).toContain("check NTP on this machine and the sender's");
    expect(result.stdout).not.toContain("milliseconds");
  });

  it("SePay: the body signed without the timestamp", async () => {
    const result = await explain("sepay", { "x-sepay-signature": `sha256=${hex(TEXT, BODY)}`, "x-sepay-timestamp": String(NOW_S) });
    expect(result.stdout).toMatch(/^signature_mismatch: /);
    expect(result.stdout).toContain("* HMAC-SHA256 of the body alone, without the timestamp\n");
    expect(result.stdout).toContain('SePay signs "{X-SePay-Timestamp}.{body}"');
  });

  it("TikTok Shop: the body signed without the App Key", async () => {
    const result = await explain("tiktok-shop", { authorization: hex(TEXT, BODY) }, ["--app-key", APP_KEY]);
    expect(result.stdout).toContain("* HMAC-SHA256 of the body alone, without the App Key before it\n");
    expect(result.stdout).toContain("TikTok Shop signs the App Key followed by the body");
    expect(result.stdout).toContain("sign with signTiktokShop");
  });

  it("Standard Webhooks: the body signed alone with the decoded key", async () => {
    const signature = `v1,${createHmac("sha256", KEY).update(BODY).digest("base64")}`;
    const result = await explain("standard-webhooks", { "webhook-id": "msg_1", "webhook-timestamp": String(NOW_S), "webhook-signature": signature });
    expect(result.stdout).toContain("* HMAC-SHA256 of the body alone, without webhook-id and webhook-timestamp\n");
  });

  // Without the signature's digits in the form the provider writes them, there is nothing to sign the body alone against.
  it.each([
    ["sepay", "the digits without sha256=", { "x-sepay-signature": hex(TEXT, BODY), "x-sepay-timestamp": String(NOW_S) }, []],
    ["sepay", "no signature header", { "x-sepay-timestamp": String(NOW_S) }, []],
    ["lazada", "a scheme word before the digits", { authorization: `HMAC ${hex(TEXT, BODY)}` }, ["--app-key", APP_KEY]],
    ["lazada", "no Authorization", {}, ["--app-key", APP_KEY]],
  ] as const)("%s, %s: the body alone is not tried, and nothing matches", async (name, _what, headers, args) => {
    const result = await explain(name, headers, [...args]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("body alone");
    expect(result.stdout).toContain("none matched");
  });
});

describe("verify --explain and a variant the provider's verify throws on", () => {
  /** A provider whose verify refuses the body as received and throws `error` on any other body. */
  const input = (error: Error) => {
    const declaration = {
      name: "thrower",
      secretOption: "secret",
      cliOptions: [],
      steps: () => ({
        verify: (body: Uint8Array) => {
          if (Buffer.from(body).toString() !== BODY) throw error;
          return { ok: false, reason: "signature_mismatch", message: "no" };
        },
      }),
    };
    return { declaration, providers: [declaration], body: Buffer.from(BODY), headers: {}, request: { method: "POST", url: "/" }, secrets: ["s"], values: {}, nowMs: NOW } as never;
  };
  const failure = { ok: false, reason: "signature_mismatch", message: "no" } as const;

  it("counts a variant the library refuses as a programmer mistake (a whsec_ secret with a newline) as no match", () => {
    expect(explainLines(input(argumentError("secret", "must be a whsec_ secret")), failure)[0]).toMatch(/^explain: tried \d+ usual mistakes .*none matched\.$/);
  });

  it("does not hide any other error as no match", () => {
    const bug = new RangeError("a bug in the provider's verify");
    expect(() => explainLines(input(bug), failure)).toThrow(bug);
  });
});

describe("the event a delivery is named by", () => {
  /** The event names the receiver gives these bodies, each signed and delivered over the Fetch door. */
  async function events(name: (typeof CASES)[number]["name"], bodies: string[]): Promise<string[]> {
    const c = CASES.find((x) => x.name === name)!;
    const receiver = createReceiver({ provider: c.name, secret: c.secret, ...c.options } as ReceiverOptions);
    const seen: string[] = [];
    receiver.on("*", (d) => void seen.push(d.event));
    for (const [i, body] of bodies.entries()) {
      const settings = name === "standard-webhooks" ? { id: `msg_${i}`, timestamp: Math.floor(Date.now() / 1000) } : c.settings;
      const signed = deliveryFor(c.name, { secret: c.secret, body, ...settings });
      const response = await receiver.fetch(new Request("http://127.0.0.1/hooks", { method: "POST", headers: signed.headers, body }));
      expect(response.status).toBe(200);
    }
    return seen;
  }

  it("Standard Webhooks: the payload's type when it is a string, else webhook", async () => {
    expect(await events("standard-webhooks", ['{"type":"a.b"}', '{"type":7}', "[]"])).toEqual(["a.b", "webhook", "webhook"]);
  });

  it("TikTok Shop: the body's type as text when a string or a number, else webhook", async () => {
    expect(await events("tiktok-shop", ['{"type":"ORDER"}', '{"type":4}', '{"type":true}'])).toEqual(["ORDER", "4", "webhook"]);
  });

  it("Shopee: the push's code when a number, else push", async () => {
    expect(await events("shopee", ['{"code":3}', '{"code":"3"}'])).toEqual(["3", "push"]);
  });
});

describe("deliveryFor refuses a SePay timestamp that is not whole unix seconds", () => {
  it.each([1.5, -1, "1700000000"])("%s", (timestamp) => {
    expect(() => deliveryFor("sepay", { secret: TEXT, body: BODY, timestamp } as never)).toThrow(new TypeError("[webhook-signatures] timestamp must be a whole number of unix seconds >= 0"));
  });
});

describe("verify --explain: Shopee's URL as a proxy changes it, Standard Webhooks without its headers", () => {
  let requests = 0;
  const request = (name: string, headers: Record<string, string>, host = "127.0.0.1:8080") => {
    const head = ["POST /hooks HTTP/1.1", ...(host ? [`Host: ${host}`] : []), ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)];
    return files.file(`${name}.txt`, Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), Buffer.from(BODY)]));
  };
  const shopee = (signedUrl: string, url: string, host?: string) =>
    cli(["verify", "shopee", "--secret", TEXT, "--url", url, "--request", request(`shopee-${++requests}`, { authorization: hex(TEXT, `${signedUrl}|${BODY}`) }, host), "--explain"], { now: () => NOW });

  it.each([
    ["http where https was passed", "http://shop.example/hooks/shopee", "https://shop.example/hooks/shopee"],
    ["no trailing slash where one was passed", "https://shop.example/hooks/shopee", "https://shop.example/hooks/shopee/"],
    ["a trailing slash where none was passed", "https://shop.example/hooks/shopee/", "https://shop.example/hooks/shopee"],
    ["the request's Host, TLS ended at the proxy", "http://127.0.0.1:8080/hooks/shopee", "https://shop.example/hooks/shopee"],
    ["the request's Host, https", "https://127.0.0.1:8080/hooks/shopee", "http://shop.example/hooks/shopee"],
  ])("signed with %s", async (_what, signedUrl, url) => {
    const result = await shopee(signedUrl, url);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`* the URL ${signedUrl} instead of ${url}\n`);
    expect(result.stdout).toContain(`fix: pass --url ${signedUrl} (publicUrl in code)`);
  });

  it("never builds a URL from a Host that is not a host name, nor without a Host", async () => {
    const spoofed = await shopee("https://shop.example/evil/hooks/shopee", "https://shop.example/hooks/shopee", "shop.example/evil");
    expect(spoofed.stdout).toContain("none matched");
    const none = await shopee("https://127.0.0.1:8080/hooks/shopee", "https://shop.example/hooks/shopee", "");
    expect(none.stdout).toContain("none matched");
  });

  it("tries no URL nor the body alone when Authorization is not 64 hex digits", async () => {
    const file = request("shopee-malformed", { authorization: `Bearer ${hex(TEXT, BODY)}` });
    const result = await cli(["verify", "shopee", "--secret", TEXT, "--url", URL_, "--request", file, "--explain"], { now: () => NOW });
    expect(result.stdout).toMatch(/^malformed_header: /);
    expect(result.stdout).not.toContain("the URL");
    expect(result.stdout).not.toContain("body alone");
  });

  it.each([
    ["no webhook-id", { "webhook-timestamp": String(NOW_S), "webhook-signature": `v1,${createHmac("sha256", KEY).update(BODY).digest("base64")}` }],
    ["no webhook-signature", { "webhook-id": "msg_1", "webhook-timestamp": String(NOW_S) }],
    ["no v1 signature", { "webhook-id": "msg_1", "webhook-timestamp": String(NOW_S), "webhook-signature": `v1a,${createHmac("sha256", KEY).update(BODY).digest("base64")}` }],
  ])("Standard Webhooks with %s: neither the UTF-8 secret nor the body alone is tried", async (what, headers) => {
    const file = request(`sw-${what.replaceAll(" ", "-")}`, headers);
    const result = await cli(["verify", "standard-webhooks", "--secret", WHSEC, "--request", file, "--explain"], { now: () => NOW });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("UTF-8");
    expect(result.stdout).not.toContain("body alone");
  });
});

describe("Shopee's URL check (third-party docs: an empty-body request when the URL is saved)", () => {
  it("answers an empty body 200 whatever its headers, running no handler and recording nothing", async () => {
    const seen: string[] = [];
    const writes: string[] = [];
    const store = new MemoryNonceStore();
    const begin = store.begin.bind(store);
    store.begin = (key, options) => (writes.push(key), begin(key, options));
    const receiver = createReceiver({ provider: "shopee", secret: TEXT, publicUrl: URL_, store });
    receiver.on("*", (d) => void seen.push(d.event));
    for (const headers of [{}, { authorization: hex(TEXT, `${URL_}|`) }, { authorization: "not a signature" }]) {
      const answer = await receiver.fetch(new Request(URL_, { method: "POST", headers }));
      expect({ status: answer.status, body: await answer.text() }).toEqual({ status: 200, body: '{"success":true}' });
    }
    expect(seen).toEqual([]);
    expect(writes).toEqual([]);
  });

  it("verifies every body that is not empty: one byte unsigned is refused", async () => {
    const receiver = createReceiver({ provider: "shopee", secret: TEXT, publicUrl: URL_ });
    const seen: string[] = [];
    receiver.on("*", (d) => void seen.push(d.event));
    for (const body of [" ", "{}", "\n"]) expect((await receiver.fetch(new Request(URL_, { method: "POST", body }))).status, JSON.stringify(body)).toBe(401);
    expect(seen).toEqual([]);
  });
});
