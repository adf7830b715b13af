// Starts an example as a child process on an ephemeral loopback port, and sends it real
// deliveries. Shared by test/examples/*.test.ts: each framework's file runs the same table
// (every provider: genuine, tampered, missing header, invalid payload; a replayed Mobility Work
// delivery) plus the classic mistake for that framework.
//
// The examples import the built package by its name (dist/, made by `npm run build`, which
// `npm test` runs first). Every child runs in its own process group (npm → sh → tsx → node),
// killed as a whole after the tests; every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
  TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE,
  MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
  TIKINOW_STOCK_EXAMPLE,
  TILBY_SALES_CLOSED_EXAMPLE,
  type TestDelivery,
  deliveryFor,
  ewarehousingDelivery,
  mobilityWorkDelivery,
  tikiOpenApiDelivery,
  tikinowDelivery,
  tilbyDelivery,
} from "../../src/testing.js";
import type { ReceiverProvider } from "../../src/receiver/index.js";
import { MORE_PROVIDERS } from "../runtimes/receiver-app.mjs";

export const ROOT = new URL("../..", import.meta.url).pathname;

/** The secrets every example is started with. */
export const SECRETS = {
  TIKINOW_SECRET: "tikinow-stock-secret-for-examples",
  TIKI_BASIC_ID: "iyofim3eru0bkiwz",
  TIKI_BASIC_SECRET: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd",
  MW_SECRET: "mobility-work-secret-for-examples",
  TILBY_TOKEN: "tilby-static-token-for-examples",
  EWAREHOUSING_SECRET: "ewarehousing-hash-secret-for-examples",
} as const;
/** The examples' default (TILBY_HEADER unset). */
export const TILBY_HEADER = "x-tilby-signature";

const STOP_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;

