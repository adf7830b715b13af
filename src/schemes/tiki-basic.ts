import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { decodeBase64Any } from "../lib/encoding.js";
import { argumentError, describe } from "../lib/errors.js";
import { headerFromInput, headerText } from "../lib/headers.js";
import { type VerifyResult, fail, malformedHeader } from "../lib/result.js";
import type { HeaderValue, HeadersLike } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";

const HEADER = "authorization";

/** A pair the seller granted Tiki with `PUT /integration/v1/webhooks/credentials`. */
export interface BasicCredentials {
  id: string;
  secret: string;
}

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
const compareKey = randomBytes(32);
const utf8 = new TextDecoder("utf-8", { fatal: true });

function digest(data: string | Uint8Array): Buffer {
  return createHmac("sha256", compareKey).update(data).digest();
}

function assertCredentials(value: unknown, argument: string): asserts value is BasicCredentials {
  if (typeof value !== "object" || value === null) {
    throw argumentError(argument, `must be an object { id, secret }, got ${describe(value)}`);
  }
  const { id, secret } = value as { id?: unknown; secret?: unknown };
  if (typeof id !== "string" || id.length === 0 || id.includes(":")) {
    throw argumentError(`${argument}.id`, "must be a non-empty string without ':' (RFC 7617)");
  }
  if (typeof secret !== "string" || secret.length === 0) {
    throw argumentError(`${argument}.secret`, "must be a non-empty string");
  }
}

function credentialsList(value: unknown): readonly BasicCredentials[] {
  if (!Array.isArray(value)) {
    assertCredentials(value, "credentials");
    return [value];
  }
  if (value.length === 0) throw argumentError("credentials", "must not be an empty list");
  value.forEach((pair, i) => assertCredentials(pair, `credentials[${i}]`));
  return value as readonly BasicCredentials[];
}

/** The credentials' bytes from `Basic <base64>`, or null when the header is not that. */
function decodeBasic(text: string): Uint8Array | null {
  const space = text.indexOf(" ");
  if (space < 0 || text.slice(0, space).toLowerCase() !== "basic") return null;
  const token = text.slice(space + 1).trimStart();
  if (token.length === 0) return null;
  const bytes = decodeBase64Any(token);
  if (bytes === null || !bytes.includes(0x3a /* ":" */)) return null;
  try {
    utf8.decode(bytes);
  } catch {
    return null;
  }
  return bytes;
}

/** Verifies Tiki Open API's `Authorization: Basic base64(id:secret)` against the granted pairs. */
export function verifyBasicAuth(input: VerifyBasicAuthInput): VerifyBasicAuthResult {
  assertInput(input, "verifyBasicAuth");
  const pairs = credentialsList(input.credentials);
  const text = headerText(headerFromInput(input, "authorization", HEADER), HEADER);
  if (typeof text !== "string") return text;
  const received = decodeBasic(text);
  if (received === null) return malformedHeader(HEADER, 'expected "Basic" and the base64 of id:secret');
  const receivedDigest = digest(received);
  for (const pair of pairs) {
    if (timingSafeEqual(digest(`${pair.id}:${pair.secret}`), receivedDigest)) return { ok: true, id: pair.id };
  }
  return fail("signature_mismatch", "The authorization header does not match any configured credentials.");
}

/** Builds the header Tiki sends for a pair: `Basic base64(id:secret)`. */
export function basicAuthHeader(credentials: BasicCredentials): string {
  assertCredentials(credentials, "credentials");
  return `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`, "utf8").toString("base64")}`;
}
