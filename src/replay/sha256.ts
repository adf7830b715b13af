// SHA-256 (FIPS 180-4) in plain TypeScript, synchronous and free of `node:` imports, so that the
// stores bound their keys by bytes on every runtime the /web entry serves (WebCrypto's digest is
// asynchronous, and the memory store's claim is not). It hashes short inputs: keys, and bodies for
// deliveryKeyFromBody. Checked against node:crypto in test/replay/sha256.test.ts.

const K = /* @__PURE__ */ new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = /* @__PURE__ */ new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

// Scratch space, reused: hashing is synchronous and calls nothing back, so one call never
// overlaps another. A call then allocates only the string it returns (keys are hashed on every
// claim of a long key: the allocations cost more than the two blocks of a 100-character key).
const state = /* @__PURE__ */ new Int32Array(8);
const w = /* @__PURE__ */ new Int32Array(64);
const tail = /* @__PURE__ */ new Uint8Array(128);
/** The hex digits' character codes, after a leading "#" (see {@link sha256HexAfterHash}). */
const codes = /* @__PURE__ */ new Uint16Array(65);
const HEX_DIGITS = "0123456789abcdef";

/** The SHA-256 digest of `bytes`, as 64 lowercase hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  digest(bytes, bytes.length);
  return Reflect.apply(String.fromCharCode, null, codes.subarray(1)) as string;
}

/**
 * `#` and the SHA-256 of the first `length` bytes of `bytes` in hex: 65 characters, built as one
 * flat string (concatenation would make V8 keep a chain of pieces, more than twice the bytes).
 */
export function sha256HexAfterHash(bytes: Uint8Array, length: number): string {
  digest(bytes, length);
  codes[0] = 0x23; // #
  return Reflect.apply(String.fromCharCode, null, codes) as string;
}

/** Hashes the first `length` bytes of `bytes`; leaves the digest's hex digits in `codes` from 1 on. */
function digest(bytes: Uint8Array, length: number): void {
  state.set(INITIAL);
  // Whole blocks straight from the input; then the tail, a 0x80 byte, zeros and the bit length
  // in one or two blocks of their own.
  const whole = length - (length % 64);
  for (let offset = 0; offset < whole; offset += 64) compress(bytes, offset);
  const rest = length - whole;
  tail.fill(0);
  for (let i = 0; i < rest; i++) tail[i] = bytes[whole + i] as number;
  tail[rest] = 0x80;
  const end = rest < 56 ? 64 : 128;
  const bits = length * 8;
  const high = Math.floor(bits / 0x1_0000_0000);
  tail[end - 8] = high >>> 24;
  tail[end - 7] = high >>> 16;
  tail[end - 6] = high >>> 8;
  tail[end - 5] = high;
  tail[end - 4] = bits >>> 24;
  tail[end - 3] = bits >>> 16;
  tail[end - 2] = bits >>> 8;
  tail[end - 1] = bits;
  for (let offset = 0; offset < end; offset += 64) compress(tail, offset);
  for (let i = 0; i < 8; i++) {
    const word = state[i] as number;
    for (let nibble = 0; nibble < 8; nibble++) codes[1 + 8 * i + nibble] = HEX_DIGITS.charCodeAt((word >>> (28 - 4 * nibble)) & 0xf);
  }
}

/**
 * One 64-byte block of `data` at `offset` into `state`. Every sum is truncated to 32 bits as it
 * is made (`| 0` after each addition), so that V8 keeps it in integer registers: a sum of five
 * words truncated once overflows 32 bits first and runs in floating point, about twice as slow.
 */
function compress(data: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++, offset += 4) {
    w[i] = ((data[offset] as number) << 24) | ((data[offset + 1] as number) << 16) | ((data[offset + 2] as number) << 8) | (data[offset + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (((((w[i - 16] as number) + s0) | 0) + (((w[i - 7] as number) + s1) | 0)) | 0);
  }
  let a = state[0] as number, b = state[1] as number, c = state[2] as number, d = state[3] as number;
  let e = state[4] as number, f = state[5] as number, g = state[6] as number, h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (((((h + S1) | 0) + ch) | 0) + (((K[i] as number) + (w[i] as number)) | 0)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}