export interface RunningExample {
  readonly url: string;
  /** Everything the child wrote so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Spawns `command` with PORT=0 and the secrets, and resolves once it prints `{"listening":PORT}`
 * on a line of stdout. Rejects if it exits first or does not listen within `timeoutMs`.
 */
export function startExample(command: string, args: readonly string[], timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<RunningExample> {
  if (!existsSync(join(ROOT, "dist/index.mjs"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  // EXAMPLE_FAULTS=1: the faults examples/shared/webhooks.ts adds for these tests (a handler that
  // throws once, a slow one, a store that is down).
  const env: NodeJS.ProcessEnv = { ...process.env, ...SECRETS, PORT: "0", NODE_ENV: "production", NO_COLOR: "1", EXAMPLE_FAULTS: "1", ...extraEnv };
  delete env.TILBY_HEADER;
  delete env.VERIFY;
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let stdoutLine = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = (port: number): RunningExample => ({
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => stopGroup(child, exited),
  });

  return new Promise<RunningExample>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopGroup(child, exited);
      reject(new Error(`${command} ${args.join(" ")} did not listen within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      output += text;
      stdoutLine += text;
      let newline: number;
      while ((newline = stdoutLine.indexOf("\n")) >= 0) {
        const line = stdoutLine.slice(0, newline).trim();
        stdoutLine = stdoutLine.slice(newline + 1);
        const port = listeningPort(line);
        if (port !== undefined) {
          clearTimeout(timer);
          resolve(running(port));
        }
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(" ")} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

function listeningPort(line: string): number | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    const port = (value as { listening?: unknown }).listening;
    return typeof port === "number" && Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM to the child's whole process group, SIGKILL if it is still there after a while. */
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), STOP_TIMEOUT_MS)));
  if ((await Promise.race([exited, late])) === "late") signalGroup("SIGKILL");
  clearTimeout(timer);
  // The group leader may exit before its children: make sure none is left.
  signalGroup("SIGKILL");
}

export interface Answer {
  status: number;
  body: unknown;
}

/** POSTs a delivery exactly as built (the body string, byte for byte). */
export async function post(url: string, delivery: { body: string; headers: Record<string, string> }): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    body: delivery.body,
    headers: delivery.headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/** Any method, no body: the status, the Allow header and the parsed body. */
export async function send(url: string, method: string): Promise<Answer & { allow: string | null }> {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  return { status: response.status, allow: response.headers.get("allow"), body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/**
 * POSTs `total` bytes in 64 KiB chunks (chunked, no Content-Length, so that only counting while
 * reading can refuse it), and resolves with the answer as soon as it comes: the server may close
 * the connection before the upload ends, which is what a receiver that never buffers it does.
 */
export function postHuge(url: string, headers: Record<string, string>, total: number): Promise<Answer & { sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      answered = true;
      let text = "";
      const done = () => resolve({ status: res.statusCode ?? 0, body: text === "" ? undefined : (JSON.parse(text) as unknown), sent });
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.once("end", done);
      res.once("error", done);
    });
    req.once("error", (error) => answered || reject(error));
    req.once("timeout", () => req.destroy(new Error("no answer in time")));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (sent < total && !answered) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** GET /seen: what the example processed, oldest first. */
export async function seen(baseUrl: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${baseUrl}/seen`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  expect(response.status).toBe(200);
  return (await response.json()) as Array<Record<string, unknown>>;
}

function without(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
}

/** One row per provider: how to build a genuine delivery, a tampered one, and which header carries the proof. */
export interface Provider {
  name: "tikinow" | "tiki" | "mobility-work" | "tilby" | "ewarehousing";
  path: string;
  header: string;
  genuine(options?: { body?: string }): TestDelivery;
  /** A delivery that must be refused with signature_mismatch. */
  tampered(): TestDelivery;
}

/** The genuine delivery's headers on another body: what an attacker who changed the body sends. */
function bodySwapped(genuine: TestDelivery, other: TestDelivery): TestDelivery {
  return { body: other.body, headers: genuine.headers };
}

export const PROVIDERS: readonly Provider[] = [
  {
    name: "tikinow",
    path: "/webhooks/tikinow/stock",
    header: "x-signature",
    genuine: (options = {}) => tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET, ...options }),
    tampered: () =>
      bodySwapped(
        tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET }),
        tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET, payload: { data: { ...TIKINOW_STOCK_EXAMPLE.data, qty_salable: 0 } } }),
      ),
  },
  {
    name: "tiki",
    path: "/webhooks/tiki",
    header: "authorization",
    genuine: (options = {}) =>
      tikiOpenApiDelivery({ credentials: { id: SECRETS.TIKI_BASIC_ID, secret: SECRETS.TIKI_BASIC_SECRET }, ...options }),
    // Basic auth signs no body: the forgery is a wrong secret.
    tampered: () => tikiOpenApiDelivery({ credentials: { id: SECRETS.TIKI_BASIC_ID, secret: "guessed-secret" } }),
  },
  {
    name: "mobility-work",
    path: "/webhooks/mobility-work",
    header: "x-mw-signature",
    genuine: (options = {}) => mobilityWorkDelivery({ secret: SECRETS.MW_SECRET, ...options }),
    tampered: () =>
      bodySwapped(
        mobilityWorkDelivery({ secret: SECRETS.MW_SECRET }),
        mobilityWorkDelivery({ secret: SECRETS.MW_SECRET, payload: { ...MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE, _event: "spare_part_deleted" } }),
      ),
  },
  {
    name: "tilby",
    path: "/webhooks/tilby",
    header: TILBY_HEADER,
    genuine: (options = {}) =>
      tilbyDelivery({
        secret: SECRETS.TILBY_TOKEN,
        headerName: TILBY_HEADER,
        ...(options.body === undefined ? { payload: TILBY_SALES_CLOSED_EXAMPLE } : options),
      }),
    tampered: () =>
      bodySwapped(
        tilbyDelivery({ secret: SECRETS.TILBY_TOKEN, headerName: TILBY_HEADER, payload: TILBY_SALES_CLOSED_EXAMPLE }),
        tilbyDelivery({ secret: SECRETS.TILBY_TOKEN, headerName: TILBY_HEADER, payload: { ...TILBY_SALES_CLOSED_EXAMPLE, type: "DELETED" } }),
      ),
  },
  {
    name: "ewarehousing",
    path: "/webhooks/ewarehousing",
    header: "x-hmac-sha256",
    genuine: (options = {}) => ewarehousingDelivery({ secret: SECRETS.EWAREHOUSING_SECRET, ...options }),
    tampered: () =>
      bodySwapped(
        ewarehousingDelivery({ secret: SECRETS.EWAREHOUSING_SECRET }),
        ewarehousingDelivery({
          secret: SECRETS.EWAREHOUSING_SECRET,
          payload: { ...EWAREHOUSING_STOCK_UPDATED_EXAMPLE, body: { ...EWAREHOUSING_STOCK_UPDATED_EXAMPLE.body, stock_salable: 0 } },
        }),
      ),
  },
];

const OK = { success: true };
/** The receiver's refusal body: the reason in UPPER_SNAKE and a message. */
const refused = (reason: string) => ({ success: false, error: { code: reason.toUpperCase(), message: expect.any(String) } });

/**
 * A genuine TikiNOW delivery whose bytes are not what JSON.stringify gives back: pretty-printed,
 * as many senders do. The classic mistake (parse, then verify JSON.stringify of the result)
 * refuses it; the raw-body recipe accepts it.
 */
export function prettyTikinowDelivery(): TestDelivery {
  return tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET, body: JSON.stringify(TIKINOW_STOCK_EXAMPLE, null, 2) });
}

