// The vectors of the schemes whose signature is in the query or the body (vectors/vnpay.json,
// momo.json, adyen.json: Python hmac and openssl, never this library), on the root entry and
// /web. The generic runner (test/vectors.test.ts) reads a header; these read the query or body.
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { type EncodedBody, type EncodedSecret, bodyForms, loadVectors, secretValue, secretsValue } from "../helpers/vectors.js";

const outcome = ({ message: _message, ...rest }: Record<string, unknown>) => rest;
const hexKey = (secret: EncodedSecret | EncodedSecret[]): unknown =>
  Array.isArray(secret) ? secret.map(hexKey) : "hex" in secret ? secret.hex : secret.utf8;

type Entry = { name: string; verify: (input: Record<string, unknown>) => unknown };

const ENTRIES = (fn: "verifyVnpayIpn" | "verifyMomoIpn" | "verifyAdyenNotification"): Entry[] => [
  { name: "root", verify: root[fn] as unknown as Entry["verify"] },
  { name: "/web", verify: web[fn] as unknown as Entry["verify"] },
];

describe("vectors/vnpay.json (verifyVnpayIpn)", () => {
  const file = loadVectors("vnpay");
  for (const c of [...file.valid, ...file.invalid]) {
    it(c.title, async () => {
      for (const entry of ENTRIES("verifyVnpayIpn")) {
        const result = (await entry.verify({ query: c.input.query, secret: secretsValue(c.input.secret as EncodedSecret) })) as Record<string, unknown>;
        expect(outcome(result), entry.name).toEqual(c.expected);
        if (!c.expected.ok) expect(result.message, entry.name).toMatch(/vnp_|query/);
      }
      if (c.sign) {
        const query = c.input.query as string;
        const params = Object.fromEntries([...new URLSearchParams(query)].filter(([name]) => name !== "vnp_SecureHash"));
        const secret = secretValue(c.input.secret as EncodedSecret);
        expect(root.signVnpayIpn({ params, secret })).toBe(query);
        expect(await web.signVnpayIpn({ params, secret })).toBe(query);
      }
    });
  }
});

describe("vectors/momo.json (verifyMomoIpn)", () => {
  const file = loadVectors("momo");
  for (const c of [...file.valid, ...file.invalid]) {
    it(c.title, async () => {
      for (const entry of ENTRIES("verifyMomoIpn")) {
        for (const [form, body] of bodyForms(c.input.body as EncodedBody)) {
          const input = { body, secret: secretsValue(c.input.secret as EncodedSecret), accessKey: c.input.accessKey };
          const result = (await entry.verify(input)) as Record<string, unknown>;
          expect(outcome(result), `${entry.name}, ${form}`).toEqual(c.expected);
          if (!c.expected.ok) expect(result.message, entry.name).toMatch(/body/);
        }
      }
      if (c.sign) {
        const payload = JSON.parse((c.input.body as { utf8: string }).utf8) as Record<string, unknown>;
        const input = { payload, secret: secretValue(c.input.secret as EncodedSecret), accessKey: c.input.accessKey as string };
        expect(root.signMomoIpn(input)).toBe(payload.signature);
        expect(await web.signMomoIpn(input)).toBe(payload.signature);
      }
    });
  }
});

describe("vectors/adyen.json (verifyAdyenNotification)", () => {
  const file = loadVectors("adyen");
  for (const c of [...file.valid, ...file.invalid]) {
    it(c.title, async () => {
      for (const entry of ENTRIES("verifyAdyenNotification")) {
        for (const [form, body] of bodyForms(c.input.body as EncodedBody)) {
          // The key as the Customer Area shows it (hex text), and as its bytes.
          for (const secret of [hexKey(c.input.secret as EncodedSecret), secretsValue(c.input.secret as EncodedSecret)]) {
            const result = (await entry.verify({ body, secret })) as Record<string, unknown>;
            expect(outcome(result), `${entry.name}, ${form}`).toEqual(c.expected);
            if (!c.expected.ok) expect(result.message, entry.name).toMatch(/body/);
          }
        }
      }
      if (c.sign) {
        const body = JSON.parse((c.input.body as { utf8: string }).utf8) as { notificationItems: { NotificationRequestItem: { additionalData: { hmacSignature: string } } }[] };
        const item = body.notificationItems[0]!.NotificationRequestItem;
        const secret = hexKey(c.input.secret as EncodedSecret) as string;
        expect(root.signAdyenItem({ item, secret })).toBe(item.additionalData.hmacSignature);
        expect(await web.signAdyenItem({ item, secret })).toBe(item.additionalData.hmacSignature);
      }
    });
  }

  it("keeps the SDK's published value byte for byte", () => {
    const file = loadVectors("adyen");
    expect(JSON.stringify(file.valid[0]!.input)).toContain("xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=");
    expect(JSON.stringify(file.valid[0]!.input)).toContain("DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00");
    expect(file.valid[0]!.expected).toEqual({ ok: true });
  });
});
