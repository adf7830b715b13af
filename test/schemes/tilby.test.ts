import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signHmacHex, verifyHmacHex } from "../../src/index.js";
import { outcome } from "../helpers/outcome.js";

const TOKEN = "tilby-static-token";
const BODY = '{"type":"CLOSED","entity_name":"sales","time":"2024-01-01T10:00:00.000Z","entities":[{"id":1}],"nRetry":0}';
/** Tilby's security page, transcribed: createHmac('sha256', token).update(body).digest('hex'). */
const reference = (body: string, algorithm = "sha256") => createHmac(algorithm, TOKEN).update(body).digest("hex");

describe("verifyHmacHex", () => {
  it("accepts Tilby's hex HMAC given as the bare value, in either case", () => {
    expect(verifyHmacHex({ body: BODY, secret: TOKEN, signature: reference(BODY) }).ok).toBe(true);
    expect(verifyHmacHex({ body: BODY, secret: TOKEN, signature: reference(BODY).toUpperCase() }).ok).toBe(true);
  });

  it("needs headerName with headers, since Tilby does not document its header", () => {
    expect(() => verifyHmacHex({ body: BODY, secret: TOKEN, headers: { "x-signature": reference(BODY) } })).toThrow(
      /headerName is required when headers is given/,
    );
    expect(verifyHmacHex({ body: BODY, secret: TOKEN, headers: { "X-Tilby-Hmac": reference(BODY) }, headerName: "x-tilby-hmac" }).ok).toBe(true);
  });

  it("strips a configured prefix case-insensitively and refuses a value without it", () => {
    const prefixed = `sha256=${reference(BODY)}`;
    expect(verifyHmacHex({ body: BODY, secret: TOKEN, signature: prefixed, prefix: "sha256=" }).ok).toBe(true);
    expect(verifyHmacHex({ body: BODY, secret: TOKEN, signature: `SHA256=${reference(BODY)}`, prefix: "sha256=" }).ok).toBe(true);
    expect(outcome(verifyHmacHex({ body: BODY, secret: TOKEN, signature: reference(BODY), prefix: "sha256=" }))).toEqual({
      ok: false,
      reason: "malformed_header",
    });
    expect(outcome(verifyHmacHex({ body: BODY, secret: TOKEN, signature: prefixed }))).toEqual({ ok: false, reason: "malformed_header" });
  });

  it("checks the digit count against the algorithm", () => {
    expect(verifyHmacHex({ body: BODY, secret: TOKEN, signature: reference(BODY, "sha512"), algorithm: "sha512" }).ok).toBe(true);
    expect(outcome(verifyHmacHex({ body: BODY, secret: TOKEN, signature: reference(BODY, "sha1") }))).toEqual({
      ok: false,
      reason: "malformed_header",
    });
  });

  it("signs as Tilby does, with an optional prefix", () => {
    expect(signHmacHex({ body: BODY, secret: TOKEN })).toBe(reference(BODY));
    expect(signHmacHex({ body: BODY, secret: TOKEN, prefix: "sha1=", algorithm: "sha1" })).toBe(`sha1=${reference(BODY, "sha1")}`);
  });

  it("throws a TypeError for a prefix that is not a string", () => {
    expect(() => verifyHmacHex({ body: BODY, secret: TOKEN, signature: undefined, prefix: 1 as never })).toThrow(/prefix must be a string/);
    expect(() => signHmacHex({ body: BODY, secret: TOKEN, prefix: null as never })).toThrow(/prefix must be a string/);
  });
});
