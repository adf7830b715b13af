// Standard Webhooks on the root entry: rotation lists and signature lists, the versions it
// ignores, the exact failure messages, and each programmer mistake a TypeError naming it.
// Every signature here is node:crypto's, never the library's.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signStandardWebhooks, verifyStandardWebhooks } from "../../src/index.js";

const KEY = Buffer.from("a key of twenty-four byte");
const SECRET = `whsec_${KEY.toString("base64")}`;
const OTHER = `whsec_${Buffer.from("another key entirely").toString("base64")}`;
const BODY = '{"type":"invoice.paid","data":{"id":"in_1"}}';
const ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const T = 1_700_000_000;

const mac = (key: Buffer | string, id = ID, t: number | string = T) => createHmac("sha256", key).update(`${id}.${t}.${BODY}`).digest("base64");
const GOOD = `v1,${mac(KEY)}`;
const BAD = `v1,${mac("not the key")}`;
const typeError = (message: string) => new TypeError(`[webhook-signatures] ${message}`);
const verify = (input: Record<string, unknown>) => verifyStandardWebhooks({ body: BODY, secret: SECRET, id: ID, timestamp: String(T), signature: GOOD, now: T * 1000, ...input });
const mismatch = { ok: false, reason: "signature_mismatch", message: "The webhook-signature signature does not match the body under any configured secret." };
const SECRET_FORM = "must be the whsec_ secret as the provider hands it out (whsec_ and standard base64), or the key's raw bytes as a Uint8Array";

