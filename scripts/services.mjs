// Throwaway database servers for the tests: a redis-server and a Postgres cluster, each on a
// free 127.0.0.1 port, in a temp dir of its own, removed when stopped. Used by scripts/test.mjs
// (one of each for the whole run) and by the fault tests (their own, to stop, pause and restart).
// Nothing here installs anything: a server whose binaries are not on the machine is reported
// missing, with what to install.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The executable called `name` in one of the PATH's directories, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** True when `file --version` runs and exits 0 (a dangling symlink or a stub that fails is not a binary). */
function runs(file) {
  const probe = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 5_000 });
  return probe.status === 0;
}

/** The redis-server binary: $REDIS_SERVER_BIN, else redis-server on PATH; undefined when none runs. */
export function findRedisServer() {
  const bin = process.env.REDIS_SERVER_BIN || onPath("redis-server");
  return bin !== undefined && runs(bin) ? bin : undefined;
}

/**
 * The directory holding Postgres's initdb and postgres: $PG_BIN_DIR, else the directory that
 * initdb on PATH really lives in (Debian puts only symlinks on PATH), else the newest
 * /usr/lib/postgresql/<version>/bin. Undefined unless both binaries run.
 */
export function findPostgresBinDir() {
  const candidates = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  const initdb = onPath("initdb");
  if (initdb !== undefined) {
    try {
      candidates.push(dirname(realpathSync(initdb)));
    } catch {
      // a dangling symlink: not installed
    }
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(join(root, version, "bin"));
  }
  return candidates.find((dir) => runs(join(dir, "initdb")) && runs(join(dir, "postgres")));
}

/** Postgres refuses to run as root: as root, its processes run as the `postgres` user. */
function postgresUser() {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error("running as root and there is no postgres user to run Postgres as (install the postgresql package, or run as another user)");
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** True when a TCP connection to the port is accepted and `probe` (if given) answers as expected. */
function answers(port, probe) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => {
      if (probe === undefined) return done(true);
      socket.write(probe.send);
    });
    socket.once("data", (data) => done(probe !== undefined && probe.expect(data)));
  });
}

const REDIS_PING = { send: "PING\r\n", expect: (data) => data.toString().startsWith("+PONG") };
// A Postgres startup message (protocol 3.0, user and database postgres): a server ready for
// queries answers "R" (authentication, here trust: OK); one still starting answers "E".
const PG_STARTUP = {
  send: (() => {
    const body = Buffer.from("\0\x03\0\0user\0postgres\0database\0postgres\0\0", "latin1");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length + 4);
    return Buffer.concat([length, body]);
  })(),
  expect: (data) => data.length >= 1 && data[0] === 0x52,
};

const live = new Set();
/** Stops every server still running, synchronously (SIGKILL): for process exit. */
export function killAll() {
  for (const server of live) server.kill();
}
process.once("exit", killAll);

class Server {
  child = undefined;
  log = "";

  constructor(port, dir) {
    this.port = port;
    this.dir = dir;
  }

  /** The process's pid while it runs. */
  get pid() {
    return this.child?.pid;
  }

  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  _spawn(bin, args, options = {}) {
    // Its own process group: a pause stops Postgres's backends too, and a Ctrl-C at the terminal
    // reaches the runner, which stops the servers in order.
    const child = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"], detached: true, ...options });
    child.stderr.on("data", (data) => {
      this.log = (this.log + data.toString()).slice(-4_000);
    });
    child.on("error", (error) => {
      this.log += `\n${error.message}`;
    });
    this.child = child;
    live.add(this);
    child.once("exit", () => live.delete(this));
    return child;
  }

