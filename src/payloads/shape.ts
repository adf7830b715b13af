// The machinery behind the payload parsers: a few small shape checkers and one entry point.
//
// Design:
// - Nothing is copied. A raw body is parsed with JSON.parse (which creates "__proto__" and
//   "constructor" keys as plain own properties) and the resulting object is returned as it
//   is; an already-parsed value is checked in place and returned as it is. No code here ever
//   assigns a property, so no key on the wire can reach a prototype, and unknown fields are
//   kept simply because nothing removes them.
// - Only documented fields are read, and only own properties: a polluted Object.prototype
//   cannot fill in a missing field. Unknown fields are never walked, so a huge or deeply
//   nested extra field costs nothing beyond JSON.parse itself.
// - A checker returns `undefined` when the value fits, or the first mismatch. Messages name the path and the kind of value found, never the value.
import { isArrayBuffer, isUint8Array } from "../lib/binary.js";
import { bytesToText } from "../lib/bytes.js";
import { describe } from "../lib/errors.js";
import type { Bytes } from "../lib/types.js";

/** Why a body could not be turned into a typed payload. Stable strings: switch on them. */
export type ParseFailureReason = "invalid_json" | "invalid_payload";

/** A body that is not JSON, or JSON that does not have the documented shape. */
export interface ParseFailure {
  /** Always false: the body was not read. */
  ok: false;
  /** Why, as a stable string to switch on. */
  reason: ParseFailureReason;
  /** A short sentence for logs. It never contains the body or any value from it. */
  message: string;
  /** Where the shape broke, with dots and brackets (`payload.list_reasons[0].reason_id`). Absent when the top-level value itself is wrong. */
  path?: string;
}

/** What a parser returns: the typed payload, or why not. */
export type ParseResult<T> =
  | {
      /** True: `value` has the documented shape. */
      ok: true;
      /** The payload. */
      value: T;
    }
  | ParseFailure;

/** Where a value does not fit and what was expected there. */
export interface Mismatch {
  path: string;
  expected: string;
  got: unknown;
}

declare const shapeType: unique symbol;

/** A runtime check for values of type T. */
export interface Shape<T> {
  /** `undefined` when `value` fits, else the first mismatch found. */
  readonly check: (value: unknown, path: string) => Mismatch | undefined;
  /** Phantom, invariant in T: the type checker keeps a checker in step with the interface it claims to check (field types, optionality). */
  readonly [shapeType]?: (value: T) => T;
}

/** Marks an object field that may be absent. */
export interface Optional<T> {
  readonly optional: Shape<T>;
}

/** A value plainly readable as a record: any object that is not an array. */
export type JsonObject = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-explicit-any -- `any` here only matches checkers of every type. */
type Field = Shape<any> | Optional<any>;
type TypeOf<F> = F extends Optional<infer T> ? T : F extends Shape<infer T> ? T : never;
type Simplify<T> = { -readonly [K in keyof T]: T[K] } & {};
type ObjectOf<F extends Record<string, Field>> = Simplify<
  { [K in keyof F as F[K] extends Optional<any> ? never : K]: TypeOf<F[K]> } & {
    [K in keyof F as F[K] extends Optional<any> ? K : never]?: TypeOf<F[K]>;
  }
>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export function shape<T>(check: (value: unknown, path: string) => Mismatch | undefined): Shape<T> {
  return { check };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own property, or undefined: inherited keys (a polluted prototype) never count. */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

export function mismatch(path: string, expected: string, got: unknown): Mismatch {
  return { path, expected, got };
}

/** One checker for every string type: `string` and each {@link openString} are this one object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` lets the one checker stand for Shape<T> of any string type T
const anyString: Shape<any> = /* @__PURE__ */ shape((value, path) =>
  typeof value === "string" ? undefined : mismatch(path, "a string", value),
);

export const string: Shape<string> = anyString;

// Number.isFinite does not coerce: it is true for finite numbers only (not for "60", nor a Number object).
export const number: Shape<number> = /* @__PURE__ */ shape((value, path) =>
  Number.isFinite(value) ? undefined : mismatch(path, "a number", value),
);

/** Present, whatever its value (including null): for fields the docs show only as null. */
export const present: Shape<unknown> = /* @__PURE__ */ shape((value, path) =>
  value === undefined ? mismatch(path, "a value (null is one)", value) : undefined,
);

/** An array of anything: for lists whose items are not documented. */
export const anyArray: Shape<unknown[]> = /* @__PURE__ */ shape((value, path) =>
  Array.isArray(value) ? undefined : mismatch(path, "an array", value),
);

export const record: Shape<JsonObject> = /* @__PURE__ */ shape((value, path) =>
  isObject(value) ? undefined : mismatch(path, "an object", value),
);

export function nullable<T>(inner: Shape<T>): Shape<T | null> {
  return shape((value, path) => (value === null ? undefined : inner.check(value, path)));
}

export function optional<T>(inner: Shape<T>): Optional<T> {
  return { optional: inner };
}

/** One of a closed list of strings. */
export function literal<const L extends readonly string[]>(...values: L): Shape<L[number]> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  // includes compares without coercion (SameValueZero), and `values` holds only strings.
  const allowed: readonly unknown[] = values;
  return shape((value, path) => (allowed.includes(value) ? undefined : mismatch(path, expected, value)));
}

