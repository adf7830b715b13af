// The realm-independent checks behind every "is this bytes?" question (src/lib/binary.ts).
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { isArrayBuffer, isUint8Array } from "../../src/lib/binary.js";

const foreign = (code: string): unknown => runInNewContext(code);

describe("isUint8Array", () => {
  it("is true for a Uint8Array or Buffer of this realm or another", () => {
    for (const value of [new Uint8Array(1), Buffer.from("x"), new Uint8Array(0), foreign("new Uint8Array(2)")]) {
      expect(isUint8Array(value)).toBe(true);
    }
  });
  it("is false for other views, buffers, look-alikes and non-objects", () => {
    const notOne = [
      new Uint8ClampedArray(1),
      new Int8Array(1),
      foreign("new Float32Array(1)"),
      new DataView(new ArrayBuffer(1)),
      new ArrayBuffer(1),
      Object.defineProperty({}, Symbol.toStringTag, { value: "Uint8Array" }),
      Object.create(Uint8Array.prototype),
      new Proxy(new Uint8Array(1), {}),
      "bytes",
      null,
      undefined,
    ];
    for (const value of notOne) expect(isUint8Array(value)).toBe(false);
  });
});

describe("isArrayBuffer", () => {
  it("is true for an ArrayBuffer of this realm or another, detached or not", () => {
    const detached = new ArrayBuffer(4);
    structuredClone(detached, { transfer: [detached] });
    for (const value of [new ArrayBuffer(0), foreign("new ArrayBuffer(3)"), detached]) expect(isArrayBuffer(value)).toBe(true);
  });
  it("is false (not merely falsy) for a SharedArrayBuffer, a view, a look-alike and non-objects", () => {
    const notOne = [
      new SharedArrayBuffer(1),
      foreign("new SharedArrayBuffer(1)"),
      new Uint8Array(1),
      Object.defineProperty({ byteLength: 1 }, Symbol.toStringTag, { value: "ArrayBuffer" }),
      Object.create(ArrayBuffer.prototype),
      new Proxy(new ArrayBuffer(1), {}),
      "buffer",
      null,
      undefined,
    ];
    for (const value of notOne) expect(isArrayBuffer(value)).toBe(false);
  });
});
