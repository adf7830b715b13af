// What is a Uint8Array or an ArrayBuffer, whatever realm made it (node:vm, an iframe, a
// worker's structured clone): `instanceof` only knows this realm's constructors, and
// `Symbol.toStringTag` can be set by anyone. The getters below read the internal slots
// instead: they answer for a real view or buffer of any realm and throw or give undefined
// for everything else (a Proxy, an object built on the prototype, a look-alike).

/** `%TypedArray%.prototype[Symbol.toStringTag]`: the view's own type name, or undefined for anything that is not a typed array. */
const typedArrayName = /* @__PURE__ */ Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!.get!;
/** `ArrayBuffer.prototype.byteLength`: throws for anything but an ArrayBuffer (a SharedArrayBuffer included). */
const arrayBufferByteLength = /* @__PURE__ */ Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength")!.get!;

/** A Uint8Array (a Buffer included) of any realm; not another typed array, not a DataView. */
export function isUint8Array(value: unknown): value is Uint8Array {
  return typedArrayName.call(value) === "Uint8Array";
}

/** An ArrayBuffer of any realm; not a SharedArrayBuffer. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  try {
    arrayBufferByteLength.call(value);
    return true;
  } catch {
    return false;
  }
}
