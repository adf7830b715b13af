// The Web Crypto schemes of Standard Webhooks, SePay, Lazada, TikTok Shop and Shopee: each
// programmer mistake a TypeError naming the function or the argument, as on the root entry, and
// which secret of a rotation list matched when several signatures are sent. Signatures here are
// node:crypto's, never the library's.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as web from "../../src/web/index.js";

const BODY = '{"type":"invoice.paid"}';
const KEYS = [Buffer.from("the first key of the list"), Buffer.from("the second key of the list")];
const SECRETS = KEYS.map((key) => `whsec_${key.toString("base64")}`);
const ID = "msg_1";
const T = 1_700_000_000;
const v1 = (key: Buffer) => `v1,${createHmac("sha256", key).update(`${ID}.${T}.${BODY}`).digest("base64")}`;
const typeError = (message: string) => new TypeError(`[webhook-signatures] ${message}`);
const SECRET_FORM = "must be the whsec_ secret as the provider hands it out (whsec_ and standard base64), or the key's raw bytes as a Uint8Array";

describe("Standard Webhooks on Web Crypto", () => {
  it("reports the first secret of the list that signed any of the signatures", async () => {
    const input = { body: BODY, secret: SECRETS, id: ID, timestamp: String(T), now: T * 1000 };
    // Signed by the second secret first, then by the first: the first secret of the list is the one reported.
    expect(await web.verifyStandardWebhooks({ ...input, signature: `${v1(KEYS[1]!)} ${v1(KEYS[0]!)}` })).toEqual({ ok: true, id: ID, timestamp: T, secretIndex: 0 });
    expect(await web.verifyStandardWebhooks({ ...input, signature: v1(KEYS[1]!) })).toEqual({ ok: true, id: ID, timestamp: T, secretIndex: 1 });
  });

  it("names each programmer mistake", () => {
    const input = { body: BODY, id: ID, timestamp: String(T), signature: v1(KEYS[0]!) };
    expect(() => web.verifyStandardWebhooks(null as never)).toThrow(typeError("verifyStandardWebhooks(input) expects one options object, got null"));
    expect(() => web.signStandardWebhooks(null as never)).toThrow(typeError("signStandardWebhooks(input) expects one options object, got null"));
    expect(() => web.verifyStandardWebhooks({ ...input, secret: "whsec_" })).toThrow(typeError(`secret ${SECRET_FORM}`));
    expect(() => web.verifyStandardWebhooks({ ...input, secret: [SECRETS[0]!, "whsec_="] })).toThrow(typeError(`secret[1] ${SECRET_FORM}`));
    expect(() => web.signStandardWebhooks({ body: BODY, secret: "whsec_", id: ID, timestamp: T })).toThrow(typeError(`secret ${SECRET_FORM}`));
    expect(() => web.verifyStandardWebhooks({ body: BODY, secret: SECRETS[0]! } as never)).toThrow(
      typeError("input must give signature, id, timestamp (the header values) or headers (the request headers)"),
    );
  });
});

describe("SePay, Lazada, TikTok Shop and Shopee on Web Crypto name the function whose input is not an object", () => {
  it.each(["verifySepay", "signSepay", "verifyLazada", "signLazada", "verifyTiktokShop", "signTiktokShop", "verifyShopee", "signShopee"] as const)("%s", (name) => {
    expect(() => (web[name] as (input: unknown) => unknown)(null)).toThrow(typeError(`${name}(input) expects one options object, got null`));
  });

  it("SePay needs the header values or the headers", () => {
    expect(() => web.verifySepay({ body: BODY, secret: "s" } as never)).toThrow(typeError("input must give signature, timestamp (the header values) or headers (the request headers)"));
  });
});
