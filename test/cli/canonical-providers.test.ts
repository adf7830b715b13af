// The command line for payOS, Casso and ZaloPay by name: verify --request exits 0 on a genuine
// delivery and 1 with one byte changed; sign writes the signature into the body for the
// providers that carry it there. Signatures here come from the published vectors (computed
// outside this library) or from deliveryFor, checked by the vectors' own verify cases.
import { afterAll, describe, expect, it } from "vitest";
import { cli, expectNoSecretPrinted, scratch } from "./harness.js";

const files = scratch();
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted(Object.values(KEYS)));

const KEYS = {
  payos: "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675",
  casso: "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs",
  zalopay: "kLtgPl8HHhfvMuDHPwKfgfsY4Ydm9eIz",
};

// payOS docs' verification page; Casso's sample; ZaloPay docs' callback (WAVE1.md).
const PAYOS_BODY =
  '{"code":"00","desc":"success","success":true,"data":{"orderCode":123,"amount":3000,"description":"VQRIO123","accountNumber":"12345678","reference":"TF230204212323","transactionDateTime":"2023-02-04 18:25:00","currency":"VND","paymentLinkId":"124c33293c43417ab7879e14c8d9eb18","code":"00","desc":"Thành công","counterAccountBankId":"","counterAccountBankName":"","counterAccountName":"","counterAccountNumber":"","virtualAccountName":"","virtualAccountNumber":""},"signature":"412e915d2871504ed31be63c8f62a149a4410d34c4c42affc9006ef9917eaa03"}';
const CASSO_BODY =
  '{"error":0,"data":{"id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM","description":"giao dich thu nghiem","amount":599000,"runningBalance":25000000,"transactionDateTime":"2024-10-03 15:06:37","accountNumber":"88888888","bankName":"VPBank","bankAbbreviation":"VPB","virtualAccountNumber":"","virtualAccountName":"","counterAccountName":"NGUYEN VAN A","counterAccountNumber":"8888888888","counterAccountBankId":"970415","counterAccountBankName":"VietinBank"}}';
const CASSO_HEADER =
  "t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3";
const ZALOPAY_DATA =
  '{"app_id":2553,"app_trans_id":"200904_2553_1598435687208","app_time":1599189392817,"app_user":"demo","amount":10000,"embed_data":"{\\"merchantinfo\\":\\"embeddata123\\",\\"promotioninfo\\":\\"\\"}","item":"[{\\"itemid\\":\\"knb\\",\\"itemname\\":\\"kim nguyen bao\\",\\"itemprice\\":198400,\\"itemquantity\\":1}]","zp_trans_id":200904000000389,"server_time":1599189413498,"channel":38,"merchant_user_id":"7ZMSl3nEg5sOUJzOLSoUFT8xKNQVaLOLXHB--8Eytqc","user_fee_amount":0,"discount_amount":0}';
const ZALOPAY_BODY = JSON.stringify({ data: ZALOPAY_DATA, mac: "d8d33baf449b31d7f9b94fa50d7c942c08cd4d83f28fa185557da21acb104f67", type: 1 });

