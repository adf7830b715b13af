// Whatever arrives from the network, every verify function returns a result with the exact
// reason, never throws, and never passes.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  basicAuthHeader,
  signHmacBase64,
  signHmacHex,
  signMwSignature,
  signTikiSha1,
  verifyBasicAuth,
  verifyHmacBase64,
  verifyHmacHex,
  verifyMwSignature,
  verifyTikiSha1,
} from "../src/index.js";
import { parseEwarehousingWebhook } from "../src/index.js";
import { outcome } from "./helpers/outcome.js";

const BODY = '{"data":{"sku":"1"}}';
const SECRET = "hostile-test-secret";
const NOW = 1_700_000_000_000;
const CREDS = { id: "tiki", secret: "granted-secret" };

interface Target {
  name: string;
  header: string;
  valueKey: "signature" | "authorization";
  valid: string;
  verify(input: Record<string, unknown>): { ok: boolean };
  extra: Record<string, unknown>;
}

const targets: Target[] = [
  { name: "verifyTikiSha1", header: "x-signature", valueKey: "signature", valid: signTikiSha1({ body: BODY, secret: SECRET }), verify: verifyTikiSha1 as never, extra: { body: BODY, secret: SECRET } },
  { name: "verifyBasicAuth", header: "authorization", valueKey: "authorization", valid: basicAuthHeader(CREDS), verify: verifyBasicAuth as never, extra: { credentials: CREDS } },
  { name: "verifyMwSignature", header: "x-mw-signature", valueKey: "signature", valid: signMwSignature({ body: BODY, secret: SECRET, timestamp: NOW / 1000 }), verify: verifyMwSignature as never, extra: { body: BODY, secret: SECRET, now: NOW } },
  { name: "verifyHmacBase64", header: "x-hmac-sha256", valueKey: "signature", valid: signHmacBase64({ body: BODY, secret: SECRET }), verify: verifyHmacBase64 as never, extra: { body: BODY, secret: SECRET } },
  { name: "verifyHmacHex", header: "x-tilby-signature", valueKey: "signature", valid: signHmacHex({ body: BODY, secret: SECRET }), verify: verifyHmacHex as never, extra: { body: BODY, secret: SECRET, headerName: "x-tilby-signature" } },
];

/** [label, header value, expected reason] for every scheme. */
function hostileValues(valid: string): Array<[string, unknown, string]> {
  return [
    ["null", null, "missing_header"],
    ["undefined", undefined, "missing_header"],
    ["an empty string", "", "missing_header"],
    ["whitespace only", " \t ", "missing_header"],
    ["an empty array", [], "missing_header"],
    ["an array of empty strings", ["", ""], "missing_header"],
    ["the number 0", 0, "malformed_header"],
    ["a large number", 1e308, "malformed_header"],
    ["NaN", Number.NaN, "malformed_header"],
    ["true", true, "malformed_header"],
    ["an object", {}, "malformed_header"],
    ["an object whose toString gives the valid value", { toString: () => valid }, "malformed_header"],
    ["a function", () => valid, "malformed_header"],
    ["a symbol", Symbol("x"), "malformed_header"],
    ["a bigint", 10n, "malformed_header"],
    ["a Uint8Array of the valid value", new TextEncoder().encode(valid), "malformed_header"],
    ["an array mixing the valid value and a number", [valid, 1], "malformed_header"],
    ["an array mixing the valid value and null", [valid, null], "malformed_header"],
    ["an array of the valid value and another string", [valid, `${valid}x`], "malformed_header"],
    ["a nested array", [[valid]], "malformed_header"],
    ["a 1 MB string", "a".repeat(1_000_000), "malformed_header"],
    ["a 1 MB string of spaces", " ".repeat(1_000_000), "malformed_header"],
    ["the valid value with one character dropped", valid.slice(0, -1), "malformed_header"],
    ["the valid value with a character added", `${valid}0`, "malformed_header"],
    ["the valid value with a NUL inside", `${valid.slice(0, 12)}\u0000${valid.slice(13)}`, "malformed_header"],
    ["non-ASCII text", "sha1=ĥéẋ", "malformed_header"],
    ["a lone surrogate", "\ud800", "malformed_header"],
    ["the valid value twice", [valid, valid], "ok"],
  ];
}

