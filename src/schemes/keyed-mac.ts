// The node:crypto HMAC-SHA256 over a short text head and the raw body, compared with hex
// digits: SePay ({timestamp}.{body}), Lazada and TikTok Shop ({app key}{body}), Shopee
// ({URL}|{body}). The head is fed first, the body as it is (never concatenated).
import { createHmac } from "node:crypto";
import type { HmacInput } from "../lib/bytes.js";
import { digestEquals, digitsMatch } from "../lib/hmac.js";
import type { Secret } from "../lib/types.js";

/** The index of the first secret whose HMAC-SHA256 of head + body equals `digits` (64 hex digits, already checked), or -1. */
export function matchingHeadSecret(secrets: Secret | readonly Secret[], head: string, body: HmacInput, digits: string): number {
  if (!Array.isArray(secrets)) return digitsMatch("sha256", createHmac("sha256", secrets as Secret).update(head).update(body), digits, "hex") ? 0 : -1;
  // The received bytes get a buffer of their own, decoded once for all the compares.
  const received = Buffer.from(digits, "hex");
  const list = secrets as readonly Secret[];
  for (let i = 0; i < list.length; i++) {
    if (digestEquals("sha256", createHmac("sha256", list[i] as Secret).update(head).update(body), received)) return i;
  }
  return -1;
}

/** Lowercase hex HMAC-SHA256 of head + body, for the signers. */
export function headHex(secret: Secret, head: string, body: HmacInput): string {
  return createHmac("sha256", secret).update(head).update(body).digest("hex");
}
