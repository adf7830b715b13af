// Properties of every scheme, over arbitrary bodies, views, secrets and header values.
import fc from "fast-check";
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
} from "../../src/index.js";
import { parseMwFields, parseMwFieldsAnyOrder } from "../../src/schemes/mw-header.js";

const HEX = "0123456789abcdef";

/** Any bytes, handed over as a view at a random offset into a larger buffer. */
const bodyView = fc
  .tuple(fc.uint8Array({ maxLength: 2048 }), fc.nat({ max: 16 }), fc.nat({ max: 16 }))
  .map(([bytes, before, after]) => {
    const backing = new Uint8Array(before + bytes.length + after).fill(0x5a);
    backing.set(bytes, before);
    return { bytes, view: backing.subarray(before, before + bytes.length) };
  });
const secret = fc.oneof(fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" }), fc.uint8Array({ minLength: 1, maxLength: 64 }));
/** A rotation list and the index of the secret that signed. */
const rotation = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 32 }), { minLength: 1, maxLength: 4 })
  .chain((list) => fc.tuple(fc.constant(list), fc.nat({ max: list.length - 1 })));

/**
 * Header values from a hostile sender: any value at all, any text, several values, text
 * around the 8 KiB limit and far over it, and each scheme's own prefixes before junk.
 */
const headerValue = fc.oneof(
  fc.anything({ withBigInt: true, withTypedArray: true, withMap: true, withSet: true }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.array(fc.string({ maxLength: 80 }), { maxLength: 4 }),
  fc.integer({ min: 8180, max: 8200 }).map((length) => "a".repeat(length)),
  fc.constant("x".repeat(1 << 20)),
  fc.tuple(fc.constantFrom("sha1=", "Basic ", "t=1,nonce=n,signature=", "v1="), fc.string({ maxLength: 120 })).map(([prefix, rest]) => prefix + rest),
);

interface BodyScheme {
  name: string;
  sign(body: Uint8Array, secret: string | Uint8Array): string;
  verify(body: Uint8Array, secret: string | Uint8Array | Array<string | Uint8Array>, signature: unknown): { ok: boolean; reason?: string };
  /** Characters of the signature that carry the digest (prefix excluded). */
  digits: (signature: string) => [start: number, alphabet: string];
}

const T = 1_700_000_000;
const schemes: BodyScheme[] = [
  {
    name: "verifyTikiSha1",
    sign: (body, key) => signTikiSha1({ body, secret: key }),
    verify: (body, key, signature) => verifyTikiSha1({ body, secret: key, signature: signature as string }) as never,
    digits: () => [5, HEX],
  },
  {
    name: "verifyMwSignature",
    sign: (body, key) => signMwSignature({ body, secret: key, timestamp: T, nonce: "n0nce" }),
    verify: (body, key, signature) => verifyMwSignature({ body, secret: key, signature: signature as string, now: T * 1000 }) as never,
    digits: (s) => [s.indexOf("signature=") + 10, HEX],
  },
  {
    name: "verifyHmacBase64",
    sign: (body, key) => signHmacBase64({ body, secret: key }),
    verify: (body, key, signature) => verifyHmacBase64({ body, secret: key, signature: signature as string }) as never,
    digits: () => [0, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"],
  },
  {
    name: "verifyHmacHex",
    sign: (body, key) => signHmacHex({ body, secret: key, prefix: "sha256=" }),
    verify: (body, key, signature) => verifyHmacHex({ body, secret: key, signature: signature as string, prefix: "sha256=" }) as never,
    digits: () => [7, HEX],
  },
];

for (const scheme of schemes) {
  describe(`${scheme.name} properties`, () => {
    it("sign then verify passes for any body, view offset and secret", () => {
      fc.assert(
        fc.property(bodyView, secret, ({ bytes, view }, key) => {
          const signature = scheme.sign(bytes, key);
          expect(scheme.verify(view, key, signature).ok).toBe(true);
          expect(scheme.verify(view.slice().buffer as never, key, signature).ok).toBe(true);
        }),
      );
    });

    it("passes with whichever secret of a rotation list signed, and fails with the rest", () => {
      fc.assert(
        fc.property(bodyView, rotation, ({ bytes, view }, [list, index]) => {
          const signature = scheme.sign(bytes, list[index]!);
          expect(scheme.verify(view, list, signature).ok).toBe(true);
          const others = list.filter((_, i) => i !== index);
          if (others.length > 0) expect(scheme.verify(view, others, signature)).toMatchObject({ ok: false, reason: "signature_mismatch" });
        }),
      );
    });

    it("changing any single byte of the body gives signature_mismatch", () => {
      fc.assert(
        fc.property(bodyView.filter(({ bytes }) => bytes.length > 0), secret, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ bytes }, key, at, delta) => {
          const signature = scheme.sign(bytes, key);
          const changed = bytes.slice();
          const i = at % changed.length;
          changed[i] = (changed[i]! + delta) & 0xff;
          expect(scheme.verify(changed, key, signature)).toMatchObject({ ok: false, reason: "signature_mismatch" });
        }),
      );
    });

    it("changing any single digit of the signature fails: another digit is a mismatch, anything else malformed", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), secret, fc.nat(), fc.integer({ min: 0x21, max: 0x7e }), (bytes, key, at, code) => {
          const signature = scheme.sign(bytes, key);
          const [start, alphabet] = scheme.digits(signature);
          const digits = signature.slice(start).replace(/=+$/, "");
          const i = start + (at % digits.length);
          const old = signature[i]!;
          const replacement = String.fromCharCode(code);
          fc.pre(replacement.toLowerCase() !== old.toLowerCase() || (alphabet !== HEX && replacement !== old));
          const changed = signature.slice(0, i) + replacement + signature.slice(i + 1);
          const result = scheme.verify(bytes, key, changed);
          expect(result.ok).toBe(false);
          const isDigit = alphabet === HEX ? HEX.includes(replacement.toLowerCase()) : alphabet.includes(replacement);
          // Base64: a different last digit can be non-canonical (its unused bits), which is malformed.
          if (!isDigit) expect(result.reason).toBe("malformed_header");
          else expect(["signature_mismatch", alphabet === HEX ? "signature_mismatch" : "malformed_header"]).toContain(result.reason);
        }),
      );
    });

    it("never throws and never passes on arbitrary header values", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), headerValue, (bytes, value) => {
          const result = scheme.verify(bytes, "k", value);
          expect(result.ok).toBe(false);
          expect(["missing_header", "malformed_header", "signature_mismatch"]).toContain(result.reason);
        }),
      );
    });
  });
}