function capture(head: string[], body: string): Buffer {
  return Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`), Buffer.from(body)]);
}

/** The body with the byte at `marker` (its first occurrence) changed to another digit. */
function tampered(body: string, marker: string): string {
  const at = body.indexOf(marker);
  expect(at).toBeGreaterThan(0);
  return body.slice(0, at) + (marker[0] === "1" ? "2" : "1") + body.slice(at + 1);
}

const ROWS = [
  { name: "payos", body: PAYOS_BODY, head: [] as string[], marker: "3000", more: [] as string[], duplicate: '"code":"01"' },
  { name: "casso", body: CASSO_BODY, head: [`X-Casso-Signature: ${CASSO_HEADER}`], marker: "599000", more: ["--tolerance", String(2 ** 40)], duplicate: '"error":1' },
  { name: "zalopay", body: ZALOPAY_BODY, head: [], marker: "10000", more: [], duplicate: '"type":2' },
] as const;

describe.each(ROWS)("verify $name --request", ({ name, body, head, marker, more, duplicate }) => {
  const run = (text: string) =>
    cli(["verify", name, "--secret", KEYS[name], "--request", files.file(`${name}.txt`, capture(["POST /hooks HTTP/1.1", "Content-Type: application/json", ...head], text)), ...more]);

  it("exits 0 on the published delivery", async () => {
    expect(await run(body)).toEqual({ code: 0, stdout: "ok: secret #1 of 1 matched\n", stderr: "" });
  });

  it("exits 1 with a byte of a signed value changed", async () => {
    const result = await run(tampered(body, marker));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^signature_mismatch: /);
  });

  it("exits 1 on a body without a single JSON reading (a duplicate key)", async () => {
    const result = await run(`${body.slice(0, -1)},${duplicate}}`);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^malformed_header: .*duplicate key/);
  });
});

describe("sign, for a signature carried in the body", () => {
  it.each(["payos", "zalopay"] as const)("%s prints the body with its field written in, which verify accepts", async (name) => {
    const signed = await cli(["sign", name, "--secret", "another-key-for-the-test", "--example", `${name === "payos" ? "payos-payment" : "zalopay-order"}`]);
    expect(signed.code).toBe(0);
    const [headers, body] = signed.stdout.split("\n\n") as [string, string];
    expect(headers).toBe("Content-Type: application/json");
    const file = files.file(`${name}-signed.json`, body.trimEnd());
    const checked = await cli(["verify", name, "--secret", "another-key-for-the-test", "--body", file]);
    expect(checked).toEqual({ code: 0, stdout: "ok: secret #1 of 1 matched\n", stderr: "" });
  });

  it("casso signs t in milliseconds, and --explain names seconds", async () => {
    const signed = await cli(["sign", "casso", "--secret", KEYS.casso, "--example", "casso-transaction", "--timestamp", "1727948258"]);
    const header = signed.stdout.split("\n").find((line) => line.startsWith("X-Casso-Signature: "))!;
    const body = files.file("casso-example.json", JSON.stringify(JSON.parse(CASSO_BODY)));
    const result = await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--header", header, "--explain"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^timestamp_too_old: /);
    expect(result.stdout + result.stderr).toMatch(/milliseconds/);
  });
});

describe("verify casso --explain", () => {
  const body = files.file("casso-body.json", CASSO_BODY);

  it("a genuine capture made earlier: the clock, and --tolerance to pass", async () => {
    const result = await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--header", `X-Casso-Signature: ${CASSO_HEADER}`, "--explain"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^timestamp_too_old: /);
    expect(result.stdout + result.stderr).toMatch(/--tolerance \d+/);
  });

  it("sign --stale back-dates t, which verify then refuses as old; no header is missing_header", async () => {
    const signed = await cli(["sign", "casso", "--secret", KEYS.casso, "--body", body, "--stale", "600"]);
    const header = signed.stdout.split("\n").find((line) => line.startsWith("X-Casso-Signature: "))!;
    const t = Number(/t=(\d+)/.exec(header)?.[1]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(600_000);
    expect((await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--header", header])).stdout).toMatch(/^timestamp_too_old: /);
    const fresh = await cli(["sign", "casso", "--secret", KEYS.casso, "--body", body]);
    const now = fresh.stdout.split("\n").find((line) => line.startsWith("X-Casso-Signature: "))!;
    expect((await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--header", now])).code).toBe(0);
    const missing = await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--explain"]);
    expect([missing.code, missing.stdout.split(":")[0]]).toEqual([1, "missing_header"]);
  });

  it("a genuine signature from a clock ahead: NTP", async () => {
    const { signCassoSignature } = await import("../../src/index.js");
    const ahead = signCassoSignature({ body: CASSO_BODY, secret: KEYS.casso, timestamp: Date.now() + 3_600_000 });
    const result = await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--header", `X-Casso-Signature: ${ahead}`, "--explain"]);
    expect(result.stdout).toMatch(/^timestamp_too_new: /);
    expect(result.stdout + result.stderr).toMatch(/ahead/);
  });

  it("a sender that signs t.<raw body>: named as such", async () => {
    const { createHmac } = await import("node:crypto");
    const raw = createHmac("sha512", KEYS.casso).update(`1727948258788.${CASSO_BODY}`).digest("hex");
    const result = await cli(["verify", "casso", "--secret", KEYS.casso, "--body", body, "--header", `X-Casso-Signature: t=1727948258788,v1=${raw}`, "--explain"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^signature_mismatch: /);
    expect(result.stdout + result.stderr).toMatch(/HMAC-SHA512 in hex of t\.<raw body> instead of t\.<sorted JSON>/);
  });
});
