// Starts an example as a child process on an ephemeral loopback port, and sends it real
// deliveries. Shared by test/examples/*.test.ts: each framework's file runs the same table
// (every provider: genuine, tampered, missing header, invalid payload; a replayed Mobility Work
// delivery) plus the classic mistake for that framework.
//
// The examples import the built package by its name (dist/, made by `npm run build`, which
// `npm test` runs first). Every child runs in its own process group (npm → sh → tsx → node),
// killed as a whole after the tests; every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
  MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
  TIKINOW_STOCK_EXAMPLE,
  TILBY_SALES_CLOSED_EXAMPLE,
  type TestDelivery,
  ewarehousingDelivery,
  mobilityWorkDelivery,
  tikiOpenApiDelivery,
  tikinowDelivery,
  tilbyDelivery,
} from "../../src/testing.js";

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
export function startExample(command: string, args: readonly string[], timeoutMs: number): Promise<RunningExample> {
  if (!existsSync(join(ROOT, "dist/index.mjs"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  const env: NodeJS.ProcessEnv = { ...process.env, ...SECRETS, PORT: "0", NODE_ENV: "production", NO_COLOR: "1" };
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
const refused = (code: string) => ({ success: false, error: { code } });

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
  /** The classic mistake: the same TikiNOW route behind a JSON parser. */
  wrongWay:
    | { file: string } // a separate server, run with tsx
    | { path: string }; // a route of the example itself
}

/** The whole table for one example, and its wrong way. */
export function describeExample(spec: ExampleSpec): void {
  const startTimeoutMs = spec.startTimeoutMs ?? 30_000;

  describe(`examples/${spec.name} (npm run example:${spec.name})`, () => {
    let example: RunningExample;
    let wrongWay: RunningExample | undefined;
    const url = (path: string) => `${example.url}${path}`;

    beforeAll(async () => {
      const [main, wrong] = await Promise.allSettled([
        startExample("npm", ["run", "--silent", `example:${spec.name}`], startTimeoutMs),
        "file" in spec.wrongWay ? startExample(process.execPath, ["--import", "tsx", spec.wrongWay.file], startTimeoutMs) : undefined,
      ]);
      if (main.status === "fulfilled") example = main.value;
      if (wrong.status === "fulfilled") wrongWay = wrong.value;
      for (const result of [main, wrong]) if (result.status === "rejected") throw result.reason;
    }, startTimeoutMs + 10_000);

    afterAll(async () => {
      await Promise.all([example?.stop(), wrongWay?.stop()]);
    }, 2 * STOP_TIMEOUT_MS + 5_000);

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

    describe("the classic mistake: a JSON parser before verification", () => {
      const wrongUrl = (): string =>
        "file" in spec.wrongWay ? `${wrongWay!.url}/webhooks/tikinow/stock` : url(spec.wrongWay.path);

      it("refuses a genuine pretty-printed delivery 401 signature_mismatch, which the raw-body route accepts", async () => {
        const delivery = prettyTikinowDelivery();
        expect(await post(wrongUrl(), delivery)).toEqual({ status: 401, body: refused("signature_mismatch") });
        expect(await post(url("/webhooks/tikinow/stock"), delivery)).toEqual({ status: 200, body: OK });
      });

      it("lets through only bodies that happen to be JSON.stringify's own output (so tests built that way miss it)", async () => {
        expect(await post(wrongUrl(), PROVIDERS[0]!.genuine())).toEqual({ status: 200, body: OK });
      });
    });
  });
}