describe("verifyMwSignature properties", () => {
  const nonce = fc.stringMatching(/^[\x21-\x2b\x2d\x2f-\x7e]{1,40}$/); // printable ASCII but "," and "."
  it("changing the timestamp or the nonce in the header gives signature_mismatch", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), nonce, nonce, fc.integer({ min: -1000, max: 1000 }).filter((d) => d !== 0), (body, n1, n2, delta) => {
        const header = signMwSignature({ body, secret: "k", timestamp: T, nonce: n1 });
        const shifted = header.replace(`t=${T}`, `t=${T + delta}`);
        expect(verifyMwSignature({ body, secret: "k", signature: shifted, now: T * 1000 })).toMatchObject({ ok: false, reason: "signature_mismatch" });
        fc.pre(n1 !== n2);
        const renonced = header.replace(`nonce=${n1},`, () => `nonce=${n2},`); // a function: n2 may hold "$&"
        expect(verifyMwSignature({ body, secret: "k", signature: renonced, now: T * 1000 })).toMatchObject({ ok: false, reason: "signature_mismatch" });
      }),
    );
  });

  it("the canonical-order fast path of the header parser agrees with the general parser on any value", () => {
    // Values near the canonical form: each part drawn from valid and broken pieces, so the fast
    // path's every check is reached, and both readings must give the same fields or both null.
    const hex64 = fc.stringMatching(/^[0-9a-fA-F]{64}$/);
    const piece = (valid: fc.Arbitrary<string>) => fc.oneof(valid, fc.string({ maxLength: 8 }), valid.map((v) => `${v},x=1`), valid.map((v) => ` ${v}`));
    const value = fc
      .tuple(piece(fc.stringMatching(/^[0-9]{1,10}$/)), piece(nonce), piece(hex64), fc.constantFrom("", ",kid=a", " ", ",signature=a"))
      .map(([t, n, s, tail]) => `t=${t},nonce=${n},signature=${s}${tail}`);
    fc.assert(
      fc.property(fc.oneof(value, fc.string({ maxLength: 120 })), (v) => {
        expect(parseMwFields(v)).toEqual(parseMwFieldsAnyOrder(v));
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts exactly the instants within the tolerance", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 0, max: 86_400 }), fc.integer({ min: -200_000_000, max: 200_000_000 }), (t, tolerance, offsetMs) => {
        const header = signMwSignature({ body: "x", secret: "k", timestamp: t, nonce: "n" });
        const now = t * 1000 + offsetMs;
        const result = verifyMwSignature({ body: "x", secret: "k", signature: header, now, toleranceSeconds: tolerance });
        const expected = Math.abs(offsetMs) <= tolerance * 1000 ? undefined : offsetMs > 0 ? "timestamp_too_old" : "timestamp_too_new";
        expect(result.ok ? undefined : result.reason).toBe(expected);
      }),
    );
  });
});

describe("verifyBasicAuth properties", () => {
  const id = fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }).filter((s) => !s.includes(":"));
  const pass = fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" });
  it("the header built for a pair verifies against it, and returns its id", () => {
    fc.assert(
      fc.property(id, pass, (i, s) => {
        expect(verifyBasicAuth({ credentials: [{ id: "other", secret: "x" }, { id: i, secret: s }], authorization: basicAuthHeader({ id: i, secret: s }) })).toEqual({ ok: true, id: i });
      }),
    );
  });

  it("any other id or secret gives signature_mismatch", () => {
    fc.assert(
      fc.property(id, pass, id, pass, (i, s, i2, s2) => {
        fc.pre(i !== i2 || s !== s2);
        expect(verifyBasicAuth({ credentials: { id: i, secret: s }, authorization: basicAuthHeader({ id: i2, secret: s2 }) })).toMatchObject({
          ok: false,
          reason: "signature_mismatch",
        });
      }),
    );
  });

  it("never throws and never passes on arbitrary header values", () => {
    fc.assert(
      fc.property(headerValue, (value) => {
        const result = verifyBasicAuth({ credentials: { id: "a", secret: "b" }, authorization: value as string });
        expect(result.ok).toBe(false);
        expect(["missing_header", "malformed_header", "signature_mismatch"]).toContain(result.ok ? "ok" : result.reason);
      }),
    );
  });
});
