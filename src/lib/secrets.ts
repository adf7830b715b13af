import { isUint8Array } from "./binary.js";
import { argumentError, describe } from "./errors.js";
import type { Secret } from "./types.js";

/** A non-empty string or Uint8Array (of any realm): an empty HMAC key makes signatures forgeable. */
function isSecret(secret: unknown): secret is Secret {
  return (typeof secret === "string" || isUint8Array(secret)) && secret.length > 0;
}

/** Throws unless `secret` is a non-empty string or Uint8Array: an empty HMAC key makes signatures forgeable. */
export function assertSecret(secret: unknown, argument = "secret"): asserts secret is Secret {
  if (!isSecret(secret)) throw notASecret(secret, argument);
}

/**
 * Checks one secret or a rotation list and returns what to try. A single secret is
 * returned as itself (no array is built on the hot path).
 */
export function assertSecrets(secrets: unknown): Secret | readonly Secret[] {
  return isSecret(secrets) ? secrets : assertSecretsOther(secrets);
}

/**
 * The rest of `assertSecrets`, for anything but one non-empty secret of this realm (the verify
 * functions test for that inline and call this otherwise): a rotation list, checked; a
 * Uint8Array of another realm; or a TypeError.
 */
export function assertSecretsOther(secrets: unknown): Secret | readonly Secret[] {
  if (Array.isArray(secrets)) return checkedCopy(secrets, "secret", assertSecret);
  assertSecret(secrets);
  return secrets;
}

/**
 * A plain copy of `list`, each item checked as it is copied: read once by index over the
 * length read once, so what is used is exactly what was checked. (A list is user input: it
 * may have holes, a patched iterator, or be a Proxy that answers differently each read.)
 */
export function checkedCopy<T>(list: readonly unknown[], argument: string, check: (item: unknown, argument: string) => void): T[] {
  const length = list.length;
  if (length === 0) throw argumentError(argument, "must not be an empty list");
  const copy: T[] = [];
  for (let i = 0; i < length; i++) {
    const item = list[i];
    check(item, `${argument}[${i}]`);
    copy.push(item as T);
  }
  return copy;
}

function notASecret(secret: unknown, argument: string): TypeError {
  return typeof secret === "string" || isUint8Array(secret)
    ? argumentError(argument, "must not be empty: an empty HMAC key makes signatures forgeable")
    : argumentError(argument, `must be a non-empty string or Uint8Array, got ${describe(secret)}`);
}
