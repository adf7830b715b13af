import { isUtf8 } from "node:buffer";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { base64ByteLength, isBase64Any } from "../lib/encoding.js";
import { type BasicCredentials, assertCredentials, basicToken, credentialsList } from "../lib/credentials.js";
import { headerFromValues, headerText } from "../lib/headers.js";
import { type VerifyResult, fail, malformedHeader } from "../lib/result.js";
import type { HeaderValue, HeadersLike } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";

const HEADER = "authorization";

export type { BasicCredentials } from "../lib/credentials.js";

/** What `verifyBasicAuth` takes: the granted pairs, and the Authorization value or the request headers. */
export interface VerifyBasicAuthInput {
  /** The granted pair, or several during a rotation. */
  credentials: BasicCredentials | readonly BasicCredentials[];
  /** The `Authorization` header value; or give `headers`. */
  authorization?: HeaderValue;
  /** The request headers; `authorization` is read from them. */
  headers?: HeadersLike;
}

/** What `verifyBasicAuth` returns: on success, the `id` of the pair that matched. */
export type VerifyBasicAuthResult = VerifyResult<{
  /** The id of the pair that matched. */
  id: string;
}>;

/**
 * Credentials are compared in fixed-size buffers: the received `id:secret` bytes and the
 * configured pair's bytes are each written at the start of a zero-filled {@link PAD} bytes,
 * the whole of both buffers is compared with `timingSafeEqual`, and the length check is
 * folded into the result after that compare. So the compare's time depends on neither which
 * part was wrong nor the lengths: it always reads PAD bytes. A pair or a received value that
 * does not fit falls back to fixed-length HMACs (under a key drawn once per process) of both,
 * which hides the same two things at the cost of two HMACs.
 */
const PAD = 256;

/** Where both sides are written just before each compare. Nothing runs user code in between. */
const scratch = /* @__PURE__ */ Buffer.allocUnsafeSlow(2 * PAD + 64);
const receivedPad = /* @__PURE__ */ scratch.subarray(0, PAD);
const expectedPad = /* @__PURE__ */ scratch.subarray(PAD, 2 * PAD);
const receivedDigest = /* @__PURE__ */ scratch.subarray(2 * PAD, 2 * PAD + 32);
const expectedDigest = /* @__PURE__ */ scratch.subarray(2 * PAD + 32, 2 * PAD + 64);

let compareKey: Buffer | undefined; // drawn on first use: Workers refuse random values at import time

function digestInto(target: Buffer, data: string | Uint8Array): void {
  target.write(createHmac("sha256", (compareKey ??= randomBytes(32))).update(data).digest("binary"), "latin1");
}

/**
 * The received credentials from `Basic <base64>`, or null when the header is not that: their
 * length when they fit `receivedPad` (decoded straight into it, zero-filled after them: no
 * buffer of their own), else their bytes in a buffer of their own. They must hold a ":" and be
 * UTF-8 (the zeros after them hold no ":" and are UTF-8, so the whole pad answers for them).
 */
function decodeBasic(text: string): number | Uint8Array | null {
  const token = basicToken(text);
  if (token === null || !isBase64Any(token)) return null;
  const length = base64ByteLength(token);
  // Stryker disable next-line EqualityOperator,ConditionalExpression,BlockStatement: equivalent; both ways hold the same bytes and matchesPair compares either correctly
  if (length <= PAD) {
    receivedPad.write(token, 0, "base64");
    receivedPad.fill(0, length);
    return receivedPad.includes(0x3a /* ":" */) && isUtf8(receivedPad) ? length : null;
  }
  const bytes = Buffer.from(token, "base64");
  return bytes.includes(0x3a) && isUtf8(bytes) ? bytes : null;
}

/** The received credentials' bytes, however decodeBasic kept them. */
function receivedBytes(received: number | Uint8Array): Uint8Array {
  return typeof received === "number" ? receivedPad.subarray(0, received) : received;
}

/**
 * The pair written into `expectedPad` (zero-filled after it), and its length in bytes; -1 when
 * it may not fit. A write stops before a character that does not fit whole (4 bytes at most), so
 * a write that ended 4 bytes or more before the end wrote everything: the writes give the length
 * without a Buffer.byteLength of each part.
 */
function padPair(id: string, secret: string): number {
  const at = expectedPad.write(id, 0); // UTF-8
  // Stryker disable next-line EqualityOperator,ConditionalExpression,ArithmeticOperator: equivalent; the digest compare gives the same answer for any pair, and a cut id is caught by the check on the whole length below
  if (at > PAD - 4) return -1;
  expectedPad[at] = 0x3a; // ":"
  const length = at + 1 + expectedPad.write(secret, at + 1);
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent when it gives up the pad (the digest compare gives the same answer); never letting it go is tested (a cut pair must not match its prefix)
  if (length > PAD - 4) return -1;
  expectedPad.fill(0, length);
  return length;
}

/** Constant-time: is this pair exactly the received credentials (decoded by decodeBasic)? */
function matchesPair(pair: BasicCredentials, received: number | Uint8Array): boolean {
  const { id, secret } = pair;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent; a pad given up compares by digest with the same answer, and stale pad bytes never equal a Uint8Array's length
  const length = typeof received === "number" ? padPair(id, secret) : -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; always the digest compare gives the same answers, and no pair is 0 bytes long
  if (length < 0) {
    // Too long for the pads (the pair or what was received): HMACs under a random key, compared.
    digestInto(receivedDigest, receivedBytes(received));
    digestInto(expectedDigest, `${id}:${secret}`);
    return timingSafeEqual(receivedDigest, expectedDigest);
  }
  // Both always compared in full; the lengths only after, so a wrong length costs the same.
  const same = timingSafeEqual(expectedPad, receivedPad);
  return same && length === received;
}

/** Verifies Tiki Open API's `Authorization: Basic base64(id:secret)` against the granted pairs. */
export function verifyBasicAuth(input: VerifyBasicAuthInput): VerifyBasicAuthResult {
  assertInput(input, "verifyBasicAuth");
  // One pair (the usual case) is checked and compared as it is, without a list around it.
  const credentials: unknown = input.credentials;
  const pairs = Array.isArray(credentials) ? credentialsList(credentials) : null;
  if (pairs === null) assertCredentials(credentials, "credentials");
  const text = headerText(headerFromValues(input, input.headers, input.authorization, "authorization", HEADER), HEADER);
  if (typeof text !== "string") return text;
  const received = decodeBasic(text);
  if (received === null) return malformedHeader(HEADER, 'expected "Basic" and the base64 of id:secret');
  if (pairs === null) {
    const pair = credentials as BasicCredentials;
    if (matchesPair(pair, received)) return { ok: true, id: pair.id };
  } else {
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as BasicCredentials;
      if (matchesPair(pair, received)) return { ok: true, id: pair.id };
    }
  }
  return fail("signature_mismatch", "The authorization header does not match any configured credentials.");
}

/** Builds the header Tiki sends for a pair: `Basic base64(id:secret)`. */
export function basicAuthHeader(credentials: BasicCredentials): string {
  assertCredentials(credentials, "credentials");
  return `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`).toString("base64")}`; // UTF-8
}
