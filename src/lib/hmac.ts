import { type Hmac, createHmac, timingSafeEqual } from "node:crypto";
import type { SignatureEncoding } from "./options.js";
import type { HmacInput } from "./bytes.js";
import type { HmacAlgorithm, Secret } from "./types.js";

/** HMAC of the raw body, for the sign functions. */
export function hmac(algorithm: HmacAlgorithm, secret: Secret, body: HmacInput): Buffer {
  return createHmac(algorithm, secret).update(body).digest();
}

export type { SignatureEncoding } from "./options.js";

/**
 * Where digests are written just before each compare. `digest()` returns a Buffer that Node
 * allocates in C++ with a backing store of its own, a large share of the whole HMAC of a small
 * body (bench/RESULTS.md, "Figures behind the code"); `digest("binary")` (Node's name for
 * latin1) gives the same bytes as a one-byte string, and writing it here is a plain copy.
 * Likewise the received digits, already validated, are decoded here rather than into a new
 * Buffer. Nothing that could run user code comes between these writes and `timingSafeEqual`,
 * so a nested call can never see or clobber the bytes of another mid-compare.
 */
const scratch = /* @__PURE__ */ Buffer.allocUnsafeSlow(128);
const expected1 = /* @__PURE__ */ scratch.subarray(0, 20);
const expected256 = /* @__PURE__ */ scratch.subarray(0, 32);
const expected512 = /* @__PURE__ */ scratch.subarray(0, 64);
const received1 = /* @__PURE__ */ scratch.subarray(64, 84);
const received256 = /* @__PURE__ */ scratch.subarray(64, 96);
const received512 = /* @__PURE__ */ scratch.subarray(64, 128);

// Picked by comparisons (of internalized strings: pointer compares) rather than by a keyed
// lookup, which goes megamorphic once several algorithms have been seen.
function expectedView(algorithm: HmacAlgorithm): Buffer {
  return algorithm === "sha256" ? expected256 : algorithm === "sha1" ? expected1 : expected512;
}

function receivedView(algorithm: HmacAlgorithm): Buffer {
  return algorithm === "sha256" ? received256 : algorithm === "sha1" ? received1 : received512;
}

/**
 * Constant-time check of a finished HMAC against the received signature's digits, which have
 * already been validated (strict hex or canonical base64 of exactly the digest's length), so
 * `timingSafeEqual` never sees unequal lengths.
 */
export function digitsMatch(algorithm: HmacAlgorithm, mac: Hmac, digits: string, encoding: SignatureEncoding): boolean {
  const digest = mac.digest("binary");
  const expected = expectedView(algorithm);
  const received = receivedView(algorithm);
  expected.write(digest, "latin1");
  // A literal encoding in each branch lets V8 fold Buffer#write's encoding dispatch away.
  if (encoding === "hex") received.write(digits, "hex");
  else received.write(digits, "base64");
  return timingSafeEqual(expected, received);
}

/**
 * Constant-time check of a finished HMAC against received bytes of the digest's length held
 * in a buffer of their own (for rotation lists, where user code may run between compares).
 */
export function digestEquals(algorithm: HmacAlgorithm, mac: Hmac, received: Uint8Array): boolean {
  const digest = mac.digest("binary");
  const expected = expectedView(algorithm);
  expected.write(digest, "latin1");
  return timingSafeEqual(expected, received);
}

/**
 * The index of the secret whose HMAC of the body equals the received digits (already
 * validated as the digest's length in `encoding`), or -1; a single secret is index 0.
 */
export function matchingSecret(
  algorithm: HmacAlgorithm,
  secrets: Secret | readonly Secret[],
  digits: string,
  encoding: SignatureEncoding,
  body: HmacInput,
): number {
  // Kept tiny (the list goes to a function of its own) so that V8 inlines the one-secret
  // path into its callers whatever else it has seen.
  return Array.isArray(secrets)
    ? matchingSecretIndex(algorithm, secrets as readonly Secret[], digits, encoding, body)
    : digitsMatch(algorithm, createHmac(algorithm, secrets as Secret).update(body), digits, encoding)
      ? 0
      : -1;
}

/**
 * For a rotation list (the plain copy assertSecretsOther made): the index of the first secret
 * whose HMAC of the body equals the received digits (already validated as the digest's length
 * in `encoding`), or -1. A single secret goes straight to `digitsMatch` in `matchingSecret`.
 */
function matchingSecretIndex(
  algorithm: HmacAlgorithm,
  secrets: readonly Secret[],
  digits: string,
  encoding: SignatureEncoding,
  body: HmacInput,
): number {
  // The received bytes get a buffer of their own, decoded once for all the compares.
  const received = Buffer.from(digits, encoding);
  for (let i = 0; i < secrets.length; i++) {
    if (digestEquals(algorithm, createHmac(algorithm, secrets[i] as Secret).update(body), received)) return i;
  }
  return -1;
}

export { DIGEST_LENGTH, assertAlgorithm } from "./options.js";
