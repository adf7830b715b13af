import { isUtf8 } from "node:buffer";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { decodeBase64Any } from "../lib/encoding.js";
import { type BasicCredentials, assertCredentials, basicToken, credentialsList } from "../lib/credentials.js";
import { headerFromValues, headerText } from "../lib/headers.js";
import { type VerifyResult, fail, malformedHeader } from "../lib/result.js";
import type { HeaderValue, HeadersLike } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";

const HEADER = "authorization";

export type { BasicCredentials } from "../lib/credentials.js";

export interface VerifyBasicAuthInput {
  /** The granted pair, or several during a rotation. */
  credentials: BasicCredentials | readonly BasicCredentials[];
  /** The `Authorization` header value; or give `headers`. */
  authorization?: HeaderValue;
  /** The request headers; `authorization` is read from them. */
  headers?: HeadersLike;
}

export type VerifyBasicAuthResult = VerifyResult<{ id: string }>;

/**
 * Received and expected credentials are compared as HMACs under a key drawn once per
 * process: fixed-length digests, so the compare reveals neither which part was wrong
 * nor how long the configured id and secret are.
 */
let compareKey: Buffer | undefined; // drawn on first use: Workers refuse random values at import time

/**
 * The two digests are written here just before each compare: `digest("binary")` and a copy
 * cost far less than the C++-allocated Buffer of `digest()` (see `digestEquals` in lib/hmac).
 */
const scratch = /* @__PURE__ */ Buffer.allocUnsafeSlow(64);
const receivedView = /* @__PURE__ */ scratch.subarray(0, 32);
const expectedView = /* @__PURE__ */ scratch.subarray(32, 64);

function digest(data: string | Uint8Array): string {
  return createHmac("sha256", (compareKey ??= randomBytes(32))).update(data).digest("binary");
}

/** The credentials' bytes from `Basic <base64>`, or null when the header is not that. */
function decodeBasic(text: string): Uint8Array | null {
  const token = basicToken(text);
  if (token === null) return null;
  const bytes = decodeBase64Any(token);
  if (bytes === null || !bytes.includes(0x3a /* ":" */) || !isUtf8(bytes)) return null;
  return bytes;
}

/** Constant-time: does this pair's digest equal the received credentials' digest? */
function matchesPair(pair: BasicCredentials, receivedDigest: string): boolean {
  const expectedDigest = digest(`${pair.id}:${pair.secret}`);
  receivedView.write(receivedDigest, "latin1");
  expectedView.write(expectedDigest, "latin1");
  return timingSafeEqual(expectedView, receivedView);
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
  const receivedDigest = digest(received);
  if (pairs === null) {
    const pair = credentials as BasicCredentials;
    if (matchesPair(pair, receivedDigest)) return { ok: true, id: pair.id };
  } else {
    for (const pair of pairs) {
      if (matchesPair(pair, receivedDigest)) return { ok: true, id: pair.id };
    }
  }
  return fail("signature_mismatch", "The authorization header does not match any configured credentials.");
}

/** Builds the header Tiki sends for a pair: `Basic base64(id:secret)`. */
export function basicAuthHeader(credentials: BasicCredentials): string {
  assertCredentials(credentials, "credentials");
  return `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`).toString("base64")}`; // UTF-8
}
