// `listen --record DIR` keeps each request as a raw HTTP/1.1 request file, and `replay DIR URL`
// sends the files again. Deliveries are signed here with node:crypto (not the library), sent
// over real HTTP on 127.0.0.1, and the files are checked byte for byte, with `verify --request`,
// and by replaying them to a receiver of the library's own.
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReceiver } from "../../src/receiver/index.js";
import { EWAREHOUSING_STOCK_UPDATED_EXAMPLE } from "../../src/testing.js";
import { type Listening, SECRET, cli, expectNoSecretPrinted, scratch, startListen } from "./harness.js";

const secret = SECRET.ewarehousing;
const files = scratch();
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted());

/** eWarehousing's signature, computed here: base64 HMAC-SHA256 of the raw body. */
const sign = (body: Buffer) => createHmac("sha256", secret).update(body).digest("base64");

const BODY = Buffer.from(JSON.stringify(EWAREHOUSING_STOCK_UPDATED_EXAMPLE));


/** Starts `listen` for eWarehousing in process on a free port, with the clock given; resolves once it listens. */
const listen = (args: string[], now: () => number = Date.now): Promise<Listening> =>
  startListen(["ewarehousing", "--secret-env", "LISTEN_SECRET", ...args], { env: { LISTEN_SECRET: secret }, now });

interface Answer {
  status: number;
  body: string;
}

/** One request through node:http (header names' case kept; `chunks` sent as given, chunked when there are several). */
function post(url: string, headers: OutgoingHttpHeaders, chunks: Buffer[], method = "POST"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode as number, body }));
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** A genuine eWarehousing delivery's headers, names in the case given. */
const signed = (body: Buffer, id: string): OutgoingHttpHeaders => ({ "Content-Type": "application/json", "X-Hmac-SHA256": sign(body), "X-Webhook-Id": id, "Content-Length": body.length });

/** One byte changed after signing. */
function tampered(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  copy[copy.indexOf("9")] = 0x38;
  return copy;
}

/** The recorded files of `dir`, in name order. */
const recorded = (dir: string) => readdirSync(dir).sort();

/** The body of a raw request file: what follows the first blank line. */
const bodyOf = (file: Buffer) => file.subarray(file.indexOf("\r\n\r\n") + 4);

interface Receiving {
  url: string;
  handled: string[];
  seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[];
  close(): Promise<void>;
}

/** A receiver of the library's own on node:http (a fresh store), that also keeps what arrived. */
async function receiving(): Promise<Receiving> {
  const handled: string[] = [];
  const seen: Receiving["seen"] = [];
  const receiver = createReceiver({ provider: "ewarehousing", secret });
  receiver.on("*", ({ key }) => void handled.push(key.split(":").at(-1) as string)); // the X-Webhook-Id, after the provider and route
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // Kept beside the receiver's own reading, as the request arrives.
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => seen.push({ method: req.method as string, url: req.url as string, headers: req.headers, body: Buffer.concat(chunks) }));
    void receiver.node(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handled,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** No file of `dir` holds the secret, in any encoding it could be written in. */
function expectNoSecretIn(dir: string): void {
  const names = recorded(dir);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const bytes = readFileSync(join(dir, name));
    for (const form of [secret, Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("hex")]) {
      expect(bytes.includes(form), `${name} holds the secret`).toBe(false);
    }
  }
}

const NAME = /^\d{4}-ewarehousing-\d{8}T\d{6}\.\d{3}Z\.http$/;

