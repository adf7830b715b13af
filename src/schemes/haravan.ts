// Haravan: HMAC-SHA256 of the raw body in `X-Haravan-Hmacsha256`, keyed with the webhook
// authentication secret (private webhooks) or the app's client secret. Only the header and
// "hash_hmac … 'sha256'" are Haravan's own words (docs.haravan.com, private-webhook); the
// encoding is not: third-party receivers compare padded base64, while PHP's hash_hmac, which
// the docs name, writes lowercase hex by default. Both are accepted (64 hex digits or 44
// characters of base64 cannot be mistaken for each other); signHaravan writes base64.
import { bodyInput } from "../lib/bytes.js";
import { headerFromValues } from "../lib/headers.js";
import { hmac } from "../lib/hmac.js";
import type { VerifyHmacResult } from "../lib/result.js";
import { assertSecret } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput, verifyBodyHmac } from "../lib/verify.js";

/** The header Haravan signs its webhooks in (`X-Haravan-Hmacsha256`), lowercase. */
export const HARAVAN_SIGNATURE_HEADER = "x-haravan-hmacsha256";

/** What `verifyHaravan` takes: the raw body, the secret or a rotation list, and the signature or the request headers. */
export interface VerifyHaravanInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /** The webhook authentication secret (Settings > Notifications > Webhooks) or the app's client secret; several during a rotation. */
  secret: Secrets;
  /** The header value: 44 characters of padded base64, or 64 hex digits; or give `headers`. */
  signature?: HeaderValue;
  /** The request headers; `x-haravan-hmacsha256` is read from them. */
  headers?: HeadersLike;
}

/** What `signHaravan` takes: the body a Haravan test sender posts, and one secret. */
export interface SignHaravanInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** The one secret to sign with. */
  secret: Secret;
}

/** What an input with a bare value looks like to `verifyBodyHmac`: the header was read here. */
const READ_HERE = { signature: undefined };

/** True when a header value (one, or the first of several) is 64 characters once trimmed: a hex digest, not base64's 44. */
function hexLength(value: unknown): boolean {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === "string" && first.trim().length === 64;
}

/** Verifies a Haravan webhook: HMAC-SHA256 of the raw body, in base64 or hex. */
export function verifyHaravan(input: VerifyHaravanInput): VerifyHmacResult {
  assertInput(input, "verifyHaravan");
  const sent = headerFromValues(input, input.headers, input.signature, "signature", HARAVAN_SIGNATURE_HEADER);
  return verifyBodyHmac(READ_HERE, input.body, input.secret, undefined, sent, HARAVAN_SIGNATURE_HEADER, "sha256", hexLength(sent) ? "hex" : "base64", "");
}

/** Signs a body as Haravan's third-party receivers expect: padded standard base64 of the HMAC-SHA256. */
export function signHaravan(input: SignHaravanInput): string {
  assertInput(input, "signHaravan");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  return hmac("sha256", input.secret, body).toString("base64");
}
