import { bodyInputOther } from "./bytes.js";
import { headerFromValues, headerText } from "./headers.js";
import { isBase64, isHex } from "./encoding.js";
import { matchingSecret } from "./hmac.js";
import { type SignatureEncoding, signatureFormat, stripPrefix } from "./options.js";
import { type VerifyHmacResult, type VerifyResult, malformedHeader, signatureMismatch } from "./result.js";
import { assertSecretsOther } from "./secrets.js";
import type { HmacAlgorithm } from "./types.js";

/** The digits of the trimmed header text when they strictly spell a digest, else null. */
function signatureDigits(text: string, algorithm: HmacAlgorithm, encoding: SignatureEncoding, prefix: string): string | null {
  const digits = stripPrefix(text, prefix);
  if (digits === null) return null;
  const length = algorithm === "sha256" ? 32 : algorithm === "sha1" ? 20 : 64; // DIGEST_LENGTH, without a keyed lookup
  return (encoding === "hex" ? isHex(digits, length) : isBase64(digits, length)) ? digits : null;
}

/** The failure for a signature not in the scheme's form (off the hot path: messages are built here). */
function malformedSignature(header: string, algorithm: HmacAlgorithm, encoding: SignatureEncoding, prefix: string): VerifyResult {
  return malformedHeader(header, `expected ${signatureFormat(algorithm, encoding, prefix)}`);
}

/**
 * The shared path of every scheme that signs the raw body alone: programmer checks,
 * then the header's form, then a constant-time compare against each secret.
 *
 * The public function reads `body`, `secret`, `headers` and `signature` from its input and
 * passes them here, so those loads see only the input shapes given to that function.
 * `header` is the lowercase header name (also used in messages); `prefix` is the text
 * before the digits, matched case-insensitively ("" for none).
 */
export function verifyBodyHmac(
  input: object,
  body: unknown,
  secret: unknown,
  headers: unknown,
  signature: unknown,
  header: string,
  algorithm: HmacAlgorithm,
  encoding: SignatureEncoding,
  prefix: string,
): VerifyHmacResult {
  // The usual body and secret inline; the rest of bodyInput and assertSecrets (their other
  // accepted forms, checks and messages) only for anything else.
  const bytes = typeof body === "string" || (body instanceof Uint8Array && body.length !== 0) ? body : bodyInputOther(body);
  const secrets = (typeof secret === "string" || secret instanceof Uint8Array) && secret.length > 0 ? secret : assertSecretsOther(secret);
  const text = headerText(headerFromValues(input, headers, signature, "signature", header), header);
  if (typeof text !== "string") return text;
  const digits = signatureDigits(text, algorithm, encoding, prefix);
  if (digits === null) return malformedSignature(header, algorithm, encoding, prefix);
  const index = matchingSecret(algorithm, secrets, digits, encoding, bytes);
  if (index < 0) return signatureMismatch(header);
  return Array.isArray(secrets) ? { ok: true, secretIndex: index } : { ok: true };
}

export { assertInput, headerNameOf, prefixOf } from "./options.js";