/**
 * A string from an open list: any string passes at runtime, the known values show up in
 * editors. Use only where the type is not a union discriminator (a `string` member would
 * stop narrowing).
 */
export function openString<T extends string>(): Shape<T> {
  return anyString;
}

export function array<T>(item: Shape<T>): Shape<T[]> {
  return shape((value, path) => {
    if (!Array.isArray(value)) return mismatch(path, "an array", value);
    for (let i = 0; i < value.length; i++) {
      const found = item.check(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  });
}

/** An object with these fields; other fields are allowed and kept. */
export function object<F extends Record<string, Field>>(fields: F): Shape<ObjectOf<F>> {
  const keys = Object.keys(fields);
  const shapes = keys.map((key) => {
    const field = fields[key] as Field;
    return "optional" in field ? field.optional : field;
  });
  const optionals = keys.map((key) => "optional" in (fields[key] as Field));
  return shape((value, path) => {
    if (!isObject(value)) return mismatch(path, "an object", value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const field = own(value, key);
      if (field === undefined && optionals[i] === true) continue;
      const found = (shapes[i] as Shape<unknown>).check(field, join(path, key));
      if (found !== undefined) return found;
    }
    return undefined;
  });
}

/** An object without any own key: `{}`. Stops at the first key, whatever the object's size. */
export function isEmptyObject(value: JsonObject): boolean {
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

function got(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return "a non-finite number";
  return describe(value);
}

function failure(found: Mismatch): ParseFailure {
  if (found.path === "") {
    const message =
      found.got === undefined ? `The payload is missing: expected ${found.expected}.` : `The payload must be ${found.expected}, got ${got(found.got)}.`;
    return { ok: false, reason: "invalid_payload", message };
  }
  const message =
    found.got === undefined
      ? `${found.path} is missing: expected ${found.expected}.`
      : `${found.path} must be ${found.expected}, got ${got(found.got)}.`;
  return { ok: false, reason: "invalid_payload", message, path: found.path };
}

const UNREADABLE = Symbol("unreadable");

function isBytes(input: unknown): input is Bytes {
  return typeof input === "string" || isUint8Array(input) || isArrayBuffer(input); // of any realm
}

function parseJson(input: Bytes): unknown {
  try {
    const text = bytesToText(input);
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return UNREADABLE;
  }
}

/**
 * Parses a raw body (string, Uint8Array view at any offset, ArrayBuffer; a leading UTF-8
 * BOM is ignored as RFC 8259 allows) or takes an already-parsed value, and checks it
 * against `expected`. Never throws.
 */
export function parseWith<T>(input: unknown, expected: Shape<T>): ParseResult<T> {
  try {
    const value = isBytes(input) ? parseJson(input) : input;
    // V8's SyntaxError quotes the body: the message is ours, never the engine's.
    if (value === UNREADABLE) return { ok: false, reason: "invalid_json", message: "The body is not valid JSON." };
    const found = expected.check(value, "");
    return found === undefined ? { ok: true, value: value as T } : failure(found);
  } catch {
    // Only an already-parsed value can get here: a getter or a Proxy trap that throws.
    return { ok: false, reason: "invalid_payload", message: "The payload could not be read: a property access threw." };
  }
}

/**
 * An already-read value checked against `expected` (the strict parsers read the body first,
 * with readStrictJson). Never throws.
 */
export function checkValue<T>(value: unknown, expected: Shape<T>): ParseResult<T> {
  try {
    const found = expected.check(value, "");
    return found === undefined ? { ok: true, value: value as T } : failure(found);
  } catch {
    return { ok: false, reason: "invalid_payload", message: "The payload could not be read: a property access threw." };
  }
}
