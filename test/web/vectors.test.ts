// Every recorded vector (vectors/*.json) through the /web entry on Node's own Web Crypto,
// with the body in every form and the header bare, in a record and in Fetch Headers, as
// test/vectors.test.ts does for the root entry. Each result must also equal the root
// entry's result for the same input, message included.
import { describe, expect, it } from "vitest";
import type { HeaderScheme } from "../../src/providers/types.js";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { type EncodedBody, SCHEMES, SCHEME_TABLE, bodyForms, extraValues, fetchRecord, headerRecord, loadVectors, signInput, signatureIn, verifyOptions } from "../helpers/vectors.js";

type Result = { ok: boolean } & Record<string, unknown>;
type Verify = (input: Record<string, unknown>) => Result | Promise<Result>;
type Sign = (input: unknown) => Promise<string> | string;

// The table comes from the registry: each shipped provider's scheme names its vector file and
// the functions, exported by /web and the root entry under the same names, that verify and sign it.
const FUNCTIONS: Record<string, { name: keyof typeof web & keyof typeof root; sign: keyof typeof web; valueKey: string; where: "header" | "body" | "query"; row: (typeof SCHEME_TABLE)[number] }> =
  Object.fromEntries(
    SCHEME_TABLE.map((row) => [
      row.vectors,
      { name: row.verify, sign: row.sign, valueKey: "in" in row ? "" : row.valueKey, where: signatureIn(row), row },
    ]),
  );

function outcome(result: Record<string, unknown>): Record<string, unknown> {
  const { message: _message, ...rest } = result;
  return rest;
}


for (const scheme of SCHEMES) {
  const file = loadVectors(scheme);
  const { name, sign, valueKey, where, row } = FUNCTIONS[scheme]!;
  const verifyWeb = web[name] as unknown as Verify;
  const verifyRoot = root[name] as unknown as Verify;

  describe(`/web: vectors/${scheme}.json (${file.function})`, () => {
    for (const [group, cases] of [["valid", file.valid], ["invalid", file.invalid]] as const) {
      describe(group, () => {
        for (const c of cases) {
          it(c.title, async () => {
            const base = verifyOptions(scheme, c.input);
            const headerValue = c.input[valueKey];
            const forms = c.input.body === undefined ? [["none", undefined] as const] : bodyForms(c.input.body as EncodedBody);
            for (const [form, body] of forms) {
              const withBody = body === undefined ? base : { ...base, body };
              // A signature that is a field of the body (payOS, ZaloPay, MoMo, Adyen) or the query (VNPay): the body or query is the whole input.
              const inputs: Array<[string, Record<string, unknown>]> =
                where !== "header" ? [[`${form}, signature in the ${where}`, withBody]] : [[`${form}, bare header value`, { ...withBody, [valueKey]: headerValue, ...extraValues(row, c.input) }]];
              if (where === "header" && headerValue !== null) {
                inputs.push([`${form}, header record`, { ...withBody, headers: headerRecord(row as HeaderScheme, c.input, headerValue) }]);
              }
              const fetched = where !== "header" ? undefined : fetchRecord(row as HeaderScheme, c.input, headerValue);
              if (fetched) inputs.push([`${form}, Fetch Headers`, { ...withBody, headers: fetched }]);
              for (const [label, input] of inputs) {
                const pending = verifyWeb(input);
                expect(pending, `${label}: returns a Promise`).toBeInstanceOf(Promise);
                const result = await pending;
                expect(outcome(result), label).toEqual(c.expected);
                expect(result, `${label}: same as the root entry, message included`).toEqual(verifyRoot(input));
              }
            }
            // A field scheme's signer takes its fields, not a body: test/schemes/query-body-vectors.test.ts checks those.
            if (c.sign && where === "header") {
              const signed = (web[sign] as unknown as Sign)(signInput(c));
              expect(await signed).toBe(headerValue);
            }
          });
        }
      });
    }
  });
}
