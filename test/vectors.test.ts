// Every recorded vector (vectors/*.json, produced by Python's hmac and openssl, not by this
// library) against the verify functions, with the body in every form and the header given
// both bare and inside request headers.
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
import type { BasicCredentials, HmacAlgorithm } from "../src/index.js";
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
} from "./helpers/vectors.js";

type Verify = (input: Record<string, unknown>) => { ok: boolean } & Record<string, unknown>;


const verifiers: Record<string, { verify: Verify; valueKey: string; header: string }> = {
  tikinow: { verify: verifyTikiSha1 as unknown as Verify, valueKey: "signature", header: "X-Signature" },
  "tiki-basic": { verify: verifyBasicAuth as unknown as Verify, valueKey: "authorization", header: "Authorization" },
  "mobility-work": { verify: verifyMwSignature as unknown as Verify, valueKey: "signature", header: "X-MW-Signature" },
  "hmac-base64": { verify: verifyHmacBase64 as unknown as Verify, valueKey: "signature", header: "X-Hmac-SHA256" },
  "hmac-hex": { verify: verifyHmacHex as unknown as Verify, valueKey: "signature", header: "X-Tilby-Signature" },
};

function sign(scheme: string, c: VectorCase): string {
  const input = c.input;
  const body = input.body === undefined ? "" : bodyForms(input.body as EncodedBody)[0]![1];
  const secret = input.secret === undefined ? "" : secretValue(input.secret as EncodedSecret);
  const algorithm = input.algorithm as HmacAlgorithm | undefined;
  switch (scheme) {
    case "tikinow":
      return signTikiSha1({ body, secret });
    case "tiki-basic":
      return basicAuthHeader((input.credentials as BasicCredentials[])[0]!);
    case "mobility-work":
      return signMwSignature({
        body,
        secret,
        timestamp: (c.expected as Record<string, unknown>).timestamp as number,
        nonce: (c.expected as Record<string, unknown>).nonce as string,
      });
    case "hmac-base64":
      return signHmacBase64({ body, secret, ...(algorithm ? { algorithm } : {}) });
    default:
      return signHmacHex({
        body,
        secret,
        ...(algorithm ? { algorithm } : {}),
        ...(input.prefix !== undefined ? { prefix: input.prefix as string } : {}),
      });
  }
}

/** The expected result, minus the free-text message. */
function outcome(result: Record<string, unknown>): Record<string, unknown> {
  const { message: _message, ...rest } = result;
  return rest;
}


for (const scheme of SCHEMES) {
  const file = loadVectors(scheme);
  const { verify, valueKey, header } = verifiers[scheme]!;

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
              const bare = verify({ ...withBody, [valueKey]: headerValue });
              expect(outcome(bare), `${form}, bare header value`).toEqual(c.expected);
              if (headerValue !== null) {
                const record = { "content-type": "application/json", [header]: headerValue };
                expect(outcome(verify({ ...withBody, headers: record })), `${form}, header record`).toEqual(c.expected);
              }
              const fetched = fetchHeaders(header, headerValue);
              // Fetch Headers trim the value, as HTTP does; the outcome must not change.
              if (fetched) expect(outcome(verify({ ...withBody, headers: fetched })), `${form}, Fetch Headers`).toEqual(c.expected);
            }
            if (!c.expected.ok) expect(typeof (verify({ ...base, ...(c.input.body ? { body: bodyForms(c.input.body as EncodedBody)[0]![1] } : {}), [valueKey]: headerValue }) as { message?: unknown }).message).toBe("string");
            if (c.sign) expect(sign(scheme, c)).toBe(headerValue);
          });
        }
      });
    }
  });
}