/** A value of the right form whose signature is wrong: signature_mismatch. */
function wellFormedButWrong(target: Target): string {
  switch (target.name) {
    case "verifyTikiSha1":
      return `sha1=${"0".repeat(40)}`;
    case "verifyBasicAuth":
      return basicAuthHeader({ id: "tiki", secret: "guess" });
    case "verifyMwSignature":
      return `t=${NOW / 1000},nonce=abc,signature=${"f".repeat(64)}`;
    case "verifyHmacBase64":
      return Buffer.alloc(32).toString("base64");
    default:
      return "F".repeat(64);
  }
}

for (const target of targets) {
  describe(`${target.name} on hostile header values`, () => {
    for (const [label, value, reason] of hostileValues(target.valid)) {
      it(`${label}: ${reason}`, () => {
        const bare = target.verify({ ...target.extra, [target.valueKey]: value });
        const inHeaders = target.verify({ ...target.extra, headers: { [target.header]: value } });
        for (const result of [bare, inHeaders]) {
          if (reason === "ok") expect(result.ok).toBe(true);
          else expect(outcome(result as never)).toEqual({ ok: false, reason });
        }
      });
    }

    it("a well-formed value with the wrong signature: signature_mismatch", () => {
      expect(outcome(target.verify({ ...target.extra, [target.valueKey]: wellFormedButWrong(target) }) as never)).toEqual({
        ok: false,
        reason: "signature_mismatch",
      });
    });

    it("the header under two keys that differ only by case, with different values: malformed_header", () => {
      const headers = { [target.header]: target.valid, [target.header.toUpperCase()]: wellFormedButWrong(target) };
      expect(outcome(target.verify({ ...target.extra, headers }) as never)).toEqual({ ok: false, reason: "malformed_header" });
    });

    it("10,000 random byte strings: never throws, never passes", () => {
      let seed = 7;
      const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
      for (let i = 0; i < 10_000; i++) {
        const length = next() % 120;
        let text = "";
        for (let j = 0; j < length; j++) text += String.fromCharCode(next() % 0x80);
        expect(target.verify({ ...target.extra, [target.valueKey]: text }).ok).toBe(false);
      }
    });
  });
}

describe("hostile bodies", () => {
  const signature = signTikiSha1({ body: BODY, secret: SECRET });
  it("a subarray view is hashed from its own byteOffset, not from the start of its buffer", () => {
    const backing = Buffer.from(`XXXX${BODY}YYYY`);
    expect(verifyTikiSha1({ body: backing.subarray(4, 4 + BODY.length), secret: SECRET, signature }).ok).toBe(true);
    expect(verifyTikiSha1({ body: backing, secret: SECRET, signature }).ok).toBe(false);
  });

  it("a body that is not raw bytes is a programmer error, whatever the header", () => {
    for (const body of [null, undefined, 1, {}, [1, 2], new Uint16Array(2), new DataView(new ArrayBuffer(2))]) {
      for (const verify of [verifyTikiSha1, verifyMwSignature, verifyHmacBase64, verifyHmacHex] as Array<(i: never) => unknown>) {
        expect(() => verify({ body, secret: SECRET, signature: undefined } as never)).toThrow(TypeError);
      }
    }
  });
});

