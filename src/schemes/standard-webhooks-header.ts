// What the Node and Web Crypto Standard Webhooks schemes share: the headers, the signature
// list's grammar, the secret's form and the checks of id and timestamp. Platform-neutral: no
// node: import, no Buffer. Spec: github.com/standard-webhooks/standard-webhooks.
import { isBase64, isBase64Any } from "../lib/encoding.js";
import { argumentError } from "../lib/errors.js";
import { headerText } from "../lib/headers.js";
import { malformedHeader, type VerifyFailure } from "../lib/result.js";
import { isUnixSeconds, malformedTimestamp } from "./signed-window.js";

/** The header that carries the signatures (`webhook-signature`). */
export const STANDARD_WEBHOOKS_SIGNATURE_HEADER = "webhook-signature";
/** The header that carries the message id, the delivery key (`webhook-id`). */
export const STANDARD_WEBHOOKS_ID_HEADER = "webhook-id";
/** The header that carries the signed unix timestamp (`webhook-timestamp`). */
export const STANDARD_WEBHOOKS_TIMESTAMP_HEADER = "webhook-timestamp";
/** The prefix of a Standard Webhooks secret as providers hand it out (`whsec_`). */
export const STANDARD_WEBHOOKS_SECRET_PREFIX = "whsec_";

/** A delivery's id, timestamp and `v1` signatures (base64 text, 44 characters each), as sent. */
export interface SwParts {
  id: string;
  timestamp: string;
  signatures: string[];
}

/**
 * The header values read and checked: each present (`missing_header`), the id and timestamp
 * free of "." (the separator of the signed `{id}.{timestamp}.{body}`: a "." would let one
 * signature cover another split of the same bytes), the timestamp whole seconds, and at least
 * one well-formed `v1,<base64>` entry in the space-separated list. Entries of other versions
 * (`v1a`, ed25519) are ignored; a list with no well-formed v1 entry is `malformed_header`.
 */
export function swParts(signature: unknown, id: unknown, timestamp: unknown): SwParts | VerifyFailure {
  const list = headerText(signature, STANDARD_WEBHOOKS_SIGNATURE_HEADER);
  if (typeof list !== "string") return list;
  const idText = headerText(id, STANDARD_WEBHOOKS_ID_HEADER);
  if (typeof idText !== "string") return idText;
  const t = headerText(timestamp, STANDARD_WEBHOOKS_TIMESTAMP_HEADER);
  if (typeof t !== "string") return t;
  if (idText.includes(".")) return malformedHeader(STANDARD_WEBHOOKS_ID_HEADER, 'the id must not contain "." (the separator of the signed content)');
  if (!isUnixSeconds(t)) return malformedTimestamp(STANDARD_WEBHOOKS_TIMESTAMP_HEADER);
  // The usual header, one entry, read without splitting.
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent; a shortcut, the loop below reads one entry the same
  if (!list.includes(" ")) return list.startsWith("v1,") && isBase64(list.slice(3), 32) ? { id: idText, timestamp: t, signatures: [list.slice(3)] } : noV1();
  const signatures: string[] = [];
  for (const entry of list.split(" ")) {
    // Stryker disable next-line ConditionalExpression: equivalent; an entry of another version fails the check below too
    if (!entry.startsWith("v1,")) continue;
    const digits = entry.slice(3);
    if (isBase64(digits, 32)) signatures.push(digits);
  }
  return signatures.length === 0 ? noV1() : { id: idText, timestamp: t, signatures };
}

function noV1(): VerifyFailure {
  return malformedHeader(STANDARD_WEBHOOKS_SIGNATURE_HEADER, "expected a space-separated list with at least one v1,<44 characters of padded standard base64>");
}

/**
 * The base64 text of a string secret: after `whsec_` if it starts so (as the reference library,
 * a secret without the prefix is taken as base64 too). A TypeError for anything that is not
 * canonical padded standard base64 of at least one byte: the key would not be the provider's.
 */
export function swSecretText(secret: string, argument: string): string {
  const text = secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX) ? secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length) : secret;
  if (text.length === 0 || !isBase64Any(text)) throw notBase64(argument);
  return text;
}

function notBase64(argument: string): TypeError {
  return argumentError(argument, "must be the whsec_ secret as the provider hands it out (whsec_ and standard base64), or the key's raw bytes as a Uint8Array");
}

/** The signed content's head, `{id}.{timestamp}.`, checked for the signer. */
export function swSignHead(id: unknown, timestamp: unknown): string {
  // One printable character at least: the pattern refuses "" too.
  if (typeof id !== "string" || id.includes(".") || !/^[\x21-\x7e]+$/.test(id)) {
    throw argumentError("id", "must be a non-empty printable ASCII string without '.' or whitespace");
  }
  if (!Number.isSafeInteger(timestamp) || (timestamp as number) < 0) {
    throw argumentError("timestamp", "must be a whole number of unix seconds >= 0");
  }
  return `${id}.${timestamp as number}.`;
}