describe("listen --record DIR, then verify --request and replay DIR URL", () => {
  const dir = join(files.dir, "deliveries");
  const genuine = signed(BODY, "record-1");
  const bad = tampered(BODY);
  let server: Receiving;
  beforeAll(async () => {
    server = await receiving();
    const listening = await listen(["--record", dir]);
    try {
      expect(await post(`${listening.url}webhooks/ewarehousing?shop=1`, genuine, [BODY])).toMatchObject({ status: 200 });
      expect(await post(`${listening.url}webhooks/ewarehousing?shop=1`, { ...genuine, "X-Webhook-Id": "record-2" }, [bad])).toMatchObject({ status: 401 });
    } finally {
      expect(await listening.stop()).toBe(0);
    }
    expect(listening.lines()[0]).toMatch(/ 200 verified, processed/);
    expect(listening.lines()[1]).toMatch(/ 401 signature_mismatch/);
    expect(listening.stderr()).toContain(`recording every request into ${dir}`);
  });
  afterAll(() => server.close());

  it("writes one file per request, in order, 0600 in a directory it made 0700", () => {
    const names = recorded(dir);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^0001-/);
    expect(names[1]).toMatch(/^0002-/);
    for (const name of names) {
      expect(name).toMatch(NAME);
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it("keeps the request line, the headers as received (names' case, the signature) and the body byte for byte", () => {
    const [first, second] = recorded(dir).map((name) => readFileSync(join(dir, name)));
    const text = (first as Buffer).toString("latin1");
    expect(text).toMatch(/^POST \/webhooks\/ewarehousing\?shop=1 HTTP\/1\.1\r\n/);
    expect(text).toContain(`\r\nX-Hmac-SHA256: ${sign(BODY)}\r\n`);
    expect(text).toContain("\r\nX-Webhook-Id: record-1\r\n");
    expect(text).toContain(`\r\nContent-Length: ${BODY.length}\r\n`);
    expect(bodyOf(first as Buffer).equals(BODY)).toBe(true);
    expect(bodyOf(second as Buffer).equals(bad)).toBe(true);
  });

  it("never writes the secret in a file", () => expectNoSecretIn(dir));

  it("each file verifies with verify --request exactly as the delivery did with --body and --header", async () => {
    const [first, second] = recorded(dir).map((name) => join(dir, name));
    const body = files.file("genuine.json", BODY);
    const badBody = files.file("tampered.json", bad);
    const header = ["--header", `X-Hmac-SHA256: ${sign(BODY)}`];
    const byRequest = [await cli(["verify", "ewarehousing", "--secret", secret, "--request", first as string]), await cli(["verify", "ewarehousing", "--secret", secret, "--request", second as string])];
    const byParts = [await cli(["verify", "ewarehousing", "--secret", secret, "--body", body, ...header]), await cli(["verify", "ewarehousing", "--secret", secret, "--body", badBody, ...header])];
    expect(byRequest.map((r) => [r.code, r.stdout])).toEqual(byParts.map((r) => [r.code, r.stdout]));
    expect(byRequest.map((r) => r.code)).toEqual([0, 1]);
    expect(byRequest[1]?.stdout).toMatch(/^signature_mismatch: /);
  });

  it("replays them in order, byte for byte, and they are answered as the first time: processed, refused; then a duplicate", async () => {
    const first = await cli(["replay", dir, `${server.url}/`]);
    expect(first.code).toBe(1); // the tampered one is refused
    const lines = first.stdout.split("\n");
    expect(lines[0]).toBe(`Replaying 2 recorded requests from ${dir} to ${server.url}/`);
    expect(lines[1]).toMatch(/^0001-\S+\.http {2}POST \/webhooks\/ewarehousing\?…, \d+ bytes: 200 OK {2}\d+ ms$/);
    expect(lines[2]).toBe('    {"success":true}');
    expect(lines[3]).toMatch(/^0002-\S+\.http {2}POST \/webhooks\/ewarehousing\?…, \d+ bytes: 401 Unauthorized {2}\d+ ms$/);
    expect(lines[4]).toMatch(/^ {4}\{"success":false,"error":\{"code":"SIGNATURE_MISMATCH"/);
    expect(server.handled).toEqual(["record-1"]);
    // What arrived: the method, path and query, the signature and the body as recorded.
    expect(server.seen.map((s) => [s.method, s.url, s.headers["x-hmac-sha256"], s.headers["x-webhook-id"]])).toEqual([
      ["POST", "/webhooks/ewarehousing?shop=1", sign(BODY), "record-1"],
      ["POST", "/webhooks/ewarehousing?shop=1", sign(BODY), "record-2"],
    ]);
    expect(server.seen[0]?.body.equals(BODY)).toBe(true);
    expect(server.seen[1]?.body.equals(bad)).toBe(true);
    // The signature is never printed.
    expect(first.stdout).not.toContain(sign(BODY));

    // Again, the genuine one only: answered as a duplicate is (200), its handler not run again.
    const again = await cli(["replay", dir, server.url, "--only", "1"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Replaying 1 recorded request from .+\n0001-\S+ {2}POST \S+, \d+ bytes: 200 OK {2}\d+ ms\n {4}\{"success":true\}\n$/);
    expect(server.handled).toEqual(["record-1"]);
  });

  it("--tamper changes one byte of the body first, as send does: a 401, exit 1", async () => {
    const before = server.seen.length;
    const { code, stdout, stderr } = await cli(["replay", dir, server.url, "--only", "1", "--tamper"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/: 401 Unauthorized {2}/);
    expect(stderr).toMatch(/^0001-\S+\.http: tampered, byte \d+ changed from "\d" to "\d"\.\n$/);
    const sent = server.seen.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body.length).toBe(BODY.length);
    expect([...(sent[0]?.body as Buffer)].filter((b, i) => b !== BODY[i])).toHaveLength(1);
  });

  it("appends the recorded path and query to the URL's own path", async () => {
    const before = server.seen.length;
    await cli(["replay", dir, `${server.url}/base/`, "--only", "1"]);
    await cli(["replay", dir, `${server.url}/base`, "--only", "1"]);
    expect(server.seen.slice(before).map((s) => s.url)).toEqual(["/base/webhooks/ewarehousing?shop=1", "/base/webhooks/ewarehousing?shop=1"]);
  });
});

describe("listen --record", () => {
  it("keeps a binary body byte for byte, and it verifies and replays as it came", async () => {
    const dir = join(files.dir, "binary");
    const body = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7 + 3) % 256));
    const listening = await listen(["--record", dir]);
    let status: number;
    try {
      status = (await post(`${listening.url}bin`, signed(body, "binary-1"), [body])).status;
    } finally {
      await listening.stop();
    }
    const [name] = recorded(dir);
    const file = readFileSync(join(dir, name as string));
    expect(bodyOf(file).equals(body)).toBe(true);
    const verified = await cli(["verify", "ewarehousing", "--secret", secret, "--request", join(dir, name as string)]);
    expect([verified.code, verified.stdout]).toEqual([0, "ok: secret #1 of 1 matched\n"]);
    const server = await receiving();
    try {
      const replayed = await cli(["replay", dir, server.url]);
      expect(server.seen[0]?.body.equals(body)).toBe(true);
      // Answered as the listener answered it (a body that is not JSON is refused after verification).
      expect(replayed.stdout).toContain(`: ${status} `);
    } finally {
      await server.close();
    }
  });

  it("keeps a chunked body with its Transfer-Encoding header: verify decodes it, replay sends the body", async () => {
    const dir = join(files.dir, "chunked");
    const headers = { "Content-Type": "application/json", "X-Hmac-SHA256": sign(BODY), "X-Webhook-Id": "chunked-1", "Transfer-Encoding": "chunked" };
    const listening = await listen(["--record", dir]);
    try {
      expect((await post(`${listening.url}hook`, headers, [BODY.subarray(0, 10), BODY.subarray(10)])).status).toBe(200);
    } finally {
      await listening.stop();
    }
    const [name] = recorded(dir);
    const file = readFileSync(join(dir, name as string)).toString("latin1");
    expect(file).toContain("\r\nTransfer-Encoding: chunked\r\n");
    const verified = await cli(["verify", "ewarehousing", "--secret", secret, "--request", join(dir, name as string)]);
    expect(verified.code).toBe(0);
    expect(verified.stderr).toContain("the body was sent chunked");
    const server = await receiving();
    try {
      expect((await cli(["replay", dir, server.url])).code).toBe(0);
      expect(server.handled).toEqual(["chunked-1"]);
      expect(server.seen[0]?.body.equals(BODY)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("numbers on after the files already there, across runs, and never overwrites a file", async () => {
    const dir = join(files.dir, "numbered");
    mkdirSync(dir);
    writeFileSync(join(dir, "0041-earlier.http"), "kept");
    writeFileSync(join(dir, "notes.txt"), "not a recording");
    const now = Date.UTC(2026, 11, 8, 9, 30, 15, 42);
    for (const id of ["run-1", "run-2"]) {
      const listening = await listen(["--record", dir], () => now);
      try {
        expect((await post(`${listening.url}hook`, signed(BODY, id), [BODY])).status).toBe(200);
        if (id === "run-2") {
          // Another listener on the same directory takes the next name first: this one numbers past it.
          writeFileSync(join(dir, "0044-ewarehousing-20261208T093015.042Z.http"), "another listener's");
          expect((await post(`${listening.url}hook`, signed(BODY, "run-3"), [BODY])).status).toBe(200);
        }
      } finally {
        await listening.stop();
      }
    }
    expect(recorded(dir)).toEqual([
      "0041-earlier.http",
      "0042-ewarehousing-20261208T093015.042Z.http",
      "0043-ewarehousing-20261208T093015.042Z.http",
      "0044-ewarehousing-20261208T093015.042Z.http",
      "0045-ewarehousing-20261208T093015.042Z.http",
      "notes.txt",
    ]);
    expect(readFileSync(join(dir, "0044-ewarehousing-20261208T093015.042Z.http"), "utf8")).toBe("another listener's");
    expect(readFileSync(join(dir, "0045-ewarehousing-20261208T093015.042Z.http"), "latin1")).toContain("X-Webhook-Id: run-3\r\n");
  });

  it("records refusals too: a body over the limit (its first bytes), a target that is no URL", async () => {
    const dir = join(files.dir, "refused");
    const big = Buffer.alloc(1024 * 1024 + 4096, 0x61);
    const listening = await listen(["--record", dir]);
    try {
      // Its Content-Length is over the receiver's limit: answered 413 before the body is read;
      // the client gives up after the answer, its body never whole.
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(`${listening.url}big`, { method: "POST", headers: { "X-Hmac-SHA256": sign(big), "Content-Length": big.length } }, (res) => {
          resolve(res.statusCode);
          req.destroy();
        });
        req.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? undefined : reject(error)));
        req.write(big.subarray(0, 600_000));
      });
      expect(status).toBe(413);
      const raw = await new Promise<string>((resolve, reject) => {
        let text = "";
        const { port } = new URL(listening.url);
        const socket = connect(Number(port), "127.0.0.1", () => socket.end("POST http://a:b:c/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
        socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    } finally {
      await listening.stop();
    }
    const names = recorded(dir);
    expect(names).toHaveLength(2);
    expect(listening.stderr()).toMatch(new RegExp(`Note: ${names[0]} holds the first \\d+ bytes of the body only \\(the request was refused or cut before its end\\)\\.\n`));
    const first = readFileSync(join(dir, names[0] as string));
    expect(first.length).toBeLessThan(big.length);
    expect(first.toString("latin1")).toMatch(/^POST \/big HTTP\/1\.1\r\n/);
    expect(readFileSync(join(dir, names[1] as string), "latin1")).toMatch(/^POST http:\/\/a:b:c\/ HTTP\/1\.1\r\nHost: 127\.0\.0\.1\r\n/);
    // Neither can be sent again: each is said so, and the others still are.
    writeFileSync(join(dir, "0003-ok.http"), "POST /hook HTTP/1.1\r\nX-Hmac-SHA256: x\r\nContent-Length: 2\r\n\r\n{}");
    mkdirSync(join(dir, "0004-a-directory.http"));
    const server = await receiving();
    try {
      const { code, stdout } = await cli(["replay", dir, server.url]);
      expect(code).toBe(1);
      const lines = stdout.split("\n");
      expect(lines[1]).toMatch(/^0001-\S+ {2}not replayed: the capture is cut short: Content-Length says \d+ bytes, the file has \d+ after the headers$/);
      // (Its body may be cut short too: the listener answered without reading it.)
      expect(lines[2]).toMatch(/^0002-\S+ {2}not replayed: (its target is not a path|the capture is cut short: .*)$/);
      expect(lines[3]).toMatch(/^0003-ok\.http {2}POST \/hook, 2 bytes: 401 Unauthorized {2}\d+ ms$/);
      expect(lines[5]).toBe("0004-a-directory.http  not replayed: cannot read it (EISDIR)");
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("records a request cut before its end so that verify and replay say it is cut", async () => {
    const dir = join(files.dir, "cut");
    const listening = await listen(["--record", dir]);
    try {
      // Raw, then the client's end of the connection closed: the server has every byte sent before.
      for (const head of ["POST /chunks HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n", "POST /none HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "POST /short HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab"]) {
        await new Promise<void>((resolve, reject) => {
          const { port } = new URL(listening.url);
          const socket = connect(Number(port), "127.0.0.1", () => socket.end(head));
          socket.on("close", () => resolve());
          socket.on("error", reject);
          socket.resume();
        });
      }
    } finally {
      await listening.stop();
    }
    const names = recorded(dir);
    expect(names).toHaveLength(3);
    const bodies = names.map((name) => bodyOf(readFileSync(join(dir, name))).toString("latin1"));
    expect(bodies).toEqual(["5\r\nabcde", "", "ab"]);
    for (const [i, reason] of [/the chunk at byte 0 of the body is cut short/, /malformed chunk size at byte 0 of the body/, /the capture is cut short: Content-Length says 5 bytes, the file has 2/].entries()) {
      const verified = await cli(["verify", "ewarehousing", "--secret", secret, "--request", join(dir, names[i] as string)]);
      expect(verified.code).toBe(2);
      expect(verified.stderr).toMatch(reason);
    }
    for (const name of names) expect(listening.stderr()).toContain(`Note: ${name} holds the first `);
    const { code, stdout } = await cli(["replay", dir, "http://127.0.0.1:9/"]);
    expect(code).toBe(1);
    expect(stdout.match(/not replayed: /g)).toHaveLength(3);
  });

  it("says on stderr when a file cannot be written, without the body or the signature, and answers as usual", async () => {
    const dir = join(files.dir, "vanishing");
    const listening = await listen(["--record", dir]);
    try {
      rmSync(dir, { recursive: true });
      expect((await post(`${listening.url}hook`, signed(BODY, "gone-1"), [BODY])).status).toBe(200);
      expect((await post(`${listening.url}hook`, signed(BODY, "gone-1"), [BODY])).status).toBe(200);
    } finally {
      expect(await listening.stop()).toBe(0);
    }
    expect(listening.lines()).toHaveLength(2);
    const errors = listening.stderr().split("\n").filter((line) => line.startsWith("webhook-signatures listen: --record"));
    expect(errors).toEqual([
      expect.stringMatching(/^webhook-signatures listen: --record: cannot write 0001-ewarehousing-\S+\.http \(ENOENT\); the request was answered as usual$/),
      expect.stringMatching(/^webhook-signatures listen: --record: cannot write 0002-/),
    ]);
    expect(listening.stderr()).not.toContain(sign(BODY));
    expect(listening.stderr()).not.toContain("stock_salable");
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses a DIR it cannot make, exit 2, before it listens", async () => {
    const file = files.file("a-file", "x");
    const { code, stderr } = await cli(["listen", "ewarehousing", "--secret", secret, "--port", "0", "--record", join(file, "sub")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^webhook-signatures listen: --record .*a-file\/sub: cannot make it \((ENOTDIR|EEXIST)\)\n/);
  });
});

describe("replay", () => {
  const dir = join(files.dir, "by-hand");
  beforeAll(() => {
    mkdirSync(dir);
    writeFileSync(join(dir, "0001-vnpay.http"), "GET /return?vnp_Amount=1000&vnp_SecureHash=0123456789abcdef0123456789abcdef HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\n\r\n");
    writeFileSync(
      join(dir, "0002-hooks.http"),
      "POST /hook HTTP/1.1\r\nHost: example.com\r\nConnection: keep-alive, X-Hop\r\nX-Hop: a\r\nKeep-Alive: timeout=5\r\nExpect: 100-continue\r\nAuthorization: Basic c29tZS1pZDpzb21lLXRva2Vu\r\nX-Signature: sha256=abcdefabcdefabcdefabcdef\r\nX-Twice: 1\r\nX-Twice: 2\r\nContent-Length: 2\r\n\r\n{}",
    );
    writeFileSync(join(dir, "0003-empty.http"), "POST /empty HTTP/1.1\r\n\r\n");
    writeFileSync(join(dir, "0010-later.http"), "POST /later HTTP/1.1\r\nContent-Length: 1\r\n\r\n7");
  });

  /** A fetch that keeps what it is asked and answers with `answer`. */
  function capturing(answer: (url: string, init: RequestInit) => Response) {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer(url, init);
    }) as unknown as typeof globalThis.fetch;
    return { calls, fetch };
  }

  it("sends in the order of the numbers (10 after 3), without hop-by-hop headers, GET without a body", async () => {
    const { calls, fetch } = capturing(() => new Response(null, { status: 204, statusText: "No Content" }));
    const { code, stdout } = await cli(["replay", dir, "http://127.0.0.1:9/"], { fetch });
    expect(code).toBe(0);
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ["GET", "http://127.0.0.1:9/return?vnp_Amount=1000&vnp_SecureHash=0123456789abcdef0123456789abcdef"],
      ["POST", "http://127.0.0.1:9/hook"],
      ["POST", "http://127.0.0.1:9/empty"],
      ["POST", "http://127.0.0.1:9/later"],
    ]);
    expect(calls[0]?.init.body).toBeUndefined();
    expect(calls[1]?.init.headers).toEqual([
      ["authorization", "Basic c29tZS1pZDpzb21lLXRva2Vu"],
      ["x-signature", "sha256=abcdefabcdefabcdefabcdef"],
      ["x-twice", "1"],
      ["x-twice", "2"],
    ]);
    expect(Buffer.from(calls[1]?.init.body as Uint8Array).toString()).toBe("{}");
    expect(calls[0]?.init.headers).toEqual([["user-agent", "test"]]);
    // The query is never printed: it may hold the signature.
    expect(stdout).toContain("0001-vnpay.http  GET /return?…, 0 bytes: 204 No Content  ");
    expect(stdout).not.toContain("vnp_SecureHash");
  });

  it("exit 0 when every answer is 2xx, 1 when one is not", async () => {
    const ok = capturing(() => new Response("", { status: 200 }));
    expect((await cli(["replay", dir, "http://127.0.0.1:9/"], { fetch: ok.fetch })).code).toBe(0);
    let n = 0;
    const one = capturing(() => new Response("", n++ === 1 ? { status: 500, statusText: "Internal Server Error" } : { status: 200 }));
    const result = await cli(["replay", dir, "http://127.0.0.1:9/"], { fetch: one.fetch });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("0002-hooks.http  POST /hook, 2 bytes: 500 Internal Server Error  ");
    expect(result.stdout).toContain("    (empty answer)");
  });

  it("never prints a signature or credential of the request an answer echoes, and cuts a long answer short", async () => {
    const { fetch } = capturing((_, init) => new Response(`${JSON.stringify(init.headers)} ${"x".repeat(1000)}`, { status: 400 }));
    const { stdout } = await cli(["replay", dir, "http://127.0.0.1:9/", "--only", "2"], { fetch });
    expect(stdout).not.toContain("abcdefabcdefabcdefabcdef");
    expect(stdout).not.toContain("c29tZS1pZDpzb21lLXRva2Vu");
    expect(stdout).toContain("[secret]");
    expect(stdout).toMatch(/x… \(\d+ more characters\)\n$/);
  });

  it("--tamper changes the query when there is no body, and cannot tamper an empty request", async () => {
    const { calls, fetch } = capturing(() => new Response("", { status: 401 }));
    const { code, stdout, stderr } = await cli(["replay", dir, "http://127.0.0.1:9/", "--tamper"], { fetch });
    expect(code).toBe(1);
    expect(calls[0]?.url).toBe("http://127.0.0.1:9/return?vnp_Amount=2000&vnp_SecureHash=0123456789abcdef0123456789abcdef");
    expect(stderr).toBe('0001-vnpay.http: tampered, query byte 11 changed from "1" to "2".\n0002-hooks.http: tampered, byte 0 changed from "{" to "z".\n0010-later.http: tampered, byte 0 changed from "7" to "8".\n');
    expect(stdout).toContain("0003-empty.http  not replayed: --tamper needs a body or a query of at least one byte");
    expect(calls).toHaveLength(3);
  });

  it("says 'no answer' when nothing answers within --timeout, and goes on", async () => {
    const fetch = (async (_: string, init: RequestInit) => {
      await new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    }) as unknown as typeof globalThis.fetch;
    const { code, stdout } = await cli(["replay", dir, "http://127.0.0.1:9/", "--only", "10", "--timeout", "1"], { fetch });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^0010-later\.http {2}POST \/later, 1 bytes: no answer {2}\d+ ms: The operation was aborted due to timeout$/m);
  });

  it("refuses usage mistakes with exit 2: no DIR, no URL, a URL with a query, a DIR without recordings, an --only no file has", async () => {
    const empty = join(files.dir, "empty");
    mkdirSync(empty);
    const cases: Array<[string[], string]> = [
      [["replay"], "replay needs the directory listen --record wrote and the URL to send to"],
      [["replay", dir], "replay needs the http or https URL to send to, such as http://localhost:3000/"],
      [["replay", dir, "ftp://x/"], "replay needs the http or https URL to send to, such as http://localhost:3000/"],
      [["replay", dir, "http://127.0.0.1:9/?a=1"], "the URL must have no query: each recorded request's own is sent"],
      [["replay", join(files.dir, "absent"), "http://127.0.0.1:9/"], `${join(files.dir, "absent")}: cannot read it (ENOENT)`],
      [["replay", empty, "http://127.0.0.1:9/"], `no recorded requests in ${empty} (files NNNN-….http, as listen --record writes them)`],
      [["replay", dir, "http://127.0.0.1:9/", "--only", "4"], `--only 4: no request numbered 4 in ${dir}`],
      [["replay", dir, "http://127.0.0.1:9/", "--only", "0"], "--only must be a whole number from 1 to 99999999"],
      [["replay", dir, "http://127.0.0.1:9/", "extra"], "too many arguments"],
    ];
    for (const [argv, message] of cases) {
      const { code, stdout, stderr } = await cli(argv);
      expect([code, stdout], argv.join(" ")).toEqual([2, ""]);
      expect(stderr).toBe(`webhook-signatures replay: ${message}\nRun 'webhook-signatures replay --help' for usage.\n`);
    }
  });
});
