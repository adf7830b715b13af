// What the Node and Web Crypto MoMo and Adyen schemes share: a JSON body read strictly (see
// src/lib/strict-json.ts), and the signed strings of their fields. Platform-neutral.
import { argumentError, describe } from "../lib/errors.js";
import { type VerifyFailure, fail } from "../lib/result.js";
import { readStrictJson } from "../lib/strict-json.js";
import type { HmacInput } from "../lib/bytes.js";

type Json = Record<string, unknown>;

// The received signatures' forms, checked strictly (src/lib/encoding.ts is the root entry's; this file serves /web too).
/** 32 bytes in hex, either case. */
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
/** 32 bytes in canonical padded standard base64: 42 characters, one whose low 2 bits are zero, "=". */
const SHA256_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const own = (object: Json, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

function malformedBody(detail: string): VerifyFailure {
  return fail("malformed_header", `The body is malformed: ${detail}.`);
}

/** The body as a strict JSON object, or why not. */
function readObject(body: HmacInput): { object: Json } | VerifyFailure {
  // The one strict reader (src/lib/strict-json.ts) the parsers use too: bytes that are not UTF-8 are refused, not replaced.
  const read = readStrictJson(body);
  if (!read.ok) return malformedBody(`${read.problem}; the signature covers fields of strict JSON`);
  return isObject(read.value) ? { object: read.value } : malformedBody("not a JSON object");
}

/** A signed field as text: a string as it is, a number (read strictly) as its own text, absent as "". Anything else: null. */
function fieldText(value: unknown, booleans: boolean): string | null {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || (booleans && typeof value === "boolean")) return String(value);
  return null;
}

// ---------------------------------------------------------------- MoMo

/** The fields of an IPN MoMo signs after `accessKey`, in order. */
export const MOMO_SIGNED_FIELDS = [
  "amount",
  "extraData",
  "message",
  "orderId",
  "orderInfo",
  "orderType",
  "partnerCode",
  "payType",
  "requestId",
  "responseTime",
  "resultCode",
  "transId",
] as const;

/** `accessKey=…&amount=…&…&transId=…` of a body's fields, or the first field that is not a string or number. */
function momoSignedString(accessKey: string, fields: Json): string | { field: string } {
  let out = `accessKey=${accessKey}`;
  for (const name of MOMO_SIGNED_FIELDS) {
    const text = fieldText(own(fields, name), false);
    if (text === null || own(fields, name) === null) return { field: name };
    out += `&${name}=${text}`;
  }
  return out;
}

/** A MoMo IPN read for its signature: the signed string and the signature's digits. */
export function readMomoIpn(body: HmacInput, accessKey: string): { signed: string; signature: string } | VerifyFailure {
  const read = readObject(body);
  if (!("object" in read)) return read;
  const fields = read.object;
  const signature = own(fields, "signature");
  if (signature === undefined || signature === null || signature === "") return fail("missing_header", "The body's signature field is missing or empty.");
  if (typeof signature !== "string" || !SHA256_HEX.test(signature)) return fail("malformed_header", "The body's signature field is malformed: expected 64 hex digits.");
  const signed = momoSignedString(accessKey, fields);
  if (typeof signed !== "string") return malformedBody(`the signed field ${signed.field} is not a string or a number`);
  return { signed, signature };
}

/** The partner's access key (the signed string starts with it; the IPN does not carry it). */
export function momoAccessKey(accessKey: unknown): string {
  if (typeof accessKey !== "string" || accessKey === "") {
    throw argumentError("accessKey", `must be the partner's access key, a non-empty string (MoMo signs it first; the IPN does not carry it), got ${describe(accessKey)}`);
  }
  return accessKey;
}

/** The object of a sign input, checked: its signed fields strings or numbers. */
export function momoFieldsInput(payload: unknown, accessKey: string): string {
  if (!isObject(payload)) throw argumentError("payload", `must be the IPN's fields as an object, got ${describe(payload)}`);
  const signed = momoSignedString(accessKey, payload);
  if (typeof signed !== "string") throw argumentError(`payload.${signed.field}`, "must be a string or a finite number (MoMo signs its text)");
  return signed;
}

export function momoMismatch(): VerifyFailure {
  return fail("signature_mismatch", "The body's signature field does not match its signed fields under any configured secret and this accessKey.");
}

// ---------------------------------------------------------------- Adyen

