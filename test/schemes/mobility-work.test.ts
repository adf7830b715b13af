import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MW_SIGNATURE_HEADER, parseMwSignatureHeader, signMwSignature, verifyMwSignature } from "../../src/index.js";
import { outcome } from "../helpers/outcome.js";

const SECRET = "mw-demo-secret";
const BODY = '{"_event":"spare_part_out_of_stock","_date":"2024-07-29T15:51:28.071Z","_metadata":[]}';
const T = 1660338149;
const NONCE = "752c14ea195c460bac3c3b7896975ee9fd15eeb7";

/** The PHP reference, transcribed: hash_hmac('sha256', sprintf('%s.%s.%s', $t, $nonce, $payload), $secret). */
function reference(t: string, nonce: string, body: string, secret = SECRET): string {
  return createHmac("sha256", secret).update(`${t}.${nonce}.${body}`).digest("hex");
}
const HEADER = `t=${T},nonce=${NONCE},signature=${reference(String(T), NONCE, BODY)}`;

describe("verifyMwSignature", () => {
  it("accepts a delivery signed at now, and returns its timestamp and nonce", () => {
    expect(verifyMwSignature({ body: BODY, secret: SECRET, signature: HEADER, now: T * 1000 })).toEqual({
      ok: true,
      timestamp: T,
      nonce: NONCE,
    });
  });

  it("reads X-MW-Signature from request headers in any case", () => {
    expect(MW_SIGNATURE_HEADER).toBe("x-mw-signature");
    const now = new Date(T * 1000);
    expect(verifyMwSignature({ body: BODY, secret: SECRET, headers: { "X-MW-Signature": HEADER }, now }).ok).toBe(true);
    expect(verifyMwSignature({ body: BODY, secret: SECRET, headers: new Headers({ "x-mw-signature": HEADER }), now }).ok).toBe(true);
  });

  it("keeps the window inclusive on both sides, to the millisecond", () => {
    const at = (now: number, toleranceSeconds?: number) =>
      outcome(verifyMwSignature({ body: BODY, secret: SECRET, signature: HEADER, now, ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) }));
    expect(at((T + 300) * 1000).ok).toBe(true);
    expect(at((T + 300) * 1000 + 1)).toEqual({ ok: false, reason: "timestamp_too_old" });
    expect(at((T - 300) * 1000).ok).toBe(true);
    expect(at((T - 300) * 1000 - 1)).toEqual({ ok: false, reason: "timestamp_too_new" });
    expect(at((T + 3600) * 1000, 3600).ok).toBe(true);
    expect(at(T * 1000, 0).ok).toBe(true);
    expect(at(T * 1000 + 1, 0)).toEqual({ ok: false, reason: "timestamp_too_old" });
    expect(at(Date.UTC(2040, 0, 1), Infinity).ok).toBe(true);
  });

  it("uses the real clock when now is not given", () => {
    const fresh = signMwSignature({ body: BODY, secret: SECRET });
    expect(verifyMwSignature({ body: BODY, secret: SECRET, signature: fresh }).ok).toBe(true);
    expect(verifyMwSignature({ body: BODY, secret: SECRET, signature: HEADER }).ok).toBe(false);
  });

  it("never reports a time problem for a wrong signature", () => {
    const forged = `t=${T},nonce=${NONCE},signature=${"ab".repeat(32)}`;
    expect(outcome(verifyMwSignature({ body: BODY, secret: SECRET, signature: forged, now: 0 }))).toEqual({
      ok: false,
      reason: "signature_mismatch",
    });
  });

  it("signs the timestamp exactly as it appears in the header", () => {
    const padded = `t=0${T},nonce=${NONCE},signature=${reference(`0${T}`, NONCE, BODY)}`;
    expect(verifyMwSignature({ body: BODY, secret: SECRET, signature: padded, now: T * 1000 })).toEqual({ ok: true, timestamp: T, nonce: NONCE });
    const reformatted = `t=0${T},nonce=${NONCE},signature=${reference(String(T), NONCE, BODY)}`;
    expect(verifyMwSignature({ body: BODY, secret: SECRET, signature: reformatted, now: T * 1000 }).ok).toBe(false);
  });

  it("accepts the fields in any order, with spaces after commas and unknown fields", () => {
    const sig = reference(String(T), NONCE, BODY);
    for (const header of [
      `signature=${sig},nonce=${NONCE},t=${T}`,
      `t=${T}, nonce=${NONCE},  signature=${sig.toUpperCase()}`,
      `v=2,t=${T},nonce=${NONCE},signature=${sig},extra=x`,
    ]) {
      expect(verifyMwSignature({ body: BODY, secret: SECRET, signature: header, now: T * 1000 }).ok, header).toBe(true);
    }
  });

  it("refuses a header with a field twice, missing, or not in its form", () => {
    const sig = reference(String(T), NONCE, BODY);
    for (const header of [
      `t=${T},t=${T},nonce=${NONCE},signature=${sig}`,
      `t=${T},nonce=${NONCE},nonce=${NONCE},signature=${sig}`,
      `t=${T},nonce=${NONCE},signature=${sig},signature=${sig}`,
      `t=${T},signature=${sig}`,
      `t=-1,nonce=${NONCE},signature=${sig}`,
      `t=1e9,nonce=${NONCE},signature=${sig}`,
      `t=${T},nonce=,signature=${sig}`,
      `t=${T},nonce=a b,signature=${sig}`,
      `t=${T},nonce=${NONCE},signature=${sig.slice(1)}`,
      `t=${T},,nonce=${NONCE},signature=${sig}`,
      `t=${T};nonce=${NONCE};signature=${sig}`,
    ]) {
      expect(outcome(verifyMwSignature({ body: BODY, secret: SECRET, signature: header, now: T * 1000 })), header).toEqual({
        ok: false,
        reason: "malformed_header",
      });
    }
  });

  it("throws a TypeError for a bad tolerance or clock, before looking at the header", () => {
    const base = { body: BODY, secret: SECRET, signature: undefined };
    for (const toleranceSeconds of [-1, Number.NaN, "300" as never]) {
      expect(() => verifyMwSignature({ ...base, toleranceSeconds })).toThrow(/toleranceSeconds must be a number >= 0/);
    }
    for (const now of [Number.NaN, new Date("nope"), "now" as never]) {
      expect(() => verifyMwSignature({ ...base, now })).toThrow(/now must be ms since the epoch or a valid Date/);
    }
    expect(() => verifyMwSignature({ ...base, secret: "" })).toThrow(TypeError);
  });
});

