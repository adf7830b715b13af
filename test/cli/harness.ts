// Runs the command line two ways: in process through main() (what coverage sees), and as
// the built executable the package's "bin" names (what users run), with the same result
// shape. Every output of either is kept, so a file's afterAll can check that no test secret
// was ever printed.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { verifyBasicAuth, verifyHmacBase64, verifyHmacHex, verifyMwSignature, verifyTikiSha1 } from "../../src/index.js";

export const ROOT = new URL("../..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
/** The built command, as the package's "bin" names it. */
export const BIN = join(ROOT, pkg.bin["webhook-signatures"] as string);

/** Every secret the CLI tests use: none may appear in any output. */
export const SECRET = {
  tikinow: "tikinow-stock-secret-5e1d",
  tiki: "BuqicB1kwcy4Tl9dikqPB7Fk-test",
  "mobility-work": "mw-secret-key-7c30aa",
  tilby: "tilby-static-token-91b2",
  ewarehousing: "ewh-hash-secret-44f0",
} as const;
export const TIKI_ID = "iyofim3eru0bkiwz";
/** Other secrets some tests use, checked too. */
export const OTHER_SECRETS = ["wrong-secret-0000", "second-channel-secret-ab12"];

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  stdin?: string | Buffer;
  isTTY?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
  cwd?: string;
  signal?: AbortSignal;
}

const printed: string[] = [];

/** In process, through main(). */
export async function cli(argv: string[], options: RunOptions = {}): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    stdin: (async function* () {
      if (options.stdin !== undefined) yield options.stdin;
    })(),
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? Date.now,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);
  printed.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** The built executable, in a child process. */
export function spawnCli(argv: string[], options: RunOptions = {}): Promise<Result> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
      timeout: 30_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      printed.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? "");
  });
}

export type Runner = typeof cli;
export const RUNNERS: [string, Runner][] = [
  ["in process", cli],
  ["the built bin", spawnCli],
];

/** Records output the test got some other way (curl's, say). */
export function recordPrinted(...texts: string[]): void {
  printed.push(...texts);
}

/** For afterAll: no test secret in anything printed during the file. */
export function expectNoSecretPrinted(more: readonly string[] = []): void {
  expect(printed.length).toBeGreaterThan(0);
  for (const secret of [...Object.values(SECRET), ...OTHER_SECRETS, ...more]) {
    const leaks = printed.filter((text) => text.includes(secret));
    expect(leaks, `printed ${secret}`).toEqual([]);
  }
}

/** A scratch directory and a writer of files into it. */
export function scratch(): { dir: string; file(name: string, content: string | Buffer): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "webhook-signatures-cli-test-"));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A receiver on 127.0.0.1 that verifies POST /<provider> with the library and answers 200
 * {"ok":true}, or 401 with the reason. `seen` collects what arrived.
 */
export async function receiver(): Promise<{ url: string; seen: { path: string; body: Buffer }[]; close(): Promise<void> }> {
  const seen: { path: string; body: Buffer }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? "";
      seen.push({ path, body });
      const headers = req.headers;
      const result =
        path === "/tikinow"
          ? verifyTikiSha1({ body, headers, secret: SECRET.tikinow })
          : path === "/tiki"
            ? verifyBasicAuth({ headers, credentials: { id: TIKI_ID, secret: SECRET.tiki } })
            : path === "/mobility-work"
              ? verifyMwSignature({ body, headers, secret: SECRET["mobility-work"] })
              : path === "/tilby"
                ? verifyHmacHex({ body, headers, secret: SECRET.tilby, headerName: "x-tilby-signature" })
                : verifyHmacBase64({ body, headers, secret: SECRET.ewarehousing });
      res.writeHead(result.ok ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify(result.ok ? { ok: true } : { ok: false, reason: result.reason }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The arguments that select each provider's secret (and id). */
export function credentialArgs(provider: keyof typeof SECRET): string[] {
  return provider === "tiki" ? ["--secret", SECRET.tiki, "--id", TIKI_ID] : ["--secret", SECRET[provider]];
}

export const PROVIDER_NAMES = Object.keys(SECRET) as (keyof typeof SECRET)[];

/** The command line's `listen`, started in process. */
export interface Listening {
  /** Where it listens: `http://127.0.0.1:<port>/`. */
  url: string;
  stdout(): string;
  /** stdout's non-empty lines. */
  lines(): string[];
  stderr(): string;
  /** Stops it (as Ctrl-C does) and resolves with its exit code; what it printed is checked for secrets at the end. */
  stop(): Promise<number>;
}

/**
 * Starts `webhook-signatures listen <args> --port 0` in process; resolves once it listens, or
 * rejects with what it printed if it exits first. `env` is its environment, `now` its clock.
 */
export async function startListen(args: string[], options: { env?: Record<string, string>; now?: () => number } = {}): Promise<Listening> {
  let stdout = "";
  let stderr = "";
  const stop = new AbortController();
  let announced: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (announced = resolve));
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => {
      stderr += text;
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (found) announced(found[1] as string);
    },
    env: options.env ?? {},
    isTTY: false,
    stdin: (async function* () {})(),
    fetch: globalThis.fetch,
    now: options.now ?? Date.now,
    signal: stop.signal,
  };
  const exit = main(["listen", ...args, "--port", "0"], io);
  const first = await Promise.race([url, exit.then((code) => `exited ${code}: ${stderr}`)]);
  if (!first.startsWith("http")) throw new Error(first);
  return {
    url: first,
    stdout: () => stdout,
    lines: () => stdout.split("\n").filter(Boolean),
    stderr: () => stderr,
    async stop() {
      stop.abort();
      const code = await exit;
      recordPrinted(stdout, stderr);
      return code;
    },
  };
}
