// `sign`: headers equal openssl's HMACs; the curl command, run by the real curl, is
// accepted by a receiver that verifies with the library; usage mistakes exit 2.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIKINOW_STOCK_EXAMPLE } from "../../src/testing.js";
import {
  PROVIDER_NAMES,
  SECRET,
  TIKI_ID,
  cli,
  credentialArgs,
  expectNoSecretPrinted,
  receiver,
  recordPrinted,
  scratch,
  spawnCli,
} from "./harness.js";

const files = scratch();
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted());

const BODY = '{"data":{"sku":"1377286379376","qty_salable":60,"name":"Bình giữ nhiệt"}}';
const bodyFile = files.file("body.json", BODY);

function openssl(args: string[], input: string | Buffer): Buffer {
  return execFileSync("openssl", args, { input });
}
const hmacHex = (algorithm: string, secret: string, data: string) =>
  openssl(["dgst", `-${algorithm}`, "-hmac", secret, "-hex"], data).toString().trim().split(" ").at(-1);
const hmacBase64 = (secret: string, data: string) => openssl(["base64", "-A"], openssl(["dgst", "-sha256", "-hmac", secret, "-binary"], data)).toString();

/** The `Name: value` lines of sign's output. */
function headerLines(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trimEnd().split("\n").map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]));
}

