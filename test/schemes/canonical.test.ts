// payOS, Casso and ZaloPay sign and verify, root entry and /web: the published signatures
// reproduced by the sign functions, programmer mistakes as TypeErrors that name the argument,
// and /web's every result equal to the root's, message included.
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { loadVectors, bodyForms, type EncodedBody, secretsValue, type EncodedSecret } from "../helpers/vectors.js";
import { thrown } from "../helpers/thrown.js";

const PAYOS = loadVectors("payos");
const ZALOPAY = loadVectors("zalopay");

/** The valid cases that name a published vector (their title says whose). */
const published = (file: typeof PAYOS) => file.valid.filter((c) => /^(payOS docs|payOS SDK|ZaloPay docs)/.test(c.title));

describe("sign functions reproduce the signatures carried in published bodies", () => {
  it.each(published(PAYOS).map((c) => [c.title, c] as const))("payOS: %s", async (_, c) => {
    const body = JSON.parse((c.input.body as { utf8: string }).utf8) as { data: Record<string, unknown>; signature: string };
    const secret = secretsValue(c.input.secret as EncodedSecret) as string;
    expect(root.signPayosSignature({ data: body.data, secret })).toBe(body.signature);
    expect(await web.signPayosSignature({ data: body.data, secret })).toBe(body.signature);
  });

  it.each(published(ZALOPAY).map((c) => [c.title, c] as const))("ZaloPay: %s", async (_, c) => {
    const body = JSON.parse((c.input.body as { utf8: string }).utf8) as { data: string; mac: string };
    const secret = secretsValue(c.input.secret as EncodedSecret) as string;
    expect(root.signZalopayMac({ data: body.data, secret })).toBe(body.mac);
    expect(await web.signZalopayMac({ data: body.data, secret })).toBe(body.mac);
  });

  it("Casso: the default t is now, in milliseconds, on both entries", async () => {
    const before = Date.now();
    const header = root.signCassoSignature({ body: "{}", secret: "k" });
    const webHeader = await web.signCassoSignature({ body: "{}", secret: "k" });
    for (const value of [header, webHeader]) {
      const t = Number(/^t=(\d+),v1=[0-9a-f]{128}$/.exec(value)?.[1]);
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(Date.now());
    }
  });
});

describe("/web gives the root entry's results, message included", () => {
  const inputs: Array<[string, Record<string, unknown>]> = [];
  for (const [name, file] of [["verifyPayosSignature", PAYOS], ["verifyZalopayMac", ZALOPAY]] as const) {
    for (const c of [...file.valid, ...file.invalid]) {
      inputs.push([`${name}: ${c.title}`, { fn: name, body: bodyForms(c.input.body as EncodedBody)[0]![1], secret: secretsValue(c.input.secret as EncodedSecret | EncodedSecret[]) }]);
    }
  }
  it.each(inputs)("%s", async (_, { fn, ...input }) => {
    const name = fn as "verifyPayosSignature" | "verifyZalopayMac";
    expect(await web[name](input as never)).toEqual(root[name](input as never));
  });
});

