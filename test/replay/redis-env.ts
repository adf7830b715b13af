// What the Redis tests need from their surroundings: REDIS_URL (set by scripts/with-redis.sh),
// a redis-server binary to start and stop for the fault tests, and child processes that are
// always cleaned up. Every wait is bounded.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";

/** CI=true (or any value but "", "0", "false"). */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

/**
 * `describe` that needs something from the machine. When it is missing: in CI, one failing
 * test says what is missing (Redis must be there); locally, the block is skipped with a message.
 */
export function describeNeeding(what: string, missing: string | undefined, name: string, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it(`needs ${what}`, () => {
        throw new Error(`${missing} In CI the Redis tests must run: use \`bash scripts/with-redis.sh npm test\`.`);
      });
    });
  } else {
    console.warn(`[test/replay] skipping "${name}": ${missing} Run \`bash scripts/with-redis.sh npx vitest run test/replay\`.`);
    describe.skip(`${name} (skipped: ${missing})`, body);
  }
}

/** REDIS_URL, or undefined when unset. */
export const REDIS_URL = process.env.REDIS_URL === "" ? undefined : process.env.REDIS_URL;
export const REDIS_URL_MISSING = REDIS_URL === undefined ? "REDIS_URL is not set (e.g. redis://127.0.0.1:6390)." : undefined;

/** The redis-server binary: REDIS_SERVER_BIN, else redis-server on PATH; undefined when neither runs. */
export const REDIS_SERVER_BIN = ((): string | undefined => {
  const bin = process.env.REDIS_SERVER_BIN || "redis-server";
  const probe = spawnSync(bin, ["--version"], { encoding: "utf8", timeout: 5_000 });
  return probe.status === 0 ? bin : undefined;
})();
export const REDIS_SERVER_MISSING =
  REDIS_SERVER_BIN === undefined ? "No redis-server binary (set REDIS_SERVER_BIN or install the redis-server package)." : undefined;

const children = new Set<ChildProcess>();
/** Kills every child still running: called from afterAll, and on exit as a last resort. */
export function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
}
process.once("exit", killChildren);

/** Registers a child so it is always cleaned up. */
export function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** True when something on the port answers PING with PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/** A redis-server of the test's own, on 127.0.0.1, keeping nothing on disk. */
export class RedisServer {
  #child: ChildProcess | undefined;
  readonly #dir = mkdtempSync(join(tmpdir(), "ws-redis-"));

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts on a free port (a few tries: another process may take the port first). */
  static async start(): Promise<RedisServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.restart();
        return server;
      } catch (error) {
        lastError = error;
        await server.stop();
      }
    }
    throw lastError;
  }

  /** Starts (again) on the same port; resolves once it answers PING. */
  async restart(): Promise<void> {
    if (this.#child !== undefined) throw new Error("already running");
    const child = track(
      spawn(
        REDIS_SERVER_BIN as string,
        ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.#dir, "--daemonize", "no"],
        { stdio: ["ignore", "ignore", "pipe"] },
      ),
    );
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await pong(this.port)) return;
      await sleep(25);
    }
    await this.stop();
    throw new Error(`redis-server did not start on 127.0.0.1:${this.port}`);
  }

  /** Stops the server and waits until it has exited (SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the server and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** A key prefix no other test (or run) shares. */
export function uniquePrefix(label: string): string {
  return `ws-test:${label}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}:`;
}
