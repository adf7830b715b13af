// What the Node and Web Crypto Mobility Work schemes share: the header's grammar, the
// argument checks and the time window. Platform-neutral: no node: import, no Buffer.
import { argumentError, describe } from "../lib/errors.js";
import { MAX_HEADER_LENGTH } from "../lib/headers.js";
import { type VerifyFailure, fail, malformedHeader } from "../lib/result.js";

/** The header Mobility Work signs its webhooks in (`X-MW-Signature`). */
export const MW_SIGNATURE_HEADER = "x-mw-signature";

/** Default accepted distance between the signed timestamp and now, either way. */
export const MW_DEFAULT_TOLERANCE_SECONDS = 300;

/** The fields of an `X-MW-Signature` header. */
export interface MwSignatureHeader {
  /** `t`, in unix seconds. */
  timestamp: number;
  /** The nonce as sent: printable ASCII, no whitespace, comma or ".". */
  nonce: string;
  /** 64 lowercase hex digits. */
  signature: string;
}

const DIGITS = /^[0-9]+$/;
/**
 * Printable ASCII without whitespace, comma or ".": the signed string is t "." nonce "." body,
 * so a "." in the nonce would let one signature cover another split of the same bytes into
 * nonce and body (a forgery from any genuine delivery).
 */
const NONCE = /^[\x21-\x2b\x2d\x2f-\x7e]+$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;
/** The spaces SPEC allows after a comma: U+0020 only, as many as sent. */
const LEADING_SPACES = /^ +/;

/** The header's fields as sent: `t` is signed exactly so. */
export interface MwFields {
  t: string;
  nonce: string;
  signature: string;
}

/**
 * Parses `t=…,nonce=…,signature=…` (already trimmed): any order, each once, unknown fields
 * ignored, `signature` 64 hex digits in either case. Null when it is not that.
 *
 * The order Mobility Work sends (`t`, `nonce`, `signature`, no spaces, nothing else) is read
 * by three searches; anything else, or anything that fails a check there, goes to the general
 * parser. When the fast path succeeds, splitting at the commas gives exactly those three fields
 * (neither `t` nor the nonce can hold a comma), so both paths always agree.
 */
export function parseMwFields(value: string): MwFields | null {
  return canonicalMwFields(value) ?? parseMwFieldsAnyOrder(value);
}

/** The fields when `value` is exactly `t=…,nonce=…,signature=…` and each passes its check; else null. */
function canonicalMwFields(value: string): MwFields | null {
  // Stryker disable all: equivalent; where this fast path gives up, the general parser gives the same answer (test/properties/schemes.test.ts compares both on any value), so these lines only decide how fast
  if (!value.startsWith("t=")) return null;
  const n = value.indexOf(",nonce=", 2);
  const c = n < 0 ? -1 : value.indexOf(",", n + 7);
  // ",signature=" (11 characters) then exactly 64 digits end the value.
  if (c < 0 || value.length - c !== 75 || !value.startsWith(",signature=", c)) return null;
  const t = value.slice(2, n);
  const nonce = value.slice(n + 7, c);
  const signature = value.slice(c + 11);
  // Stryker restore all
  return DIGITS.test(t) && NONCE.test(nonce) && SIGNATURE.test(signature) ? { t, nonce, signature } : null;
}

/** The general parser behind `parseMwFields`, for any order, spaces after commas and unknown fields. */
export function parseMwFieldsAnyOrder(value: string): MwFields | null {
  let t: string | undefined;
  let nonce: string | undefined;
  let signature: string | undefined;
  for (const rawPart of value.split(",")) {
    // ASCII spaces may follow a comma (SPEC); anything else around a field (a tab, a no-break
    // space, U+FEFF, any other Unicode whitespace) is part of it, and refused.
    const part = rawPart.replace(LEADING_SPACES, "");
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    const field = part.slice(eq + 1);
    switch (part.slice(0, eq)) {
      case "t":
        if (t !== undefined || !DIGITS.test(field)) return null;
        t = field;
        break;
      case "nonce":
        if (nonce !== undefined || !NONCE.test(field)) return null;
        nonce = field;
        break;
      case "signature":
        if (signature !== undefined || !SIGNATURE.test(field)) return null;
        signature = field;
        break;
    }
  }
  if (t === undefined || nonce === undefined || signature === undefined) return null;
  return { t, nonce, signature };
}

/** Parses an `X-MW-Signature` value; null when it is not in the documented form. Never throws. */
export function parseMwSignatureHeader(value: string): MwSignatureHeader | null {
  if (typeof value !== "string" || value.length > MAX_HEADER_LENGTH) return null;
  const fields = parseMwFields(value.trim());
  if (fields === null) return null;
  return { timestamp: Number(fields.t), nonce: fields.nonce, signature: fields.signature.toLowerCase() };
}

/** The malformed_header failure, with what a well-formed value looks like. */
export function malformedMwHeader(): VerifyFailure {
  return malformedHeader(MW_SIGNATURE_HEADER, "expected t={unix seconds},nonce={nonce},signature={64 hex digits}, each field once");
}

/** `toleranceSeconds`, checked: a number >= 0 (Infinity allowed), default 300. */
export function mwToleranceOf(value: unknown): number {
  if (value === undefined) return MW_DEFAULT_TOLERANCE_SECONDS;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) throw badTolerance(value);
  return value;
}

// Failures are built out of line, so that the checks stay small enough for V8 to inline.
function badTolerance(value: unknown): TypeError {
  return argumentError("toleranceSeconds", `must be a number >= 0 (Infinity turns the check off), got ${typeof value === "number" ? value : describe(value)}`);
}

/** `now`, checked: ms since the epoch or a valid Date; default `Date.now()`. */
export function mwNowMsOf(value: unknown): number {
  if (value === undefined) return Date.now();
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw badNow(value); // false for anything but a finite number
  return ms as number;
}

function badNow(value: unknown): TypeError {
  return argumentError("now", `must be ms since the epoch or a valid Date, got ${describe(value)}`);
}

/** Seconds to the millisecond, for messages: 300.001 must not print as 300. */
function seconds(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** The time-window failure for a correctly signed `t`, or null inside the (inclusive) window. */
export function mwWindowFailure(t: string, nowMs: number, tolerance: number): VerifyFailure | null {
  const age = nowMs / 1000 - Number(t);
  if (age > tolerance) {
    return fail("timestamp_too_old", `The ${MW_SIGNATURE_HEADER} timestamp is ${seconds(age)} s old, more than the ${tolerance} s allowed.`);
  }
  if (-age > tolerance) {
    return fail("timestamp_too_new", `The ${MW_SIGNATURE_HEADER} timestamp is ${seconds(-age)} s in the future, more than the ${tolerance} s allowed.`);
  }
  return null;
}

/** The signer's `timestamp` and `nonce`, checked; `randomNonce` supplies the default nonce. */
export function mwSignFields(timestamp: unknown, nonce: unknown, randomNonce: () => string): { t: string; nonce: string } {
  const unix = timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(unix) || (unix as number) < 0) {
    throw argumentError("timestamp", `must be a whole number of unix seconds >= 0, got ${typeof unix === "number" ? unix : describe(unix)}`);
  }
  const value = nonce ?? randomNonce();
  if (typeof value !== "string" || !NONCE.test(value)) {
    throw argumentError("nonce", "must be non-empty printable ASCII without commas, whitespace or '.'");
  }
  return { t: String(unix), nonce: value };
}
