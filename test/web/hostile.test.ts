// Hostile inputs parity: for every value an attacker (or a confused framework) can put in a
// header, the /web entry gives exactly what the root entry gives, message included, and
// never throws or rejects. Caller mistakes throw the same TypeError, synchronously.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";

const BODY = '{"data":{"sku":"1"}}';
const SECRET = "hostile-test-secret";
const NOW = 1_700_000_000_000;
const CREDS = { id: "tiki", secret: "granted-secret" };

type Result = { ok: boolean } & Record<string, unknown>;
type Fn = (input: unknown) => unknown;

interface Target {
  name: "verifyTikiSha1" | "verifyBasicAuth" | "verifyMwSignature" | "verifyHmacBase64" | "verifyHmacHex";
  header: string;
  valueKey: "signature" | "authorization";
  valid: string;
  extra: Record<string, unknown>;
}

const targets: Target[] = [
  { name: "verifyTikiSha1", header: "x-signature", valueKey: "signature", valid: root.signTikiSha1({ body: BODY, secret: SECRET }), extra: { body: BODY, secret: SECRET } },
  { name: "verifyBasicAuth", header: "authorization", valueKey: "authorization", valid: root.basicAuthHeader(CREDS), extra: { credentials: CREDS } },
  { name: "verifyMwSignature", header: "x-mw-signature", valueKey: "signature", valid: root.signMwSignature({ body: BODY, secret: SECRET, timestamp: NOW / 1000, nonce: "n0nce" }), extra: { body: BODY, secret: SECRET, now: NOW } },
  { name: "verifyHmacBase64", header: "x-hmac-sha256", valueKey: "signature", valid: root.signHmacBase64({ body: BODY, secret: SECRET }), extra: { body: BODY, secret: SECRET } },
  { name: "verifyHmacHex", header: "x-tilby-signature", valueKey: "signature", valid: root.signHmacHex({ body: BODY, secret: SECRET }), extra: { body: BODY, secret: SECRET, headerName: "x-tilby-signature" } },
];

const b64 = (text: string) => Buffer.from(text, "latin1").toString("base64");

