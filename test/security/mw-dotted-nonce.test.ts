// Mobility Work signs t "." nonce "." body. A nonce holding a "." would make the boundary
// between nonce and body ambiguous: from one genuine delivery anyone could move bytes of the
// body into the nonce and keep the signature. SPEC: the nonce has no ".".
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as web from "../../src/web/index.js";
import { outcome } from "../helpers/outcome.js";

const SECRET = "mw-demo-secret";
const T = 1660338149;
const NONCE = "752c14ea195c460bac3c3b7896975ee9fd15eeb7";
/** The PHP reference, transcribed: hash_hmac('sha256', sprintf('%s.%s.%s', $t, $nonce, $payload), $secret). */
const sig = (nonce: string, body: string) => createHmac("sha256", SECRET).update(`${T}.${nonce}.${body}`).digest("hex");

const genuine = { body: "12.5", signature: `t=${T},nonce=${NONCE},signature=${sig(NONCE, "12.5")}` };
// The same signed bytes, split differently: nonce "<NONCE>.12", body "5".
const forged = { body: "5", signature: `t=${T},nonce=${NONCE}.12,signature=${sig(NONCE, "12.5")}` };

describe.each([
  ["root", (input: Parameters<typeof root.verifyMwSignature>[0]) => Promise.resolve(root.verifyMwSignature(input))],
  ["/web", (input: Parameters<typeof web.verifyMwSignature>[0]) => web.verifyMwSignature(input)],
] as const)("Mobility Work nonces with a dot (%s entry)", (_entry, verify) => {
  it("the genuine delivery verifies, and the re-split one built from it is refused as malformed_header", async () => {
    expect(await verify({ ...genuine, secret: SECRET, now: T * 1000 })).toEqual({ ok: true, timestamp: T, nonce: NONCE });
    // Both splits hash the same bytes: only the nonce rule tells them apart.
    expect(sig(`${NONCE}.12`, "5")).toBe(sig(NONCE, "12.5"));
    expect(outcome(await verify({ ...forged, secret: SECRET, now: T * 1000 }))).toEqual({ ok: false, reason: "malformed_header" });
  });

  it("refuses a dot anywhere in the nonce, even when the signature is the real HMAC over the dotted string", async () => {
    for (const nonce of [".", ".abc", "abc.", "a.b.c", "x.y~"]) {
      const signature = `t=${T},nonce=${nonce},signature=${sig(nonce, "{}")}`;
      expect(outcome(await verify({ body: "{}", secret: SECRET, signature, now: T * 1000 })), nonce).toEqual({
        ok: false,
        reason: "malformed_header",
      });
    }
  });
});

describe("the Mobility Work header parser and signers refuse a dotted nonce", () => {
  it("parseMwSignatureHeader returns null", () => {
    expect(root.parseMwSignatureHeader(forged.signature)).toBeNull();
    expect(web.parseMwSignatureHeader(forged.signature)).toBeNull();
    expect(root.parseMwSignatureHeader(genuine.signature)).toEqual({ timestamp: T, nonce: NONCE, signature: sig(NONCE, "12.5") });
  });

  it("signMwSignature throws a TypeError naming nonce, on both entries", () => {
    const message = "[webhook-signatures] nonce must be non-empty printable ASCII without commas, whitespace or '.'";
    expect(() => root.signMwSignature({ body: "5", secret: SECRET, timestamp: T, nonce: `${NONCE}.12` })).toThrow(
      new TypeError(message),
    );
    expect(() => web.signMwSignature({ body: "5", secret: SECRET, timestamp: T, nonce: "a.b" })).toThrow(new TypeError(message));
  });
});
