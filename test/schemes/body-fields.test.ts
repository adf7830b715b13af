// payOS's and ZaloPay's signature fields in the body (src/schemes/payos-body.ts,
// src/schemes/zalopay-body.ts): each refusal's reason and exact words, and an accepted body whose
// signature is computed here with node:crypto.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signAdyenItem, signMomoIpn, signPayosSignature, signVnpayIpn, signZalopayMac, verifyAdyenNotification, verifyMomoIpn, verifyPayosSignature, verifyVnpayIpn, verifyZalopayMac } from "../../src/index.js";

const hex = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");
const refused = (reason: string, message: string) => ({ ok: false, reason, message });

describe("payOS: the body's signature field", () => {
  const data = { orderCode: 1, amount: 5, desc: "x" };
  const good = hex("ck", "amount=5&desc=x&orderCode=1");
  const verify = (body: string) => verifyPayosSignature({ body, secret: "ck" });

  it("accepts a signature over the sorted data, whitespace around it trimmed", () => {
    expect(verify(JSON.stringify({ data, signature: ` ${good} ` }))).toEqual({ ok: true });
  });

  it("refuses each malformed body in its own words", () => {
    const notRead = verify('{"a":1,"a":2}');
    expect(notRead).toMatchObject({ ok: false, reason: "malformed_header" });
    expect(notRead.ok === false && notRead.message).toMatch(/^The payOS body is malformed \(its signature field is not read\): .*a duplicate key.*\.$/);
    for (const body of ["null", "[]", '"x"']) {
      expect(verify(body), body).toEqual(refused("malformed_header", "The payOS body is malformed: expected a JSON object with data and signature fields."));
    }
    expect(verify(JSON.stringify({ data, signature: " " }))).toEqual(refused("missing_header", "The payOS body's signature field is missing or empty."));
    for (const signature of [5, [good], `${good}0`]) {
      expect(verify(JSON.stringify({ data, signature })), JSON.stringify(signature)).toEqual(refused("malformed_header", "The payOS body's signature field is malformed: expected 64 hex digits."));
    }
    expect(verify(JSON.stringify({ data: null, signature: good }))).toEqual(refused("malformed_header", "The payOS body's data field is malformed: expected an object (the signed fields)."));
    expect(verify(JSON.stringify({ data: { a: {} }, signature: good }))).toEqual(
      refused("malformed_header", "The payOS body's data field is malformed: data holds an object value, whose content the scheme does not sign."),
    );
    expect(verify(JSON.stringify({ data: { ...data, amount: 6 }, signature: good }))).toEqual(
      refused("signature_mismatch", "The payOS body's signature field does not match its data under any configured checksum key."),
    );
  });
});

describe("ZaloPay: the body's mac field", () => {
  const data = '{"app_trans_id":"t-1","amount":5}';
  const good = hex("key2", data);
  const verify = (body: string) => verifyZalopayMac({ body, secret: "key2" });

  it("accepts a mac over data as received, whitespace around it trimmed", () => {
    expect(verify(JSON.stringify({ data, mac: `\t${good} `, type: 1 }))).toEqual({ ok: true });
  });

  it("refuses each malformed body in its own words", () => {
    const notRead = verify("{");
    expect(notRead).toMatchObject({ ok: false, reason: "malformed_header" });
    expect(notRead.ok === false && notRead.message).toMatch(/^The ZaloPay body is malformed \(its mac field is not read\): .+\.$/);
    for (const body of ["null", "[]", "1"]) {
      expect(verify(body), body).toEqual(refused("malformed_header", "The ZaloPay body is malformed: expected a JSON object with data and mac fields."));
    }
    expect(verify(JSON.stringify({ data, mac: "" }))).toEqual(refused("missing_header", "The ZaloPay body's mac field is missing or empty."));
    for (const mac of [5, [good], `x${good}`]) {
      expect(verify(JSON.stringify({ data, mac })), JSON.stringify(mac)).toEqual(refused("malformed_header", "The ZaloPay body's mac field is malformed: expected 64 hex digits."));
    }
    expect(verify(JSON.stringify({ data: JSON.parse(data), mac: good }))).toEqual(refused("malformed_header", "The ZaloPay body's data field is malformed: expected a string (the signed JSON text)."));
    expect(verify(JSON.stringify({ data: `${data} `, mac: good }))).toEqual(refused("signature_mismatch", "The ZaloPay body's mac field does not match its data under any configured key2."));
  });
});

describe("each function names itself when its input is not an object", () => {
  const cases: [string, (input: never) => unknown][] = [
    ["verifyAdyenNotification", verifyAdyenNotification],
    ["signAdyenItem", signAdyenItem],
    ["verifyMomoIpn", verifyMomoIpn],
    ["signMomoIpn", signMomoIpn],
    ["signPayosSignature", signPayosSignature],
    ["verifyPayosSignature", verifyPayosSignature],
    ["verifyVnpayIpn", verifyVnpayIpn],
    ["signVnpayIpn", signVnpayIpn],
    ["verifyZalopayMac", verifyZalopayMac],
    ["signZalopayMac", signZalopayMac],
  ];
  for (const [name, fn] of cases) {
    it(name, () => {
      expect(() => fn(undefined as never)).toThrow(new RegExp(`\\] ${name}\\(input\\) expects one options object, got undefined$`));
    });
  }
});
