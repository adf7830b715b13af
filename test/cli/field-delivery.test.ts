// sign and send for the providers whose signature is not a header, through each declaration's
// signDelivery: VNPay's IPN is a GET whose query carries vnp_SecureHash (sign prints the query,
// --curl a GET, send issues the GET), MoMo's and payOS's signature is a field of the body (sign
// prints the body, send POSTs it). A receiver on 127.0.0.1 checks what arrives with the
// library's verify functions, whose vectors come from vectors/generate.py.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyMomoIpn, verifyPayosSignature, verifyVnpayIpn } from "../../src/index.js";
import { cli, expectNoSecretPrinted, recordPrinted } from "./harness.js";

const VNPAY_SECRET = "vnpay-hash-secret-for-the-cli-test";
const MOMO_SECRET = "momo-secret-key-for-the-cli-test";
const ACCESS_KEY = "momo-access-key-cli";
const PAYOS_SECRET = "payos-checksum-key-for-the-cli-test";
recordPrinted(VNPAY_SECRET, MOMO_SECRET, PAYOS_SECRET);

interface Seen {
  method: string;
  url: string;
  body: string;
}

const seen: Seen[] = [];
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const url = request.url ?? "";
      seen.push({ method: request.method ?? "", url, body });
      let ok = false;
      if (url.startsWith("/vnpay")) ok = request.method === "GET" && verifyVnpayIpn({ query: url, secret: VNPAY_SECRET }).ok;
      else if (url.startsWith("/momo")) ok = request.method === "POST" && verifyMomoIpn({ body, secret: MOMO_SECRET, accessKey: ACCESS_KEY }).ok;
      else if (url.startsWith("/payos")) ok = request.method === "POST" && verifyPayosSignature({ body, secret: PAYOS_SECRET }).ok;
      response.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      response.end(ok ? '{"ok":true}' : '{"ok":false}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterAll(() => expectNoSecretPrinted());

describe("sign, for a signature in the query (VNPay)", () => {
  it("prints the signed query after a blank line, which verify accepts", async () => {
    const signed = await cli(["sign", "vnpay", "--secret", VNPAY_SECRET, "--example", "vnpay-ipn-paid"]);
    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(/^\n\?vnp_Amount=1000000&.*&vnp_SecureHash=[0-9a-f]{128}\n$/);
    const query = signed.stdout.trim().slice(1);
    expect(verifyVnpayIpn({ query, secret: VNPAY_SECRET })).toEqual({ ok: true });
    expect(verifyVnpayIpn({ query, secret: "another-secret" })).toMatchObject({ ok: false, reason: "signature_mismatch" });
  });

  it("--curl prints a GET of the URL with the signed query, and no body file", async () => {
    const signed = await cli(["sign", "vnpay", "--secret", VNPAY_SECRET, "--example", "vnpay-ipn-paid", "--curl", "http://localhost:3000/ipn?shop=1"]);
    expect(signed.code).toBe(0);
    expect(signed.stderr).toBe("");
    expect(signed.stdout).toMatch(/^curl --request GET \\\n {2}'http:\/\/localhost:3000\/ipn\?shop=1&vnp_Amount=1000000&[^']*&vnp_SecureHash=[0-9a-f]{128}'\n$/);
  });
});

describe("sign, for a signature in a body field (MoMo)", () => {
  it("prints the content type and the body with its signature, which verify accepts", async () => {
    const signed = await cli(["sign", "momo", "--secret", MOMO_SECRET, "--access-key", ACCESS_KEY, "--example", "momo-ipn"]);
    expect(signed.code).toBe(0);
    const [headers, body] = signed.stdout.split("\n\n") as [string, string];
    expect(headers).toBe("Content-Type: application/json");
    expect(verifyMomoIpn({ body: body.trimEnd(), secret: MOMO_SECRET, accessKey: ACCESS_KEY })).toEqual({ ok: true });
  });
});

describe("send, for a signature that is not a header", () => {
  it("VNPay: a GET of the URL with the signed query and no body; 200 from a verifying receiver", async () => {
    const before = seen.length;
    const { code, stdout, stderr } = await cli(["send", "vnpay", `${base}/vnpay`, "--secret", VNPAY_SECRET, "--example", "vnpay-ipn-paid"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/vnpay {2}vnpay, a query of \d+ bytes from example vnpay-ipn-paid, signed into the query\n#1 {2}200 OK/);
    const [sent] = seen.slice(before);
    expect(sent).toMatchObject({ method: "GET", body: "" });
    expect(sent!.url).toMatch(/^\/vnpay\?vnp_Amount=1000000&.*&vnp_SecureHash=[0-9a-f]{128}$/);
  });

  it("VNPay --tamper changes a byte of the query: 401, exit 1", async () => {
    const before = seen.length;
    const { code, stdout, stderr } = await cli(["send", "vnpay", `${base}/vnpay`, "--secret", VNPAY_SECRET, "--example", "vnpay-ipn-paid", "--tamper"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Tampered after signing: query byte \d+ changed from "1" to "2"\.\n$/);
    expect(stdout).toMatch(/#1 {2}401 Unauthorized/);
    expect(seen.slice(before)[0]!.url).toContain("vnp_Amount=2000000");
  });

  it("MoMo: a POST of the body with its signature field; 200, and 401 with --tamper", async () => {
    const before = seen.length;
    const genuine = await cli(["send", "momo", `${base}/momo`, "--secret", MOMO_SECRET, "--access-key", ACCESS_KEY, "--example", "momo-ipn"]);
    expect([genuine.code, genuine.stderr]).toEqual([0, ""]);
    expect(genuine.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/momo {2}momo, \d+ bytes from example momo-ipn, signed into the body\n#1 {2}200 OK/);
    expect(seen[before]).toMatchObject({ method: "POST" });
    expect(JSON.parse(seen[before]!.body)).toMatchObject({ orderId: "01234567890123451633504872421", signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const tampered = await cli(["send", "momo", `${base}/momo`, "--secret", MOMO_SECRET, "--access-key", ACCESS_KEY, "--example", "momo-ipn", "--tamper"]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^Tampered after signing: byte \d+ changed/);
  });

  it("payOS: a POST of the body with its signature written in; 200", async () => {
    const { code, stdout } = await cli(["send", "payos", `${base}/payos`, "--secret", PAYOS_SECRET, "--example", "payos-payment"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/#1 {2}200 OK/);
  });
});
