// Every recorded vector (vectors/*.json) through the /web entry on Node's own Web Crypto,
// with the body in every form and the header bare, in a record and in Fetch Headers, as
// test/vectors.test.ts does for the root entry. Each result must also equal the root
// entry's result for the same input, message included.
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import type { BasicCredentials, HmacAlgorithm } from "../../src/web/index.js";
import * as web from "../../src/web/index.js";
import {
  type EncodedBody,
  type EncodedSecret,
  type VectorCase,
  SCHEMES,
  bodyForms,
  fetchHeaders,
  loadVectors,
  secretValue,
  verifyOptions,
} from "../helpers/vectors.js";

type Result = { ok: boolean } & Record<string, unknown>;
type Verify = (input: Record<string, unknown>) => Result | Promise<Result>;


const FUNCTIONS: Record<string, { name: keyof typeof web & keyof typeof root; valueKey: string; header: string }> = {
  tikinow: { name: "verifyTikiSha1", valueKey: "signature", header: "X-Signature" },
  "tiki-basic": { name: "verifyBasicAuth", valueKey: "authorization", header: "Authorization" },
  "mobility-work": { name: "verifyMwSignature", valueKey: "signature", header: "X-MW-Signature" },
  "hmac-base64": { name: "verifyHmacBase64", valueKey: "signature", header: "X-Hmac-SHA256" },
  "hmac-hex": { name: "verifyHmacHex", valueKey: "signature", header: "X-Tilby-Signature" },
};

function sign(scheme: string, c: VectorCase): Promise<string> | string {
  const input = c.input;
  const body = input.body === undefined ? "" : bodyForms(input.body as EncodedBody)[0]![1];
  const secret = input.secret === undefined ? "" : secretValue(input.secret as EncodedSecret);
  const algorithm = input.algorithm as HmacAlgorithm | undefined;
  switch (scheme) {
    case "tikinow":
      return web.signTikiSha1({ body, secret });
    case "tiki-basic":
      return web.basicAuthHeader((input.credentials as BasicCredentials[])[0]!);
    case "mobility-work":
      return web.signMwSignature({
        body,
        secret,
        timestamp: (c.expected as Record<string, unknown>).timestamp as number,
        nonce: (c.expected as Record<string, unknown>).nonce as string,
      });
    case "hmac-base64":
      return web.signHmacBase64({ body, secret, ...(algorithm ? { algorithm } : {}) });
    default:
      return web.signHmacHex({
        body,
        secret,
        ...(algorithm ? { algorithm } : {}),
        ...(input.prefix !== undefined ? { prefix: input.prefix as string } : {}),
      });
  }
}

function outcome(result: Record<string, unknown>): Record<string, unknown> {
  const { message: _message, ...rest } = result;
  return rest;
}


for (const scheme of SCHEMES) {
  const file = loadVectors(scheme);
  const { name, valueKey, header } = FUNCTIONS[scheme]!;
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
              const inputs: Array<[string, Record<string, unknown>]> = [[`${form}, bare header value`, { ...withBody, [valueKey]: headerValue }]];
              if (headerValue !== null) {
                inputs.push([`${form}, header record`, { ...withBody, headers: { "content-type": "application/json", [header]: headerValue } }]);
              }
              const fetched = fetchHeaders(header, headerValue);
              if (fetched) inputs.push([`${form}, Fetch Headers`, { ...withBody, headers: fetched }]);
              for (const [label, input] of inputs) {
                const pending = verifyWeb(input);
                expect(pending, `${label}: returns a Promise`).toBeInstanceOf(Promise);
                const result = await pending;
                expect(outcome(result), label).toEqual(c.expected);
                expect(result, `${label}: same as the root entry, message included`).toEqual(verifyRoot(input));
              }
            }
            if (c.sign) {
              const signed = sign(scheme, c);
              expect(await signed).toBe(headerValue);
            }
          });
        }
      });
    }
  });
}
