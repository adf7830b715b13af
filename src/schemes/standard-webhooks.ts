import { createHmac, timingSafeEqual } from "node:crypto";
import { bodyInput, type HmacInput } from "../lib/bytes.js";
import { digestEquals, digitsMatch } from "../lib/hmac.js";
import { type SecretMatch, type VerifyResult, secretMatch, signatureMismatch } from "../lib/result.js";
import { assertSecret, assertSecrets } from "../lib/secrets.js";
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import { assertInput } from "../lib/verify.js";
import { type HeaderPart, headerValues } from "./header-set.js";
import { nowMsOf, toleranceOf, windowFailure } from "./signed-window.js";
import {
  STANDARD_WEBHOOKS_ID_HEADER,
  STANDARD_WEBHOOKS_SIGNATURE_HEADER,
  STANDARD_WEBHOOKS_TIMESTAMP_HEADER,
  swParts,
  swSecretText,
  swSignHead,
} from "./standard-webhooks-header.js";

export {
  STANDARD_WEBHOOKS_ID_HEADER,
  STANDARD_WEBHOOKS_SECRET_PREFIX,
  STANDARD_WEBHOOKS_SIGNATURE_HEADER,
  STANDARD_WEBHOOKS_TIMESTAMP_HEADER,
} from "./standard-webhooks-header.js";

/** Where the signature, id and timestamp are: bare, or in `headers`. */
const SW_PARTS: readonly HeaderPart[] = [
  ["signature", STANDARD_WEBHOOKS_SIGNATURE_HEADER],
  ["id", STANDARD_WEBHOOKS_ID_HEADER],
  ["timestamp", STANDARD_WEBHOOKS_TIMESTAMP_HEADER],
];

/** What `verifyStandardWebhooks` takes: the raw body, the whsec_ secret or a rotation list, the three webhook-* values or the request headers, and the clock. */
export interface VerifyStandardWebhooksInput {
  /** The raw body exactly as received. */
  body: Bytes;
  /**
   * The endpoint's secret as the provider hands it out (`whsec_` and base64; without the prefix
   * it is read as base64 too), or the key's raw bytes as a Uint8Array; several during a rotation.
   */
  secret: Secrets;
  /** The `webhook-signature` value (`v1,<base64>`, several space-separated); or give `headers`. */
  signature?: HeaderValue;
  /** The `webhook-id` value; or give `headers`. */
  id?: HeaderValue;
  /** The `webhook-timestamp` value (unix seconds); or give `headers`. */
  timestamp?: HeaderValue;
  /** The request headers; the three are read from them. */
  headers?: HeadersLike;
  /** Largest accepted |now - timestamp| in seconds, inclusive. Default 300 (the reference libraries'); `Infinity` turns the check off. */
  toleranceSeconds?: number;
  /** The current time in ms since the epoch, or a Date. Default `Date.now()`. */
  now?: number | Date;
}

/** What `signStandardWebhooks` takes: the body, the whsec_ secret, and the id and timestamp (defaults: a new id, now). */
export interface SignStandardWebhooksInput {
  /** The body to sign, byte for byte as it will be sent. */
  body: Bytes;
  /** One secret, in the forms `verifyStandardWebhooks` takes. */
  secret: Secret;
  /** The message id (`webhook-id`): printable ASCII without "." or whitespace. */
  id: string;
  /** Unix seconds (`webhook-timestamp`). */
  timestamp: number;
}

/** What `verifyStandardWebhooks` returns: on success, the signed webhook-id and timestamp and the secret that matched. */
export type VerifyStandardWebhooksResult = VerifyResult<
  {
    /** The signed webhook-id: the delivery's key against replays. */
    id: string;
    /** The signed webhook-timestamp, in unix seconds. */
    timestamp: number;
  } & SecretMatch
>;

// The keys of the string secrets seen lately: decoding the same whsec_ secrets (a rotation list
// too) on every delivery is work a receiver need not repeat. Bounded: past KEYS_KEPT secrets the
// cache starts over, so a caller passing a new secret each time cannot grow it.
const KEYS_KEPT = 16;
const decodedKeys = new Map<string, Buffer>();

