// What the Redis tests need from their surroundings: REDIS_URL (set by scripts/test.mjs),
// a redis-server binary to start and stop for the fault tests, and child processes that are
// always cleaned up. Every wait is bounded.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, it } from "vitest";
import { RedisServer, findRedisServer, freePort, sleep } from "../../scripts/services.mjs";

/** CI=true (or any value but "", "0", "false"). */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

/**
 * `describe` that needs something from the machine. When it is missing: in CI, one failing
 * test says what is missing (the server must be there); locally, the block is skipped with a message.
 */
export function describeNeeding(what: string, missing: string | undefined, name: string, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
  } else if (IN_CI) {
    describe(name, () => {
      it(`needs ${what}`, () => {
        throw new Error(`${missing} In CI these tests must run: \`npm test\` (scripts/test.mjs) starts the servers.`);
      });
    });
  } else {
    // Under npm test, scripts/test.mjs has already said which server is missing, in one line.
    if (process.env.WS_TEST_RUNNER !== "1") console.warn(`[test/replay] skipping "${name}": ${missing} Install it and run \`npm test\` (or \`node scripts/test.mjs -- vitest run test/replay\`).`);
    describe.skip(`${name} (skipped: ${missing})`, body);
  }
}

/** REDIS_URL, or undefined when unset. */
export const REDIS_URL = process.env.REDIS_URL === "" ? undefined : process.env.REDIS_URL;
export const REDIS_URL_MISSING = REDIS_URL === undefined ? "REDIS_URL is not set (e.g. redis://127.0.0.1:6390)." : undefined;

/** The redis-server binary: REDIS_SERVER_BIN, else redis-server on PATH; undefined when neither runs. */
export const REDIS_SERVER_BIN = findRedisServer();
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

export { sleep, freePort, RedisServer };

/** A key prefix no other test (or run) shares. */
export function uniquePrefix(label: string): string {
  return `ws-test:${label}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}:`;
}

/**
 * A redis-server of the calling `describe`'s own, started before its tests and stopped after
 * them (for tests that stop it or change its configuration): a getter, valid inside the tests.
 */
export function ownRedisServer(): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await RedisServer.start(findRedisServer());
  }, 30_000);
  afterAll(async () => {
    await server?.dispose();
  });
  return () => server as RedisServer;
}

