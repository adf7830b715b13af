import { type BasicCredentials, assertCredentials, basicToken, credentialsList } from "../../lib/credentials.js";
import { headerFromInput, headerText } from "../../lib/headers.js";
import { fail, malformedHeader } from "../../lib/result.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { VerifyBasicAuthInput, VerifyBasicAuthResult } from "../../schemes/tiki-basic.js";
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
const utf8Strict = new TextDecoder(undefined, { fatal: true }); // the default label is utf-8

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

/** The credentials' bytes from `Basic <base64>`, or null when the header is not that. */
function decodeBasic(text: string): Uint8Array<ArrayBuffer> | null {
  const token = basicToken(text);
  if (token === null) return null;
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
  const credentials: unknown = input.credentials;
  if (!Array.isArray(credentials)) assertCredentials(credentials, "credentials");
  const pairs = Array.isArray(credentials) ? credentialsList(credentials) : [credentials];
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
