import { argumentError, describe } from "../../lib/errors.js";
import { headerFromInput, headerText } from "../../lib/headers.js";
import { fail, malformedHeader } from "../../lib/result.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { BasicCredentials, VerifyBasicAuthInput, VerifyBasicAuthResult } from "../../schemes/tiki-basic.js";
import { subtleCrypto } from "../lib/crypto.js";
import { decodeBase64Any, toBase64, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

const HEADER = "authorization";

/**
 * Received and expected credentials are compared as HMACs under a key drawn once per
 * process: the received pair is signed once, then `crypto.subtle.verify` checks each
 * configured pair against that MAC in constant time. Fixed-length digests, so the compare
 * reveals neither which part was wrong nor how long the configured id and secret are.
 * The key is drawn on first use, not at import: Cloudflare Workers forbid generating
 * random values in global scope.
 */
let compareKey: Promise<CryptoKey> | undefined;
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

function getCompareKey(): Promise<CryptoKey> {
  if (compareKey === undefined) {
    const key = subtleCrypto().generateKey({ name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign", "verify"]) as Promise<CryptoKey>;
    compareKey = key;
    // A failed draw is forgotten, so the next call draws again.
    key.catch(() => {
      compareKey = undefined;
    });
  }
  return compareKey;
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
function decodeBasic(text: string): Uint8Array<ArrayBuffer> | null {
  const space = text.indexOf(" ");
  if (space < 0 || text.slice(0, space).toLowerCase() !== "basic") return null;
  // headerText trimmed the value, so a token follows the space.
  const token = text.slice(space + 1).trimStart();
  const bytes = decodeBase64Any(token);
  if (bytes === null || !bytes.includes(0x3a /* ":" */)) return null;
  try {
    utf8Strict.decode(bytes);
  } catch {
    return null;
  }
  return bytes;
}

async function matchPair(received: Uint8Array<ArrayBuffer>, pairs: readonly BasicCredentials[]): Promise<VerifyBasicAuthResult> {
  const subtle = subtleCrypto();
  const key = await getCompareKey();
  const receivedMac = await subtle.sign("HMAC", key, received);
  for (const pair of pairs) {
    if (await subtle.verify("HMAC", key, receivedMac, utf8(`${pair.id}:${pair.secret}`))) return { ok: true, id: pair.id };
  }
  return fail("signature_mismatch", "The authorization header does not match any configured credentials.");
}

/** Verifies Tiki Open API's `Authorization: Basic base64(id:secret)` against the granted pairs. */
export function verifyBasicAuth(input: VerifyBasicAuthInput): Promise<VerifyBasicAuthResult> {
  assertInput(input, "verifyBasicAuth");
  const pairs = credentialsList(input.credentials);
  const text = headerText(headerFromInput(input, "authorization", HEADER), HEADER);
  if (typeof text !== "string") return Promise.resolve(text);
  const received = decodeBasic(text);
  if (received === null) return Promise.resolve(malformedHeader(HEADER, 'expected "Basic" and the base64 of id:secret'));
  subtleCrypto();
  // The pairs are copied now: the caller may change its list once this returns.
  return matchPair(received, pairs.map(({ id, secret }) => ({ id, secret })));
}

/**
 * Builds the header Tiki sends for a pair: `Basic base64(id:secret)`. Synchronous, as on the
 * root entry: it needs no crypto.
 */
export function basicAuthHeader(credentials: BasicCredentials): string {
  assertCredentials(credentials, "credentials");
  return `Basic ${toBase64(utf8(`${credentials.id}:${credentials.secret}`))}`;
}
