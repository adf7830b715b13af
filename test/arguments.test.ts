// Caller mistakes, word for word, from both entries: each is a TypeError that names the
// argument and says what it must be, thrown synchronously (the /web functions too, before
// any Promise exists). `toThrow(/regex/)` alone would not do: vitest passes it for a thrown
// `undefined`, so a builder that returned nothing would go unseen. Each message here is
// written from what the argument must be, not copied from a run.
import { describe, expect, it } from "vitest";
import * as node from "../src/index.js";
import * as web from "../src/web/index.js";
import { thrown } from "./helpers/thrown.js";

type Entry = typeof node | typeof web;

const body = "{}";
const secret = "k";
const valid = { id: "shop", secret: "pw" };

const cases: Array<[string, (api: Entry) => unknown, string]> = [
  // The one options object every verify and sign function takes.
  ["verifyTikiSha1 given a string", (api) => api.verifyTikiSha1("x" as never), "verifyTikiSha1(input) expects one options object, got a string"],
  ["signTikiSha1 given null", (api) => api.signTikiSha1(null as never), "signTikiSha1(input) expects one options object, got null"],
  ["verifyBasicAuth given a string", (api) => api.verifyBasicAuth("x" as never), "verifyBasicAuth(input) expects one options object, got a string"],
  ["verifyMwSignature given a number", (api) => api.verifyMwSignature(1 as never), "verifyMwSignature(input) expects one options object, got a number"],
  ["signMwSignature given a string", (api) => api.signMwSignature("x" as never), "signMwSignature(input) expects one options object, got a string"],
  ["verifyHmacHex given a string", (api) => api.verifyHmacHex("x" as never), "verifyHmacHex(input) expects one options object, got a string"],
  ["signHmacHex given undefined", (api) => api.signHmacHex(undefined as never), "signHmacHex(input) expects one options object, got undefined"],
  ["verifyHmacBase64 given a string", (api) => api.verifyHmacBase64("x" as never), "verifyHmacBase64(input) expects one options object, got a string"],
  ["signHmacBase64 given a string", (api) => api.signHmacBase64("x" as never), "signHmacBase64(input) expects one options object, got a string"],

  // Where the header comes from.
  ["headers given as a string", (api) => api.verifyTikiSha1({ body, secret, headers: "x-signature: a" as never }), "headers must be a Fetch Headers object or a record of header values, got a string"],
  ["getHeader given a string", (api) => api.getHeader("x" as never, "x-signature"), "headers must be a Fetch Headers object or a record of header values, got a string"],
  ["getHeader given a number as the name", (api) => api.getHeader({}, 5 as never), "name must be a non-empty string, got a number"],
  ["both signature and headers", (api) => api.verifyTikiSha1({ body, secret, signature: "a", headers: {} }), "input must give either signature or headers, not both"],
  ["neither signature nor headers", (api) => api.verifyTikiSha1({ body, secret } as never), "input must give signature (the header value) or headers (the request headers)"],
  ["neither authorization nor headers", (api) => api.verifyBasicAuth({ credentials: valid } as never), "input must give authorization (the header value) or headers (the request headers)"],
  ["both authorization and headers", (api) => api.verifyBasicAuth({ credentials: valid, authorization: "x", headers: {} }), "input must give either authorization or headers, not both"],
  ["headers for Tilby without headerName", (api) => api.verifyHmacHex({ body, secret, headers: {} }), "headerName is required when headers is given (this scheme has no standard header)"],
  ["a headerName that is a number", (api) => api.verifyHmacBase64({ body, secret, headers: {}, headerName: 5 as never }), "headerName must be a non-empty string, got a number"],
  ["an empty headerName", (api) => api.verifyHmacHex({ body, secret, headers: {}, headerName: "" }), 'headerName must be a non-empty string, got a string'],

  // Scheme options.
  ["a prefix that is a number", (api) => api.verifyHmacHex({ body, secret, signature: "a", prefix: 5 as never }), "prefix must be a string, got a number"],
  ["a sign prefix that is null", (api) => api.signHmacHex({ body, secret, prefix: null as never }), "prefix must be a string, got null"],
  ["a long unknown algorithm, cut to 20 characters", (api) => api.verifyHmacHex({ body, secret, signature: "a", algorithm: `sha3-${"x".repeat(40)}` as never }), 'algorithm must be "sha256", "sha1" or "sha512", got "sha3-xxxxxxxxxxxxxxx"'],
  ["an algorithm that is a number", (api) => api.signHmacBase64({ body, secret, algorithm: 256 as never }), 'algorithm must be "sha256", "sha1" or "sha512", got a number'],
  ["an algorithm that is a number, to verify", (api) => api.verifyHmacBase64({ body, secret, signature: "x", algorithm: 256 as never }), 'algorithm must be "sha256", "sha1" or "sha512", got a number'],
  ["a negative tolerance", (api) => api.verifyMwSignature({ body, secret, signature: "x", toleranceSeconds: -1 }), "toleranceSeconds must be a number >= 0 (Infinity turns the check off), got -1"],
  ["a NaN tolerance", (api) => api.verifyMwSignature({ body, secret, signature: "x", toleranceSeconds: Number.NaN }), "toleranceSeconds must be a number >= 0 (Infinity turns the check off), got NaN"],
  ["a tolerance in a string", (api) => api.verifyMwSignature({ body, secret, signature: "x", toleranceSeconds: "300" as never }), "toleranceSeconds must be a number >= 0 (Infinity turns the check off), got a string"],
  ["now in a string", (api) => api.verifyMwSignature({ body, secret, signature: "x", now: "1700000000000" as never }), "now must be ms since the epoch or a valid Date, got a string"],
  ["now an invalid Date", (api) => api.verifyMwSignature({ body, secret, signature: "x", now: new Date(Number.NaN) }), "now must be ms since the epoch or a valid Date, got an object"],
  ["now Infinity", (api) => api.verifyMwSignature({ body, secret, signature: "x", now: Infinity }), "now must be ms since the epoch or a valid Date, got a number"],
  ["a timestamp in a string", (api) => api.signMwSignature({ body, secret, timestamp: "1700000000" as never }), "timestamp must be a whole number of unix seconds >= 0, got a string"],
  ["a fractional timestamp", (api) => api.signMwSignature({ body, secret, timestamp: 1.5 }), "timestamp must be a whole number of unix seconds >= 0, got 1.5"],
  ["a negative timestamp", (api) => api.signMwSignature({ body, secret, timestamp: -1 }), "timestamp must be a whole number of unix seconds >= 0, got -1"],
  ["a nonce that is a number", (api) => api.signMwSignature({ body, secret, timestamp: 1, nonce: 12345 as never }), "nonce must be non-empty printable ASCII without commas, whitespace or '.'"],
  ["a nonce with a comma", (api) => api.signMwSignature({ body, secret, timestamp: 1, nonce: "a,b" }), "nonce must be non-empty printable ASCII without commas, whitespace or '.'"],

  // Bodies and secrets, on the verify paths that check them inline and on the sign paths.
  ["a parsed body", (api) => api.verifyMwSignature({ body: { a: 1 } as never, secret, signature: "x" }), "body must be the raw request body as a string, Uint8Array or ArrayBuffer, got an object (did a JSON body parser run first?)"],
  ["a parsed body to TikiNOW", (api) => api.verifyTikiSha1({ body: null as never, secret, signature: "x" }), "body must be the raw request body as a string, Uint8Array or ArrayBuffer, got null (did a JSON body parser run first?)"],
  ["a parsed body to sign", (api) => api.signHmacHex({ body: [1] as never, secret }), "body must be the raw request body as a string, Uint8Array or ArrayBuffer, got an array (did a JSON body parser run first?)"],
  ["an empty secret", (api) => api.verifyTikiSha1({ body, secret: "", signature: "x" }), "secret must not be empty: an empty HMAC key makes signatures forgeable"],
  ["an empty Uint8Array secret", (api) => api.verifyMwSignature({ body, secret: new Uint8Array(0), signature: "x" }), "secret must not be empty: an empty HMAC key makes signatures forgeable"],
  ["a secret that is a number", (api) => api.verifyHmacBase64({ body, secret: 5 as never, signature: "x" }), "secret must be a non-empty string or Uint8Array, got a number"],
  ["an empty rotation list", (api) => api.verifyHmacHex({ body, secret: [], signature: "x" }), "secret must not be an empty list"],
  ["an empty secret in a list", (api) => api.verifyMwSignature({ body, secret: ["ok", ""], signature: "x" }), "secret[1] must not be empty: an empty HMAC key makes signatures forgeable"],
  ["a number in a list", (api) => api.verifyMwSignature({ body, secret: ["ok", 5 as never], signature: "x" }), "secret[1] must be a non-empty string or Uint8Array, got a number"],
  ["a number in a TikiNOW list", (api) => api.verifyTikiSha1({ body, secret: [5 as never], signature: "x" }), "secret[0] must be a non-empty string or Uint8Array, got a number"],
  ["a list to a sign function", (api) => api.signTikiSha1({ body, secret: ["k"] as never }), "secret must be a non-empty string or Uint8Array, got an array"],
  ["an empty secret to sign", (api) => api.signMwSignature({ body, secret: "" }), "secret must not be empty: an empty HMAC key makes signatures forgeable"],

  // Tiki Open API credential pairs.
  ["a pair whose id is a number", (api) => api.verifyBasicAuth({ credentials: { id: 5, secret: "x" } as never, authorization: "x" }), "credentials.id must be a non-empty string without ':' (RFC 7617)"],
  ["a pair whose id holds ':'", (api) => api.basicAuthHeader({ id: "a:b", secret: "x" }), "credentials.id must be a non-empty string without ':' (RFC 7617)"],
  ["a pair whose secret is a number", (api) => api.verifyBasicAuth({ credentials: { id: "a", secret: 5 } as never, authorization: "x" }), "credentials.secret must be a non-empty string"],
  ["basicAuthHeader given null", (api) => api.basicAuthHeader(null as never), "credentials must be an object { id, secret }, got null"],
  ["verifyBasicAuth given null credentials", (api) => api.verifyBasicAuth({ credentials: null as never, authorization: "Basic eDp5" }), "credentials must be an object { id, secret }, got null"],
  ["verifyBasicAuth given credentials as a string", (api) => api.verifyBasicAuth({ credentials: "shop:pw" as never, authorization: "Basic eDp5" }), "credentials must be an object { id, secret }, got a string"],
  ["a number in a list of pairs", (api) => api.verifyBasicAuth({ credentials: [valid, 7 as never], authorization: "Basic eDp5" }), "credentials[1] must be an object { id, secret }, got a number"],
  ["an empty list of pairs", (api) => api.verifyBasicAuth({ credentials: [], authorization: "x" }), "credentials must not be an empty list"],
  ["null in a list of pairs", (api) => api.verifyBasicAuth({ credentials: [valid, null as never], authorization: "x" }), "credentials[1] must be an object { id, secret }, got null"],
  ["a bad id in a list of pairs", (api) => api.verifyBasicAuth({ credentials: [{ id: "", secret: "x" }], authorization: "x" }), "credentials[0].id must be a non-empty string without ':' (RFC 7617)"],
];

for (const [name, api] of [
  ["root", node],
  ["/web", web],
] as const) {
  describe(`caller mistakes (${name} entry)`, () => {
    for (const [situation, run, message] of cases) {
      it(`${situation}: ${message}`, () => {
        const error = thrown(() => run(api));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as TypeError).message).toBe(`[webhook-signatures] ${message}`);
      });
    }
  });
}
