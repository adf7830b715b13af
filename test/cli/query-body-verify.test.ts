// `verify <provider> --request FILE` for the providers signed in the query (VNPay: a captured
// GET, its request line's target carries the query) or in body fields (MoMo with --access-key,
// Adyen with its hex key): exit 0 on a genuine capture, 1 with one byte changed; both runners
// (in process and the built bin).
import { afterAll, describe, expect, it } from "vitest";
import { explain } from "../../src/cli/explain.js";
import { adyen as adyenDeclaration } from "../../src/providers/adyen.js";
import { deliveryFor } from "../../src/testing.js";
import { RUNNERS, expectNoSecretPrinted, scratch } from "./harness.js";

const files = scratch();
afterAll(() => files.remove());

const VNPAY_SECRET = "VNPAYTESTHASHSECRET0123456789ABCDEF";
const MOMO_SECRET = "MoMoTestSecretKey0123456789abcdef";
const ACCESS_KEY = "MoMoTestAccessKey";
const ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
afterAll(() => expectNoSecretPrinted([VNPAY_SECRET, MOMO_SECRET, ADYEN_KEY]));

const capture = (line: string, headers: string[], body: string) => Buffer.from([line, ...headers, "", body].join("\r\n"));
/** The same capture with one byte of `what` changed (a digit of the amount). */
const changed = (bytes: Buffer, from: string, to: string) => Buffer.from(bytes.toString("utf8").replace(from, to));

const vnpay = deliveryFor("vnpay", { secret: VNPAY_SECRET });
const VNPAY_GET = capture(`GET /vnpay/ipn?${vnpay.query} HTTP/1.1`, ["Host: shop.example"], "");
const momo = deliveryFor("momo", { secret: MOMO_SECRET, accessKey: ACCESS_KEY });
const MOMO_POST = capture("POST /momo/ipn HTTP/1.1", ["Host: shop.example", "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(momo.body)}`], momo.body);
const adyen = deliveryFor("adyen", { secret: ADYEN_KEY });
const ADYEN_POST = capture("POST /adyen HTTP/1.1", ["Host: shop.example", "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(adyen.body)}`], adyen.body);

describe.each(RUNNERS)("verify --request (%s)", (_, run) => {
  it("VNPay: a captured GET IPN exits 0; with the amount changed, 1 (signature_mismatch)", async () => {
    const ok = await run(["verify", "vnpay", "--secret", VNPAY_SECRET, "--request", files.file("vnpay.txt", VNPAY_GET)]);
    expect(ok).toMatchObject({ code: 0, stdout: "ok: secret #1 of 1 matched\n" });
    const bad = await run(["verify", "vnpay", "--secret", VNPAY_SECRET, "--request", files.file("vnpay-bad.txt", changed(VNPAY_GET, "vnp_Amount=1000000", "vnp_Amount=1000001"))]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^signature_mismatch: The vnp_SecureHash signature/);
  });

  it("MoMo: a captured IPN exits 0 with --access-key; a byte changed, 1; without --access-key, a usage error", async () => {
    const file = files.file("momo.txt", MOMO_POST);
    expect(await run(["verify", "momo", "--secret", MOMO_SECRET, "--access-key", ACCESS_KEY, "--request", file])).toMatchObject({ code: 0, stdout: "ok: secret #1 of 1 matched\n" });
    const bad = files.file("momo-bad.txt", changed(MOMO_POST, '"amount":1000', '"amount":1001'));
    expect((await run(["verify", "momo", "--secret", MOMO_SECRET, "--access-key", ACCESS_KEY, "--request", bad])).code).toBe(1);
    const usage = await run(["verify", "momo", "--secret", MOMO_SECRET, "--request", file]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--access-key/);
  });

  it("Adyen: a captured notification exits 0 with the hex key; a byte changed, 1", async () => {
    expect(await run(["verify", "adyen", "--secret", ADYEN_KEY, "--request", files.file("adyen.txt", ADYEN_POST)])).toMatchObject({ code: 0, stdout: "ok: secret #1 of 1 matched\n" });
    const bad = files.file("adyen-bad.txt", changed(ADYEN_POST, '"value":1130', '"value":1131'));
    expect((await run(["verify", "adyen", "--secret", ADYEN_KEY, "--request", bad])).code).toBe(1);
  });
});

describe("verify --explain", () => {
  const input = (secret: string) => ({
    declaration: adyenDeclaration,
    providers: [adyenDeclaration],
    body: new TextEncoder().encode(adyen.body),
    headers: {},
    request: { method: "POST", url: "/adyen" },
    secrets: [secret],
    values: {},
    nowMs: 0,
  });

  it("counts a changed secret Adyen cannot take (not hex) as no match, and lets any other error through", () => {
    const lines = explain(input(ADYEN_KEY.replace("44", "00")), { ok: false, reason: "signature_mismatch", message: "" });
    expect(lines[0]).toMatch(/^explain: tried \d+ usual mistakes .* none matched\.$/);
    const broken = { ...adyenDeclaration, steps: () => ({ ...adyenDeclaration.steps({ secret: ADYEN_KEY }, {} as never), verify: () => { throw new Error("store down"); } }) };
    expect(() => explain({ ...input(ADYEN_KEY), declaration: broken as never }, { ok: false, reason: "signature_mismatch", message: "" })).toThrow("store down");
  });
});