describe("verifyMwSignature: only ASCII spaces may follow a comma of X-MW-Signature (SPEC)", () => {
  const nonce = "n0nce";
  const valid = signMwSignature({ body: BODY, secret: SECRET, timestamp: NOW / 1000, nonce });
  const [t, n, s] = valid.split(",") as [string, string, string];
  /** The valid fields in Mobility Work's order, `gap` after each comma. */
  const joined = (gap: string) => `${t},${gap}${n},${gap}${s}`;
  /** The valid fields in another order (the general parser), `gap` after each comma. */
  const reordered = (gap: string) => `${s},${gap}${t},${gap}${n}`;
  const verify = (value: string) => outcome(verifyMwSignature({ body: BODY, secret: SECRET, now: NOW, signature: value }) as never);

  const refused: Array<[string, string]> = [
    ["a byte order mark (U+FEFF)", "\uFEFF"],
    ["a no-break space (U+00A0)", "\u00A0"],
    ["a line separator (U+2028)", "\u2028"],
    ["a paragraph separator (U+2029)", "\u2029"],
    ["an ideographic space (U+3000)", "\u3000"],
    ["an en quad (U+2000)", "\u2000"],
    ["a tab", "\t"],
    ["a line feed", "\n"],
    ["a carriage return", "\r"],
    ["a vertical tab", "\v"],
    ["a form feed", "\f"],
    ["a space then a tab", " \t"],
    ["a tab then a space", "\t "],
    ["a space then a byte order mark", " \uFEFF"],
  ];
  for (const [label, gap] of refused) {
    it(`${label} before a field name: malformed_header`, () => {
      expect(verify(joined(gap))).toEqual({ ok: false, reason: "malformed_header" });
      expect(verify(reordered(gap))).toEqual({ ok: false, reason: "malformed_header" });
      expect(verify(`${t},${n},${gap}${s}`)).toEqual({ ok: false, reason: "malformed_header" });
    });
  }

  for (const [label, gap] of [["one space", " "], ["two spaces", "  "], ["ten spaces", " ".repeat(10)]] as const) {
    it(`${label} before each field name: verifies`, () => {
      const ok = { ok: true, timestamp: NOW / 1000, nonce };
      expect(verify(joined(gap))).toEqual(ok);
      expect(verify(reordered(gap))).toEqual(ok);
    });
  }

  it("a space before a comma stays part of the value before it: malformed_header", () => {
    expect(verify(`${t},${n} ,${s}`)).toEqual({ ok: false, reason: "malformed_header" });
    expect(verify(`${t} ,${n},${s}`)).toEqual({ ok: false, reason: "malformed_header" });
    expect(verify(`${s},${t},${n} , x=1`)).toEqual({ ok: false, reason: "malformed_header" });
  });

  it("a space inside a field name, or between the name and '=': malformed_header", () => {
    expect(verify(`${t}, no nce=${nonce},${s}`)).toEqual({ ok: false, reason: "malformed_header" });
    expect(verify(`${t},nonce =${nonce},${s}`)).toEqual({ ok: false, reason: "malformed_header" });
  });
});

