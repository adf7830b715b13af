// `send`: POSTs signed deliveries to a receiver on 127.0.0.1 that verifies with the library;
// exit 0 only when every answer was 2xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printable, tamper } from "../../src/cli/send.js";
import { PROVIDER_NAMES, SECRET, cli, credentialArgs, expectNoSecretPrinted, receiver, scratch, spawnCli } from "./harness.js";

const files = scratch();
let server: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => (server = await receiver()));
afterAll(() => server.close());
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted());

const STATUS = /^POST http:\/\/127\.0\.0\.1:\d+\/\S+ {2}[a-z-]+, \d+ bytes from .+\n#1 {2}(\d{3} [A-Za-z ]+) {2}\d+ ms\n/;

describe("send (the built bin) against a verifying receiver", () => {
  it.each(PROVIDER_NAMES)("%s: exit 0 and the 200 answer for a genuine delivery", async (provider) => {
    const { code, stdout, stderr } = await spawnCli(["send", provider, `${server.url}/${provider}`, ...credentialArgs(provider), "--example", "tikinow-stock"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(STATUS);
    expect(STATUS.exec(stdout)?.[1]).toBe("200 OK");
    expect(stdout).toMatch(/\n {4}\{"ok":true\}\n$/);
  });

  it.each(PROVIDER_NAMES.filter((p) => p !== "tiki"))("%s: exit 1 and the 401 with --tamper, the changed byte on stderr", async (provider) => {
    const { code, stdout, stderr } = await spawnCli(["send", provider, `${server.url}/${provider}`, ...credentialArgs(provider), "--example", "tikinow-stock", "--tamper"]);
    expect(code).toBe(1);
    expect(STATUS.exec(stdout)?.[1]).toBe("401 Unauthorized");
    expect(stdout).toContain('{"ok":false,"reason":"signature_mismatch"}');
    // The first digit of the body is the 2 of the year.
    expect(stderr).toBe('Tampered after signing: byte 17 changed from "2" to "3".\n');
    expect(server.seen.at(-1)?.body.toString()).toContain('"date":"3022-11-24T11:12:20+07:00"');
  });
});

describe("send", () => {
  const tikinow = ["send", "tikinow", "", "--secret", SECRET.tikinow, "--example", "tikinow-stock"];
  const to = (path: string, ...more: string[]) => [...tikinow.slice(0, 2), `${server.url}${path}`, ...tikinow.slice(3), ...more];

  it("--repeat sends the same bytes and headers N times", async () => {
    const before = server.seen.length;
    const { code, stdout } = await cli(to("/tikinow", "--repeat", "3"));
    expect(code).toBe(0);
    expect(stdout.match(/^#\d {2}200 OK/gm)).toEqual(["#1  200 OK", "#2  200 OK", "#3  200 OK"]);
    const sent = server.seen.slice(before);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.body.toString())).size).toBe(1);
  });

  it("--stale back-dates the Mobility Work timestamp past the receiver's window: exit 1", async () => {
    const { code, stdout } = await cli(["send", "mobility-work", `${server.url}/mobility-work`, "--secret", SECRET["mobility-work"], "--example", "tikinow-stock", "--stale", "3600"]);
    expect(code).toBe(1);
    expect(stdout).toContain('"reason":"timestamp_too_old"');
  });

  it("times each answer with the clock it is given", async () => {
    let t = 1_000;
    const { stdout } = await cli(to("/tikinow"), { now: () => (t += 7) });
    expect(stdout).toMatch(/^#1 {2}200 OK {2}7 ms$/m);
  });

  it("exit 1 and 'no answer' when nothing listens", async () => {
    const closed = await receiver();
    await closed.close();
    const { code, stdout } = await cli([...tikinow.slice(0, 2), closed.url, ...tikinow.slice(3)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^#1 {2}no answer {2}\d+ ms: connect ECONNREFUSED 127\.0\.0\.1:\d+$/m);
  });

  const answering = (response: () => Response | Promise<Response>): typeof fetch => async () => response();

  it("redacts the secret and control characters from an answer, and truncates a long one", async () => {
    const echo = `echo ${SECRET.tikinow} \x1b[31mred\x07\n${"x".repeat(3000)}`;
    const { code, stdout } = await cli(to("/"), { fetch: answering(() => new Response(echo, { status: 500, statusText: "Oops" })) });
    expect(code).toBe(1);
    expect(stdout).toContain("#1  500 Oops  ");
    expect(stdout).toContain("    echo [secret] \\x1b[31mred\\x07\n    xxx");
    // 2000 characters shown of the redacted, escaped answer's 3030.
    expect(stdout).toMatch(/x… \(1030 more characters\)\n$/);
  });

  it("redacts a tiki Basic token from an answer", async () => {
    const { stdout } = await cli(["send", "tiki", `${server.url}/`, ...credentialArgs("tiki"), "--example", "tikinow-stock"], {
      fetch: answering(() => new Response("you sent aXlvZmltM2VydTBia2l3ejpCdXFpY0Ixa3djeTRUbDlkaWtxUEI3RmstdGVzdA==")),
    });
    expect(stdout).toContain("    you sent [secret]\n");
  });

  describe("redacts a secret where it appears, and only there", () => {
    const answer = (text: string, secret: string) =>
      cli(["send", "tikinow", `${server.url}/`, "--secret-env", "TIKINOW_SECRET", "--example", "tikinow-stock"], {
        env: { TIKINOW_SECRET: secret },
        fetch: answering(() => new Response(text, { status: 401, statusText: "Unauthorized" })),
      });
    const refusal = '{"success":false,"error":{"code":"SIGNATURE_MISMATCH","message":"The x-signature signature does not match the body under any configured secret."}}';

    it("a one-character secret leaves the words that contain its character alone", async () => {
      const { stdout } = await answer(`${refusal}\nexpected x, got y; see https://example.com/x/docs`, "x");
      expect(stdout).toContain(`\n    ${refusal}\n`);
      // Where it stands alone, it is the secret echoed back.
      expect(stdout).toContain("\n    expected [secret], got y; see https://example.com/x/docs\n");
    });

    it("a one-character secret echoed as a JSON value or a form field is redacted", async () => {
      const { stdout } = await answer('{"secret":"x","n":"xx"} secret=x&y=1', "x");
      expect(stdout).toContain('\n    {"secret":"[secret]","n":"xx"} secret=[secret]&y=1\n');
    });

    it("a realistic secret is redacted wherever it appears, inside a longer word too", async () => {
      const secret = "whsec-8f3a9c1d27e4";
      const { stdout } = await answer(`${refusal}\nkey ${secret}; key=${secret}abc`, secret);
      expect(stdout).toContain(`\n    ${refusal}\n    key [secret]; key=[secret]abc\n`);
    });

    it("in one pass: a secret that holds another is redacted whole, and none inside a [secret] put in", () => {
      expect(printable("token c2VjcmV0OnNlY3JldA== and secret", ["secret", "c2VjcmV0OnNlY3JldA=="])).toBe("token [secret] and [secret]");
      expect(printable("a secret-secret1234 b", ["secret", "secret-secret1234"])).toBe("a [secret] b");
    });

    it("takes a secret's characters literally, and nothing from text without secrets", () => {
      expect(printable("a.b axb (a+b) a+b", ["a.b", "(a+b)"])).toBe("[secret] axb [secret] a+b");
      expect(printable("s3cr.t*x s3cr3t*x", ["s3cr.t*x"])).toBe("[secret] s3cr3t*x");
      expect(printable("x y", [])).toBe("x y");
    });
  });

  it("shows an empty answer, and a status without its text", async () => {
    const { code, stdout } = await cli(to("/"), { fetch: answering(() => new Response(null, { status: 204 })) });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n#1 {2}204 {2}\d+ ms\n {4}\(empty answer\)\n$/);
  });

  it("counts a redirect as not 2xx, and does not follow it", async () => {
    const { code, stdout } = await cli(to("/"), { fetch: answering(() => new Response("", { status: 302, statusText: "Found" })) });
    expect(code).toBe(1);
    expect(stdout).toContain("#1  302 Found");
  });

  it("colors the status on a terminal", async () => {
    const ok = await cli(to("/tikinow"), { isTTY: true });
    expect(ok.stdout).toContain("#1  \x1b[32m200 OK\x1b[0m");
    const bad = await cli(to("/tikinow", "--tamper"), { isTTY: true });
    expect(bad.stdout).toContain("#1  \x1b[31m401 Unauthorized\x1b[0m");
    const none = await cli(to("/"), { isTTY: true, fetch: () => Promise.reject(new Error("boom")) });
    expect(none.stdout).toMatch(/#1 {2}\x1b\[31mno answer\x1b\[0m {2}\d+ ms: boom\n/);
    const empty = await cli(to("/"), { isTTY: true, fetch: answering(() => new Response(null, { status: 204 })) });
    expect(empty.stdout).toContain("    \x1b[2m(empty answer)\x1b[0m");
  });

  it("gives up after --timeout", async () => {
    const never: typeof fetch = (_, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const { code, stdout } = await cli(to("/", "--timeout", "20"), { fetch: never });
    expect(code).toBe(1);
    expect(stdout).toMatch(/#1 {2}no answer {2}\d+ ms: The operation was aborted due to timeout\n/);
  });

  const mistakes: [string, string[], RegExp][] = [
    ["no URL", ["send", "tikinow", "--secret", "a", "--example", "tikinow-stock"], /send needs the http or https URL to POST to/],
    ["a URL that is not http", ["send", "tikinow", "ftp://x/", "--secret", "a", "--example", "tikinow-stock"], /send needs the http or https URL/],
    ["a --repeat of 0", ["send", "tikinow", "http://x/", "--secret", "a", "--example", "tikinow-stock", "--repeat", "0"], /--repeat must be a whole number from 1 to 1000/],
    ["--stale for tikinow", ["send", "tikinow", "http://x/", "--secret", "a", "--example", "tikinow-stock", "--stale", "5"], /--stale is for mobility-work, casso only/],
    ["--tamper with an empty body", ["send", "tikinow", "http://x/", "--secret", "a", "--body", "-", "--tamper"], /--tamper needs a body of at least one byte/],
    ["three arguments", ["send", "tikinow", "http://x/", "extra", "--secret", "a"], /too many arguments/],
  ];
  it.each(mistakes)("exits 2 for %s", async (_, argv, message) => {
    const { code, stdout, stderr } = await cli(argv, { stdin: "" });
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(message);
  });
});

describe("tamper", () => {
  it("changes the first digit, wrapping 9 to 0", () => {
    expect(tamper(Buffer.from('{"a":9}'))).toMatchObject({ at: 5, from: '"9"', to: '"0"' });
    expect(tamper(Buffer.from('{"a":9}')).bytes.toString()).toBe('{"a":0}');
  });
  it("else the case of the first letter", () => {
    expect(tamper(Buffer.from("[true]")).bytes.toString()).toBe("[True]");
  });
  it("else the low bit of the first byte, shown in hex when not printable", () => {
    expect(tamper(Buffer.from("{}"))).toMatchObject({ at: 0, from: '"{"', to: '"z"' });
    expect(tamper(Buffer.from([0x00, 0x21]))).toMatchObject({ at: 0, from: "0x00", to: "0x01" });
  });
});