/** The HMAC key of a secret: a string's base64 (after whsec_), decoded; bytes as they are. */
function keyOf(secret: Secret, argument: string): Secret {
  if (typeof secret !== "string") return secret;
  const kept = decodedKeys.get(secret);
  // Stryker disable next-line ConditionalExpression: equivalent; a cache, the key decoded again is the same key
  if (kept !== undefined) return kept;
  const key = Buffer.from(swSecretText(secret, argument), "base64");
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; when to start over only bounds the cache's size
  if (decodedKeys.size >= KEYS_KEPT) decodedKeys.clear();
  decodedKeys.set(secret, key);
  return key;
}

/** The keys of one secret or a list, checked and decoded at call time. */
function keysOf(secrets: Secret | readonly Secret[]): Secret | Secret[] {
  return Array.isArray(secrets) ? (secrets as readonly Secret[]).map((s, i) => keyOf(s, `secret[${i}]`)) : keyOf(secrets as Secret, "secret");
}

function mac(key: Secret, head: string, body: HmacInput) {
  return createHmac("sha256", key).update(head).update(body);
}

/**
 * Verifies a Standard Webhooks delivery (Svix and the providers built on the spec):
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + raw body)>`, any
 * one of a space-separated list, then, only for a correct signature, that the timestamp is
 * within `toleranceSeconds` of now (both ways). Key on `id` (`webhook-id`) to process a delivery once.
 */
export function verifyStandardWebhooks(input: VerifyStandardWebhooksInput): VerifyStandardWebhooksResult {
  assertInput(input, "verifyStandardWebhooks");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const keys = keysOf(secrets);
  const tolerance = toleranceOf(input.toleranceSeconds);
  const nowMs = nowMsOf(input.now);
  const [signature, id, timestamp] = headerValues(input, SW_PARTS);
  const parts = swParts(signature, id, timestamp);
  if (!("id" in parts)) return parts;
  const head = `${parts.id}.${parts.timestamp}.`;
  const index = matchingKey(keys, head, body, parts.signatures);
  if (index < 0) return signatureMismatch(STANDARD_WEBHOOKS_SIGNATURE_HEADER);
  const t = Number(parts.timestamp);
  return windowFailure(STANDARD_WEBHOOKS_TIMESTAMP_HEADER, t, nowMs, tolerance) ?? { ok: true, id: parts.id, timestamp: t, ...secretMatch(secrets, index) };
}

/** The index of the first key whose HMAC equals any of the signatures (each compared in constant time), or -1. */
function matchingKey(keys: Secret | readonly Secret[], head: string, body: HmacInput, signatures: readonly string[]): number {
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent; a shortcut for one signature, which the loop below also decides
  if (signatures.length === 1) {
    // The usual delivery: one signature, checked against one key without a buffer of its own.
    // Stryker disable next-line StringLiteral: equivalent; digitsMatch reads any encoding but "hex" as base64
    if (!Array.isArray(keys)) return digitsMatch("sha256", mac(keys as Secret, head, body), signatures[0] as string, "base64") ? 0 : -1;
    const received = Buffer.from(signatures[0] as string, "base64");
    for (let i = 0; i < keys.length; i++) if (digestEquals("sha256", mac(keys[i] as Secret, head, body), received)) return i;
    return -1;
  }
  const received = signatures.map((digits) => Buffer.from(digits, "base64"));
  const list: readonly Secret[] = Array.isArray(keys) ? keys : [keys as Secret];
  for (let i = 0; i < list.length; i++) {
    const digest = mac(list[i] as Secret, head, body).digest();
    let matched = false;
    // Every signature is compared, so the time taken does not say which one matched.
    for (const candidate of received) matched = timingSafeEqual(digest, candidate) || matched;
    if (matched) return i;
  }
  return -1;
}

/** Builds a `webhook-signature` value as the reference libraries do: `v1,<base64>`. */
export function signStandardWebhooks(input: SignStandardWebhooksInput): string {
  assertInput(input, "signStandardWebhooks");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const key = keyOf(input.secret, "secret");
  const head = swSignHead(input.id, input.timestamp);
  return `v1,${mac(key, head, body).digest("base64")}`;
}