describe("sign (the built bin) prints the headers openssl computes", () => {
  it("tikinow: x-signature is sha1= and openssl's HMAC-SHA1 hex", async () => {
    const { code, stdout, stderr } = await spawnCli(["sign", "tikinow", "--secret", SECRET.tikinow, "--body", bodyFile]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(headerLines(stdout)).toEqual({ "Content-Type": "application/json", "x-signature": `sha1=${hmacHex("sha1", SECRET.tikinow, BODY)}` });
  });

  it("tiki: Authorization is Basic and openssl's base64 of id:secret", async () => {
    const { code, stdout } = await spawnCli(["sign", "tiki", "--id", TIKI_ID, "--secret", SECRET.tiki, "--body", bodyFile]);
    expect(code).toBe(0);
    const expected = openssl(["base64", "-A"], `${TIKI_ID}:${SECRET.tiki}`).toString();
    expect(headerLines(stdout)).toEqual({ "Content-Type": "application/json", Authorization: `Basic ${expected}` });
  });

  it("mobility-work: X-MW-Signature is t, nonce and openssl's HMAC-SHA256 hex of t.nonce.body", async () => {
    const args = ["sign", "mobility-work", "--secret-env", "MW", "--body", bodyFile, "--timestamp", "1660338149", "--nonce", "752c14ea195c460bac3c3b7896975ee9fd15eeb7"];
    const { code, stdout } = await spawnCli(args, { env: { MW: SECRET["mobility-work"] } });
    expect(code).toBe(0);
    const mac = hmacHex("sha256", SECRET["mobility-work"], `1660338149.752c14ea195c460bac3c3b7896975ee9fd15eeb7.${BODY}`);
    expect(headerLines(stdout)["X-MW-Signature"]).toBe(`t=1660338149,nonce=752c14ea195c460bac3c3b7896975ee9fd15eeb7,signature=${mac}`);
  });

  it("tilby: the named header is openssl's HMAC-SHA256 hex", async () => {
    const { code, stdout } = await spawnCli(["sign", "tilby", "--secret", SECRET.tilby, "--body", bodyFile, "--header-name", "X-Signature-Tilby"]);
    expect(code).toBe(0);
    expect(headerLines(stdout)).toEqual({ "Content-Type": "application/json", "X-Signature-Tilby": hmacHex("sha256", SECRET.tilby, BODY) });
  });

  it("tilby: the header is x-tilby-signature by default", async () => {
    const { stdout } = await cli(["sign", "tilby", "--secret", SECRET.tilby, "--body", bodyFile]);
    expect(headerLines(stdout)["x-tilby-signature"]).toBe(hmacHex("sha256", SECRET.tilby, BODY));
  });

  it("ewarehousing: X-Hmac-SHA256 is openssl's base64 HMAC-SHA256, with the X-Webhook-Id given", async () => {
    const { code, stdout } = await spawnCli(["sign", "ewarehousing", "--secret", SECRET.ewarehousing, "--body", bodyFile, "--webhook-id", "wh-1"]);
    expect(code).toBe(0);
    expect(headerLines(stdout)).toEqual({ "Content-Type": "application/json", "X-Hmac-SHA256": hmacBase64(SECRET.ewarehousing, BODY), "X-Webhook-Id": "wh-1" });
  });

  it("ewarehousing: a random UUID as X-Webhook-Id by default", async () => {
    const { stdout } = await cli(["sign", "ewarehousing", "--secret", SECRET.ewarehousing, "--body", bodyFile]);
    expect(headerLines(stdout)["X-Webhook-Id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("sign: bodies and defaults", () => {
  it("signs an --example exactly as JSON.stringify of the documented payload", async () => {
    const { stdout } = await cli(["sign", "tikinow", "--secret", SECRET.tikinow, "--example", "tikinow-stock"]);
    expect(headerLines(stdout)["x-signature"]).toBe(`sha1=${hmacHex("sha1", SECRET.tikinow, JSON.stringify(TIKINOW_STOCK_EXAMPLE))}`);
  });

  it("reads the body from stdin with --body -", async () => {
    const { stdout } = await cli(["sign", "tikinow", "--secret", SECRET.tikinow, "--body", "-"], { stdin: BODY });
    expect(headerLines(stdout)["x-signature"]).toBe(`sha1=${hmacHex("sha1", SECRET.tikinow, BODY)}`);
  });

  it("mobility-work: t is the clock's now, and --stale back-dates it", async () => {
    const now = () => 1_700_000_000_500;
    const fresh = await cli(["sign", "mobility-work", "--secret", SECRET["mobility-work"], "--body", bodyFile], { now });
    expect(headerLines(fresh.stdout)["X-MW-Signature"]).toMatch(/^t=1700000000,nonce=[0-9a-f]{40},signature=[0-9a-f]{64}$/);
    const stale = await cli(["sign", "mobility-work", "--secret", SECRET["mobility-work"], "--body", bodyFile, "--stale", "3600"], { now });
    expect(headerLines(stale.stdout)["X-MW-Signature"]).toMatch(/^t=1699996400,/);
  });
});

/** Asynchronous: the receiver answering curl lives in this process. */
const sh = async (command: string) => (await promisify(execFile)("sh", ["-c", command], { encoding: "utf8", timeout: 20_000 })).stdout;

const hasCurl = spawnSync("curl", ["--version"]).status === 0;
if (!hasCurl && process.env.CI === "true") throw new Error("curl is required under CI=true (.ci/run installs it)");
if (!hasCurl) console.warn("sign --curl: curl is not installed here; skipping the tests that run it");

describe.skipIf(!hasCurl)("sign --curl, run by the real curl", () => {
  let server: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => (server = await receiver()));
  afterAll(() => server.close());

  it.each(PROVIDER_NAMES)("%s: the receiver verifies it and answers 200, with the body byte for byte", async (provider) => {
    const args = ["sign", provider, ...credentialArgs(provider), "--example", "tiki-product-request-rejected", "--curl", `${server.url}/${provider}`];
    const { code, stdout, stderr } = await spawnCli(args);
    expect(code).toBe(0);
    const file = /is in (\S+); the command sends that file/.exec(stderr)?.[1] as string;
    expect(stdout).toContain(`--data-binary @${file}`);
    // The body itself is never in the command, re-quoted or otherwise.
    expect(stdout).not.toContain("product:request:rejected");
    const answer = await sh(`${stdout.trim()} --silent --show-error --write-out ' %{http_code}'`);
    recordPrinted(answer);
    expect(answer).toBe('{"ok":true} 200');
    expect(server.seen.at(-1)?.body.equals(readFileSync(file))).toBe(true);
  });

  it("sends a --body FILE itself, by its absolute path, quoted for sh", async () => {
    const path = files.file("it's a body.json", BODY);
    const { code, stdout, stderr } = await cli(["sign", "tikinow", "--secret", SECRET.tikinow, "--body", path, "--curl", `${server.url}/tikinow`]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toContain(`--data-binary '@${path.replace("'", "'\\''")}'`);
    const answer = await sh(`${stdout.trim()} --silent --write-out ' %{http_code}'`);
    expect(answer).toBe('{"ok":true} 200');
    expect(server.seen.at(-1)?.body.toString()).toBe(BODY);
  });

  it("writes a stdin body to a temp file", async () => {
    const { stdout, stderr } = await cli(["sign", "tikinow", "--secret", SECRET.tikinow, "--body", "-", "--curl", "http://localhost/x"], { stdin: BODY });
    const file = /\(stdin, (\d+) bytes\) is in (\S+);/.exec(stderr);
    expect(file?.[1]).toBe(String(Buffer.byteLength(BODY)));
    expect(readFileSync(file?.[2] as string, "utf8")).toBe(BODY);
    expect(stdout).toContain(`@${file?.[2]}`);
    expect(existsSync(file?.[2] as string)).toBe(true);
  });
});

describe("sign: provider names", () => {
  it("matches a provider's name in any case", async () => {
    const lower = await cli(["sign", "tikinow", "--secret", SECRET.tikinow, "--example", "tikinow-stock"]);
    const mixed = await cli(["sign", "TikiNOW", "--secret", SECRET.tikinow, "--example", "tikinow-stock"]);
    expect(mixed).toEqual({ code: 0, stdout: lower.stdout, stderr: "" });
    expect(mixed.stdout).toMatch(/^Content-Type: application\/json\nx-signature: sha1=[0-9a-f]{40}\n$/);
  });

  it.each([
    ["TikiNOWW", "tikinow"],
    ["tiknow", "tikinow"],
    ["mobilitywork", "mobility-work"],
    ["Tilbi", "tilby"],
    ["ewarehouse", "ewarehousing"],
  ])("echoes %j and suggests %s", async (typed, meant) => {
    const { code, stdout, stderr } = await cli(["sign", typed, "--secret", SECRET.tikinow, "--example", "tikinow-stock"]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe(`webhook-signatures sign: unknown provider "${typed}"; did you mean ${meant}?\nRun 'webhook-signatures sign --help' for usage.\n`);
  });
});

describe("sign: usage mistakes exit 2 with a message on stderr", () => {
  const mistakes: [string, string[], RegExp, Record<string, string>?][] = [
    ["no provider", ["sign"], /missing provider: one of tikinow, tiki, mobility-work, tilby, ewarehousing/],
    ["an unknown provider, not echoed", ["sign", "stripe-ish", "--secret", "x"], /unknown provider: expected one of/],
    ["no secret", ["sign", "tikinow", "--body", bodyFile], /missing secret: give --secret VALUE or --secret-env NAME/],
    ["an empty --secret", ["sign", "tikinow", "--secret=", "--body", bodyFile], /--secret must not be empty/],
    ["an unset --secret-env", ["sign", "tikinow", "--secret-env", "NOPE", "--body", bodyFile], /--secret-env NOPE: that environment variable is not set or is empty/],
    ["an empty --secret-env", ["sign", "tikinow", "--secret-env", "EMPTY", "--body", bodyFile], /--secret-env EMPTY: that environment/, { EMPTY: "" }],
    ["two secrets", ["sign", "tikinow", "--secret", "a", "--secret", "b", "--body", bodyFile], /give one secret: --secret repeats only for verify/],
    ["no body", ["sign", "tikinow", "--secret", SECRET.tikinow], /missing body: give --body FILE \(- for stdin\) or --example NAME/],
    ["a body and an example", ["sign", "tikinow", "--secret", "a", "--body", bodyFile, "--example", "tikinow-stock"], /give --body or --example, not both/],
    ["an unreadable body", ["sign", "tikinow", "--secret", "a", "--body", "/nonexistent/body.json"], /--body \/nonexistent\/body.json: cannot read it \(ENOENT\)/],
    ["an unknown example", ["sign", "tikinow", "--secret", "a", "--example", "nope"], /unknown example: run 'webhook-signatures examples' for the names/],
    ["an option of another provider", ["sign", "tikinow", "--secret", "a", "--body", bodyFile, "--id", "x"], /--id is for tiki only/],
    ["--stale for another provider", ["sign", "tilby", "--secret", "a", "--body", bodyFile, "--stale", "60"], /--stale is for mobility-work, casso only/],
    ["tiki without --id", ["sign", "tiki", "--secret", "a", "--body", bodyFile], /tiki needs --id/],
    ["a bad --header-name", ["sign", "tilby", "--secret", "a", "--body", bodyFile, "--header-name", "x y"], /--header-name must be a header name/],
    ["--timestamp and --stale", ["sign", "mobility-work", "--secret", "a", "--body", bodyFile, "--timestamp", "1", "--stale", "1"], /give --timestamp or --stale, not both/],
    ["a --timestamp that is not a number", ["sign", "mobility-work", "--secret", "a", "--body", bodyFile, "--timestamp", "1e9"], /--timestamp must be a whole number from 0 to/],
    ["a nonce the library refuses", ["sign", "mobility-work", "--secret", "a", "--body", bodyFile, "--nonce", "a.b"], /^webhook-signatures sign: nonce must/],
    ["an unknown option", ["sign", "tikinow", "--secrt", "a"], /Unknown option '--secrt'/],
    ["an extra argument, not echoed", ["sign", "tikinow", SECRET.tikinow], /too many arguments/],
    ["a --curl that is not a URL", ["sign", "tikinow", "--secret", "a", "--body", bodyFile, "--curl", "localhost:3000"], /--curl needs an http or https URL/],
  ];
  it.each(mistakes)("%s", async (_, argv, message, env) => {
    const { code, stdout, stderr } = await cli(argv, env ? { env } : {});
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Run 'webhook-signatures sign --help' for usage\.\n$/);
    expect(stderr).not.toContain("stripe-ish");
  });
});
