// Casso (webhook v2): `X-Casso-Signature: t=<unix ms>,v1=<hex HMAC-SHA512>` over
// `{t}.{the body's JSON, keys sorted at every depth}`. The header's grammar, the signed texts,
// the window and the argument checks, shared by the node:crypto and Web Crypto schemes
// (platform-neutral: no node: import).
import { phpEscaped, sortedJson } from "../lib/canonical.js";
import { isHex } from "../lib/encoding.js";
import { argumentError, describe } from "../lib/errors.js";
import { type VerifyFailure, fail, malformedHeader } from "../lib/result.js";
import { readStrictJson } from "../lib/strict-json.js";

/** Casso's signature header, lowercase. */
export const CASSO_SIGNATURE_HEADER = "x-casso-signature";

/**
 * Largest accepted |now - t| in seconds when none is given: 300. Casso documents no tolerance;
 * five minutes is the common choice (Stripe's, Standard Webhooks'), and the option changes it.
 */
export const CASSO_DEFAULT_TOLERANCE_SECONDS = 300;

/** `t` (unix ms, 1 to 16 digits) and the 128 hex digits of `v1`. */
export interface CassoFields {
  t: string;
  digits: string;
}

const T = /^[0-9]{1,16}$/;

/**
 * The header's `t` and `v1`, each exactly once, in any order, whitespace around each part
 * allowed; other `key=value` parts are ignored (a later version's). Null when not in that form.
 */
export function parseCassoFields(value: string): CassoFields | null {
  let t: string | undefined;
  let digits: string | undefined;
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const field = part.slice(eq + 1).trim();
    if (key === "t") {
      if (t !== undefined || !T.test(field)) return null;
      t = field;
    } else if (key === "v1") {
      if (digits !== undefined || !isHex(field, 64)) return null;
      digits = field;
    }
  }
  return t === undefined || digits === undefined ? null : { t, digits };
}

export function malformedCassoHeader(): VerifyFailure {
  return malformedHeader(CASSO_SIGNATURE_HEADER, 'expected "t=<unix ms>,v1=<128 hex digits>"');
}

/**
 * The JSON texts the signature may cover, or why the body has none: the body's JSON with keys
 * sorted, as JavaScript's JSON.stringify writes it, then (when it would differ) as PHP's
 * json_encode does (`/` as `\/`, non-ASCII as `\uXXXX`). Casso does not say which it signs.
 */
export function cassoSignedTexts(body: string | Uint8Array): string[] | VerifyFailure {
  const read = readStrictJson(body);
  if (!read.ok) return fail("malformed_header", `The Casso body cannot be canonicalised for the ${CASSO_SIGNATURE_HEADER} signature: ${read.problem}.`);
  const json = sortedJson(read.value);
  const php = phpEscaped(json);
  return php === undefined ? [json] : [json, php];
}

/** The signature_mismatch of a well-formed Casso delivery. */
export function cassoMismatch(): VerifyFailure {
  return fail("signature_mismatch", `The ${CASSO_SIGNATURE_HEADER} signature does not match the body's sorted JSON under any configured checksum key.`);
}

/** `toleranceSeconds`, checked. */
export function cassoToleranceOf(value: unknown): number {
  if (value === undefined) return CASSO_DEFAULT_TOLERANCE_SECONDS;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw argumentError("toleranceSeconds", `must be a number >= 0 (Infinity turns the check off), got ${typeof value === "number" ? value : describe(value)}`);
  }
  return value;
}

/** `now`, checked: ms since the epoch or a valid Date; default `Date.now()`. */
export function cassoNowMsOf(value: unknown): number {
  if (value === undefined) return Date.now();
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw argumentError("now", `must be ms since the epoch or a valid Date, got ${describe(value)}`);
  return ms as number;
}

/** Seconds to the millisecond, for messages. */
function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** The window check of a genuine signature: `t` is unix milliseconds. */
export function cassoWindowFailure(t: string, nowMs: number, toleranceSeconds: number): VerifyFailure | null {
  const age = nowMs - Number(t);
  const limit = toleranceSeconds * 1000;
  if (age > limit) return fail("timestamp_too_old", `The ${CASSO_SIGNATURE_HEADER} timestamp is ${seconds(age)} s old, more than the ${toleranceSeconds} s allowed (t is unix milliseconds).`);
  if (-age > limit) return fail("timestamp_too_new", `The ${CASSO_SIGNATURE_HEADER} timestamp is ${seconds(-age)} s in the future, more than the ${toleranceSeconds} s allowed (t is unix milliseconds).`);
  return null;
}

/** The signer's `t` (unix ms), checked. */
export function cassoSignT(timestamp: unknown): string {
  const ms = timestamp ?? Date.now();
  if (!Number.isSafeInteger(ms) || (ms as number) < 0) {
    throw argumentError("timestamp", `must be a whole number of unix milliseconds >= 0, got ${typeof ms === "number" ? ms : describe(ms)}`);
  }
  return String(ms);
}

/** The body given to the signer, read strictly: its sorted JSON (JavaScript's spelling). */
export function cassoSignText(body: string | Uint8Array): string {
  const read = readStrictJson(body);
  if (!read.ok) throw argumentError("body", `must be JSON with one reading (Casso signs its sorted form): ${read.problem}`);
  return sortedJson(read.value);
}
