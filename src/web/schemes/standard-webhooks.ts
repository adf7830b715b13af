import { secretMatch, signatureMismatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import type { Secret } from "../../lib/types.js";
import { type HeaderPart, headerValues } from "../../schemes/header-set.js";
import { nowMsOf, toleranceOf, windowFailure } from "../../schemes/signed-window.js";
import {
  STANDARD_WEBHOOKS_ID_HEADER,
  STANDARD_WEBHOOKS_SIGNATURE_HEADER,
  STANDARD_WEBHOOKS_TIMESTAMP_HEADER,
  swParts,
  swSecretText,
  swSignHead,
} from "../../schemes/standard-webhooks-header.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignStandardWebhooksInput, VerifyStandardWebhooksInput, VerifyStandardWebhooksResult } from "../../schemes/standard-webhooks.js";
import { bodyInput, prefixedBytes } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeBase64, decodeBase64Any, toBase64 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

export {
  STANDARD_WEBHOOKS_ID_HEADER,
  STANDARD_WEBHOOKS_SECRET_PREFIX,
  STANDARD_WEBHOOKS_SIGNATURE_HEADER,
  STANDARD_WEBHOOKS_TIMESTAMP_HEADER,
} from "../../schemes/standard-webhooks-header.js";

/** Where the signature, id and timestamp are: bare, or in `headers`. */
const SW_PARTS: readonly HeaderPart[] = [
  ["signature", STANDARD_WEBHOOKS_SIGNATURE_HEADER],
  ["id", STANDARD_WEBHOOKS_ID_HEADER],
  ["timestamp", STANDARD_WEBHOOKS_TIMESTAMP_HEADER],
];

/** The HMAC key of a secret: a string's base64 (after whsec_), decoded; bytes as they are. */
function keyOf(secret: Secret, argument: string): Secret {
  return typeof secret === "string" ? (decodeBase64Any(swSecretText(secret, argument)) as Uint8Array) : secret;
}

/**
 * Verifies a Standard Webhooks delivery: `webhook-signature: v1,<base64 HMAC-SHA256(key, id + "."
 * + timestamp + "." + raw body)>`, any one of a space-separated list, then, only for a correct
 * signature, that the timestamp is within `toleranceSeconds` of now (both ways).
 */
export function verifyStandardWebhooks(input: VerifyStandardWebhooksInput): Promise<VerifyStandardWebhooksResult> {
  assertInput(input, "verifyStandardWebhooks");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const keys = Array.isArray(secrets) ? (secrets as readonly Secret[]).map((s, i) => keyOf(s, `secret[${i}]`)) : keyOf(secrets as Secret, "secret");
  const tolerance = toleranceOf(input.toleranceSeconds);
  const nowMs = nowMsOf(input.now);
  const [signature, id, timestamp] = headerValues(input, SW_PARTS);
  const parts = swParts(signature, id, timestamp);
  if (!("id" in parts)) return Promise.resolve(parts);
  subtleCrypto();
  const data = prefixedBytes(`${parts.id}.${parts.timestamp}.`, body);
  const received = parts.signatures.map((digits) => decodeBase64(digits, 32) as Uint8Array<ArrayBuffer>);
  return Promise.all(received.map((bytes) => matchingSecretIndex("sha256", keys, bytes, data))).then((found): VerifyStandardWebhooksResult => {
    const matched = found.filter((index) => index >= 0);
    if (matched.length === 0) return signatureMismatch(STANDARD_WEBHOOKS_SIGNATURE_HEADER);
    const t = Number(parts.timestamp);
    return windowFailure(STANDARD_WEBHOOKS_TIMESTAMP_HEADER, t, nowMs, tolerance) ?? { ok: true, id: parts.id, timestamp: t, ...secretMatch(secrets, Math.min(...matched)) };
  });
}

/** Builds a `webhook-signature` value as the reference libraries do: `v1,<base64>`. */
export function signStandardWebhooks(input: SignStandardWebhooksInput): Promise<string> {
  assertInput(input, "signStandardWebhooks");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const key = keyOf(input.secret, "secret");
  const head = swSignHead(input.id, input.timestamp);
  subtleCrypto();
  return hmac("sha256", key, prefixedBytes(head, body)).then((mac) => `v1,${toBase64(mac)}`);
}
