// What the Node and Web Crypto VNPay schemes share: reading an IPN's query, the strings its
// signature may cover, and the argument checks. Platform-neutral: no node: import, no Buffer.
//
// VNPay 2.1.0 signs the `vnp_*` parameters but `vnp_SecureHash` (and `vnp_SecureHashType`),
// sorted by name, joined `name=value&…` with each name and value URL-encoded (DOC: version and
// HMAC-SHA512; THIRD: the sort, the exclusions and the encoding, from VNPay's demo code). The
// demos disagree on details: PHP's `urlencode` encodes `!'()*~`, the Node demo's
// `encodeURIComponent` leaves them, Java's `URLEncoder` leaves `*`; PHP keeps a parameter with
// an empty value (`name=`), Java skips it. A genuine IPN must not fail on a reading VNPay's own
// code may use, so every reading is tried. That accepts nothing forged: each reading's string
// decodes back to the same parameters (all of them encode `&`, `=`, `+` and `%`), so a string
// VNPay signed under its reading names exactly the parameters received.
import { argumentError, describe } from "../lib/errors.js";
import { type VerifyFailure, fail } from "../lib/result.js";

/** The query parameter VNPay's IPN carries its signature in. */
export const VNPAY_SIGNATURE_PARAM = "vnp_SecureHash";

/** The vnp_ parameters of an IPN, decoded, by name. */
export type VnpayParams = Record<string, string>;

/** A read IPN query: its signed parameters (in the order received) and its signature's digits. */
export interface VnpayQuery {
  params: VnpayParams;
  signature: string;
}

const EXCLUDED = /* @__PURE__ */ new Set(["vnp_SecureHash", "vnp_SecureHashType"]);
const SAFE_NAME = /^vnp_[A-Za-z0-9_]{1,40}$/;
/** 64 bytes in hex, either case (src/lib/encoding.ts is the root entry's; this file serves /web too). */
const SHA512_HEX = /^[0-9a-fA-F]{128}$/;

/** The query part of a query string (`?` optional), a request target or a URL. */
function queryPart(query: string): string {
  // No `?`: indexOf is -1, and the slice from 0 is the whole string.
  const from = query.slice(query.indexOf("?") + 1);
  const hash = from.indexOf("#");
  return hash < 0 ? from : from.slice(0, hash);
}

/** One application/x-www-form-urlencoded name or value, decoded strictly (UTF-8), or null. */
function decodePart(part: string): string | null {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    return null;
  }
}

function malformedQuery(detail: string): VerifyFailure {
  return fail("malformed_header", `The query is malformed: ${detail}.`);
}

/**
 * Reads an IPN's query: a string that is the query (with or without its `?`), or a request
 * target or URL, whose part after the first `?` (and before any `#`) is read. Only `vnp_*`
 * parameters count (a parameter of the merchant's own URL is not signed). A `vnp_*` parameter
 * given twice, or a name or value that is not percent-encoded UTF-8, is a failure: which value
 * was signed could not be told.
 */
export function readVnpayQuery(query: string): VnpayQuery | VerifyFailure {
  const params: VnpayParams = {};
  let signature = "";
  for (const piece of queryPart(query).split("&")) {
    // A piece with no `=` (or an empty one) is a name with an empty value: its `=` is found at its end.
    const equals = `${piece}=`.indexOf("=");
    const name = decodePart(piece.slice(0, equals));
    const value = decodePart(piece.slice(equals + 1));
    if (name === null || value === null) return malformedQuery("a parameter is not percent-encoded UTF-8");
    if (!name.startsWith("vnp_")) continue;
    if (Object.hasOwn(params, name)) {
      return malformedQuery(`${SAFE_NAME.test(name) ? name : "a vnp_ parameter"} is given twice (which value was signed cannot be told)`);
    }
    params[name] = value;
  }
  if (Object.hasOwn(params, VNPAY_SIGNATURE_PARAM)) signature = params[VNPAY_SIGNATURE_PARAM]!;
  if (signature === "") return fail("missing_header", `The ${VNPAY_SIGNATURE_PARAM} query parameter is missing or empty.`);
  if (!SHA512_HEX.test(signature)) {
    return fail("malformed_header", `The ${VNPAY_SIGNATURE_PARAM} query parameter is malformed: expected 128 hex digits (HMAC-SHA512, version 2.1.0).`);
  }
  for (const name of EXCLUDED) delete params[name];
  return { params, signature };
}

