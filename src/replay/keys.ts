import { argumentError, describe } from "../lib/errors.js";
import { sha256HexAfterHash } from "./sha256.js";

/**
 * Keys up to this many characters, all printable ASCII, are stored as they are. Every provider's
 * id fits (signed nonces of 40 hex digits, UUIDs of 36 characters).
 */
export const STORED_KEY_MAX_LENGTH = 64;

/** Printable ASCII only: a key any store (Redis, Postgres `text`, a Map) holds byte for byte. */
const PLAIN_KEY = /^[\x20-\x7e]*$/;

/**
 * The form a store keeps a key in, bounded by bytes whatever the network sent: a key of at most
 * {@link STORED_KEY_MAX_LENGTH} printable ASCII characters as it is; any other (longer, or holding
 * a NUL Postgres refuses, a lone surrogate UTF-8 would blur into U+FFFD, or any other non-ASCII
 * character) as `#` and the SHA-256 of its code units (one byte each, after a 1, when all are
 * below 256; else two, little-endian, after a 2), 65 characters: longer than any key kept as it
 * is, so the two forms never meet, and exact for every string (no two keys share an input to the
 * digest, lone surrogates included).
 */
export function storedKey(key: string): string {
  const length = key.length;
  if (length <= STORED_KEY_MAX_LENGTH && PLAIN_KEY.test(key)) return key;
  // One byte per code unit when every unit is below 256 (ids are ASCII: half the bytes to hash),
  // else two; a first byte tells which, so that no two strings give one input.
  let input = length < SCRATCH_BYTES ? scratch : new Uint8Array(length + 1);
  input[0] = 1;
  for (let i = 0; i < length; i++) {
    const unit = key.charCodeAt(i);
    if (unit > 0xff) {
      input = 2 * length < SCRATCH_BYTES ? scratch : new Uint8Array(2 * length + 1);
      input[0] = 2;
      for (let j = 0; j < length; j++) {
        const u = key.charCodeAt(j);
        input[2 * j + 1] = u & 0xff;
        input[2 * j + 2] = u >>> 8;
      }
      return sha256HexAfterHash(input, 2 * length + 1);
    }
    input[i + 1] = unit;
  }
  return sha256HexAfterHash(input, length + 1);
}

/**
 * Where a long key's bytes are written before they are hashed: reused (storedKey is synchronous),
 * so that a claim allocates nothing but the stored key; a key too long for it gets its own.
 */
const SCRATCH_BYTES = 1024;
const scratch = /* @__PURE__ */ new Uint8Array(SCRATCH_BYTES);

/** Throws unless `key` is a non-empty string. */
export function assertKey(key: unknown, argument = "key"): asserts key is string {
  if (typeof key !== "string" || key.length === 0) {
    throw argumentError(argument, `must be a non-empty string, got ${typeof key === "string" ? "an empty string" : describe(key)}`);
  }
}

/** Throws unless `ms` is a whole number of ms from 1 to 2^31 - 1 (what every store and timer takes). */
export function assertDuration(ms: unknown, argument: string): asserts ms is number {
  if (!Number.isSafeInteger(ms) || (ms as number) < 1 || (ms as number) > 2_147_483_647) {
    throw argumentError(
      argument,
      `must be a whole number of ms from 1 to 2147483647 (about 24.8 days), got ${typeof ms === "number" ? ms : describe(ms)}`,
    );
  }
}

/** Throws unless `token` is a non-empty string. */
export function assertToken(token: unknown): asserts token is string {
  if (typeof token !== "string" || token.length === 0) {
    throw argumentError("token", `must be the non-empty string begin() returned, got ${typeof token === "string" ? "an empty string" : describe(token)}`);
  }
}
