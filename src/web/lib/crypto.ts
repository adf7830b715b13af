/**
 * HMAC on Web Crypto (`globalThis.crypto.subtle`): key import with a bounded cache, signing,
 * and verification through `crypto.subtle.verify`, which compares in constant time.
 */
import type { HmacAlgorithm, Secret } from "../../lib/types.js";
import { toHex, utf8 } from "./encoding.js";

/** Web Crypto's name for each accepted algorithm. */
const HASH: Readonly<Record<HmacAlgorithm, string>> = { sha1: "SHA-1", sha256: "SHA-256", sha512: "SHA-512" };

/** Imported keys kept for reuse, least recently used first. */
export const KEY_CACHE_MAX_ENTRIES = 64;
/** Longer secrets are imported on every call rather than kept as cache keys. */
export const KEY_CACHE_MAX_SECRET_LENGTH = 1024;
const keyCache = new Map<string, Promise<CryptoKey>>();

/** The runtime's Web Crypto, or a clear error where there is none (an insecure browser context). */
export function subtleCrypto(): SubtleCrypto {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle === undefined) {
    throw new Error("[webhook-signatures] this runtime has no Web Crypto (globalThis.crypto.subtle); in a browser it needs a secure context");
  }
  return subtle;
}

/** Random bytes from the runtime's CSPRNG. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

function secretBytes(secret: Secret): Uint8Array<ArrayBuffer> {
  if (typeof secret === "string") return utf8(secret);
  const copy = new Uint8Array(secret.length);
  copy.set(secret);
  return copy;
}

function importHmacKey(algorithm: HmacAlgorithm, secret: Secret): Promise<CryptoKey> {
  const usages: KeyUsage[] = ["sign", "verify"];
  const params = { name: "HMAC", hash: HASH[algorithm] };
  if (secret.length > KEY_CACHE_MAX_SECRET_LENGTH) {
    return subtleCrypto().importKey("raw", secretBytes(secret), params, false, usages);
  }
  // Keyed by content, so equal secrets share a key whatever object holds them.
  const id = `${algorithm}:${typeof secret === "string" ? `s:${secret}` : `b:${toHex(secret)}`}`;
  const cached = keyCache.get(id);
  if (cached !== undefined) {
    keyCache.delete(id);
    keyCache.set(id, cached);
    return cached;
  }
  const key = subtleCrypto().importKey("raw", secretBytes(secret), params, false, usages);
  keyCache.set(id, key);
  if (keyCache.size > KEY_CACHE_MAX_ENTRIES) keyCache.delete(keyCache.keys().next().value!);
  key.catch(() => {
    // Stryker disable next-line ConditionalExpression: equivalent in practice; the entry differs only if 64 other imports finished while this one failed
    if (keyCache.get(id) === key) keyCache.delete(id);
  });
  return key;
}

/** HMAC of `data` under `secret` (the key is asked for before the first await). */
export async function hmac(algorithm: HmacAlgorithm, secret: Secret, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const key = await importHmacKey(algorithm, secret);
  return new Uint8Array(await subtleCrypto().sign("HMAC", key, data));
}

/**
 * The index of the first secret whose HMAC of `data` equals `received` (already decoded, of
 * the digest's length), or -1; a single secret counts as a list of one. Secrets are tried in
 * order and the first match wins, as on the root entry.
 */
export async function matchingSecretIndex(
  algorithm: HmacAlgorithm,
  secrets: Secret | readonly Secret[],
  received: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<number> {
  // Every key is asked for before the first await, so the secrets are read at call time
  // (importKey copies them) even if the caller changes its list while this runs.
  const list: readonly Secret[] = Array.isArray(secrets) ? (secrets as readonly Secret[]) : [secrets as Secret];
  const keys = list.map((secret) => importHmacKey(algorithm, secret));
  // A later key's failure surfaces when it is awaited, never as an unhandled rejection.
  for (const key of keys) key.catch(() => undefined);
  for (let i = 0; i < keys.length; i++) {
    if (await subtleCrypto().verify("HMAC", await (keys[i] as Promise<CryptoKey>), received, data)) return i;
  }
  return -1;
}
