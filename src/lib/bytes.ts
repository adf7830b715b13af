import { isArrayBuffer, isUint8Array } from "./binary.js";
import { argumentError, describe } from "./errors.js";
import type { Bytes } from "./types.js";

/** What `Hmac.update` takes without a copy: a string (hashed as UTF-8) or a byte view. */
export type HmacInput = string | Uint8Array;

/**
 * Checks a raw body and returns it in a form the HMAC reads directly: strings and
 * Uint8Array views (any byteOffset) pass through untouched, an ArrayBuffer gets a view.
 * Platform-neutral: the /web entry uses it too.
 */
export function bodyInput(body: unknown): HmacInput {
  // Stryker disable next-line ConditionalExpression: equivalent; bodyInputOther returns the same view, this test only spares the call
  return typeof body === "string" || (body instanceof Uint8Array && body.length !== 0) ? body : bodyInputOther(body);
}

/**
 * The rest of `bodyInput`, for anything but a string or a non-empty Uint8Array (the verify
 * functions test for those inline and call this otherwise): a Uint8Array of another realm or
 * an empty one, checked; an ArrayBuffer of any realm, checked and given a view; anything else
 * (another typed array, a DataView, a SharedArrayBuffer) is a TypeError.
 */
export function bodyInputOther(body: unknown): Uint8Array {
  // Of any realm: a view or buffer made in node:vm or an iframe is bytes all the same.
  if (isUint8Array(body)) {
    if (isDetached(body.buffer)) throw detachedBody();
    return body;
  }
  if (isArrayBuffer(body)) {
    if (isDetached(body)) throw detachedBody();
    return new Uint8Array(body);
  }
  throw argumentError(
    "body",
    `must be the raw request body as a string, Uint8Array or ArrayBuffer, got ${describe(body)} (did a JSON body parser run first?)`,
  );
}

/**
 * A buffer whose bytes were transferred away (structuredClone with `transfer`, postMessage)
 * reads as empty: hashing it would verify the empty body's signature. Only an empty buffer
 * can be detached, and slicing a detached one throws (ArrayBuffer.prototype.detached is not
 * on every runtime this package supports).
 */
function isDetached(buffer: ArrayBufferLike): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent; slicing a non-empty buffer never throws, this test only spares the copy
  if (buffer.byteLength !== 0) return false;
  try {
    buffer.slice(0);
    return false;
  } catch {
    return true;
  }
}

function detachedBody(): TypeError {
  return argumentError("body", "must not be a detached buffer: its bytes were transferred (structuredClone, postMessage) and read as empty");
}

/** UTF-8, invalid sequences replaced (as Buffer's toString does), available on every runtime. */
const utf8 = /* @__PURE__ */ new TextDecoder(); // the default label is utf-8

/** The body's bytes as UTF-8 text, for the payload parsers (a leading BOM is dropped). */
export function bytesToText(body: Bytes): string {
  return typeof body === "string" ? body : utf8.decode(body);
}
