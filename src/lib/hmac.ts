import { createHmac, timingSafeEqual } from "node:crypto";
import { argumentError, describe } from "./errors.js";
import type { HmacInput } from "./bytes.js";
import type { HmacAlgorithm, Secret } from "./types.js";

/** Digest length in bytes of each accepted algorithm. */
export const DIGEST_LENGTH: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export function assertAlgorithm(algorithm: unknown): HmacAlgorithm {
  if (algorithm === undefined) return "sha256";
  if (algorithm === "sha256" || algorithm === "sha1" || algorithm === "sha512") return algorithm;
  throw argumentError("algorithm", `must be "sha256", "sha1" or "sha512", got ${typeof algorithm === "string" ? JSON.stringify(algorithm.slice(0, 20)) : describe(algorithm)}`);
}

/** HMAC of the raw body, for the sign functions. */
export function hmac(algorithm: HmacAlgorithm, secret: Secret, body: HmacInput): Buffer {
  return createHmac(algorithm, secret).update(body).digest();
}

/**
 * True when some secret's HMAC of the body equals `received`. `received` has already been
 * decoded and its length checked, so the constant-time compare never sees unequal lengths.
 */
export function matchesAnySecret(
  algorithm: HmacAlgorithm,
  secrets: Secret | readonly Secret[],
  received: Uint8Array,
  body: HmacInput,
): boolean {
  if (!Array.isArray(secrets)) {
    return timingSafeEqual(createHmac(algorithm, secrets as Secret).update(body).digest(), received);
  }
  for (const secret of secrets as readonly Secret[]) {
    if (timingSafeEqual(createHmac(algorithm, secret).update(body).digest(), received)) return true;
  }
  return false;
}
