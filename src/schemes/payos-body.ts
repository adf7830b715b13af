// payOS's body, read for its signature: `{"code","desc","success","data":{…},"signature"}`,
// where `signature` is the hex HMAC-SHA256 of `data`'s sorted `key=value&…` text. Shared by the
// node:crypto and Web Crypto schemes (platform-neutral: no node: import).
import { payosSignedTexts } from "../lib/canonical.js";
import { isHex } from "../lib/encoding.js";
import { argumentError, describe } from "../lib/errors.js";
import { type VerifyFailure, fail } from "../lib/result.js";
import { readStrictJson } from "../lib/strict-json.js";

/** What a payOS body carries for verification: the signature's digits and the texts it may sign. */
export interface PayosSigned {
  digits: string;
  /** The signed text of `data` (and its PHP spelling when an array in it holds a `/`). */
  texts: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The body's signature and signed texts, or why it cannot be checked. Every failure is about the
 * signature's carrier, the body: `missing_header` for no `signature` field, `malformed_header`
 * for a body without a single JSON reading (duplicate keys, numbers that would print otherwise,
 * `__proto__`) or a field not in payOS's form.
 */
export function readPayosBody(body: string | Uint8Array): PayosSigned | VerifyFailure {
  const read = readStrictJson(body);
  if (!read.ok) return fail("malformed_header", `The payOS body is malformed (its signature field is not read): ${read.problem}.`);
  const value = read.value;
  if (!isRecord(value)) return fail("malformed_header", "The payOS body is malformed: expected a JSON object with data and signature fields.");
  const signature = Object.prototype.hasOwnProperty.call(value, "signature") ? value.signature : undefined;
  if (signature === undefined || signature === null || (typeof signature === "string" && signature.trim() === "")) {
    return fail("missing_header", "The payOS body's signature field is missing or empty.");
  }
  if (typeof signature !== "string" || !isHex(signature.trim(), 32)) return fail("malformed_header", "The payOS body's signature field is malformed: expected 64 hex digits.");
  const digits = signature.trim();
  const data = Object.prototype.hasOwnProperty.call(value, "data") ? value.data : undefined;
  if (!isRecord(data)) return fail("malformed_header", "The payOS body's data field is malformed: expected an object (the signed fields).");
  const texts = payosSignedTexts(data);
  if (!texts.ok) return fail("malformed_header", `The payOS body's data field is malformed: ${texts.problem}.`);
  return { digits, texts: texts.texts };
}

/** The signature_mismatch of a well-formed payOS body. */
export function payosMismatch(): VerifyFailure {
  return fail("signature_mismatch", "The payOS body's signature field does not match its data under any configured checksum key.");
}

/**
 * The signed text of a `data` object given to a sign function: read as its JSON (what the body
 * will hold once serialised), so that what is signed is what is sent. A TypeError for a value
 * that is not a JSON object or that payOS's scheme cannot sign.
 */
export function payosSignText(data: unknown): string {
  if (!isRecord(data)) throw argumentError("data", `must be payOS's data object, got ${describe(data)}`);
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch {
    throw argumentError("data", "must be serialisable with JSON.stringify (no cycles, no BigInt)");
  }
  const read = readStrictJson(json);
  if (!read.ok) throw argumentError("data", `must have one JSON reading: ${read.problem}`);
  const texts = payosSignedTexts(read.value as Record<string, unknown>);
  if (!texts.ok) throw argumentError("data", `cannot be signed: ${texts.problem}`);
  return texts.texts[0] as string;
}