describe("verifyStandardWebhooks", () => {
  it("signs as node:crypto does with the decoded key, and verifies it", () => {
    expect(signStandardWebhooks({ body: BODY, secret: SECRET, id: ID, timestamp: T })).toBe(GOOD);
    expect(signStandardWebhooks({ body: BODY, secret: KEY, id: ID, timestamp: 0 })).toBe(`v1,${mac(KEY, ID, 0)}`);
    expect(verify({})).toEqual({ ok: true, id: ID, timestamp: T });
  });

  it("matches a rotation list at the signing secret's position, or not at all", () => {
    expect(verify({ secret: [OTHER, SECRET] })).toEqual({ ok: true, id: ID, timestamp: T, secretIndex: 1 });
    expect(verify({ secret: [OTHER, OTHER] })).toEqual(mismatch);
    // The same secrets in turn, one after the other: each decoded as itself.
    expect(verify({ secret: OTHER })).toEqual(mismatch);
    expect(verify({ secret: SECRET })).toEqual({ ok: true, id: ID, timestamp: T });
    expect(verify({ secret: OTHER })).toEqual(mismatch);
  });

  it("matches a rotation list against a list of signatures: the first secret any signature is under", () => {
    expect(verify({ secret: [OTHER, SECRET], signature: `${BAD} ${GOOD}` })).toEqual({ ok: true, id: ID, timestamp: T, secretIndex: 1 });
    expect(verify({ secret: [SECRET, OTHER], signature: `${GOOD} v1,${mac(Buffer.from("another key entirely"))}` })).toEqual({ ok: true, id: ID, timestamp: T, secretIndex: 0 });
    expect(verify({ secret: [OTHER, OTHER], signature: `${BAD} ${GOOD}` })).toEqual(mismatch);
  });

  it("decodes each of many whsec_ secrets as itself, however many were seen before", () => {
    // More secrets than any cache of decoded keys would keep: each delivery signed under its own key.
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < 40; n++) {
        const key = Buffer.from(`key number ${n} of forty`);
        const secret = `whsec_${key.toString("base64")}`;
        expect(verify({ secret, signature: `v1,${mac(key)}` })).toEqual({ ok: true, id: ID, timestamp: T });
        expect(verify({ secret, signature: GOOD })).toEqual(mismatch);
        expect(verify({ secret: [OTHER, secret], signature: `v1,${mac(key)}` })).toEqual({ ok: true, id: ID, timestamp: T, secretIndex: 1 });
      }
    }
  });

  it("accepts any v1 entry of a list, and none when none matches", () => {
    expect(verify({ signature: `${BAD} ${GOOD}` })).toEqual({ ok: true, id: ID, timestamp: T });
    expect(verify({ signature: `${BAD} ${BAD}` })).toEqual(mismatch);
    expect(verify({ signature: `v1a,${mac(KEY)} ${GOOD}` })).toEqual({ ok: true, id: ID, timestamp: T });
  });

  it("ignores an entry of another version, even carrying the right digits", () => {
    const none = {
      ok: false,
      reason: "malformed_header",
      message: "The webhook-signature header is malformed: expected a space-separated list with at least one v1,<44 characters of padded standard base64>.",
    };
    expect(verify({ signature: `v2,${mac(KEY)}` })).toEqual(none);
    expect(verify({ signature: `v1a,${mac(KEY)}` })).toEqual(none);
    // A list of entries none of which is a well-formed v1, and one whose only v1 is not 32 bytes of base64.
    expect(verify({ signature: `v2,${mac(KEY)} v1a,${mac(KEY)}` })).toEqual(none);
    expect(verify({ signature: `v1,${mac(KEY).slice(0, 40)} v1,${mac(KEY)}A` })).toEqual(none);
    expect(verify({ signature: `v1,${mac(KEY)}` + "=" })).toEqual(none);
    // A malformed v1 entry beside the right one: the right one is read.
    expect(verify({ signature: `v1,${mac(KEY).slice(0, 40)} ${GOOD}` })).toEqual({ ok: true, id: ID, timestamp: T });
  });

  it("says what is wrong with the id and the timestamp", () => {
    expect(verify({ id: "msg.1" })).toEqual({
      ok: false,
      reason: "malformed_header",
      message: 'The webhook-id header is malformed: the id must not contain "." (the separator of the signed content).',
    });
    expect(verify({ timestamp: `${T}.0` })).toEqual({ ok: false, reason: "malformed_header", message: "The webhook-timestamp header is malformed: expected whole unix seconds (ASCII digits)." });
    expect(verify({ now: (T - 300) * 1000 - 1 })).toEqual({
      ok: false,
      reason: "timestamp_too_new",
      message: "The webhook-timestamp timestamp is 300.001 s in the future, more than the 300 s allowed.",
    });
    expect(verify({ now: (T + 300) * 1000 + 1 })).toEqual({
      ok: false,
      reason: "timestamp_too_old",
      message: "The webhook-timestamp timestamp is 300.001 s old, more than the 300 s allowed.",
    });
  });

  it("takes the three values bare or from headers, never neither", () => {
    const headers = { "Webhook-Id": ID, "Webhook-Timestamp": String(T), "Webhook-Signature": GOOD };
    expect(verifyStandardWebhooks({ body: BODY, secret: SECRET, headers, now: T * 1000 })).toEqual({ ok: true, id: ID, timestamp: T });
    expect(verifyStandardWebhooks({ body: BODY, secret: SECRET, signature: GOOD, now: T * 1000 })).toMatchObject({ ok: false, reason: "missing_header" });
    expect(() => verifyStandardWebhooks({ body: BODY, secret: SECRET } as never)).toThrow(
      typeError("input must give signature, id, timestamp (the header values) or headers (the request headers)"),
    );
  });

  it("names each programmer mistake", () => {
    expect(() => verifyStandardWebhooks(null as never)).toThrow(typeError("verifyStandardWebhooks(input) expects one options object, got null"));
    expect(() => signStandardWebhooks(null as never)).toThrow(typeError("signStandardWebhooks(input) expects one options object, got null"));
    expect(() => verify({ secret: "whsec_" })).toThrow(typeError(`secret ${SECRET_FORM}`));
    expect(() => verify({ secret: "whsec_not base64!" })).toThrow(typeError(`secret ${SECRET_FORM}`));
    expect(() => verify({ secret: [SECRET, "whsec_="] })).toThrow(typeError(`secret[1] ${SECRET_FORM}`));
    expect(() => signStandardWebhooks({ body: BODY, secret: "whsec_", id: ID, timestamp: T })).toThrow(typeError(`secret ${SECRET_FORM}`));
  });

  it.each([5, "", "msg.1", "msg 1", " msg", "msg\t", "msg_é"])("signStandardWebhooks refuses the id %j", (id) => {
    expect(() => signStandardWebhooks({ body: BODY, secret: SECRET, id, timestamp: T } as never)).toThrow(typeError("id must be a non-empty printable ASCII string without '.' or whitespace"));
  });

  it.each([1.5, -1, "1700000000", 2 ** 53])("signStandardWebhooks refuses the timestamp %j", (timestamp) => {
    expect(() => signStandardWebhooks({ body: BODY, secret: SECRET, id: ID, timestamp } as never)).toThrow(typeError("timestamp must be a whole number of unix seconds >= 0"));
  });
});
