// Header values from the network at the edges of what is accepted, from both entries: the
// 8 KiB limit to the character, blank values, repeated and case-variant keys, lookalike
// header names, the Basic scheme name, an empty MW field name. Each case is one a
// one-character change in src/lib would get wrong; the reason and message are asserted.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as node from "../src/index.js";
import * as web from "../src/web/index.js";

type Entry = typeof node | typeof web;

// The documented TikiNOW body under the docs' example secret; the signature is openssl's
// (`openssl dgst -sha1 -hmac …`, see vectors/generate.py), not this library's.
const BODY =
  '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}';
const SECRET = "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0";
const SIGNATURE = "sha1=f967afd72827f2cc15bd6d25cf9c86631d48213f";

const MALFORMED_TIKI = 'The x-signature header is malformed: expected "sha1=" followed by 40 hex digits.';
const TOO_LONG = "The x-signature header is malformed: the value is too long.";
const MISSING = "The x-signature header is missing or empty.";

/** The MW reference: hash_hmac('sha256', "$t.$nonce.$body", $secret), as in Mobility Work's PHP. */
function mwHeader(t: number, nonce: string, body: string, secret: string): string {
  return `t=${t},nonce=${nonce},signature=${createHmac("sha256", secret).update(`${t}.${nonce}.${body}`).digest("hex")}`;
}

for (const [name, api] of [
  ["root", node],
  ["/web", web],
] as const) {
  const tiki = async (signature: unknown) => (await (api as Entry).verifyTikiSha1({ body: BODY, secret: SECRET, signature: signature as never })) as { ok: boolean; reason?: string; message?: string };
  const tikiHeaders = async (headers: object) => (await (api as Entry).verifyTikiSha1({ body: BODY, secret: SECRET, headers: headers as never })) as { ok: boolean; reason?: string; message?: string };

  describe(`header values at the edges (${name} entry)`, () => {
    it("takes a value of exactly 8192 characters as text (refused for its form, not its length), and 8193 as too long", async () => {
      expect((await tiki("a".repeat(8192))).message).toBe(MALFORMED_TIKI);
      expect((await tiki(["a".repeat(8192)])).message).toBe(MALFORMED_TIKI);
      expect((await tiki("a".repeat(8193))).message).toBe(TOO_LONG);
      expect((await tiki(["a".repeat(8193)])).message).toBe(TOO_LONG);
    });

    it("calls a blank value of 8192 characters missing, and one of 8193 too long", async () => {
      expect((await tiki(" ".repeat(8192))).message).toBe(MISSING);
      expect((await tiki(" ".repeat(8193))).message).toBe(TOO_LONG);
    });

    it("trims each repeated value before comparing them, so a genuine header sent twice passes", async () => {
      expect(await tiki([` ${SIGNATURE} `, SIGNATURE])).toEqual({ ok: true });
      expect(await tiki([`\t${SIGNATURE}`])).toEqual({ ok: true });
    });

    it("reads a number as its digits, so it is refused for its form", async () => {
      const result = (await api.verifyHmacHex({ body: BODY, secret: SECRET, signature: 5 as never })) as { message: string };
      expect(result.message).toBe("The signature header is malformed: expected 64 hex digits.");
    });

    it("passes over keys whose value is undefined or null and uses the key that has one", async () => {
      expect(await tikiHeaders({ "x-signature": undefined, "X-Signature": SIGNATURE })).toEqual({ ok: true });
      expect(await tikiHeaders({ "x-signature": null, "X-SIGNATURE": SIGNATURE })).toEqual({ ok: true });
      expect(await tikiHeaders({ "X-Signature": SIGNATURE, "x-signature": undefined })).toEqual({ ok: true });
      expect(await tikiHeaders({ "X-Signature": SIGNATURE, "x-signature": null })).toEqual({ ok: true });
      expect((await tikiHeaders({ "x-signature": undefined, "X-Signature": null })).message).toBe(MISSING);
    });

    it("never takes a shorter or merely similar key for the header", async () => {
      // "x-sig" is a prefix of "x-signature"; "^" and "~" differ by the bit that case folding sets,
      // as do "\x18" and "8": only A-Z fold to a-z.
      expect((await tikiHeaders({ "x-sig": SIGNATURE })).message).toBe(MISSING);
      expect((await tikiHeaders({ "X-Sig": SIGNATURE })).message).toBe(MISSING);
      expect((await tikiHeaders({ "x^signature": SIGNATURE })).message).toBe(MISSING);
      expect(api.getHeader({ "a^": "v" }, "a~")).toBeUndefined();
      expect(api.getHeader({ "a\x18": "v" }, "a8")).toBeUndefined();
      expect(api.getHeader({ "A~": "v" }, "a~")).toBe("v");
    });

    it("returns missing_header for a Fetch Headers object without the header", async () => {
      expect((await tikiHeaders(new Headers({ other: "x" }))).message).toBe(MISSING);
    });
  });

  describe(`Mobility Work header edges (${name} entry)`, () => {
    const body = '{"_event":"x"}';
    const secret = "mw-secret";
    const t = 1_700_000_000;
    const header = mwHeader(t, "n1", body, secret);
    const verify = async (signature: string) => (await api.verifyMwSignature({ body, secret, signature, now: t * 1000 })) as { ok: boolean; reason?: string };

    it("refuses a field with an empty name", async () => {
      expect(await verify(header)).toEqual({ ok: true, timestamp: t, nonce: "n1" });
      expect((await verify(`${header},=x`)).reason).toBe("malformed_header");
      expect((await verify(`=x,${header}`)).reason).toBe("malformed_header");
    });

    it("signs and verifies at t=0, the first unix second", async () => {
      const signed = await api.signMwSignature({ body, secret, timestamp: 0, nonce: "n0" });
      expect(signed).toBe(mwHeader(0, "n0", body, secret));
      expect(await api.verifyMwSignature({ body, secret, signature: signed, now: 0 })).toEqual({ ok: true, timestamp: 0, nonce: "n0" });
    });

    it("parses a header with surrounding whitespace, and refuses one over 8 KiB however well formed", () => {
      expect(api.parseMwSignatureHeader(` ${header} \t`)?.nonce).toBe("n1");
      const padded = (length: number) => `${header},x=${"a".repeat(length - header.length - 3)}`;
      expect(padded(8192)).toHaveLength(8192);
      expect(api.parseMwSignatureHeader(padded(8192))?.nonce).toBe("n1");
      expect(api.parseMwSignatureHeader(padded(8193))).toBeNull();
    });
  });

  describe(`Basic scheme name (${name} entry)`, () => {
    const pair = { id: "shop", secret: "pw" };
    const token = Buffer.from("shop:pw").toString("base64");
    const verify = async (authorization: string) => (await api.verifyBasicAuth({ credentials: pair, authorization })) as { ok: boolean; reason?: string };

    it("wants the word Basic, in any case, then one or more spaces", async () => {
      expect((await verify(`basic   ${token}`)).ok).toBe(true);
      expect((await verify(`BASIC ${token}`)).ok).toBe(true);
      expect((await verify(`Basic${token}`)).reason).toBe("malformed_header");
      expect((await verify(`Basic\t${token}`)).reason).toBe("malformed_header");
      expect((await verify(`Basics ${token}`)).reason).toBe("malformed_header");
      expect((await verify(`Basi ${token}`)).reason).toBe("malformed_header");
    });
  });
}
