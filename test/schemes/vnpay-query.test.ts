// VNPay's query reading and signed strings (src/schemes/vnpay-query.ts): exact strings written out
// by hand, signatures computed here with node:crypto, not by the code under test.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseVnpayIpn, signVnpayIpn, verifyVnpayIpn } from "../../src/index.js";
import { vnpaySignedStrings } from "../../src/schemes/vnpay-query.js";

const hmac = (secret: string, text: string) => createHmac("sha512", secret).update(text).digest("hex");

describe("VNPay: reading the query", () => {
  it("reads a name with no = as one with an empty value, signed under PHP's reading that keeps it", () => {
    const query = `vnp_Amount=1&vnp_Flag&vnp_SecureHash=${hmac("k", "vnp_Amount=1&vnp_Flag=")}`;
    expect(verifyVnpayIpn({ query, secret: "k" })).toEqual({ ok: true });
    expect(verifyVnpayIpn({ query: `vnp_Flag&vnp_Flag=&vnp_SecureHash=${hmac("k", "vnp_Flag=")}`, secret: "k" })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: "The query is malformed: vnp_Flag is given twice (which value was signed cannot be told).",
    });
  });

  it("reads nothing after a # that starts the query", () => {
    expect(verifyVnpayIpn({ query: `?#vnp_Amount=1&vnp_SecureHash=${hmac("k", "vnp_Amount=1")}`, secret: "k" })).toEqual({
      ok: false,
      reason: "missing_header",
      message: "The vnp_SecureHash query parameter is missing or empty.",
    });
  });

  it("refuses a signature that is not exactly 128 hex digits", () => {
    const good = hmac("k", "vnp_Amount=1");
    for (const signature of [`${good}0`, `0${good}`]) {
      expect(verifyVnpayIpn({ query: `vnp_Amount=1&vnp_SecureHash=${signature}`, secret: "k" })).toEqual({
        ok: false,
        reason: "malformed_header",
        message: "The vnp_SecureHash query parameter is malformed: expected 128 hex digits (HMAC-SHA512, version 2.1.0).",
      });
    }
  });

  it("hands over the non-empty parameters sorted by name", () => {
    const parsed = parseVnpayIpn(`vnp_B=2&vnp_E=&vnp_A=1&vnp_SecureHash=${hmac("k", "x")}`);
    expect(parsed).toEqual({ ok: true, value: { vnp_A: "1", vnp_B: "2" } });
    expect(parsed.ok && Object.keys(parsed.value)).toEqual(["vnp_A", "vnp_B"]);
  });
});

describe("VNPay: the signed strings", () => {
  it("tries each demo's reading once, sorted by name, PHP's first", () => {
    expect(vnpaySignedStrings({ vnp_B: "a b*!", vnp_A: "" })).toEqual([
      "vnp_A=&vnp_B=a+b%2A%21",
      "vnp_B=a+b%2A%21",
      "vnp_A=&vnp_B=a+b*!",
      "vnp_B=a+b*!",
      "vnp_A=&vnp_B=a+b*%21",
      "vnp_B=a+b*%21",
    ]);
    expect(vnpaySignedStrings({ vnp_A: "1" })).toEqual(["vnp_A=1"]);
  });

  it("signs the parameters sorted, empty ones left out, PHP-encoded", () => {
    const signed = "vnp_A=1&vnp_B=x%2A";
    expect(signVnpayIpn({ params: { vnp_B: "x*", vnp_E: "", vnp_A: 1 }, secret: "k" })).toBe(`${signed}&vnp_SecureHash=${hmac("k", signed)}`);
  });

  it("names the argument of a params that is null or holds a key that is not a vnp_ one", () => {
    expect(() => signVnpayIpn({ params: null as never, secret: "k" })).toThrow(/\] params must be an object of vnp_ parameters, got null/);
    expect(() => signVnpayIpn({ params: { xvnp_Amount: "1" }, secret: "k" })).toThrow(/\] params must hold vnp_ parameters .*, got a key that is not one$/);
    expect(() => signVnpayIpn({ params: { vnp_SecureHashType: "1" }, secret: "k" })).toThrow(/\] params must hold vnp_ parameters .*, got a key vnp_SecureHashType$/);
    expect(() => signVnpayIpn({ params: { vnp_A: true } as never, secret: "k" })).toThrow(/\] params.vnp_A must be a string or a finite number, got /);
  });
});
