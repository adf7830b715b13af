// The one key rule (issue 25): every expected string is spelled out here, with SHA-256 digests
// computed by Python's hashlib, never by the code under test. These keys must stay stable across
// releases: a store written by one release is read by the next.
import { describe, expect, it } from "vitest";
import { deliveryKey, deliveryKeyFromBody, scopedKey, secretsFingerprint } from "../../src/replay/delivery-key.js";
import { thrown } from "../helpers/thrown.js";

const BODY = '{"data":{"sku":"1377286379376","qty_salable":60}}';
// python3 -c 'import hashlib; print(hashlib.sha256(b"{\"data\":{\"sku\":\"1377286379376\",\"qty_salable\":60}}").hexdigest())'
const BODY_SHA256 = "395641268f7f5af7481551cf5358e3ce41d2f7d3bc9294aeb64c91cc95411e69";

describe("deliveryKey: <provider>:<tenant>:<id>, one rule for handleOnce, handleMwOnce and the receiver", () => {
  it("pins the exact keys (stable across releases)", () => {
    expect(deliveryKey({ provider: "ewarehousing", tenant: "/webhooks/ewarehousing", id: "1001" })).toBe("ewarehousing:/webhooks/ewarehousing:1001");
    expect(deliveryKey({ provider: "tilby", id: " 3f2c1b7e " })).toBe("tilby::3f2c1b7e");
    expect(deliveryKey({ provider: "tikinow", tenant: "/tikinow/stock", body: BODY })).toBe(`tikinow:/tikinow/stock:sha256:${BODY_SHA256}`);
    expect(deliveryKey({ provider: "mobility-work", tenant: "", id: "752c14ea" })).toBe("mobility-work::752c14ea");
  });

  it("never lets two tenants share a key, whatever their names hold", () => {
    // "a:b" + "c" and "a" + "b:c" would both read "a:b:c" unescaped.
    const one = deliveryKey({ provider: "tiki", tenant: "a:b", id: "c" });
    const two = deliveryKey({ provider: "tiki", tenant: "a", id: "b:c" });
    expect(one).toBe("tiki:a%3Ab:c");
    expect(two).toBe("tiki:a:b:c");
    expect(deliveryKey({ provider: "tiki", tenant: "50%", id: "x" })).toBe("tiki:50%25:x");
    expect(deliveryKey({ provider: "tiki", tenant: "a\nb\x7f", id: "x" })).toBe("tiki:a%0Ab%7F:x");
    expect(deliveryKey({ provider: "tiki", tenant: "shop é/1", id: "x" })).toBe("tiki:shop é/1:x");
  });

  it("keys a delivery without an id, or with an empty one, on its body's digest: an empty id is no id", () => {
    const expected = `tiki:t:sha256:${BODY_SHA256}`;
    for (const id of [undefined, null, "", "   "]) expect(deliveryKey({ provider: "tiki", tenant: "t", id, body: BODY })).toBe(expected);
    const bytes = new TextEncoder().encode(BODY);
    expect(deliveryKey({ provider: "tiki", tenant: "t", body: bytes })).toBe(expected);
    expect(deliveryKey({ provider: "tiki", tenant: "t", body: bytes.buffer })).toBe(expected);
    expect(deliveryKey({ provider: "tiki", tenant: "t", body: `${BODY} ` })).not.toBe(expected);
    // An id wins over the body.
    expect(deliveryKey({ provider: "tiki", tenant: "t", id: "e1", body: BODY })).toBe("tiki:t:e1");
  });

  it("throws a TypeError naming the argument for a caller mistake", () => {
    const cases: [unknown, string][] = [
      [null, "deliveryKey(input) expects one options object, got null"],
      [{ id: "x" }, 'provider must be a provider name (lowercase letters, digits, "-", "_", "."), got undefined'],
      [{ provider: "Tiki", id: "x" }, 'provider must be a provider name (lowercase letters, digits, "-", "_", "."), got a string'],
      [{ provider: "a:b", id: "x" }, "provider must be a provider name"],
      [{ provider: "", id: "x" }, "provider must be a provider name"],
      [{ provider: "tiki", tenant: 1, id: "x" }, "tenant must be a string, got a number"],
      [{ provider: "tiki", id: 1001 }, "id must be a string, got a number"],
      [{ provider: "tiki", id: "" }, "body is needed to key a delivery that carries no id"],
      [{ provider: "tiki", body: { data: {} } }, "body must be the raw request body"],
    ];
    for (const [input, message] of cases) {
      const error = thrown(() => deliveryKey(input as never));
      expect(error, message).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toContain(`[webhook-signatures] ${message}`);
    }
  });

  it("scopedKey is deliveryKey from checked parts", () => {
    expect(scopedKey("ewarehousing", "a:b", "1")).toBe(deliveryKey({ provider: "ewarehousing", tenant: "a:b", id: "1" }));
  });
});

describe("deliveryKeyFromBody", () => {
  it("is the id part of a delivery without an id: the SHA-256 of its raw bytes, whatever form they come in", () => {
    const key = deliveryKeyFromBody(BODY);
    expect(key).toBe(`sha256:${BODY_SHA256}`);
    expect(deliveryKeyFromBody("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const bytes = new TextEncoder().encode(BODY);
    expect(deliveryKeyFromBody(bytes)).toBe(key);
    expect(deliveryKeyFromBody(bytes.buffer)).toBe(key);
    expect(deliveryKeyFromBody(Buffer.from(`xx${BODY}`).subarray(2))).toBe(key);
    expect(deliveryKeyFromBody(`${BODY} `)).not.toBe(key);
  });

  it("throws a TypeError naming body for anything but raw bytes", () => {
    const error = thrown(() => deliveryKeyFromBody({ data: {} } as never));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^\[webhook-signatures\] body must be the raw request body/);
  });
});

describe("secretsFingerprint: the tenant of a secret function that names none", () => {
  it("is one name for a rotation list in any order, another for other secrets, and holds no secret", () => {
    // python3: sha256("webhook-signatures tenant\n" + "\n".join(sorted({sha256(s).hex() for s in secrets})))[:16]
    expect(secretsFingerprint(["old", "new"])).toBe("#c054f3fb88de1a9e");
    expect(secretsFingerprint(["new", "old", "new"])).toBe("#c054f3fb88de1a9e");
    expect(secretsFingerprint([new TextEncoder().encode("new"), "old"])).toBe("#c054f3fb88de1a9e");
    expect(secretsFingerprint("other")).toBe("#1f273da605982684");
    expect(secretsFingerprint(["other"])).toBe("#1f273da605982684");
  });
});
