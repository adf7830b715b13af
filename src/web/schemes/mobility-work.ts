import { headerFromInput, headerText } from "../../lib/headers.js";
import {
  MW_SIGNATURE_HEADER,
  type MwFields,
  malformedMwHeader,
  mwNowMsOf,
  mwSignFields,
  mwToleranceOf,
  mwWindowFailure,
  parseMwFields,
} from "../../schemes/mw-header.js";
import { secretMatch, signatureMismatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type {
  SignMwSignatureInput,
  VerifyMwSignatureInput,
  VerifyMwSignatureResult,
} from "../../schemes/mobility-work.js";
import { bodyInput, prefixedBytes } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, randomBytes, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

// The header's grammar, the argument checks and the window are shared with the Node scheme
// through src/schemes/mw-header.ts (platform-neutral): same rules, same messages.
export { MW_DEFAULT_TOLERANCE_SECONDS, MW_SIGNATURE_HEADER, parseMwSignatureHeader } from "../../schemes/mw-header.js";

/**
 * Verifies a Mobility Work delivery: HMAC-SHA256(secret, t + "." + nonce + "." + raw body),
 * then, only for a correct signature, that t is within `toleranceSeconds` of now (both ways).
 * `now` is read when the function is called, not when the HMAC settles.
 */
export function verifyMwSignature(input: VerifyMwSignatureInput): Promise<VerifyMwSignatureResult> {
  assertInput(input, "verifyMwSignature");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const tolerance = mwToleranceOf(input.toleranceSeconds);
  const nowMs = mwNowMsOf(input.now);
  const text = headerText(headerFromInput(input, "signature", MW_SIGNATURE_HEADER), MW_SIGNATURE_HEADER);
  if (typeof text !== "string") return Promise.resolve(text);
  const fields = parseMwFields(text);
  const received = fields === null ? null : decodeHex(fields.signature, 32);
  if (received === null) return Promise.resolve(malformedMwHeader());
  subtleCrypto();
  const { t, nonce } = fields as MwFields;
  // Web Crypto signs one buffer: t, nonce and the body are joined once, here, at call time.
  const data = prefixedBytes(`${t}.${nonce}.`, body);
  return matchingSecretIndex("sha256", secrets, received, data).then((index): VerifyMwSignatureResult => {
    if (index < 0) return signatureMismatch(MW_SIGNATURE_HEADER);
    return mwWindowFailure(t, nowMs, tolerance) ?? { ok: true, timestamp: Number(t), nonce, ...secretMatch(secrets, index) };
  });
}

/** Builds an `X-MW-Signature` value as Mobility Work does: `t=…,nonce=…,signature=<lowercase hex>`. */
export function signMwSignature(input: SignMwSignatureInput): Promise<string> {
  assertInput(input, "signMwSignature");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const { t, nonce } = mwSignFields(input.timestamp, input.nonce, () => toHex(randomBytes(20)));
  subtleCrypto();
  return hmac("sha256", input.secret, prefixedBytes(`${t}.${nonce}.`, body)).then(
    (mac) => `t=${t},nonce=${nonce},signature=${toHex(mac)}`,
  );
}
