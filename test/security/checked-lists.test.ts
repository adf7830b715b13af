// A list is used exactly as it was checked: by index, over the checked length, from one plain
// copy. Before, a credentials list with a hole passed its check (forEach skips holes) and then
// crashed on every well-formed header; a secret list checked by index but used through its
// iterator let an empty HMAC key past the check.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { thrown } from "../helpers/thrown.js";

const BODY = '{"data":{"sku":"1"}}';
const PAIR = { id: "shop", secret: "pw" };
const emptyKeyHex = (prefix = "") => prefix + createHmac("sha1", "").update(BODY).digest("hex");

/** An array that passes an index check, but whose iterator yields `items` instead. */
function lyingList<T>(checked: T[], items: T[]): T[] {
  const list = [...checked];
  Object.defineProperty(list, Symbol.iterator, { value: () => items[Symbol.iterator]() });
  return list;
}

describe.each([
  ["root", root],
  ["/web", web],
] as const)("lists used as checked (%s entry)", (_entry, api) => {
  it("a credentials list with a hole is a TypeError naming the hole, even when the header is missing", () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const credentials = [, PAIR] as never;
    for (const authorization of [undefined, root.basicAuthHeader(PAIR)]) {
      const error = thrown(() => api.verifyBasicAuth({ credentials, authorization }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe("[webhook-signatures] credentials[0] must be an object { id, secret }, got undefined");
    }
  });

  it("a credentials list is compared pair by pair as checked, whatever its iterator yields", async () => {
    const stranger = { id: "attacker", secret: "guess" };
    const credentials = lyingList([PAIR], [stranger]);
    expect(await api.verifyBasicAuth({ credentials, authorization: root.basicAuthHeader(PAIR) })).toEqual({ ok: true, id: "shop" });
    expect(await api.verifyBasicAuth({ credentials, authorization: root.basicAuthHeader(stranger) })).toMatchObject({
      ok: false,
      reason: "signature_mismatch",
    });
  });

  it("a secret list whose iterator yields an empty key never verifies a signature made with the empty key", async () => {
    const secret = lyingList(["real-secret"], [""]);
    const outcome = await api.verifyTikiSha1({ body: BODY, secret, signature: emptyKeyHex("sha1=") });
    expect(outcome).toMatchObject({ ok: false, reason: "signature_mismatch" });
    const genuine = `sha1=${createHmac("sha1", "real-secret").update(BODY).digest("hex")}`;
    expect(await api.verifyTikiSha1({ body: BODY, secret, signature: genuine })).toEqual({ ok: true, secretIndex: 0 });
  });

  it("the same holds for Mobility Work's own rotation loop", async () => {
    const t = 1660338149;
    const nonce = "n0nce";
    const forgedWithEmptyKey = createHmac("sha256", "").update(`${t}.${nonce}.${BODY}`).digest("hex");
    const secret = lyingList(["real-secret"], [""]);
    const signature = `t=${t},nonce=${nonce},signature=${forgedWithEmptyKey}`;
    expect(await api.verifyMwSignature({ body: BODY, secret, signature, now: t * 1000 })).toMatchObject({
      ok: false,
      reason: "signature_mismatch",
    });
  });

  it("a secret list read twice gives the check's values, not a second read's (a Proxy that changes its answer)", async () => {
    let reads = 0;
    const secret = new Proxy(["real-secret"], {
      get: (target, key, receiver) => (key === "0" && reads++ > 0 ? "" : Reflect.get(target, key, receiver)),
    });
    expect(await api.verifyHmacHex({ body: BODY, secret, signature: createHmac("sha256", "").update(BODY).digest("hex") })).toMatchObject({
      ok: false,
      reason: "signature_mismatch",
    });
  });
});