export interface ExampleSpec {
  /** `npm run example:<name>` starts it. */
  name: string;
  /** How long it may take to listen (the Next.js example builds first). */
  startTimeoutMs?: number;
  /** How to start it, when it is not `npm run example:<name>` (the Fetch receiver on Bun, Deno, workerd). */
  start?: () => Promise<RunningExample>;
  /** The classic mistake: the same TikiNOW route behind a JSON parser. */
  wrongWay?:
    | { file: string } // a separate server, run with tsx
    | { path: string }; // a route of the example itself
  /** The wrong way is the receiver behind a JSON parser: it detects the consumed body (500 body_consumed). */
  detected?: boolean;
  /** The app also serves the seventeen providers of test/runtimes/receiver-app.mjs at `/more/<name>`. */
  everyProvider?: boolean;
}

/** What each of those providers answers a delivery it processed (or already processed): its documented answer, else the default. */
const MORE_ANSWERS: Record<string, { status: number; body: string }> = {
  vnpay: { status: 200, body: '{"RspCode":"00","Message":"Confirm Success"}' },
  zalopay: { status: 200, body: '{"return_code":1,"return_message":"success"}' },
  momo: { status: 204, body: "" },
  adyen: { status: 200, body: "[accepted]" },
};

/** Sends a delivery built by deliveryFor as the provider does: a POST of the body, or VNPay's GET of the query. */
async function deliver(url: string, delivery: TestDelivery): Promise<{ status: number; body: string }> {
  const init: RequestInit =
    delivery.query === undefined ? { method: "POST", body: delivery.body, headers: delivery.headers } : { method: "GET", headers: without(delivery.headers, "content-type") };
  const response = await fetch(delivery.query === undefined ? url : `${url}?${delivery.query}`, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: response.status, body: await response.text() };
}

/**
 * The delivery with one signed byte changed: a digit of the amount (payOS, ZaloPay, MoMo, Adyen
 * sign some fields only, and the amount among them), else the body's first digit, or VNPay's
 * vnp_Amount in its query.
 */
function oneByteChanged(delivery: TestDelivery): TestDelivery {
  const next = (digit: string) => String((Number(digit) + 1) % 10);
  if (delivery.query !== undefined) return { ...delivery, query: delivery.query.replace(/vnp_Amount=(\d)/, (_, d: string) => `vnp_Amount=${next(d)}`) };
  const amount = /"(?:amount|value)\\?":(\d)/.exec(delivery.body);
  const at = amount === null ? delivery.body.search(/[0-9]/) : amount.index + amount[0].length - 1;
  return { ...delivery, body: delivery.body.slice(0, at) + next(delivery.body[at]!) + delivery.body.slice(at + 1) };
}