  async _waitReady(probe, what) {
    const child = this.child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (await answers(this.port, probe)) return;
      await sleep(25);
    }
    await this.stop();
    throw new Error(`${what} did not start on 127.0.0.1:${this.port}: ${this.log.trim().split("\n").slice(-3).join(" | ")}`);
  }

  /** Stops the process group with `signal`, waits for the exit (SIGKILL after 10 s). */
  async stop(signal = "SIGTERM") {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    this._signal(child, "SIGCONT");
    this._signal(child, signal);
    const timer = setTimeout(() => this._signal(child, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    // Postgres's backends may outlive the postmaster by a moment.
    for (let i = 0; i < 200 && groupAlive(child.pid); i++) await sleep(10);
  }

  _signal(child, signal) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // gone
      }
    }
  }

  /** SIGSTOP to the whole server (Postgres: its backends too, which each lead a process group of their own). */
  pause() {
    if (this.child === undefined) return;
    this._signal(this.child, "SIGSTOP");
    for (const pid of descendants(this.child.pid)) signalPid(pid, "SIGSTOP");
  }

  resume() {
    if (this.child === undefined) return;
    for (const pid of descendants(this.child.pid)) signalPid(pid, "SIGCONT");
    this._signal(this.child, "SIGCONT");
  }

  /** Synchronous SIGKILL of the group: for exit handlers. */
  kill() {
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      this._signal(child, "SIGCONT");
      this._signal(child, "SIGKILL");
    }
  }

  /** Stops the server and removes its directory. */
  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function signalPid(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
}

/** The pids below `root` (Linux /proc; elsewhere none: the group signal has to do). */
function descendants(root) {
  const parents = new Map();
  let entries = [];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Tries `create(port)` on a few free ports: another process may take a port before the server binds it. */
async function onFreePort(create) {
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await create(await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** A redis-server keeping nothing on disk (a restart forgets everything, as an unpersisted Redis does). */
export class RedisServer extends Server {
  static async start(bin = findRedisServer()) {
    if (bin === undefined) throw new Error("no redis-server binary");
    return onFreePort(async (port) => {
      const server = new RedisServer(port, mkdtempSync(join(tmpdir(), "ws-redis-")), bin);
      try {
        await server.restart();
      } catch (error) {
        await server.dispose();
        throw error;
      }
      return server;
    });
  }

  constructor(port, dir, bin) {
    super(port, dir);
    this.bin = bin;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port; resolves once it answers PING. */
  async restart() {
    if (this.running) throw new Error("already running");
    this._spawn(this.bin, [
      "--port", String(this.port), "--bind", "127.0.0.1", "--protected-mode", "yes",
      "--save", "", "--appendonly", "no", "--dir", this.dir, "--daemonize", "no",
    ]);
    await this._waitReady(REDIS_PING, "redis-server");
  }
}

/** A Postgres cluster of its own (initdb in a temp dir, trust auth on 127.0.0.1 only). */
export class PostgresServer extends Server {
  static async start(binDir = findPostgresBinDir()) {
    if (binDir === undefined) throw new Error("no Postgres binaries (initdb, postgres)");
    const user = postgresUser();
    const dir = mkdtempSync(join(tmpdir(), "ws-pg-"));
    if (user !== undefined) chownSync(dir, user.uid, user.gid);
    const data = join(dir, "data");
    const init = spawnSync(
      join(binDir, "initdb"),
      ["-D", data, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      { encoding: "utf8", timeout: 120_000, cwd: dir, ...(user ?? {}) },
    );
    if (init.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`initdb failed: ${(init.stderr || init.error?.message || "").trim().split("\n").slice(-3).join(" | ")}`);
    }
    try {
      return await onFreePort(async (port) => {
        const server = new PostgresServer(port, dir, binDir, user);
        await server.restart();
        return server;
      });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  constructor(port, dir, binDir, user) {
    super(port, dir);
    this.binDir = binDir;
    this.user = user;
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts (again) on the same port and data; resolves once it accepts connections. */
  async restart() {
    if (this.running) throw new Error("already running");
    this._spawn(
      join(this.binDir, "postgres"),
      [
        "-D", join(this.dir, "data"), "-p", String(this.port), "-k", this.dir,
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "log_min_messages=fatal",
      ],
      { cwd: this.dir, ...(this.user ?? {}) },
    );
    await this._waitReady(PG_STARTUP, "postgres");
  }

  /** Fast shutdown (SIGINT): open connections are cut, the data is kept for a restart. */
  stop(signal = "SIGINT") {
    return super.stop(signal);
  }
}
