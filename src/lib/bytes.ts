import { argumentError, describe } from "./errors.js";
import type { Bytes } from "./types.js";

/** What `Hmac.update` takes without a copy: a string (hashed as UTF-8) or a byte view. */
export type HmacInput = string | Uint8Array;

/**
 * Checks a raw body and returns it in a form the HMAC reads directly: strings and
 * Uint8Array views (any byteOffset) pass through untouched, an ArrayBuffer gets a view.
 */
export function bodyInput(body: unknown): HmacInput {
  return typeof body === "string" || body instanceof Uint8Array ? body : bodyInputOther(body);
}

/**
 * The rest of `bodyInput`, for a body that is neither a string nor a Uint8Array (the verify
 * functions test for those two inline and call this for anything else): an ArrayBuffer gets
 * a view, anything else is a TypeError.
 */
export function bodyInputOther(body: unknown): Uint8Array {
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw argumentError(
    "body",
    `must be the raw request body as a string, Uint8Array or ArrayBuffer, got ${describe(body)} (did a JSON body parser run first?)`,
  );
}

/** UTF-8, invalid sequences replaced (as Buffer's toString does), available on every runtime. */
const utf8 = /* @__PURE__ */ new TextDecoder(); // the default label is utf-8

/** The body's bytes as UTF-8 text, for the payload parsers (a leading BOM is dropped). */
export function bytesToText(body: Bytes): string {
  return typeof body === "string" ? body : utf8.decode(body);
}