/** The whole table for one example, and its wrong way. */
export function describeExample(spec: ExampleSpec): void {
  const startTimeoutMs = spec.startTimeoutMs ?? 30_000;

  describe(spec.start === undefined ? `examples/${spec.name} (npm run example:${spec.name})` : spec.name, () => {
    let example: RunningExample;
    let wrongWay: RunningExample | undefined;
    const url = (path: string) => `${example.url}${path}`;

    beforeAll(async () => {
      const [main, wrong] = await Promise.allSettled([
        spec.start?.() ?? startExample("npm", ["run", "--silent", `example:${spec.name}`], startTimeoutMs),
        spec.wrongWay !== undefined && "file" in spec.wrongWay ? startExample(process.execPath, ["--import", "tsx", spec.wrongWay.file], startTimeoutMs) : undefined,
      ]);
      if (main.status === "fulfilled") example = main.value;
      if (wrong.status === "fulfilled") wrongWay = wrong.value;
      for (const result of [main, wrong]) if (result.status === "rejected") throw result.reason;
    }, startTimeoutMs + 10_000);

    afterAll(async () => {
      await Promise.all([example?.stop(), wrongWay?.stop()]);
    }, 2 * STOP_TIMEOUT_MS + 5_000);

    if (spec.everyProvider === true) describe.each(Object.entries(MORE_PROVIDERS))("%s", (name, { secret, options }) => {
      it("answers a genuine delivery as the provider expects, twice, and processes it once; a changed byte processes nothing", async () => {
        const delivery = deliveryFor(name as ReceiverProvider, { secret, ...options });
        const before = await seen(example.url);
        const expected = MORE_ANSWERS[name] ?? { status: 200, body: '{"success":true}' };
        expect(await deliver(url(`/more/${name}`), delivery)).toEqual(expected);
        expect(await deliver(url(`/more/${name}`), delivery)).toEqual(expected);
        const tampered = await deliver(url(`/more/${name}`), oneByteChanged(delivery));
        expect(tampered).not.toEqual(expected);
        const processed = (await seen(example.url)).slice(before.length);
        expect(processed).toEqual([{ provider: name, event: expect.any(String) }]);
      });
    });

    describe.each(PROVIDERS)("$name", (provider) => {
      it("answers a genuine delivery 200 and hands the handler the typed payload", async () => {
        const delivery = provider.genuine();
        const before = await seen(example.url);
        expect(await post(url(provider.path), delivery)).toEqual({ status: 200, body: OK });
        const processed = (await seen(example.url)).slice(before.length);
        expect(processed).toHaveLength(1);
        expect(processed[0]).toMatchObject({ provider: provider.name, payload: JSON.parse(delivery.body) });
      });

      it("refuses a tampered delivery 401 signature_mismatch, and processes nothing", async () => {
        const before = await seen(example.url);
        expect(await post(url(provider.path), provider.tampered())).toEqual({ status: 401, body: refused("signature_mismatch") });
        expect(await seen(example.url)).toHaveLength(before.length);
      });

      it("refuses a delivery without its header 401 missing_header", async () => {
        const delivery = provider.genuine();
        expect(await post(url(provider.path), { body: delivery.body, headers: without(delivery.headers, provider.header) })).toEqual({
          status: 401,
          body: refused("missing_header"),
        });
      });

      it("answers a genuine delivery of an undocumented shape 400 invalid_payload", async () => {
        expect(await post(url(provider.path), provider.genuine({ body: "{}" }))).toEqual({ status: 400, body: refused("invalid_payload") });
      });
    });

    it("reads the raw bytes whatever the content type: a genuine text/plain delivery is accepted", async () => {
      const delivery = PROVIDERS[0]!.genuine();
      const headers = { ...delivery.headers, "content-type": "text/plain" };
      expect(await post(url("/webhooks/tikinow/stock"), { body: delivery.body, headers })).toEqual({ status: 200, body: OK });
    });

    it("verifies an empty body too: 401 signature_mismatch, not a framework error", async () => {
      const headers = { "content-type": "application/json", "x-signature": `sha1=${"0".repeat(40)}` };
      expect(await post(url("/webhooks/tikinow/stock"), { body: "", headers })).toEqual({ status: 401, body: refused("signature_mismatch") });
    });

    it("processes a replayed Mobility Work delivery once, and answers 200 to both", async () => {
      const delivery = mobilityWorkDelivery({ secret: SECRETS.MW_SECRET });
      const nonce = /nonce=([^,]+)/.exec(delivery.headers["x-mw-signature"])?.[1];
      expect(await post(url("/webhooks/mobility-work"), delivery)).toEqual({ status: 200, body: OK });
      expect(await post(url("/webhooks/mobility-work"), delivery)).toEqual({ status: 200, body: OK });
      const processed = (await seen(example.url)).filter((entry) => entry.provider === "mobility-work" && entry.nonce === nonce);
      expect(processed).toHaveLength(1);
    });

    describe.skipIf(spec.wrongWay === undefined)("the classic mistake: a JSON parser before verification", () => {
      const wrongUrl = (): string =>
        "file" in spec.wrongWay! ? `${wrongWay!.url}/webhooks/tikinow/stock` : url((spec.wrongWay as { path: string }).path);

      if (spec.detected === true) {
        it("is detected: the receiver behind express.json() answers 500 body_consumed, never verifies a re-serialised body", async () => {
          for (const delivery of [prettyTikinowDelivery(), PROVIDERS[0]!.genuine()]) {
            expect(await post(wrongUrl(), delivery)).toEqual({ status: 500, body: refused("body_consumed") });
          }
          expect(wrongWay!.output()).toMatch(/refused 500 body_consumed .*express\.json\(\)/);
          expect(await post(url("/webhooks/tikinow/stock"), prettyTikinowDelivery())).toEqual({ status: 200, body: OK });
        });
        return;
      }

      it("refuses a genuine pretty-printed delivery 401 signature_mismatch, which the raw-body route accepts", async () => {
        const delivery = prettyTikinowDelivery();
        expect(await post(wrongUrl(), delivery)).toMatchObject({ status: 401, body: { success: false, error: { code: "signature_mismatch" } } });
        expect(await post(url("/webhooks/tikinow/stock"), delivery)).toEqual({ status: 200, body: OK });
      });

      it("lets through only bodies that happen to be JSON.stringify's own output (so tests built that way miss it)", async () => {
        expect(await post(wrongUrl(), PROVIDERS[0]!.genuine())).toEqual({ status: 200, body: OK });
      });
    });

    describe("guard rails and at-least-once, over HTTP", () => {
      const stock = (code: string) =>
        tikinowDelivery({ secret: SECRETS.TIKINOW_SECRET, payload: { data: { ...TIKINOW_STOCK_EXAMPLE.data, seller_product_code: code } } });
      const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;

      it.each(PROVIDERS)("answers GET on $path 405 with Allow: POST", async (provider) => {
        expect(await send(url(provider.path), "GET")).toEqual({ status: 405, allow: "POST", body: refused("method_not_allowed") });
      });

      it.each(PROVIDERS)("answers a 2 MiB body on $path 413, counted while reading (no Content-Length)", async (provider) => {
        const answer = await postHuge(url(provider.path), provider.genuine().headers, 2 * 1024 * 1024);
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 413, body: refused("body_too_large") });
      });

      it("processes a delivery sent twice once, for TikiNOW, Tiki, Tilby and eWarehousing, and answers 200 to both", async () => {
        const id = unique();
        const deliveries: Array<[string, TestDelivery, (entry: Record<string, unknown>) => boolean]> = [
          ["/webhooks/tikinow/stock", stock(`DUP-${id}`), (e) => (e.payload as typeof TIKINOW_STOCK_EXAMPLE | undefined)?.data?.seller_product_code === `DUP-${id}`],
          [
            "/webhooks/tiki",
            tikiOpenApiDelivery({ credentials: { id: SECRETS.TIKI_BASIC_ID, secret: SECRETS.TIKI_BASIC_SECRET }, payload: { ...TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE, id } }),
            (e) => (e.payload as { id?: string } | undefined)?.id === id,
          ],
          [
            "/webhooks/tilby",
            tilbyDelivery({ secret: SECRETS.TILBY_TOKEN, headerName: TILBY_HEADER, payload: { ...TILBY_SALES_CLOSED_EXAMPLE, notification_uuid: id } }),
            (e) => (e.payload as { notification_uuid?: string } | undefined)?.notification_uuid === id,
          ],
          ["/webhooks/ewarehousing", ewarehousingDelivery({ secret: SECRETS.EWAREHOUSING_SECRET, webhookId: `dup-${id}` }), (e) => e.key === `ewarehousing:/webhooks/ewarehousing:dup-${id}`],
        ];
        for (const [path, delivery] of deliveries) {
          expect(await post(url(path), delivery)).toEqual({ status: 200, body: OK });
          expect(await post(url(path), delivery)).toEqual({ status: 200, body: OK });
        }
        const processed = await seen(example.url);
        for (const [path, , matches] of deliveries) expect(processed.filter(matches), path).toHaveLength(1);
      });

      it("answers a retry during a slow first attempt 409 with Retry-After; the first attempt then answers 200", async () => {
        const id = unique();
        const slow = stock(`SLOW-${id}`);
        const first = post(url("/webhooks/tikinow/stock"), slow);
        let started = false;
        for (let i = 0; i < 200 && !started; i++) {
          started = (await seen(example.url)).some((entry) => entry.started === `SLOW-${id}`);
          if (!started) await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(started).toBe(true);
        const response = await fetch(url("/webhooks/tikinow/stock"), { method: "POST", body: slow.body, headers: slow.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        expect(response.status).toBe(409);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await response.json()).toEqual(refused("in_progress"));
        expect(await post(url("/webhooks/tikinow/stock"), stock(`RELEASE-${id}`))).toEqual({ status: 200, body: OK });
        expect(await first).toEqual({ status: 200, body: OK });
      });

      it("answers 503 handler_timeout at the deadline while the handler goes on; the retry finds it in progress (409), then done (200)", async () => {
        // EXAMPLE_FAULTS=1 gives the eWarehousing route a 1 s deadline, and a handler that waits
        // for a release-<id> delivery on an X-Webhook-Id of slow-<id>.
        const id = unique();
        const slow = ewarehousingDelivery({ secret: SECRETS.EWAREHOUSING_SECRET, webhookId: `slow-${id}` });
        const first = await fetch(url("/webhooks/ewarehousing"), { method: "POST", body: slow.body, headers: slow.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        expect(first.status).toBe(503);
        expect(Number(first.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await first.json()).toEqual(refused("handler_timeout"));
        expect(await post(url("/webhooks/ewarehousing"), slow)).toEqual({ status: 409, body: refused("in_progress") });
        const release = ewarehousingDelivery({ secret: SECRETS.EWAREHOUSING_SECRET, webhookId: `release-${id}` });
        expect(await post(url("/webhooks/ewarehousing"), release)).toEqual({ status: 200, body: OK });
        const done = (entries: Array<Record<string, unknown>>) => entries.filter((e) => e.key === `ewarehousing:/webhooks/ewarehousing:slow-${id}`);
        for (let i = 0; i < 200 && done(await seen(example.url)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
        expect(await post(url("/webhooks/ewarehousing"), slow)).toEqual({ status: 200, body: OK });
        expect(done(await seen(example.url))).toHaveLength(1);
      });

      it("answers 500 when the handler throws, and processes the provider's retry", async () => {
        const delivery = stock(`FAIL-ONCE-${unique()}`);
        const code = JSON.parse(delivery.body).data.seller_product_code as string;
        expect(await post(url("/webhooks/tikinow/stock"), delivery)).toEqual({ status: 500, body: refused("handler_failed") });
        expect(await post(url("/webhooks/tikinow/stock"), delivery)).toEqual({ status: 200, body: OK });
        const processed = (await seen(example.url)).filter((e) => (e.payload as typeof TIKINOW_STOCK_EXAMPLE | undefined)?.data?.seller_product_code === code);
        expect(processed).toHaveLength(1);
      });

      it("answers 503 with Retry-After when the store is down, and runs nothing", async () => {
        const delivery = ewarehousingDelivery({ secret: SECRETS.EWAREHOUSING_SECRET, webhookId: `store-down-${unique()}` });
        const before = await seen(example.url);
        const response = await fetch(url("/webhooks/ewarehousing"), { method: "POST", body: delivery.body, headers: delivery.headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        expect(response.status).toBe(503);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await response.json()).toEqual(refused("store_unavailable"));
        expect(await seen(example.url)).toHaveLength(before.length);
      });
    });
  });
}
