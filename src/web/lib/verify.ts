/**
 * The web counterpart of src/lib/verify.ts: the body-HMAC path on Web Crypto. The argument
 * checks and messages are the platform-neutral ones of src/lib/options.ts, shared with Node.
 */
import { headerFromInput, headerText } from "../../lib/headers.js";
import { DIGEST_LENGTH, type SignatureEncoding, signatureFormat, stripPrefix } from "../../lib/options.js";
import { type VerifyHmacResult, malformedHeader, secretMatch, signatureMismatch } from "../../lib/result.js";
import { assertSecrets } from "../../lib/secrets.js";
import type { HmacAlgorithm } from "../../lib/types.js";
import { bodyInput, ownedBytes } from "./bytes.js";
import { matchingSecretIndex, subtleCrypto } from "./crypto.js";
import { decodeBase64, decodeHex } from "./encoding.js";

/** How one body-HMAC scheme reads its header. */
export interface BodyHmacScheme {
  /** Lowercase header name, also used in failure messages. */
  header: string;
  algorithm: HmacAlgorithm;
  encoding: SignatureEncoding;
  /** Text before the digits, matched case-insensitively ("" for none). */
  prefix: string;
}

function decodeSignature(text: string, scheme: BodyHmacScheme): Uint8Array<ArrayBuffer> | null {
  const digits = stripPrefix(text, scheme.prefix);
  if (digits === null) return null;
  const length = DIGEST_LENGTH[scheme.algorithm];
  return scheme.encoding === "hex" ? decodeHex(digits, length) : decodeBase64(digits, length);
}

/**
 * The shared path of every scheme that signs the raw body alone. Runs synchronously up to
 * the HMAC: programmer errors throw from here, before any Promise exists; a header that is
 * missing or malformed gives an already-settled Promise; only the compare is asynchronous.
 */
export function verifyBodyHmac(input: Record<string, unknown>, scheme: BodyHmacScheme): Promise<VerifyHmacResult> {
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const text = headerText(headerFromInput(input, "signature", scheme.header), scheme.header);
  if (typeof text !== "string") return Promise.resolve(text);
  const received = decodeSignature(text, scheme);
  if (received === null) return Promise.resolve(malformedHeader(scheme.header, `expected ${signatureFormat(scheme.algorithm, scheme.encoding, scheme.prefix)}`));
  subtleCrypto();
  return matchingSecretIndex(scheme.algorithm, secrets, received, ownedBytes(body)).then((index) =>
    index < 0 ? signatureMismatch(scheme.header) : { ok: true, ...secretMatch(secrets, index) },
  );
}

export { assertAlgorithm, assertInput, headerNameOf, prefixOf } from "../../lib/options.js";
