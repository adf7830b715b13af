import { argumentError, describe } from "./errors.js";
import type { Secret } from "./types.js";

/** Throws unless `secret` is a non-empty string or Uint8Array: an empty HMAC key makes signatures forgeable. */
export function assertSecret(secret: unknown, argument = "secret"): asserts secret is Secret {
  if (typeof secret === "string" || secret instanceof Uint8Array) {
    if (secret.length > 0) return;
    throw argumentError(argument, "must not be empty: an empty HMAC key makes signatures forgeable");
  }
  throw argumentError(argument, `must be a non-empty string or Uint8Array, got ${describe(secret)}`);
}

/**
 * Checks one secret or a rotation list and returns the list to try. A single secret is
 * returned as itself (no array is built on the hot path); callers use `secretAt`.
 */
export function assertSecrets(secrets: unknown): Secret | readonly Secret[] {
  if (!Array.isArray(secrets)) {
    assertSecret(secrets);
    return secrets;
  }
  if (secrets.length === 0) throw argumentError("secret", "must not be an empty list");
  for (let i = 0; i < secrets.length; i++) assertSecret(secrets[i], `secret[${i}]`);
  return secrets as readonly Secret[];
}