describe("bytes made in another realm (node:vm, an iframe) are bytes: SPEC's Bytes and Secret", () => {
  const foreign = <T>(code: string): T => runInNewContext(code) as T;
  const codes = (text: string) => `[${[...Buffer.from(text)].join(",")}]`;
  const u8 = (text: string) => foreign<Uint8Array>(`new Uint8Array(${codes(text)})`);
  const buffer = (text: string) => foreign<ArrayBuffer>(`new Uint8Array(${codes(text)}).buffer`);

  it("the test's values really come from another realm", () => {
    expect(u8(BODY)).not.toBeInstanceOf(Uint8Array);
    expect(buffer(BODY)).not.toBeInstanceOf(ArrayBuffer);
  });

  it("a Uint8Array or ArrayBuffer body from another realm verifies on every scheme, and its wrong bytes do not", () => {
    const signature = signTikiSha1({ body: BODY, secret: SECRET });
    for (const body of [u8(BODY), buffer(BODY)]) {
      expect(verifyTikiSha1({ body, secret: SECRET, signature })).toEqual({ ok: true });
      expect(verifyHmacBase64({ body, secret: SECRET, signature: signHmacBase64({ body: BODY, secret: SECRET }) })).toEqual({ ok: true });
      expect(verifyHmacHex({ body, secret: SECRET, signature: signHmacHex({ body: BODY, secret: SECRET }) })).toEqual({ ok: true });
      const mw = signMwSignature({ body: BODY, secret: SECRET, timestamp: NOW / 1000, nonce: "n0nce" });
      expect(verifyMwSignature({ body, secret: SECRET, signature: mw, now: NOW })).toEqual({ ok: true, timestamp: NOW / 1000, nonce: "n0nce" });
    }
    for (const body of [u8(`${BODY} `), buffer(`${BODY} `)]) {
      expect(verifyTikiSha1({ body, secret: SECRET, signature }).ok).toBe(false);
    }
  });

  it("a Uint8Array secret from another realm verifies, alone and in a rotation list, on every scheme", () => {
    const key = u8(SECRET);
    const signature = signTikiSha1({ body: BODY, secret: SECRET });
    expect(verifyTikiSha1({ body: BODY, secret: key, signature })).toEqual({ ok: true });
    expect(verifyTikiSha1({ body: BODY, secret: [u8("old"), key], signature })).toEqual({ ok: true, secretIndex: 1 });
    expect(verifyTikiSha1({ body: BODY, secret: u8("other"), signature }).ok).toBe(false);
    const mw = signMwSignature({ body: BODY, secret: SECRET, timestamp: NOW / 1000, nonce: "n0nce" });
    expect(verifyMwSignature({ body: BODY, secret: key, signature: mw, now: NOW })).toEqual({ ok: true, timestamp: NOW / 1000, nonce: "n0nce" });
    expect(verifyMwSignature({ body: BODY, secret: [u8("old"), key], signature: mw, now: NOW })).toEqual({
      ok: true,
      timestamp: NOW / 1000,
      nonce: "n0nce",
      secretIndex: 1,
    });
  });

  it("signing takes them too, with the same result as local bytes", () => {
    expect(signTikiSha1({ body: u8(BODY), secret: u8(SECRET) })).toBe(signTikiSha1({ body: BODY, secret: SECRET }));
    expect(signHmacHex({ body: buffer(BODY), secret: u8(SECRET) })).toBe(signHmacHex({ body: BODY, secret: SECRET }));
    expect(signMwSignature({ body: u8(BODY), secret: u8(SECRET), timestamp: 1, nonce: "n" })).toBe(signMwSignature({ body: BODY, secret: SECRET, timestamp: 1, nonce: "n" }));
  });

  it("an empty secret from another realm is refused as empty, not as 'an object'", () => {
    for (const secret of [u8(""), [u8("")]]) {
      expect(() => verifyTikiSha1({ body: BODY, secret, signature: null })).toThrow(/must not be empty/);
    }
    expect(() => signHmacBase64({ body: BODY, secret: u8("") })).toThrow(/secret must not be empty/);
  });

  it("a detached buffer from another realm is refused as detached", () => {
    const view = u8(BODY);
    structuredClone(view.buffer, { transfer: [view.buffer] });
    expect(() => verifyTikiSha1({ body: view, secret: SECRET, signature: null })).toThrow(/detached/);
    const whole = buffer(BODY);
    structuredClone(whole, { transfer: [whole] });
    expect(() => verifyTikiSha1({ body: whole, secret: SECRET, signature: null })).toThrow(/detached/);
  });

  it("what is not bytes stays refused, whatever realm made it and whatever it calls itself", () => {
    const notBytes: unknown[] = [
      foreign("new Float32Array(2)"),
      foreign("new Uint16Array(2)"),
      foreign("new Uint8ClampedArray(2)"),
      foreign("new DataView(new ArrayBuffer(2))"),
      foreign("new SharedArrayBuffer(2)"),
      foreign("({ length: 2, 0: 1, 1: 2 })"),
      new SharedArrayBuffer(2),
      { [Symbol.toStringTag]: "ArrayBuffer", byteLength: 2 },
      { [Symbol.toStringTag]: "Uint8Array", length: 2, 0: 1, 1: 2 },
      Object.create(ArrayBuffer.prototype),
      new Proxy(new ArrayBuffer(2), {}),
      Object.defineProperty(new Float32Array(2), Symbol.toStringTag, { value: "Uint8Array" }),
    ];
    for (const value of notBytes as never[]) {
      expect(() => verifyTikiSha1({ body: value, secret: SECRET, signature: null })).toThrow(/body must be the raw request body/);
      expect(() => signTikiSha1({ body: value, secret: SECRET })).toThrow(/body must be the raw request body/);
      expect(() => verifyTikiSha1({ body: BODY, secret: value, signature: null })).toThrow(/secret must be a non-empty string or Uint8Array/);
      expect(() => verifyTikiSha1({ body: BODY, secret: [SECRET, value], signature: null })).toThrow(/secret\[1\] must be a non-empty string or Uint8Array/);
    }
  });

  it("a Uint8Array from another realm where none is taken is described as a Uint8Array", () => {
    expect(() => verifyHmacHex({ body: BODY, secret: SECRET, headerName: u8("x"), signature: null } as never)).toThrow(/headerName must be a non-empty string, got a Uint8Array$/);
  });
});

describe("payload parsers read bytes made in another realm as the raw body", () => {
  it("a Uint8Array or ArrayBuffer from node:vm is parsed as JSON, not taken for a parsed value", () => {
    const value = { body: { reference: "ORD-1" }, group: "order", action: "created", entity: "order", customer: "c", entityId: "e" };
    const json = JSON.stringify(value);
    expect(parseEwarehousingWebhook(json)).toEqual({ ok: true, value });
    const codes = `[${[...Buffer.from(json)].join(",")}]`;
    for (const body of [runInNewContext(`new Uint8Array(${codes})`), runInNewContext(`new Uint8Array(${codes}).buffer`)]) {
      expect(parseEwarehousingWebhook(body)).toEqual({ ok: true, value });
    }
  });
});
