// ZaloPay's callback body, read for its MAC: `{"data":"<JSON text>","mac":"<hex>","type":1}`,
// where `mac` is the hex HMAC-SHA256 (key2) of the `data` string exactly as received. Shared by
// the node:crypto and Web Crypto schemes (platform-neutral: no node: import).
import { isHex } from "../lib/encoding.js";
import { argumentError, describe } from "../lib/errors.js";
import { type VerifyFailure, fail } from "../lib/result.js";
import { readStrictJson } from "../lib/strict-json.js";

/** What a ZaloPay callback carries for verification: the MAC's digits and the signed `data` text. */
export interface ZalopaySigned {
  digits: string;
  data: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The callback's MAC and `data`, or why it cannot be checked (the body is the MAC's carrier:
 * `missing_header` for no `mac`, `malformed_header` for a body without a single JSON reading or
 * a field not in ZaloPay's form). `data` itself is read strictly by the parser, which refuses
 * one without a single reading.
 */
export function readZalopayBody(body: string | Uint8Array): ZalopaySigned | VerifyFailure {
  const read = readStrictJson(body);
  if (!read.ok) return fail("malformed_header", `The ZaloPay body is malformed (its mac field is not read): ${read.problem}.`);
  const value = read.value;
  if (!isRecord(value)) return fail("malformed_header", "The ZaloPay body is malformed: expected a JSON object with data and mac fields.");
  const mac = Object.prototype.hasOwnProperty.call(value, "mac") ? value.mac : undefined;
  if (mac === undefined || mac === null || (typeof mac === "string" && mac.trim() === "")) {
    return fail("missing_header", "The ZaloPay body's mac field is missing or empty.");
  }
  if (typeof mac !== "string" || !isHex(mac.trim(), 32)) return fail("malformed_header", "The ZaloPay body's mac field is malformed: expected 64 hex digits.");
  const digits = mac.trim();
  const data = Object.prototype.hasOwnProperty.call(value, "data") ? value.data : undefined;
  if (typeof data !== "string") return fail("malformed_header", "The ZaloPay body's data field is malformed: expected a string (the signed JSON text).");
  return { digits, data };
}

/** The signature_mismatch of a well-formed ZaloPay callback. */
export function zalopayMismatch(): VerifyFailure {
  return fail("signature_mismatch", "The ZaloPay body's mac field does not match its data under any configured key2.");
}

/** The `data` string given to the sign function, checked. */
export function zalopayDataOf(data: unknown): string {
  if (typeof data !== "string") throw argumentError("data", `must be the callback's data string (JSON text), got ${describe(data)}`);
  return data;
}
