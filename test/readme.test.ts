// README.md as a new user reads it: how to set up a clone near the top, servers on 127.0.0.1,
// and a command-line session that runs as written, with the output it really prints. The
// session is replayed here against the built command (npm test builds it first).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }).bin["webhook-signatures"]!);

/** The fenced blocks of `markdown` of one language, in order, each as its lines. */
function blocks(markdown: string, language: string): string[][] {
  return [...markdown.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]!.replace(/\n$/, "").split("\n"));
}

describe("README.md: the first minutes", () => {
  it("says how to set up and check a clone within its first 80 lines, in a Develop box", () => {
    const top = README.split("\n").slice(0, 80).join("\n");
    expect(top).toMatch(/\*\*Develop\*\*/);
    expect(top).toContain("`npm install && npm run demo`");
    expect(top).toContain("`npm test`");
  });

  it("has every server of its snippets listen on 127.0.0.1, as every example does", () => {
    const listens = blocks(README, "ts").flat().filter((line) => /\.listen\(/.test(line));
    expect(listens.length).toBeGreaterThan(0);
    for (const line of listens) expect(line).toMatch(/listen\([^)]*"127\.0\.0\.1"|listen\(\{[^}]*host: "127\.0\.0\.1"/);
  });

  it("shows no npm run example:… command for the command-line session (it needs a clone and more variables)", () => {
    const session = README.slice(README.indexOf("## Command line"));
    expect(session).not.toContain("npm run example:");
  });
});

/** Splits a command line as a shell would for these commands: words and "quoted words". */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Timings and clock times differ on every run. */
const steady = (text: string): string => text.replace(/\b\d+ ms\b/g, "N ms").replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z/gm, "TIME");

describe("README.md: the command-line session runs as written and prints what it shows", () => {
  const start = README.indexOf("A session with nothing but the installed package");
  const [listenBlock, sessionBlock, listenedBlock] = blocks(README.slice(start), "console");
  const dir = mkdtempSync(join(tmpdir(), "webhook-signatures-readme-"));
  let listener: ChildProcess | undefined;
  afterAll(() => {
    listener?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is there: a listen block, a session block, and what listen printed", () => {
    expect(start).toBeGreaterThan(0);
    expect(listenBlock?.[1]).toMatch(/^\$ npx webhook-signatures listen /);
    expect(sessionBlock?.length).toBeGreaterThan(10);
    expect(listenedBlock?.length).toBeGreaterThan(0);
  });

  it("replays it against the built command", async () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build first (npm test does)`).toBe(true);
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", NO_COLOR: "1" };
    const setEnv = (line: string) => {
      const [name, value] = line.slice("$ export ".length).split("=") as [string, string];
      env[name] = value;
    };

    // Terminal 1: listen, on a free port here (the README's default is 8080).
    setEnv(listenBlock![0]!);
    const listenArgs = words(listenBlock![1]!).slice(3);
    listener = spawn(process.execPath, [BIN, ...listenArgs, "--port", "0"], { cwd: dir, env });
    let listened = "";
    listener.stdout!.setEncoding("utf8").on("data", (chunk: string) => (listened += chunk));
    const port = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      listener!.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        const found = /127\.0\.0\.1:(\d+)\//.exec(stderr);
        if (found !== null) {
          expect(stderr.replace(`:${found[1]}/`, ":8080/").trimEnd()).toBe(listenBlock!.slice(2).join("\n"));
          resolve(found[1]!);
        }
      });
      listener!.once("exit", (code) => reject(new Error(`listen exited ${code}: ${stderr}`)));
    });

    // Terminal 2: each command, its output compared with the lines below it.
    const lines = sessionBlock!;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      expect(line, `line ${i} of the session is a command`).toMatch(/^\$ /);
      let j = i + 1;
      while (j < lines.length && !lines[j]!.startsWith("$ ")) j++;
      const shown = lines.slice(i + 1, j);
      i = j - 1;
      const exit = shown.at(-1)?.startsWith("# exit ") ? Number(shown.pop()!.slice(7)) : 0;
      if (line.startsWith("$ export ")) {
        setEnv(line);
        continue;
      }
      let argv = words(line.slice(2));
      let redirect: string | undefined;
      if (argv.at(-2) === ">") {
        redirect = argv.at(-1);
        argv = argv.slice(0, -2);
      }
      if (argv[0] === "jq") {
        // jq . FILE: the same two-space pretty-printing, without needing jq on the machine.
        const text = JSON.stringify(JSON.parse(readFileSync(join(dir, argv[2]!), "utf8")), null, 2);
        writeFileSync(join(dir, redirect!), `${text}\n`);
        continue;
      }
      expect(argv.slice(0, 2)).toEqual(["npx", "webhook-signatures"]);
      const args = argv.slice(2).map((arg) => arg.replace("127.0.0.1:8080", `127.0.0.1:${port}`));
      const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 30_000 });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => {
          if (redirect !== undefined) writeFileSync(join(dir, redirect), stdout);
          resolve({ code, out: redirect !== undefined ? stderr : stderr + stdout });
        });
      });
      expect(result.code, line).toBe(exit);
      expect(steady(result.out.replaceAll(`127.0.0.1:${port}`, "127.0.0.1:8080")).trimEnd(), line).toBe(steady(shown.join("\n")));
    }

    // What listen printed meanwhile.
    expect(steady(listened).trimEnd()).toBe(steady(listenedBlock!.join("\n")));
  }, 120_000);
});
