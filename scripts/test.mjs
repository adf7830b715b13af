// npm test: builds the package, then runs vitest with the coverage gate, beside a throwaway
// redis-server and a throwaway Postgres when their binaries are on this machine.
//
//   node scripts/test.mjs [vitest arguments]      build, then vitest run --coverage [arguments]
//   node scripts/test.mjs -- <command> [args]     only start the servers and run the command (Stryker)
//
// Each server runs on a free 127.0.0.1 port in a temp dir, and is stopped and removed whatever
// happens (the command fails, Ctrl-C, SIGTERM). The tests find them through REDIS_URL and PG_URL,
// and the binaries (for the fault tests, which start their own) through REDIS_SERVER_BIN and
// PG_BIN_DIR. Nothing is ever installed: without a binary, its tests are skipped with a notice and
// the coverage gate leaves that store's file out (vitest.config.ts). With CI=true every server
// is required. Exits with the command's status.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PostgresServer, RedisServer, findPostgresBinDir, findRedisServer } from "./services.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());
const bin = (name) => join(root, "node_modules", ".bin", name);

const separator = process.argv.indexOf("--");
const command = separator === -1 ? undefined : process.argv.slice(separator + 1);
const vitestArgs = separator === -1 ? process.argv.slice(2) : [];
if (command !== undefined && command.length === 0) {
  console.error("test.mjs: nothing to run after --");
  process.exit(2);
}

const servers = [];
let child;
let stopping;

function stopAll() {
  stopping ??= Promise.allSettled(servers.map((server) => server.dispose()));
  return stopping;
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]]) {
  process.on(signal, () => {
    if (child !== undefined && child.exitCode === null) child.kill(signal);
    void stopAll().then(() => process.exit(code));
  });
}

function run(file, args, env) {
  return new Promise((resolve) => {
    child = spawn(file, args, { stdio: "inherit", env, cwd: root });
    child.once("error", (error) => {
      console.error(`test.mjs: could not run ${file}: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

async function main() {
  // WS_TEST_RUNNER: the test files need not repeat the notice printed here for a missing server.
  const env = { ...process.env, WS_TEST_RUNNER: "1", PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH ?? ""}` };
  // Whatever the caller's shell had: the tests use the servers started here, or none.
  for (const name of ["REDIS_URL", "PG_URL", "REDIS_SERVER_BIN", "PG_BIN_DIR"]) delete env[name];
  const missing = [];

  const redisBin = findRedisServer();
  if (redisBin === undefined) {
    missing.push({ what: "redis-server", tests: "RedisNonceStore", file: "src/replay/redis.ts", install: "redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)" });
  } else {
    const redis = await RedisServer.start(redisBin);
    servers.push(redis);
    env.REDIS_URL = redis.url;
    env.REDIS_SERVER_BIN = redisBin;
    console.error(`test.mjs: redis-server on ${redis.url}`);
  }

  const pgBinDir = findPostgresBinDir();
  if (pgBinDir === undefined) {
    missing.push({ what: "Postgres (initdb, postgres)", tests: "PostgresNonceStore", file: "src/replay/postgres.ts", install: "PostgreSQL (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql; or point PG_BIN_DIR at its bin directory)" });
  } else {
    const pg = await PostgresServer.start(pgBinDir);
    servers.push(pg);
    env.PG_URL = pg.url;
    env.PG_BIN_DIR = pgBinDir;
    console.error(`test.mjs: postgres from ${pgBinDir} on ${pg.url}`);
  }

  for (const m of missing) {
    if (inCi) {
      console.error(`test.mjs: CI=true and no ${m.what} on this machine: the ${m.tests} tests must run in CI. Install ${m.install}.`);
    } else {
      console.error(`test.mjs: no ${m.what} found, so the ${m.tests} tests are skipped and ${m.file} is left out of the coverage gate; install ${m.install} and run npm test again to run them.`);
    }
  }
  if (inCi && missing.length > 0) return 1;

  if (command !== undefined) return run(command[0], command.slice(1), env);
  const built = await run(bin("tsup"), ["--silent"], env);
  if (built !== 0) return built;
  return run(bin("vitest"), ["run", "--coverage", ...vitestArgs], env);
}

let status = 1;
try {
  status = await main();
} catch (error) {
  console.error(`test.mjs: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAll();
}
process.exit(status);
