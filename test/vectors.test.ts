// Every recorded vector (vectors/*.json, produced by Python's hmac and openssl, not by this
// library) against the verify functions, with the body in every form and the header given
// both bare and inside request headers.
import { describe, expect, it } from "vitest";
import type { HeaderScheme } from "../src/providers/types.js";
import * as root from "../src/index.js";
import {
  type EncodedBody,
  SCHEMES,
  SCHEME_TABLE,
  bodyForms,
  extraValues,
  fetchRecord,
  headerRecord,
  loadVectors,
  signInput,
  signatureIn,
  vectorFilesOnDisk,
  verifyOptions,
} from "./helpers/vectors.js";

type Verify = (input: Record<string, unknown>) => { ok: boolean } & Record<string, unknown>;
type Sign = (input: unknown) => string;

// The table comes from the registry: each shipped provider's scheme names its vector file and
// the root entry's functions that verify and sign it.
const verifiers: Record<string, { verify: Verify; sign: Sign; valueKey: string; header: string; where: "header" | "body" | "query"; row: (typeof SCHEME_TABLE)[number] }> = Object.fromEntries(
  SCHEME_TABLE.map((row) => [
    row.vectors,
    {
      verify: root[row.verify] as unknown as Verify,
      sign: root[row.sign] as unknown as Sign,
      valueKey: "in" in row ? "" : row.valueKey,
      header: "in" in row ? row.field : row.header,
      where: signatureIn(row),
      row,
    },
  ]),
);

describe("the registry's schemes", () => {
  it("claim every vector file, each once, so that no file goes untested", () => {
    expect([...SCHEMES].sort()).toEqual(vectorFilesOnDisk());
    expect(vectorFilesOnDisk().length).toBeGreaterThan(0);
  });

  it("name functions the root entry exports, the verify function being the one the vector file names", () => {
    for (const row of SCHEME_TABLE) {
      expect(loadVectors(row.vectors).function, row.vectors).toBe(row.verify);
      expect(typeof root[row.verify], row.verify).toBe("function");
      expect(typeof root[row.sign], row.sign).toBe("function");
    }
  });
});

/** The expected result, minus the free-text message. */
function outcome(result: Record<string, unknown>): Record<string, unknown> {
  const { message: _message, ...rest } = result;
  return rest;
}


for (const scheme of SCHEMES) {
  const file = loadVectors(scheme);
  const { verify, sign, valueKey, where, row } = verifiers[scheme]!;

  describe(`vectors/${scheme}.json (${file.function})`, () => {
    it("has valid and invalid cases, each with a title and a source", () => {
      expect(file.valid.length).toBeGreaterThan(5);
      expect(file.invalid.length).toBeGreaterThan(5);
      for (const c of [...file.valid, ...file.invalid]) {
        expect(c.title).toMatch(/\w/);
        expect(c.source).toMatch(/\w/);
      }
    });

    for (const [group, cases] of [["valid", file.valid], ["invalid", file.invalid]] as const) {
      describe(group, () => {
        for (const c of cases) {
          it(c.title, () => {
            const base = verifyOptions(scheme, c.input);
            const headerValue = c.input[valueKey === "authorization" ? "authorization" : "signature"];
            const forms = c.input.body === undefined ? [["none", undefined] as const] : bodyForms(c.input.body as EncodedBody);
            for (const [form, body] of forms) {
              const withBody = body === undefined ? base : { ...base, body };
              if (where !== "header") {
                // The signature is a field of the body (payOS, ZaloPay, MoMo, Adyen) or of the query (VNPay): the body or query is the whole input.
                expect(outcome(verify(withBody)), `${form}, signature in the ${where}`).toEqual(c.expected);
                continue;
              }
              const bare = verify({ ...withBody, [valueKey]: headerValue, ...extraValues(row, c.input) });
              expect(outcome(bare), `${form}, bare header value`).toEqual(c.expected);
              if (headerValue !== null) {
                const record = headerRecord(row as HeaderScheme, c.input, headerValue);
                expect(outcome(verify({ ...withBody, headers: record })), `${form}, header record`).toEqual(c.expected);
              }
              const fetched = fetchRecord(row as HeaderScheme, c.input, headerValue);
              // Fetch Headers trim the value, as HTTP does; the outcome must not change.
              if (fetched) expect(outcome(verify({ ...withBody, headers: fetched })), `${form}, Fetch Headers`).toEqual(c.expected);
            }
            if (!c.expected.ok) expect(typeof (verify({ ...base, ...(c.input.body ? { body: bodyForms(c.input.body as EncodedBody)[0]![1] } : {}), ...(where === "header" ? { [valueKey]: headerValue, ...extraValues(row, c.input) } : {}) }) as { message?: unknown }).message).toBe("string");
            // A field scheme's signer takes its fields, not a body: test/schemes/query-body-vectors.test.ts checks those.
            if (c.sign && where === "header") expect(sign(signInput(c))).toBe(headerValue);
          });
        }
      });
    }
  });
}
