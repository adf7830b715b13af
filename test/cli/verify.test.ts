// `verify`: exit 0 and which secret matched, 1 and the reason, 2 for usage mistakes; a raw
// HTTP/1.1 capture read with CRLF or LF line ends, chunked or with a Content-Length.
import { afterAll, describe, expect, it } from "vitest";
import { basicAuthHeader, signMwSignature, signTikiSha1 } from "../../src/index.js";
import { OTHER_SECRETS, RUNNERS, SECRET, TIKI_ID, cli, expectNoSecretPrinted, scratch } from "./harness.js";

const files = scratch();
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted());

const BODY = '{"data":{"sku":"1377286379376","qty_salable":60}}';
const SIGNATURE = signTikiSha1({ body: BODY, secret: SECRET.tikinow });
const bodyFile = files.file("body.json", BODY);
const [WRONG, SECOND] = OTHER_SECRETS as [string, string];

/** A raw request as nc -l captures it, with the line ends given. */
function capture(head: string[], body: string | Buffer, eol = "\r\n"): Buffer {
  return Buffer.concat([Buffer.from(head.join(eol) + eol + eol), Buffer.from(body)]);
}
const HEAD = ["POST /webhooks/tikinow/stock HTTP/1.1", "Host: 127.0.0.1:8080", "Content-Type: application/json", `X-Signature: ${SIGNATURE}`];