/** [label, value]: the outcome is whatever the root entry says; the /web entry must agree. */
function hostileValues(valid: string): Array<[string, unknown]> {
  return [
    ["null", null],
    ["undefined", undefined],
    ["an empty string", ""],
    ["whitespace only", " \t "],
    ["an empty array", []],
    ["an array of empty strings", ["", ""]],
    ["the number 0", 0],
    ["a large number", 1e308],
    ["NaN", Number.NaN],
    ["true", true],
    ["an object", {}],
    ["an object whose toString gives the valid value", { toString: () => valid }],
    ["a function", () => valid],
    ["a symbol", Symbol("x")],
    ["a bigint", 10n],
    ["a Uint8Array of the valid value", new TextEncoder().encode(valid)],
    ["an array mixing the valid value and a number", [valid, 1]],
    ["an array mixing the valid value and null", [valid, null]],
    ["an array of the valid value and another string", [valid, `${valid}x`]],
    ["a nested array", [[valid]]],
    ["a 1 MB string", "a".repeat(1_000_000)],
    ["a 1 MB string of spaces", " ".repeat(1_000_000)],
    ["8192 characters", valid.padEnd(8192, " ")],
    ["8193 characters", valid.padEnd(8193, " ")],
    ["the valid value", valid],
    ["the valid value twice", [valid, valid]],
    ["the valid value with surrounding whitespace", `\t ${valid}  `],
    ["the valid value in lowercase", valid.toLowerCase()],
    ["the valid value in uppercase", valid.toUpperCase()],
    ["the valid value with one character dropped", valid.slice(0, -1)],
    ["the valid value with a character added", `${valid}0`],
    ["the valid value with a NUL inside", `${valid.slice(0, 12)}\u0000${valid.slice(13)}`],
    ["the valid value with a space inside", `${valid.slice(0, 12)} ${valid.slice(13)}`],
    ["the valid value as base64url", valid.replace(/\+/g, "-").replace(/\//g, "_")],
    ["the valid value without padding", valid.replace(/=+$/, "")],
    ["the valid value with extra padding", `${valid}==`],
    ["non-ASCII text", "sha1=ĥéẋ"],
    ["a lone surrogate", "\ud800"],
    ["fullwidth digits", "sha1=" + "０".repeat(40)],
    ["64 hex digits", "a".repeat(64)],
    ["sha1= and 40 hex digits", `sha1=${"a".repeat(40)}`],
    ["44 characters of base64 with non-zero unused bits", `${"A".repeat(42)}B=`],
    ["Basic with non-canonical base64 (unused bits set)", "Basic dGlraTpncmFudGVkLXNlY3JldB=="],
    ["Basic with base64 of invalid UTF-8", `Basic ${b64("tiki:\xff\xfe")}`],
    ["Basic with base64 of a pair without a colon", `Basic ${b64("tikigranted-secret")}`],
    ["Basic with several spaces", `Basic   ${b64("tiki:granted-secret")}`],
    ["Basic with a tab", `Basic\t${b64("tiki:granted-secret")}`],
    ["BASIC in capitals", `BASIC ${b64("tiki:granted-secret")}`],
    ["Bearer with the right token", `Bearer ${b64("tiki:granted-secret")}`],
    ["Basic with a wrong secret", `Basic ${b64("tiki:granted-secreT")}`],
    ["Basic with an empty secret", `Basic ${b64("tiki:")}`],
    ["Basic with a colon in the secret", `Basic ${b64("tiki:granted:secret")}`],
    ["Basic and nothing", "Basic "],
    ["MW fields in another order", "signature=" + "a".repeat(64) + ",nonce=n0nce,t=1700000000"],
    ["MW with a duplicate t", `t=1,${valid}`],
    ["MW with an empty nonce", `t=1700000000,nonce=,signature=${"a".repeat(64)}`],
    ["MW with a negative t", `t=-1,nonce=n,signature=${"a".repeat(64)}`],
    ["MW with a huge t", `t=${"9".repeat(400)},nonce=n,signature=${"a".repeat(64)}`],
    ["MW with spaces after the commas", valid.replaceAll(",", ",  ")],
    ["MW with a byte order mark after a comma", valid.replace(",", ",\uFEFF")],
    ["MW with a no-break space after a comma", valid.replace(",", ",\u00A0")],
    ["MW with a line separator after a comma", valid.replace(",", ",\u2028")],
    ["MW with an ideographic space after a comma", valid.replace(",", ",\u3000")],
    ["MW with a tab after a comma", valid.replace(",", ",\t")],
    ["MW with a space and a tab after a comma", valid.replace(",", ", \t")],
  ];
}

async function settle(fn: Fn, input: unknown): Promise<unknown> {
  try {
    return await fn(input);
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

for (const target of targets) {
  const verifyRoot = root[target.name] as unknown as Fn;
  const verifyWeb = web[target.name] as unknown as Fn;

  describe(`${target.name}: /web and root agree on hostile header values`, () => {
    for (const [label, value] of hostileValues(target.valid)) {
      it(label, async () => {
        const inputs = [
          { ...target.extra, [target.valueKey]: value },
          { ...target.extra, headers: { [target.header]: value } },
          { ...target.extra, headers: { [target.header.toUpperCase()]: value, [target.header]: value } },
        ];
        for (const input of inputs) {
          const expected = verifyRoot(input) as Result;
          expect(typeof expected.ok, "the root entry returns a result").toBe("boolean");
          const actual = verifyWeb(input);
          expect(actual).toBeInstanceOf(Promise);
          expect(await settle(verifyWeb, input)).toEqual(expected);
        }
      });
    }

    it("2,000 random ASCII strings: the same result every time", async () => {
      let seed = 11;
      const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
      const alphabet = `${target.valid}=,.:+/_- \t0123456789abcdefABCDEFsha1tnoncesignatureBasic`;
      for (let i = 0; i < 2000; i++) {
        const length = next() % 100;
        let text = "";
        for (let j = 0; j < length; j++) text += alphabet[next() % alphabet.length];
        const input = { ...target.extra, [target.valueKey]: text };
        expect(await settle(verifyWeb, input)).toEqual(verifyRoot(input));
      }
    });
  });
}

describe("hostile bodies: /web and root agree", () => {
  const signature = root.signTikiSha1({ body: BODY, secret: SECRET });
  const bytes = new TextEncoder().encode(BODY);
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length + 4));
  shared.set(bytes, 2);
  const backing = Buffer.from(`XXXX${BODY}YYYY`);
  const bodies: Array<[string, unknown]> = [
    ["a subarray view", backing.subarray(4, 4 + BODY.length)],
    ["the whole backing buffer", backing],
    ["a view of a SharedArrayBuffer", shared.subarray(2, 2 + bytes.length)],
    ["an empty string", ""],
    ["an empty ArrayBuffer", new ArrayBuffer(0)],
    ["a 1 MB body", "x".repeat(1_000_000)],
    ["a string with a lone surrogate", `${BODY}\ud800`],
  ];
  for (const [label, body] of bodies) {
    it(label, async () => {
      for (const name of ["verifyTikiSha1", "verifyHmacBase64", "verifyHmacHex", "verifyMwSignature"] as const) {
        const sig = name === "verifyTikiSha1" ? signature : targets.find((t) => t.name === name)!.valid;
        const input = { ...targets.find((t) => t.name === name)!.extra, body, signature: sig };
        expect(await settle(web[name] as unknown as Fn, input), name).toEqual(await settle(root[name] as unknown as Fn, input));
      }
      for (const name of ["signTikiSha1", "signHmacBase64", "signHmacHex"] as const) {
        const input = { body, secret: SECRET };
        expect(await settle(web[name] as unknown as Fn, input), name).toEqual(await settle(root[name] as unknown as Fn, input));
      }
    });
  }
});

describe("caller mistakes: the same TypeError, thrown by the call itself", () => {
  const body = BODY;
  const secret = SECRET;
  const cases: Array<[string, keyof typeof web & keyof typeof root, unknown]> = [
    ["no input", "verifyTikiSha1", undefined],
    ["a string instead of an options object", "verifyHmacHex", "sha256=ab"],
    ["an empty secret", "verifyTikiSha1", { body, secret: "", signature: null }],
    ["an empty secret inside a rotation list", "verifyHmacBase64", { body, secret: ["a", ""], signature: null }],
    ["an empty secret list", "verifyTikiSha1", { body, secret: [], signature: null }],
    ["a number as secret", "verifyHmacHex", { body, secret: 1, signature: null }],
    ["a parsed JSON body", "verifyTikiSha1", { body: { data: 1 }, secret, signature: null }],
    ["a DataView body", "verifyMwSignature", { body: new DataView(new ArrayBuffer(1)), secret, signature: null }],
    ["both signature and headers", "verifyTikiSha1", { body, secret, signature: "x", headers: {} }],
    ["neither signature nor headers", "verifyMwSignature", { body, secret }],
    ["headers that are not an object", "verifyHmacBase64", { body, secret, headers: "x-hmac-sha256: x" }],
    ["algorithm md5", "verifyHmacBase64", { body, secret, algorithm: "md5", signature: null }],
    ["headers but no headerName", "verifyHmacHex", { body, secret, headers: {} }],
    ["an empty headerName", "verifyHmacHex", { body, secret, headerName: "", signature: null }],
    ["a prefix that is not a string", "verifyHmacHex", { body, secret, prefix: 1, signature: null }],
    ["a negative tolerance", "verifyMwSignature", { body, secret, toleranceSeconds: -1, signature: null }],
    ["a NaN tolerance", "verifyMwSignature", { body, secret, toleranceSeconds: Number.NaN, signature: null }],
    ["an invalid Date", "verifyMwSignature", { body, secret, now: new Date(Number.NaN), signature: null }],
    ["an id containing a colon", "verifyBasicAuth", { credentials: { id: "a:b", secret: "s" }, authorization: null }],
    ["an empty credentials list", "verifyBasicAuth", { credentials: [], authorization: null }],
    ["a credential pair without secret", "verifyBasicAuth", { credentials: [{ id: "a", secret: "s" }, { id: "b" }], authorization: null }],
    ["a Uint16Array body to sign", "signTikiSha1", { body: new Uint16Array(2), secret }],
    ["a nonce with a comma", "signMwSignature", { body, secret, nonce: "a,b" }],
    ["a fractional timestamp", "signMwSignature", { body, secret, timestamp: 1.5 }],
    ["an empty byte secret to sign", "signHmacBase64", { body, secret: new Uint8Array(0) }],
    ["algorithm SHA-256 (Web Crypto's spelling)", "signHmacHex", { body, secret, algorithm: "SHA-256" }],
    ["a rotation list to sign with", "signHmacHex", { body, secret: [secret] }],
    ["an empty Basic secret", "basicAuthHeader", { id: "a", secret: "" }],
    ["getHeader without headers", "getHeader", null],
  ];
  for (const [label, name, input] of cases) {
    it(`${name}: ${label}`, () => {
      const call = (lib: typeof web | typeof root) => () => (lib[name] as unknown as Fn)(input);
      let expected: unknown;
      try {
        call(root)();
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(TypeError);
      // Thrown synchronously: `toThrow` only sees exceptions, never a rejected Promise.
      expect(call(web)).toThrow(TypeError);
      expect(call(web)).toThrow((expected as TypeError).message);
    });
  }
});

describe("verifyMwSignature on /web: only ASCII spaces may follow a comma (SPEC)", () => {
  const valid = targets.find((t) => t.name === "verifyMwSignature")!.valid;
  const verify = async (value: string) => {
    const { message: _message, ...rest } = (await web.verifyMwSignature({ body: BODY, secret: SECRET, now: NOW, signature: value })) as unknown as Result;
    return rest;
  };
  for (const [label, gap] of [
    ["a byte order mark (U+FEFF)", "\uFEFF"],
    ["a no-break space (U+00A0)", "\u00A0"],
    ["a line separator (U+2028)", "\u2028"],
    ["an ideographic space (U+3000)", "\u3000"],
    ["a tab", "\t"],
    ["a space then a tab", " \t"],
  ] as const) {
    it(`${label} before a field name: malformed_header`, async () => {
      expect(await verify(valid.replaceAll(",", `,${gap}`))).toEqual({ ok: false, reason: "malformed_header" });
    });
  }
  it("spaces before the field names: verifies", async () => {
    expect(await verify(valid.replaceAll(",", ",   "))).toEqual({ ok: true, timestamp: NOW / 1000, nonce: "n0nce" });
  });
});

describe("bytes made in another realm (node:vm) on /web: bytes all the same, as on the root entry", () => {
  const codes = (text: string) => `[${[...Buffer.from(text)].join(",")}]`;
  const u8 = (text: string) => runInNewContext(`new Uint8Array(${codes(text)})`) as Uint8Array;
  const buffer = (text: string) => runInNewContext(`new Uint8Array(${codes(text)}).buffer`) as ArrayBuffer;
  const mw = root.signMwSignature({ body: BODY, secret: SECRET, timestamp: NOW / 1000, nonce: "n0nce" });

  it("as body: every scheme verifies, and other bytes do not", async () => {
    for (const body of [u8(BODY), buffer(BODY)]) {
      expect(await web.verifyTikiSha1({ body, secret: SECRET, signature: root.signTikiSha1({ body: BODY, secret: SECRET }) })).toEqual({ ok: true });
      expect(await web.verifyHmacBase64({ body, secret: SECRET, signature: root.signHmacBase64({ body: BODY, secret: SECRET }) })).toEqual({ ok: true });
      expect(await web.verifyHmacHex({ body, secret: SECRET, signature: root.signHmacHex({ body: BODY, secret: SECRET }) })).toEqual({ ok: true });
      expect(await web.verifyMwSignature({ body, secret: SECRET, signature: mw, now: NOW })).toEqual({ ok: true, timestamp: NOW / 1000, nonce: "n0nce" });
    }
    expect((await web.verifyTikiSha1({ body: u8(`${BODY} `), secret: SECRET, signature: root.signTikiSha1({ body: BODY, secret: SECRET }) })).ok).toBe(false);
  });

  it("as secret: alone and in a rotation list", async () => {
    const signature = root.signTikiSha1({ body: BODY, secret: SECRET });
    expect(await web.verifyTikiSha1({ body: BODY, secret: u8(SECRET), signature })).toEqual({ ok: true });
    expect(await web.verifyTikiSha1({ body: BODY, secret: [u8("old"), u8(SECRET)], signature })).toEqual({ ok: true, secretIndex: 1 });
    expect(await web.verifyMwSignature({ body: BODY, secret: u8(SECRET), signature: mw, now: NOW })).toEqual({ ok: true, timestamp: NOW / 1000, nonce: "n0nce" });
    expect((await web.verifyTikiSha1({ body: BODY, secret: u8("other"), signature })).ok).toBe(false);
  });

  it("to sign: the same signature as local bytes", async () => {
    expect(await web.signTikiSha1({ body: u8(BODY), secret: u8(SECRET) })).toBe(root.signTikiSha1({ body: BODY, secret: SECRET }));
    expect(await web.signHmacHex({ body: buffer(BODY), secret: u8(SECRET) })).toBe(root.signHmacHex({ body: BODY, secret: SECRET }));
  });

  it("what is not bytes is refused with the root entry's TypeError", () => {
    for (const body of [runInNewContext("new Float32Array(2)"), runInNewContext("new DataView(new ArrayBuffer(2))"), { [Symbol.toStringTag]: "ArrayBuffer" }]) {
      expect(() => web.verifyTikiSha1({ body, secret: SECRET, signature: null } as never)).toThrow(/body must be the raw request body/);
    }
    expect(() => web.verifyTikiSha1({ body: BODY, secret: u8(""), signature: null })).toThrow(/secret must not be empty/);
  });
});