describe("signMwSignature", () => {
  it("matches the PHP reference and uses 40 random hex digits and the current second by default", () => {
    expect(signMwSignature({ body: BODY, secret: SECRET, timestamp: T, nonce: NONCE })).toBe(HEADER);
    const before = Math.floor(Date.now() / 1000);
    const parsed = parseMwSignatureHeader(signMwSignature({ body: BODY, secret: SECRET }));
    expect(parsed?.nonce).toMatch(/^[0-9a-f]{40}$/);
    expect(parsed!.timestamp).toBeGreaterThanOrEqual(before);
    expect(parsed!.timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("throws a TypeError for a timestamp or nonce the header cannot carry", () => {
    for (const timestamp of [-1, 1.5, Number.NaN]) {
      expect(() => signMwSignature({ body: BODY, secret: SECRET, timestamp })).toThrow(/timestamp must be a whole number/);
    }
    for (const nonce of ["", "a,b", "a b", "é"]) {
      expect(() => signMwSignature({ body: BODY, secret: SECRET, nonce })).toThrow(/nonce must be/);
    }
  });
});

describe("parseMwSignatureHeader", () => {
  it("returns the fields with the signature in lowercase", () => {
    const sig = reference(String(T), NONCE, BODY);
    expect(parseMwSignatureHeader(`t=${T},nonce=${NONCE},signature=${sig.toUpperCase()}`)).toEqual({
      timestamp: T,
      nonce: NONCE,
      signature: sig,
    });
  });

  it("returns null, never throws, for anything else", () => {
    for (const value of ["", "t=1", `t=${T},nonce=${NONCE},signature=zz`, null, 42, {}, "x".repeat(1_000_000)]) {
      expect(parseMwSignatureHeader(value as string)).toBeNull();
    }
  });
});