/** The signature failure, named after where it is. */
export function vnpayMismatch(): VerifyFailure {
  return fail("signature_mismatch", `The ${VNPAY_SIGNATURE_PARAM} signature does not match the query's vnp_ parameters under any configured secret.`);
}

/** The parameters a handler gets: the signed ones whose value is not empty (an empty one is signed under one reading only). */
export function vnpayPayload(params: VnpayParams): VnpayParams {
  const out: VnpayParams = {};
  for (const name of Object.keys(params).sort()) if (params[name] !== "") out[name] = params[name]!;
  return out;
}

const hexOf = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
/** PHP's urlencode: all but letters, digits and `-_.`; a space as `+`. */
const php = (text: string): string => encodeURIComponent(text).replace(/[!'()*~]/g, hexOf).replaceAll("%20", "+");
/** The Node demo's encodeURIComponent with `%20` as `+`. */
const js = (text: string): string => encodeURIComponent(text).replaceAll("%20", "+");
/** Java's URLEncoder: as PHP, but `*` is left as it is. */
const java = (text: string): string => encodeURIComponent(text).replace(/[!'()~]/g, hexOf).replaceAll("%20", "+");

function joined(params: VnpayParams, names: readonly string[], encode: (text: string) => string, skipEmpty: boolean): string {
  let out = "";
  for (const name of names) {
    const value = params[name]!;
    if (skipEmpty && value === "") continue;
    out += `${out === "" ? "" : "&"}${encode(name)}=${encode(value)}`;
  }
  return out;
}

/** Every string the signature may cover (see the top of this file), each once; the PHP demo's first. */
export function vnpaySignedStrings(params: VnpayParams): string[] {
  const names = Object.keys(params).sort();
  const out: string[] = [];
  for (const encode of [php, js, java]) {
    for (const skipEmpty of [false, true]) {
      const text = joined(params, names, encode, skipEmpty);
      if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}

/** The query `signVnpayIpn` returns: the parameters sorted and encoded as VNPay's PHP demo does (empty ones left out), then the signature. */
export function vnpaySigningString(params: VnpayParams): string {
  return joined(params, Object.keys(params).sort(), php, true);
}

/** The `query` of a verify input: a string (a TypeError otherwise). */
export function vnpayQueryInput(query: unknown): string {
  if (typeof query !== "string") {
    throw argumentError("query", `must be the IPN's query string (or its request target or URL) as a string, got ${describe(query)}`);
  }
  return query;
}

/** The `params` of a sign input, checked: vnp_ names (not the signature's), string or number values. */
export function vnpayParamsInput(params: unknown): VnpayParams {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw argumentError("params", `must be an object of vnp_ parameters, got ${describe(params)}`);
  }
  const out: VnpayParams = {};
  for (const [name, value] of Object.entries(params)) {
    if (!name.startsWith("vnp_") || EXCLUDED.has(name)) {
      throw argumentError("params", `must hold vnp_ parameters other than vnp_SecureHash and vnp_SecureHashType (VNPay signs only those), got a key ${SAFE_NAME.test(name) ? name : "that is not one"}`);
    }
    if (typeof value !== "string" && !Number.isFinite(value)) {
      throw argumentError(`params.${SAFE_NAME.test(name) ? name : "?"}`, `must be a string or a finite number, got ${describe(value)}`);
    }
    out[name] = String(value);
  }
  if (Object.keys(out).length === 0) throw argumentError("params", "must not be empty");
  return out;
}

