// `verify --explain` for the providers whose signature is a field of the body, over fields of
// it (MoMo, Adyen): each usual mistake their facts support (docs/momo.md, docs/adyen.md),
// with deliveries signed here by node:crypto, and what to check when nothing matched. Both
// runners (in process and the built bin).
import { createHmac } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { RUNNERS, expectNoSecretPrinted, scratch } from "./harness.js";

const files = scratch();
afterAll(() => files.remove());

const MOMO_SECRET = "MoMoExplainSecretKey0123456789ab";
const ACCESS_KEY = "MoMoExplainAccessKey";
const ADYEN_KEY = "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00";
const OTHER_ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
afterAll(() => expectNoSecretPrinted([MOMO_SECRET, ACCESS_KEY, ADYEN_KEY, OTHER_ADYEN_KEY]));

const capture = (line: string, body: string) => Buffer.from([line, "Host: shop.example", "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`, "", body].join("\r\n"));

// MoMo: the docs' IPN (developers.momo.vn, result-handling/notification), signed here.
const IPN = {
  partnerCode: "MOMOIOLD20190129",
  orderId: "01234567890123451633504872421",
  requestId: "01234567890123451633504872421",
  amount: 1000,
  orderInfo: "Test Thue 1234556",
  orderType: "momo_wallet",
  transId: 2588659987,
  resultCode: 0,
  message: "Giao dịch thành công.",
  payType: "qr",
  responseTime: 1633504902954,
  extraData: "eyJyZXN1bHRfbmFtZXNwYWNlIjoidW1hcmtldCIsImVycm9yIjoiIiwic3RhdGUiOjZ9",
};
/** `amount=…&…&transId=…`, written out by hand in MoMo's order. */
const MOMO_FIELDS =
  `amount=${IPN.amount}&extraData=${IPN.extraData}&message=${IPN.message}&orderId=${IPN.orderId}&orderInfo=${IPN.orderInfo}` +
  `&orderType=${IPN.orderType}&partnerCode=${IPN.partnerCode}&payType=${IPN.payType}&requestId=${IPN.requestId}` +
  `&responseTime=${IPN.responseTime}&resultCode=${IPN.resultCode}&transId=${IPN.transId}`;
const momoPost = (key: string, signed: string) => {
  const body = JSON.stringify({ ...IPN, signature: createHmac("sha256", key).update(signed).digest("hex") });
  return files.file(`momo-${createHmac("sha256", "name").update(key + signed).digest("hex").slice(0, 8)}.txt`, capture("POST /momo/ipn HTTP/1.1", body));
};

// Adyen: items with the documented fields, each signed here over
// pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success.
const ITEMS = [
  { pspReference: "QFQTPCQ8HXSKGK82", merchantAccountCode: "YOUR_MERCHANT_ACCOUNT", merchantReference: "ORDER-1", amount: { currency: "EUR", value: 1130 }, eventCode: "AUTHORISATION", success: "true" },
  { pspReference: "VK9DRSLLRCQ2WN82", originalReference: "QFQTPCQ8HXSKGK82", merchantAccountCode: "YOUR_MERCHANT_ACCOUNT", merchantReference: "ORDER-1", amount: { currency: "EUR", value: 500 }, eventCode: "REFUND", success: "true" },
];
const adyenSigned = (i: (typeof ITEMS)[number]) =>
  [i.pspReference, "originalReference" in i ? i.originalReference : "", i.merchantAccountCode, i.merchantReference, i.amount.value, i.amount.currency, i.eventCode, i.success].join(":");
const adyenPost = (key: string | Buffer, items = ITEMS) => {
  const notificationItems = items.map((item) => ({
    NotificationRequestItem: { ...item, additionalData: { hmacSignature: createHmac("sha256", key).update(adyenSigned(item)).digest("base64") } },
  }));
  const body = JSON.stringify({ live: "false", notificationItems });
  return files.file(`adyen-${createHmac("sha256", "name").update(body).digest("hex").slice(0, 8)}.txt`, capture("POST /adyen HTTP/1.1", body));
};

describe.each(RUNNERS)("verify --explain, signatures in body fields (%s)", (_, run) => {
  const momo = (file: string, secret: string, accessKey: string) => run(["verify", "momo", "--secret", secret, "--access-key", accessKey, "--request", file, "--explain"]);
  const adyen = (file: string, key: string) => run(["verify", "adyen", "--secret", key, "--request", file, "--explain"]);

  it("the delivery signed here verifies as it is (the tests' own signing is MoMo's and Adyen's)", async () => {
    expect((await momo(momoPost(MOMO_SECRET, `accessKey=${ACCESS_KEY}&${MOMO_FIELDS}`), MOMO_SECRET, ACCESS_KEY)).code).toBe(0);
    expect((await adyen(adyenPost(Buffer.from(ADYEN_KEY, "hex")), ADYEN_KEY)).code).toBe(0);
  });

  it("MoMo: the secret key and the access key swapped", async () => {
    const file = momoPost(MOMO_SECRET, `accessKey=${ACCESS_KEY}&${MOMO_FIELDS}`);
    const { code, stdout, stderr } = await momo(file, ACCESS_KEY, MOMO_SECRET);
    expect([code, stderr]).toEqual([1, ""]);
    expect(stdout).toMatch(/^signature_mismatch: /);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes; this one would have matched:\n {2}\* the secret key and the access key swapped\n.*\n.*fix: .*--secret.*secretKey.*--access-key.*accessKey/);
  });

  it("MoMo: the sender's string without accessKey=… at its start", async () => {
    const file = momoPost(MOMO_SECRET, MOMO_FIELDS);
    const { code, stdout } = await momo(file, MOMO_SECRET, ACCESS_KEY);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\n {2}\* HMAC-SHA256 of the fields without accessKey=… before them\n/);
  });

  it("MoMo: a wrong access key matches nothing, and the access key is named as what to check", async () => {
    const file = momoPost(MOMO_SECRET, `accessKey=${ACCESS_KEY}&${MOMO_FIELDS}`);
    const { code, stdout } = await momo(file, MOMO_SECRET, "AnotherAccessKey");
    expect(code).toBe(1);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes \(.*\); none matched\.\n.*\n {2}momo: .*--access-key/);
    expect(stdout).not.toContain("would have matched");
  });

  it("Adyen: the HMAC key used as text, not hex-decoded (every item)", async () => {
    const file = adyenPost(ADYEN_KEY);
    const { code, stdout, stderr } = await adyen(file, ADYEN_KEY);
    expect([code, stderr]).toEqual([1, ""]);
    expect(stdout).toMatch(/^signature_mismatch: The body's notificationItems\[0\]/);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes; this one would have matched:\n {2}\* the HMAC key used as text \(its hex digits\), not hex-decoded\n.*\n.*fix: .*hex/);
  });

  it("Adyen: not a finding when only some items were keyed with the text", async () => {
    const genuine = createHmac("sha256", Buffer.from(ADYEN_KEY, "hex")).update(adyenSigned(ITEMS[0]!)).digest("base64");
    const text = createHmac("sha256", ADYEN_KEY).update(adyenSigned(ITEMS[1]!)).digest("base64");
    const body = JSON.stringify({
      live: "false",
      notificationItems: [
        { NotificationRequestItem: { ...ITEMS[0], additionalData: { hmacSignature: genuine } } },
        { NotificationRequestItem: { ...ITEMS[1], additionalData: { hmacSignature: text } } },
      ],
    });
    const { code, stdout } = await adyen(files.file("adyen-mixed.txt", capture("POST /adyen HTTP/1.1", body)), ADYEN_KEY);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^signature_mismatch: The body's notificationItems\[1\]/);
    expect(stdout).not.toContain("the HMAC key used as text");
  });

  it("a body with no signed fields to read is explained without a crash, and none of these mistakes is claimed", async () => {
    const noSignature = files.file("momo-unsigned.txt", capture("POST /momo/ipn HTTP/1.1", JSON.stringify(IPN)));
    const m = await momo(noSignature, MOMO_SECRET, ACCESS_KEY);
    expect(m.code).toBe(1);
    expect(m.stdout).toMatch(/^missing_header: .*\nexplain: tried \d+ usual mistakes \(.*\); none matched\./s);
    const noItems = files.file("adyen-no-items.txt", capture("POST /adyen HTTP/1.1", JSON.stringify({ live: "false", notificationItems: [] })));
    const a = await adyen(noItems, ADYEN_KEY);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(/^malformed_header: .*\nexplain: tried \d+ usual mistakes \(.*\); none matched\./s);
  });

  it("Adyen: another endpoint's key matches nothing, and the key per endpoint is named as what to check", async () => {
    const file = adyenPost(Buffer.from(OTHER_ADYEN_KEY, "hex"));
    const { code, stdout } = await adyen(file, ADYEN_KEY);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes \(.*\); none matched\.\n.*\n {2}adyen: .*each webhook endpoint.*live/);
  });
});
