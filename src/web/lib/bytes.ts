export { bodyInput } from "../../lib/bytes.js";
import { utf8 } from "./encoding.js";

/** The raw body as checked at call time: text, or a byte view. */
export type BodyInput = string | Uint8Array;

/**
 * Bytes Web Crypto can take, owned by this call: a string is UTF-8 encoded, and a view is
 * copied. The copy is what makes the async API safe: the caller may reuse or change its
 * buffer as soon as the call returns, and a view of a SharedArrayBuffer (which Web Crypto
 * refuses) works as it does on the root entry.
 */
export function ownedBytes(data: BodyInput): Uint8Array<ArrayBuffer> {
  if (typeof data === "string") return utf8(data);
  const copy = new Uint8Array(data.length);
  copy.set(data);
  return copy;
}

/** `prefix` (ASCII text) followed by the body, in one buffer: Web Crypto has no incremental update. */
export function prefixedBytes(prefix: string, body: BodyInput): Uint8Array<ArrayBuffer> {
  const head = utf8(prefix);
  const tail = typeof body === "string" ? utf8(body) : body;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
