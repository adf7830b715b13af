// Finding a provider's parts by name, and the checks its signing part makes of what it is given:
// a name the library does not ship, a value that is not a name, a setting of the wrong type.
import { describe, expect, it } from "vitest";
import { MemoryNonceStore, defineProvider, handleOnce } from "../../src/index.js";
import { receivingOf, signingOf } from "../../src/providers/lookup.js";
import { nodeSigners } from "../../src/providers/node.js";
import { tikiSigning } from "../../src/providers/tiki.js";

const NAMES = '"tikinow", "tiki", "mobility-work", "tilby", "ewarehousing", "shopify", "woocommerce", "sendcloud", "mollie", "haravan", "sapo", "standard-webhooks", "sepay", "lazada", "tiktok-shop", "shopee", "payos", "casso", "zalopay", "vnpay", "momo", "adyen"';

describe("receivingOf and signingOf", () => {
  it("find a shipped provider's part by name, and a declaration as it is", () => {
    expect(receivingOf("tilby").name).toBe("tilby");
    expect(signingOf("tilby").examples[0]?.name).toBe("tilby-subscribed");
    const acme = defineProvider({ name: "acme", signature: { header: "X-Acme-Signature" } });
    expect(receivingOf(acme)).toBe(acme);
    expect(signingOf(acme)).toBe(acme);
  });

  it("refuse a name the library does not ship, or a value that is not a name, naming the shipped ones", () => {
    for (const lookup of [receivingOf, signingOf]) {
      expect(() => lookup("shopify-typo")).toThrow(new TypeError(`[webhook-signatures] provider must be one of ${NAMES} or a declaration made by defineProvider, got a string`));
      expect(() => lookup(42)).toThrow(new TypeError(`[webhook-signatures] provider must be one of ${NAMES} or a declaration made by defineProvider, got a number`));
      expect(() => lookup({ name: "tilby" })).toThrow(TypeError);
    }
  });
});

describe("the Tiki Open API signing part", () => {
  it("names the header it signs in as Tiki writes it", () => {
    expect(tikiSigning.signatureHeader({})).toBe("Authorization");
  });

  it("needs the pair's id as a string", () => {
    const settings = { nowMs: 0, randomId: () => "r" };
    expect(tikiSigning.signatureHeader({})).toBe("Authorization");
    expect(tikiSigning.sign(nodeSigners, "{}", "secret", { ...settings, id: "seller" })).toEqual([
      ["Content-Type", "application/json"],
      ["Authorization", `Basic ${Buffer.from("seller:secret").toString("base64")}`],
    ]);
    expect(() => tikiSigning.sign(nodeSigners, "{}", "secret", { ...settings, id: 5 })).toThrow(
      new TypeError("[webhook-signatures] id must be the id of the pair granted to Tiki, got a number"),
    );
  });
});

describe("handleOnce with a declaration as its provider", () => {
  it("keys the delivery by the declaration's name, as the receiver does", async () => {
    const acme = defineProvider({ name: "acme", signature: { header: "X-Acme-Signature" } });
    const result = await handleOnce({ store: new MemoryNonceStore(), provider: acme, tenant: "shop-1", verify: () => ({ ok: true }) as const, key: () => "d-1", handler: () => "done" });
    expect(result).toMatchObject({ status: "processed", key: "acme:shop-1:d-1" });
  });

  it("refuses a provider that is neither a name nor a declaration (a TypeError naming it)", () => {
    expect(() => handleOnce({ store: new MemoryNonceStore(), provider: null as never, verify: () => ({ ok: true }) as const, key: () => "d-1", handler: () => {} })).toThrow(/^\[webhook-signatures\] provider /);
  });
});
