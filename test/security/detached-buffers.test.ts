// A buffer whose bytes were transferred (structuredClone with transfer, postMessage) reads as
// empty. Before, the root entry then verified it as the empty body (ok: true for the empty
// body's signature) and /web threw an unnamed TypeError. Both entries: a TypeError naming body.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { thrown } from "../helpers/thrown.js";

const SECRET = "k";
const T = 1660338149;
const hex = (algorithm: string, data: string) => createHmac(algorithm, SECRET).update(data).digest("hex");
const b64 = (data: string) => createHmac("sha256", SECRET).update(data).digest("base64");
/** Signatures of the EMPTY body: what a detached buffer would have passed as. */
const EMPTY = {
  tiki: `sha1=${hex("sha1", "")}`,
  mw: `t=${T},nonce=n0nce,signature=${hex("sha256", `${T}.n0nce.`)}`,
  b64: b64(""),
  hex: hex("sha256", ""),
};
const MESSAGE = "[webhook-signatures] body must not be a detached buffer: its bytes were transferred (structuredClone, postMessage) and read as empty";

function detachedArrayBuffer(): ArrayBuffer {
  const buffer = new TextEncoder().encode('{"data":{}}').buffer as ArrayBuffer;
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}
function detachedView(): Uint8Array {
  const view = new TextEncoder().encode('__{"data":{}}').subarray(2);
  structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });
  return view;
}

type Api = typeof root | typeof web;
const calls: Array<[string, (api: Api, body: never) => unknown]> = [
  ["verifyTikiSha1", (api, body) => api.verifyTikiSha1({ body, secret: SECRET, signature: EMPTY.tiki })],
  ["verifyMwSignature", (api, body) => api.verifyMwSignature({ body, secret: SECRET, signature: EMPTY.mw, now: T * 1000 })],
  ["verifyHmacBase64", (api, body) => api.verifyHmacBase64({ body, secret: SECRET, signature: EMPTY.b64 })],
  ["verifyHmacHex", (api, body) => api.verifyHmacHex({ body, secret: SECRET, signature: EMPTY.hex })],
  ["verifyHmacHex with a rotation list", (api, body) => api.verifyHmacHex({ body, secret: ["old", SECRET], signature: EMPTY.hex })],
  ["verifyTikiSha1 with the header missing", (api, body) => api.verifyTikiSha1({ body, secret: SECRET, signature: undefined })],
  ["signTikiSha1", (api, body) => api.signTikiSha1({ body, secret: SECRET })],
  ["signMwSignature", (api, body) => api.signMwSignature({ body, secret: SECRET })],
  ["signHmacBase64", (api, body) => api.signHmacBase64({ body, secret: SECRET })],
  ["signHmacHex", (api, body) => api.signHmacHex({ body, secret: SECRET })],
];

describe.each([
  ["root", root],
  ["/web", web],
] as const)("detached buffers (%s entry)", (_entry, api) => {
  for (const [name, call] of calls) {
    it(`${name} throws a TypeError naming body, at once, for a detached ArrayBuffer or view`, () => {
      for (const body of [detachedArrayBuffer(), detachedView()]) {
        const error = thrown(() => call(api, body as never));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toBe(MESSAGE);
      }
    });
  }

  it("a buffer that is really empty is still the empty body", async () => {
    for (const body of [new ArrayBuffer(0), new Uint8Array(0), new Uint8Array(new ArrayBuffer(8), 8, 0)]) {
      expect(await api.verifyTikiSha1({ body, secret: SECRET, signature: EMPTY.tiki })).toEqual({ ok: true });
      expect(await api.verifyMwSignature({ body, secret: SECRET, signature: EMPTY.mw, now: T * 1000 })).toEqual({
        ok: true,
        timestamp: T,
        nonce: "n0nce",
      });
    }
  });
});
