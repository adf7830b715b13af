// `listen` runs the receiver on 127.0.0.1 and prints one line per delivery. Deliveries come
// from the `send` command itself, so the whole loop a user runs is what is tested.
import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createReceiver } from "../../src/receiver/index.js";
import { BIN, type Listening, ROOT, SECRET, TIKI_ID, cli, expectNoSecretPrinted, recordPrinted, startListen } from "./harness.js";


/** Starts `listen` in process on a free port; resolves once it listens. */
const listen = (args: string[]): Promise<Listening> => startListen(args, { env: { LISTEN_SECRET: SECRET.ewarehousing } });

afterAll(() => expectNoSecretPrinted());

describe("webhook-signatures listen", () => {
  it("answers a genuine delivery 200 and prints it verified, with its event and key; a tampered one 401 with the reason", async () => {
    const server = await listen(["ewarehousing", "--secret-env", "LISTEN_SECRET"]);
    try {
      const send = ["send", "ewarehousing", `${server.url}webhooks/ewarehousing`, "--secret", SECRET.ewarehousing, "--example", "ewarehousing-stock-updated", "--webhook-id", "listen-test-1"];
      expect((await cli(send)).code).toBe(0);
      expect((await cli([...send, "--tamper"])).code).toBe(1);
      // The same delivery again: answered 200 from the store, not run again.
      expect((await cli(send)).code).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const lines = server.lines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z {2}POST \/webhooks\/ewarehousing {2}200 verified, processed {2}event stock\.updated {2}key \S+$/);
    expect(lines[1]).toMatch(/ {2}POST \/webhooks\/ewarehousing {2}401 signature_mismatch: The x-hmac-sha256 signature does not match/);
    expect(lines[2]).toMatch(/ {2}200 duplicate \(processed before: not run again\)$/);
    expect(server.stderr()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/ for ewarehousing deliveries/);
  });

  it("prints the key the receiver's handlers get, whatever its form (TikiNOW, eWarehousing)", async () => {
    const cases = [
      { provider: "tikinow", options: { channel: "stock" }, secret: SECRET.tikinow, more: ["--example", "tikinow-stock"] },
      { provider: "ewarehousing", options: {}, secret: SECRET.ewarehousing, more: ["--example", "ewarehousing-stock-updated", "--webhook-id", "listen-key-1"] },
    ] as const;
    for (const { provider, options, secret, more } of cases) {
      // The same delivery through a receiver of the library's own: the key its handler gets.
      const signed = await cli(["sign", provider, "--secret", secret, ...more]);
      const headers = signed.stdout.trimEnd().split("\n").map((line) => line.split(": ") as [string, string]);
      const body = (await cli(["examples", more[1]])).stdout;
      const keys: string[] = [];
      const reference = createReceiver({ provider, secret, ...options } as Parameters<typeof createReceiver>[0]);
      (reference as unknown as { on(event: "*", handler: (context: { key: string }) => void): unknown }).on("*", ({ key }) => void keys.push(key));
      await reference.fetch(new Request("http://127.0.0.1/hook", { method: "POST", headers, body }));
      expect(keys).toHaveLength(1);

      const server = await listen([provider, "--secret", secret]);
      try {
        expect((await cli(["send", provider, `${server.url}hook`, "--secret", secret, ...more])).code).toBe(0);
      } finally {
        await server.stop();
      }
      expect(server.lines()).toHaveLength(1);
      expect(server.lines()[0]?.endsWith(`  key ${keys[0]}`), server.lines()[0]).toBe(true);
    }
  });

  it("serves each provider's options: a TikiNOW channel, the Tiki id, the Tilby header, a Mobility Work tolerance", async () => {
    const cases: Array<[string[], string[], RegExp]> = [
      [["tikinow", "--channel", "aftersale", "--secret", SECRET.tikinow], ["--example", "tikinow-aftersale"], /200 verified, processed {2}event aftersale/],
      [["tiki", "--id", TIKI_ID, "--secret", SECRET.tiki], ["--id", TIKI_ID, "--example", "tiki-product-request-rejected"], /event product:request:rejected/],
      [["tilby", "--header-name", "x-sig", "--secret", SECRET.tilby], ["--header-name", "x-sig", "--example", "tilby-sales-closed"], /event sales\.CLOSED/],
      [["mobility-work", "--tolerance", "60", "--secret", SECRET["mobility-work"], "--secret", "wrong-secret-0000"], ["--example", "mobility-work-spare-part-out-of-stock", "--stale", "120"], /401 timestamp_too_old/],
      // The defaults: TikiNOW's stock channel, Mobility Work's 300 s window.
      [["tikinow", "--secret", SECRET.tikinow], ["--example", "tikinow-stock"], /200 verified, processed {2}event stock/],
      [["mobility-work", "--secret", SECRET["mobility-work"]], ["--example", "mobility-work-spare-part-out-of-stock", "--stale", "120"], /200 verified, processed {2}event spare_part_out_of_stock/],
    ];
    for (const [listenArgs, sendArgs, expected] of cases) {
      const provider = listenArgs[0] as keyof typeof SECRET;
      const server = await listen(listenArgs);
      try {
        await cli(["send", provider, `${server.url}hook`, "--secret", SECRET[provider], ...sendArgs]);
      } finally {
        await server.stop();
      }
      expect(server.lines().join("\n"), provider).toMatch(expected);
    }
  });

  it("refuses a usage mistake with exit 2 before it listens", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["listen", "tiki", "--secret", SECRET.tiki], /tiki needs --id/],
      [["listen", "tikinow", "--secret", SECRET.tikinow, "--channel", "refunds"], /--channel must be one of stock, order_status, aftersale/],
      [["listen", "tilby", "--secret", SECRET.tilby, "--channel", "stock"], /--channel is for tikinow only/],
      [["listen", "tilby", "--secret", SECRET.tilby, "--port", "70000"], /port/],
      [["listen", "tilby"], /secret/],
      // The library's own argument errors (a Tiki id with a colon) are usage errors too.
      [["listen", "tiki", "--id", "a:b", "--secret", SECRET.tiki], /^webhook-signatures listen: createReceiver\(\{ provider: "tiki" \}\): credentials\[0\]\.id must be a non-empty string without ':'/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^webhook-signatures listen: [^\n]+\nRun 'webhook-signatures listen --help' for usage\.\n$/);
    }
  });

  it("answers 400 to a request whose target is not a URL, and keeps listening", async () => {
    const server = await listen(["ewarehousing", "--secret-env", "LISTEN_SECRET"]);
    try {
      const { port, hostname } = new URL(server.url);
      // A raw request line that node:http accepts but new URL() refuses.
      const answer = await new Promise<string>((resolve, reject) => {
        let text = "";
        const socket = connect(Number(port), hostname, () => {
          socket.end("POST http://a:b:c/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        });
        socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('{"success":false,"error":{"code":"BAD_REQUEST","message":"The request target is not a URL."}}');
      // Still listening: a genuine delivery after it is processed; a GET is shown as a GET.
      const send = ["send", "ewarehousing", `${server.url}after`, "--secret", SECRET.ewarehousing, "--example", "ewarehousing-stock-updated"];
      expect((await cli(send)).code).toBe(0);
      expect((await fetch(`${server.url}status`)).status).toBe(405);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const lines = server.lines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/ {2}POST \(not a URL\) {2}400 bad_request: The request target is not a URL\.$/);
    expect(lines[1]).toMatch(/ {2}POST \/after {2}200 verified, processed {2}event stock\.updated/);
    expect(lines[2]).toMatch(/ {2}GET \/status {2}405 method_not_allowed: /);
  });

  it("says so, exit 2, when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await cli(["listen", "tilby", "--secret", SECRET.tilby, "--port", String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
    } finally {
      taken.close();
    }
  });

  it("stops at once when its signal is already aborted", async () => {
    const stop = new AbortController();
    stop.abort();
    const result = await cli(["listen", "tilby", "--secret", SECRET.tilby, "--port", "0"], { signal: stop.signal });
    expect(result.code).toBe(0);
  });

  it("runs as the built bin and stops on Ctrl-C (SIGINT) with exit 0", async () => {
    const child = spawn(process.execPath, [BIN, "listen", "tilby", "--secret-env", "S", "--port", "0"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", S: SECRET.tilby },
      timeout: 30_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
        if (found) resolve(found[1] as string);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const sent = await cli(["send", "tilby", `${url}tilby`, "--secret", SECRET.tilby, "--example", "tilby-subscribed"]);
    expect(sent.code).toBe(0);
    const code = await new Promise<number | null>((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGINT");
    });
    recordPrinted(stdout, stderr);
    expect(code).toBe(0);
    expect(stdout).toMatch(/POST \/tilby {2}200 verified, processed {2}event SUBSCRIBED/);
  });
});
