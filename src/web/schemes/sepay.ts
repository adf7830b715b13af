import { secretMatch, signatureMismatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import { type HeaderPart, headerValues } from "../../schemes/header-set.js";
import { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER, sepayParts, sepaySignTimestamp } from "../../schemes/keyed-header.js";
import { nowMsOf, toleranceOf, windowFailure } from "../../schemes/signed-window.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignSepayInput, VerifySepayInput, VerifySepayResult } from "../../schemes/sepay.js";
import { bodyInput } from "../lib/bytes.js";
import { assertInput } from "../lib/verify.js";
import { headHex, matchingHeadSecret } from "./keyed.js";

/** Where the signature and timestamp are: bare, or in `headers`. */
const SEPAY_PARTS: readonly HeaderPart[] = [
  ["signature", SEPAY_SIGNATURE_HEADER],
  ["timestamp", SEPAY_TIMESTAMP_HEADER],
];

export { SEPAY_SIGNATURE_HEADER, SEPAY_TIMESTAMP_HEADER } from "../../schemes/keyed-header.js";

/**
 * Verifies a SePay webhook in HMAC mode: `X-SePay-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + raw body)>` with `X-SePay-Timestamp`, then the time window.
 */
export function verifySepay(input: VerifySepayInput): Promise<VerifySepayResult> {
  assertInput(input, "verifySepay");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const tolerance = toleranceOf(input.toleranceSeconds);
  const nowMs = nowMsOf(input.now);
  const [signature, timestamp] = headerValues(input, SEPAY_PARTS);
  const parts = sepayParts(signature, timestamp);
  if ("ok" in parts) return Promise.resolve(parts);
  return matchingHeadSecret(secrets, `${parts.t}.`, body, parts.digits).then((index): VerifySepayResult => {
    if (index < 0) return signatureMismatch(SEPAY_SIGNATURE_HEADER);
    const t = Number(parts.t);
    return windowFailure(SEPAY_TIMESTAMP_HEADER, t, nowMs, tolerance) ?? { ok: true, timestamp: t, ...secretMatch(secrets, index) };
  });
}

/** Builds an `X-SePay-Signature` value: `sha256=<lowercase hex>`. */
export function signSepay(input: SignSepayInput): Promise<string> {
  assertInput(input, "signSepay");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const t = sepaySignTimestamp(input.timestamp);
  return headHex(input.secret, `${t}.`, body).then((hex) => `sha256=${hex}`);
}