describe.each(RUNNERS)("verify (%s): exit codes", (_, run) => {
  it("0 and ok for a genuine delivery", async () => {
    const result = await run(["verify", "tikinow", "--secret", SECRET.tikinow, "--body", bodyFile, "--header", `X-Signature: ${SIGNATURE}`]);
    expect(result).toEqual({ code: 0, stdout: "ok: secret #1 of 1 matched\n", stderr: "" });
  });

  it("1 and the reason and message for a refused one, with a hint on stderr", async () => {
    const result = await run(["verify", "tikinow", "--secret", WRONG, "--body", bodyFile, "--header", `X-Signature: ${SIGNATURE}`]);
    expect(result).toEqual({
      code: 1,
      stdout: "signature_mismatch: The x-signature signature does not match the body under any configured secret.\n",
      stderr: "Run again with --explain to look for the usual mistakes.\n",
    });
  });

  it("2 for a usage mistake", async () => {
    const result = await run(["verify", "tikinow", "--body", bodyFile]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("webhook-signatures verify: missing secret: give --secret VALUE or --secret-env NAME\nRun 'webhook-signatures verify --help' for usage.\n");
  });

  it.each([["a:b"], [""]])("2 and one line, not a stack trace, for a tiki --id %j the library refuses", async (id) => {
    const result = await run(["verify", "tiki", "--id", id, "--secret", SECRET.tiki, "--body", bodyFile, "--header", "Authorization: Basic eDp5"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "webhook-signatures verify: credentials[0].id must be a non-empty string without ':' (RFC 7617)\nRun 'webhook-signatures verify --help' for usage.\n",
    });
  });
});

describe("verify: secrets, headers and providers", () => {
  const header = ["--header", `x-signature: ${SIGNATURE}`];

  it("says which secret matched by position, never by value, and that it was not the first", async () => {
    const { code, stdout } = await cli(["verify", "tikinow", "--secret", WRONG, "--secret-env", "NEXT", "--body", bodyFile, ...header], {
      env: { NEXT: SECRET.tikinow },
    });
    expect(code).toBe(0);
    expect(stdout).toBe("ok: secret #2 of 2 matched\nNot the first secret: if #1 is this route's current secret, the sender signs with an older one or another channel's.\n");
  });

  it("keeps the order of --secret and --secret-env as given", async () => {
    const { stdout } = await cli(["verify", "tikinow", "--secret-env", "A", "--secret", SECOND, "--body", bodyFile, ...header], { env: { A: SECRET.tikinow } });
    expect(stdout).toBe("ok: secret #1 of 2 matched\n");
  });

  it("reports a missing header", async () => {
    const { code, stdout } = await cli(["verify", "tikinow", "--secret", SECRET.tikinow, "--body", bodyFile]);
    expect(code).toBe(1);
    expect(stdout).toBe("missing_header: The x-signature header is missing or empty.\n");
  });

  it("passes repeated headers on as the library sees them", async () => {
    const other = ["--header", `X-Signature: sha1=${"0".repeat(40)}`];
    const { code, stdout } = await cli(["verify", "tikinow", "--secret", SECRET.tikinow, "--body", bodyFile, ...header, ...other]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^malformed_header: /);
  });

  it("verifies tilby under the --header-name given", async () => {
    const { signHmacHex } = await import("../../src/index.js");
    const header = `X-Shop-Signature: ${signHmacHex({ body: BODY, secret: SECRET.tilby })}`;
    const { stdout } = await cli(["verify", "tilby", "--secret", SECRET.tilby, "--body", bodyFile, "--header", header, "--header-name", "x-shop-signature"]);
    expect(stdout).toBe("ok: secret #1 of 1 matched\n");
  });

  it("verifies tiki with --id and mobility-work with its tolerance", async () => {
    const tiki = await cli(["verify", "tiki", "--id", TIKI_ID, "--secret", SECRET.tiki, "--body", bodyFile, "--header", `Authorization: ${basicAuthHeader({ id: TIKI_ID, secret: SECRET.tiki })}`]);
    expect(tiki.stdout).toBe("ok: secret #1 of 1 matched\n");
    const old = signMwSignature({ body: BODY, secret: SECRET["mobility-work"], timestamp: 1_700_000_000 });
    const now = () => 1_700_000_400_000;
    const mw = ["verify", "mobility-work", "--secret", SECRET["mobility-work"], "--body", bodyFile, "--header", `X-MW-Signature: ${old}`];
    expect((await cli(mw, { now })).stdout).toBe("timestamp_too_old: The x-mw-signature timestamp is 400 s old, more than the 300 s allowed.\n");
    expect((await cli([...mw, "--tolerance", "400"], { now })).code).toBe(0);
  });

  it("colors ok and the reason on a terminal, and not with NO_COLOR", async () => {
    const args = ["verify", "tikinow", "--secret", SECRET.tikinow, "--body", bodyFile, ...header];
    expect((await cli(args, { isTTY: true })).stdout).toBe("\x1b[32mok\x1b[0m: secret #1 of 1 matched\n");
    expect((await cli(args, { isTTY: true, env: { NO_COLOR: "1" } })).stdout).toBe("ok: secret #1 of 1 matched\n");
    expect((await cli(args, { isTTY: true, env: { NO_COLOR: "" } })).stdout).toMatch(/^\x1b\[32mok/);
    const refused = await cli(["verify", "tikinow", "--secret", WRONG, "--body", bodyFile, ...header], { isTTY: true });
    expect(refused.stdout).toMatch(/^\x1b\[31msignature_mismatch\x1b\[0m: /);
  });

  it("reads the body from stdin", async () => {
    const { code } = await cli(["verify", "tikinow", "--secret", SECRET.tikinow, "--body", "-", ...header], { stdin: BODY });
    expect(code).toBe(0);
  });

  const mistakes: [string, string[]][] = [
    ["no body", ["verify", "tikinow", "--secret", "a", ...header]],
    ["a header without a colon", ["verify", "tikinow", "--secret", "a", "--body", bodyFile, "--header", "x-signature sha1=00"]],
    ["a header with a bad name", ["verify", "tikinow", "--secret", "a", "--body", bodyFile, "--header", "x signature: sha1=00"]],
    ["--request and --body", ["verify", "tikinow", "--secret", "a", "--body", bodyFile, "--request", bodyFile]],
    ["--request and --header", ["verify", "tikinow", "--secret", "a", "--request", bodyFile, ...header]],
    ["tiki without --id", ["verify", "tiki", "--secret", "a", "--body", bodyFile]],
    ["--tolerance for tikinow", ["verify", "tikinow", "--secret", "a", "--body", bodyFile, "--tolerance", "5"]],
    ["a --tolerance that is not a number", ["verify", "mobility-work", "--secret", "a", "--body", bodyFile, "--tolerance", "5s"]],
    ["an unreadable --request", ["verify", "tikinow", "--secret", "a", "--request", "/nonexistent"]],
  ];
  it.each(mistakes)("exits 2 for %s, echoing no header value", async (_, argv) => {
    const { code, stdout, stderr } = await cli(argv);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(/^webhook-signatures verify: .+\nRun 'webhook-signatures verify --help' for usage\.\n$/);
    expect(stderr).not.toContain("sha1=00");
  });
});

describe("verify --request: a raw HTTP/1.1 capture", () => {
  const verifyRequest = (bytes: Buffer, more: string[] = []) =>
    cli(["verify", "tikinow", "--secret", SECRET.tikinow, "--request", files.file("request.txt", bytes), ...more]);

  it("with CRLF line ends and a Content-Length", async () => {
    const result = await verifyRequest(capture([...HEAD, `Content-Length: ${BODY.length}`], BODY));
    expect(result).toEqual({ code: 0, stdout: "ok: secret #1 of 1 matched\n", stderr: "" });
  });

  it("with bare LF line ends and no Content-Length (the body is the rest of the file)", async () => {
    expect((await verifyRequest(capture(HEAD, BODY, "\n"))).code).toBe(0);
  });

  it("with the body's own CRLF kept as it is", async () => {
    const body = `${BODY}\r\n`;
    const head = ["POST / HTTP/1.1", `x-signature: ${signTikiSha1({ body, secret: SECRET.tikinow })}`];
    expect((await verifyRequest(capture(head, body))).code).toBe(0);
    expect((await verifyRequest(capture(head, BODY))).code).toBe(1);
  });

  it("with a chunked body, decoded (extensions and trailers ignored)", async () => {
    const chunked = `10;ext=1\r\n${BODY.slice(0, 16)}\r\n${(BODY.length - 16).toString(16)}\r\n${BODY.slice(16)}\r\n0\r\nX-Trailer: 1\r\n\r\n`;
    const result = await verifyRequest(capture([...HEAD, "Transfer-Encoding: chunked"], chunked));
    expect(result).toEqual({ code: 0, stdout: "ok: secret #1 of 1 matched\n", stderr: "Note: the body was sent chunked: verifying the bytes of its chunks joined.\n" });
  });

  it("with a chunked body and LF line ends", async () => {
    const chunked = `${BODY.length.toString(16)}\n${BODY}\n0\n\n`;
    expect((await verifyRequest(capture([...HEAD, "Transfer-Encoding: Chunked"], chunked, "\n"))).code).toBe(0);
  });

  it("leaves out bytes after Content-Length, and says so", async () => {
    const result = await verifyRequest(capture([...HEAD, `Content-Length: ${BODY.length}`], `${BODY}GET / HTTP/1.1\r\n`));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("Note: 16 bytes after the body (Content-Length 49) were left out.\n");
  });

  it("collects repeated headers", async () => {
    const result = await verifyRequest(capture([...HEAD, `X-Signature: sha1=${"0".repeat(40)}`], BODY));
    expect(result.stdout).toMatch(/^malformed_header: /);
  });

  it("explains a mismatch found in a capture", async () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const result = await verifyRequest(capture(HEAD, pretty), ["--explain"]);
    expect(result.stdout).toMatch(/\* the body re-serialised compact \(your copy is pretty-printed\)/);
  });

  const broken: [string, Buffer, RegExp][] = [
    ["not a request line", capture(["HTTP/1.1 200 OK", "a: b"], ""), /the first line is not an HTTP\/1\.1 request line/],
    ["an empty file", Buffer.alloc(0), /the first line is not an HTTP\/1\.1 request line/],
    ["no blank line after the headers", Buffer.from(`${HEAD.join("\r\n")}\r\n`), /no blank line after the headers: the capture is cut short/],
    ["a folded header", capture([...HEAD, " continued"], BODY), /line 5 continues a header \(obsolete line folding\)/],
    ["a header line without a colon", capture([...HEAD, "nonsense"], BODY), /line 5 is not a "Name: value" header/],
    ["a header line starting with a colon", capture([...HEAD, ": x"], BODY), /line 5 is not a "Name: value" header/],
    ["another transfer-encoding", capture([...HEAD, "Transfer-Encoding: gzip, chunked"], BODY), /only the chunked transfer-encoding is supported/],
    ["a bad chunk size", capture([...HEAD, "Transfer-Encoding: chunked"], "zz\r\nabc\r\n0\r\n\r\n"), /malformed chunk size at byte 0 of the body/],
    ["a missing chunk size line", capture([...HEAD, "Transfer-Encoding: chunked"], "3\r\nabc\r\n"), /malformed chunk size at byte 8 of the body/],
    ["a chunk cut short", capture([...HEAD, "Transfer-Encoding: chunked"], "ff\r\nabc\r\n0\r\n\r\n"), /the chunk at byte 0 of the body is cut short/],
    ["a chunk without its line end", capture([...HEAD, "Transfer-Encoding: chunked"], "3\r\nabcd\r\n0\r\n\r\n"), /the chunk at byte 0 of the body is cut short/],
    ["a bad Content-Length", capture([...HEAD, "Content-Length: 5, 5"], BODY), /the Content-Length header is not one number/],
    ["a body shorter than its Content-Length", capture([...HEAD, "Content-Length: 500"], BODY), /cut short: Content-Length says 500 bytes, the file has 49 after the headers/],
  ];
  it.each(broken)("refuses %s with exit 2", async (_, bytes, message) => {
    const { code, stdout, stderr } = await verifyRequest(bytes);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(/^webhook-signatures verify: --request: /);
    expect(stderr).toMatch(message);
  });
});