/** `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`, or the field that cannot be signed. */
function adyenSignedString(item: Json): string | { field: string } {
  const amount = own(item, "amount");
  if (amount !== undefined && amount !== null && !isObject(amount)) return { field: "amount" };
  const money = isObject(amount) ? amount : {};
  const parts: [string, unknown][] = [
    ["pspReference", own(item, "pspReference")],
    ["originalReference", own(item, "originalReference")],
    ["merchantAccountCode", own(item, "merchantAccountCode")],
    ["merchantReference", own(item, "merchantReference")],
    ["amount.value", own(money, "value")],
    ["amount.currency", own(money, "currency")],
    ["eventCode", own(item, "eventCode")],
    ["success", own(item, "success")],
  ];
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const [field, value] = parts[i]!;
    const text = fieldText(value, true);
    if (text === null) return { field };
    out += i === 0 ? text : `:${text}`;
  }
  return out;
}

/** Each item of an Adyen notification read for its signature: the signed string and the base64 signature. */
export function readAdyenNotification(body: HmacInput): { signed: string; signature: string }[] | VerifyFailure {
  const read = readObject(body);
  if (!("object" in read)) return read;
  const items = own(read.object, "notificationItems");
  if (!Array.isArray(items) || items.length === 0) return malformedBody("notificationItems is not a non-empty array");
  const out: { signed: string; signature: string }[] = [];
  for (let i = 0; i < items.length; i++) {
    const wrapper: unknown = items[i];
    const item = isObject(wrapper) ? own(wrapper, "NotificationRequestItem") : undefined;
    if (!isObject(item)) return malformedBody(`notificationItems[${i}] holds no NotificationRequestItem object`);
    const extra = own(item, "additionalData");
    const signature = isObject(extra) ? own(extra, "hmacSignature") : undefined;
    const where = `notificationItems[${i}].NotificationRequestItem.additionalData.hmacSignature`;
    if (signature === undefined || signature === null || signature === "") return fail("missing_header", `The body's ${where} is missing or empty.`);
    if (typeof signature !== "string" || !SHA256_BASE64.test(signature)) {
      return fail("malformed_header", `The body's ${where} is malformed: expected 44 characters of padded standard base64.`);
    }
    const signed = adyenSignedString(item);
    if (typeof signed !== "string") return malformedBody(`notificationItems[${i}]'s ${signed.field} cannot be signed (an object or an array)`);
    out.push({ signed, signature });
  }
  return out;
}

export function adyenMismatch(index: number): VerifyFailure {
  return fail("signature_mismatch", `The body's notificationItems[${index}] hmacSignature does not match its fields under any configured HMAC key (every item must match).`);
}

const HEX_KEY = /^(?:[0-9a-fA-F]{2})+$/;

/** One HMAC key as bytes: hex text (as the Customer Area shows it), or the bytes themselves. */
function adyenKey(key: unknown, argument: string): Uint8Array {
  if (key instanceof Uint8Array && key.length > 0) return key;
  if (typeof key !== "string" || !HEX_KEY.test(key)) {
    throw argumentError(argument, `must be the HMAC key in hex (as Adyen's Customer Area shows it) or its bytes as a non-empty Uint8Array, got ${typeof key === "string" ? "a string that is not an even number of hex digits" : describe(key)}`);
  }
  // Each byte from its two digits (a map has no loop bound whose <= would write past the end, unseen).
  return new Uint8Array(key.length / 2).map((_, i) => Number.parseInt(key.slice(i * 2, i * 2 + 2), 16));
}

/** The HMAC key or a rotation list of them, as bytes (hex decoded); a TypeError names a key that is not hex. */
export function adyenKeys(secret: unknown): Uint8Array | Uint8Array[] {
  if (!Array.isArray(secret)) return adyenKey(secret, "secret");
  if (secret.length === 0) throw argumentError("secret", "must not be an empty list");
  return secret.map((key, i) => adyenKey(key, `secret[${i}]`));
}

/** The one key a sign input takes, as bytes. */
export function adyenSigningKey(secret: unknown): Uint8Array {
  return adyenKey(secret, "secret");
}

/** The item of a sign input, checked: its signed string. */
export function adyenItemInput(item: unknown): string {
  if (!isObject(item)) throw argumentError("item", `must be a NotificationRequestItem object, got ${describe(item)}`);
  const signed = adyenSignedString(item);
  if (typeof signed !== "string") throw argumentError(`item.${signed.field}`, "must be a string, a number, a boolean or absent (Adyen signs its text)");
  return signed;
}