describe("programmer mistakes throw a TypeError that names the argument", () => {
  type Lib = typeof root | typeof web;
  const cases: Array<[string, (lib: Lib) => unknown, RegExp]> = [
    ["verifyPayosSignature without input", (lib) => lib.verifyPayosSignature(undefined as never), /verifyPayosSignature\(input\) expects one options object/],
    ["verifyPayosSignature with an empty secret", (lib) => lib.verifyPayosSignature({ body: "{}", secret: "" }), /secret must not be empty/],
    ["verifyPayosSignature with a parsed body", (lib) => lib.verifyPayosSignature({ body: {} as never, secret: "k" }), /body must be the raw request body/],
    ["signPayosSignature with data that is not an object", (lib) => lib.signPayosSignature({ data: [] as never, secret: "k" }), /data must be payOS's data object, got an array/],
    ["signPayosSignature with a nested object", (lib) => lib.signPayosSignature({ data: { a: { b: 1 } }, secret: "k" }), /data cannot be signed: data holds an object value/],
    ["signPayosSignature with a cycle", (lib) => { const data: Record<string, unknown> = {}; data.self = [data]; return lib.signPayosSignature({ data, secret: "k" }); }, /data must be serialisable with JSON.stringify/],
    ["signPayosSignature with an unsafe integer", (lib) => lib.signPayosSignature({ data: { n: 2 ** 60 }, secret: "k" }), /data must have one JSON reading: an integer past 2\^53/],
    ["signPayosSignature with an empty secret", (lib) => lib.signPayosSignature({ data: {}, secret: "" }), /secret must not be empty/],
    ["signZalopayMac with data that is not a string", (lib) => lib.signZalopayMac({ data: {} as never, secret: "k" }), /data must be the callback's data string \(JSON text\), got an object/],
    ["signZalopayMac with a secret list", (lib) => lib.signZalopayMac({ data: "{}", secret: ["k"] as never }), /secret must be a non-empty string or Uint8Array, got an array/],
    ["verifyZalopayMac with an empty secret list", (lib) => lib.verifyZalopayMac({ body: "{}", secret: [] }), /secret must not be an empty list/],
    ["verifyCassoSignature with neither signature nor headers", (lib) => lib.verifyCassoSignature({ body: "{}", secret: "k" }), /input must give signature \(the header value\) or headers/],
    ["verifyCassoSignature with both", (lib) => lib.verifyCassoSignature({ body: "{}", secret: "k", signature: "x", headers: {} }), /input must give either signature or headers, not both/],
    ["verifyCassoSignature with a negative tolerance", (lib) => lib.verifyCassoSignature({ body: "{}", secret: "k", signature: null, toleranceSeconds: -1 }), /toleranceSeconds must be a number >= 0/],
    ["verifyCassoSignature with an invalid now", (lib) => lib.verifyCassoSignature({ body: "{}", secret: "k", signature: null, now: new Date(Number.NaN) }), /now must be ms since the epoch or a valid Date/],
    ["verifyCassoSignature with a tolerance as text", (lib) => lib.verifyCassoSignature({ body: "{}", secret: "k", signature: null, toleranceSeconds: "5" as never }), /toleranceSeconds must be a number >= 0 \(Infinity turns the check off\), got a string/],
    ["signCassoSignature with a timestamp as text", (lib) => lib.signCassoSignature({ body: "{}", secret: "k", timestamp: "5" as never }), /timestamp must be a whole number of unix milliseconds >= 0, got a string/],
    ["signCassoSignature with a fractional timestamp", (lib) => lib.signCassoSignature({ body: "{}", secret: "k", timestamp: 1.5 }), /timestamp must be a whole number of unix milliseconds >= 0, got 1.5/],
    ["signCassoSignature with a body that is not strict JSON", (lib) => lib.signCassoSignature({ body: '{"a":1,"a":2}', secret: "k" }), /body must be JSON with one reading \(Casso signs its sorted form\): a duplicate key/],
  ];
  it.each(cases)("%s", (_, call, message) => {
    for (const lib of [root, web] as Lib[]) {
      // /web throws at once too: a mistake never becomes a rejected Promise.
      const error = thrown(() => call(lib));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toMatch(message);
      expect((error as TypeError).message).toMatch(/^\[webhook-signatures\] /);
    }
  });
});

describe("the network never makes them throw", () => {
  it.each([null, 42, "x", ["a"], { toString: 1 }])("a signature of %j is a result", async (signature) => {
    const input = { body: "{}", secret: "k", signature: signature as never, now: 0 };
    const result = root.verifyCassoSignature(input);
    expect(result.ok).toBe(false);
    expect(await web.verifyCassoSignature(input)).toEqual(result);
  });

  it("a Casso header in a record or Fetch Headers, any case", async () => {
    const body = '{"data":{"id":1}}';
    const signature = root.signCassoSignature({ body, secret: "k", timestamp: 1000 });
    for (const headers of [{ "X-CASSO-SIGNATURE": signature }, new Headers({ "x-casso-signature": signature })]) {
      expect(root.verifyCassoSignature({ body, secret: "k", headers, now: 1000 })).toEqual({ ok: true, timestamp: 1000 });
      expect(await web.verifyCassoSignature({ body, secret: "k", headers, now: new Date(1000) })).toEqual({ ok: true, timestamp: 1000 });
    }
  });

  it("a Casso body without one reading, on /web too", async () => {
    const input = { body: '{"a":1,"a":1}', secret: "k", signature: `t=1,v1=${"0".repeat(128)}`, now: 1 };
    expect(await web.verifyCassoSignature(input)).toEqual(root.verifyCassoSignature(input));
    expect(root.verifyCassoSignature(input)).toMatchObject({ ok: false, reason: "malformed_header" });
  });
});
