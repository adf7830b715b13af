import { describe, expect, it } from "vitest";
import { basicAuthHeader, verifyBasicAuth } from "../../src/index.js";
import { outcome } from "../helpers/outcome.js";

// The pair and header published in the first revision of Tiki's webhook guide.
const PUBLISHED = { id: "iyofim3eru0bkiwz", secret: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd" };
const PUBLISHED_HEADER = "Basic aXlvZmltM2VydTBia2l3ejpCdXFpY0Ixa3djeTRUbDlkaWtxUEI3RmtQd2REaDhmZA==";

describe("verifyBasicAuth", () => {
  it("takes a single credentials object as well as a list", () => {
    const pair = { id: "shop", secret: "pw" };
    expect(verifyBasicAuth({ credentials: pair, authorization: basicAuthHeader(pair) })).toEqual({ ok: true, id: "shop" });
    const wrong = verifyBasicAuth({ credentials: pair, authorization: basicAuthHeader({ id: "shop", secret: "px" }) });
    expect(wrong.ok).toBe(false);
  });

  it("accepts the published header and returns the id that matched", () => {
    expect(verifyBasicAuth({ credentials: PUBLISHED, authorization: PUBLISHED_HEADER })).toEqual({ ok: true, id: PUBLISHED.id });
  });

  it("returns the id of whichever granted pair matched", () => {
    const old = { id: "old-id", secret: "old-secret-0000" };
    const result = verifyBasicAuth({ credentials: [old, PUBLISHED], headers: { authorization: PUBLISHED_HEADER } });
    expect(result).toEqual({ ok: true, id: PUBLISHED.id });
    expect(verifyBasicAuth({ credentials: [old, PUBLISHED], authorization: basicAuthHeader(old) })).toEqual({ ok: true, id: "old-id" });
  });

  it("reads Authorization from Fetch headers, with the scheme in any case", () => {
    const headers = new Headers({ Authorization: PUBLISHED_HEADER.replace("Basic", "bAsIc") });
    expect(verifyBasicAuth({ credentials: PUBLISHED, headers }).ok).toBe(true);
  });

  it("says only that the pair does not match, whether the id or the secret was wrong", () => {
    const wrongSecret = basicAuthHeader({ id: PUBLISHED.id, secret: "x" });
    const wrongId = basicAuthHeader({ id: "x", secret: PUBLISHED.secret });
    const a = verifyBasicAuth({ credentials: PUBLISHED, authorization: wrongSecret });
    const b = verifyBasicAuth({ credentials: PUBLISHED, authorization: wrongId });
    expect(a).toEqual(b);
    expect(outcome(a)).toEqual({ ok: false, reason: "signature_mismatch" });
  });

  it("refuses credentials that differ only by what follows the first colon", () => {
    // "id:se:cret" means id "id" and secret "se:cret"; it must not match id "id:se".
    const header = basicAuthHeader({ id: "id", secret: "se:cret" });
    expect(verifyBasicAuth({ credentials: { id: "id", secret: "se:cret" }, authorization: header }).ok).toBe(true);
    expect(verifyBasicAuth({ credentials: { id: "id", secret: "se" }, authorization: header }).ok).toBe(false);
  });

  it("refuses as malformed a decoded value without a colon, or not UTF-8, short or longer than the 256-byte pad", () => {
    const pair = { id: "shop", secret: "pw" };
    for (const length of [10, 256, 257, 600]) {
      const noColon = Buffer.alloc(length, "a");
      const notUtf8 = Buffer.concat([Buffer.from("shop:"), Buffer.alloc(length - 5, 0xff)]);
      for (const raw of [noColon, notUtf8]) {
        expect(outcome(verifyBasicAuth({ credentials: pair, authorization: `Basic ${raw.toString("base64")}` })), `${length} bytes`).toEqual({ ok: false, reason: "malformed_header" });
      }
    }
  });

  it("compares the whole pair and its length: trailing NUL bytes, a prefix or an extension never match", () => {
    const pair = { id: "shop", secret: "pw" };
    const header = (raw: Buffer) => `Basic ${raw.toString("base64")}`;
    for (const raw of [Buffer.from("shop:pw\0"), Buffer.from("shop:pw\0\0\0"), Buffer.from("shop:p"), Buffer.from("shop:pwx"), Buffer.from("\0shop:pw")]) {
      expect(outcome(verifyBasicAuth({ credentials: pair, authorization: header(raw) })), JSON.stringify(raw.toString())).toEqual({
        ok: false,
        reason: "signature_mismatch",
      });
    }
    expect(verifyBasicAuth({ credentials: pair, authorization: header(Buffer.from("shop:pw")) }).ok).toBe(true);
  });

  it("verifies pairs of any length, short or far longer than a usual secret, and tells them apart", () => {
    for (const length of [1, 63, 64, 200, 254, 255, 256, 257, 600, 5000]) {
      const pair = { id: "shop", secret: "s".repeat(length) };
      const other = { id: "shop", secret: `${"s".repeat(length - 1)}t` };
      const authorization = basicAuthHeader(pair);
      expect(verifyBasicAuth({ credentials: pair, authorization }), `secret of ${length}`).toEqual({ ok: true, id: "shop" });
      expect(verifyBasicAuth({ credentials: [other, pair], authorization }), `secret of ${length}, second pair`).toEqual({ ok: true, id: "shop" });
      expect(verifyBasicAuth({ credentials: other, authorization }).ok, `another secret of ${length}`).toBe(false);
      expect(verifyBasicAuth({ credentials: { id: "shop", secret: "s" }, authorization }).ok, `received ${length}, configured 1`).toBe(length === 1);
    }
  });

  it("verifies pairs whose multi-byte characters straddle the 256-byte pad's end, and tells them apart", () => {
    // "😀" is 4 UTF-8 bytes, "ệ" 3, "é" 2: every total from 240 to 270 bytes, the last character cut by the pad's end or not.
    for (const char of ["😀", "ệ", "é", "s"]) {
      for (let total = 240; total <= 270; total++) {
        const charBytes = Buffer.byteLength(char);
        const fill = total - "shop:".length - charBytes;
        const secret = `${"s".repeat(fill)}${char}`;
        const pair = { id: "shop", secret };
        expect(Buffer.byteLength(`shop:${secret}`)).toBe(total);
        const authorization = basicAuthHeader(pair);
        const label = `${total} bytes ending in ${char}`;
        expect(verifyBasicAuth({ credentials: pair, authorization }), label).toEqual({ ok: true, id: "shop" });
        expect(verifyBasicAuth({ credentials: { id: "shop", secret: `${"s".repeat(fill)}x` }, authorization }).ok, `${label}, last character other`).toBe(char === "x");
        expect(verifyBasicAuth({ credentials: { id: "shop", secret: "s".repeat(fill) }, authorization }).ok, `${label}, last character cut`).toBe(false);
        const cut = basicAuthHeader({ id: "shop", secret: "s".repeat(fill) });
        expect(verifyBasicAuth({ credentials: pair, authorization: cut }).ok, `${label}, received without its last character`).toBe(false);
        expect(verifyBasicAuth({ credentials: { id: "shop", secret: `${secret}s` }, authorization }).ok, `${label}, one more byte configured`).toBe(false);
        const idPair = { id: `${"i".repeat(fill)}${char}`, secret: "pw" };
        expect(verifyBasicAuth({ credentials: [pair, idPair], authorization: basicAuthHeader(idPair) }), `${label}, in the id`).toEqual({ ok: true, id: idPair.id });
      }
    }
    // A configured pair too long for the pad against short received credentials, and the other way round.
    const long = { id: "shop", secret: "s".repeat(300) };
    const short = { id: "shop", secret: "pw" };
    expect(verifyBasicAuth({ credentials: long, authorization: basicAuthHeader(short) }).ok).toBe(false);
    expect(verifyBasicAuth({ credentials: [long, short], authorization: basicAuthHeader(short) })).toEqual({ ok: true, id: "shop" });
    expect(verifyBasicAuth({ credentials: [short, long], authorization: basicAuthHeader(long) })).toEqual({ ok: true, id: "shop" });
  });

  it("builds the header Tiki sends, UTF-8 encoded", () => {
    expect(basicAuthHeader(PUBLISHED)).toBe(PUBLISHED_HEADER);
    const header = basicAuthHeader({ id: "shop", secret: "mật-khẩu" });
    expect(header).toBe(`Basic ${Buffer.from("shop:mật-khẩu", "utf8").toString("base64")}`);
    expect(verifyBasicAuth({ credentials: { id: "shop", secret: "mật-khẩu" }, authorization: header }).ok).toBe(true);
  });

  it("throws a TypeError naming the argument for bad credentials, even when the header is missing", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ id: "a:b", secret: "s" }, /credentials\.id must be a non-empty string without ':'/],
      [{ id: "", secret: "s" }, /credentials\.id/],
      [{ id: "a", secret: "" }, /credentials\.secret must be a non-empty string/],
      [{ id: "a" }, /credentials\.secret/],
      [[], /credentials must not be an empty list/],
      [[PUBLISHED, { id: "b", secret: "" }], /credentials\[1\]\.secret/],
      ["user:pass", /credentials must be an object/],
    ];
    for (const [credentials, message] of cases) {
      expect(() => verifyBasicAuth({ credentials: credentials as never, authorization: undefined })).toThrow(message);
    }
    expect(() => basicAuthHeader({ id: "a:b", secret: "s" })).toThrow(TypeError);
    expect(() => verifyBasicAuth({ credentials: PUBLISHED } as never)).toThrow(/authorization .* or headers/);
    expect(() => verifyBasicAuth({ credentials: PUBLISHED, authorization: PUBLISHED_HEADER, headers: {} })).toThrow(TypeError);
  });
});
