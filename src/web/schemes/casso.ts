import { headerFromInput, headerText } from "../../lib/headers.js";
import { secretMatch } from "../../lib/result.js";
import { assertSecret, assertSecrets } from "../../lib/secrets.js";
import {
  cassoMismatch,
  cassoNowMsOf,
  cassoSignT,
  cassoSignText,
  cassoSignedTexts,
  cassoToleranceOf,
  cassoWindowFailure,
  CASSO_SIGNATURE_HEADER,
  malformedCassoHeader,
  parseCassoFields,
} from "../../schemes/casso-header.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignCassoSignatureInput, VerifyCassoSignatureInput, VerifyCassoSignatureResult } from "../../schemes/casso.js";
import { bodyInput } from "../lib/bytes.js";
import { hmac, matchingSecretIndex, subtleCrypto } from "../lib/crypto.js";
import { decodeHex, toHex, utf8 } from "../lib/encoding.js";
import { assertInput } from "../lib/verify.js";

export { CASSO_DEFAULT_TOLERANCE_SECONDS, CASSO_SIGNATURE_HEADER } from "../../schemes/casso-header.js";

/**
 * Verifies a Casso (webhook v2) delivery (see the root entry's verifyCassoSignature). `now` is
 * read when the function is called, and the body too.
 */
export function verifyCassoSignature(input: VerifyCassoSignatureInput): Promise<VerifyCassoSignatureResult> {
  assertInput(input, "verifyCassoSignature");
  const body = bodyInput(input.body);
  const secrets = assertSecrets(input.secret);
  const tolerance = cassoToleranceOf(input.toleranceSeconds);
  const nowMs = cassoNowMsOf(input.now);
  const text = headerText(headerFromInput(input, "signature", CASSO_SIGNATURE_HEADER), CASSO_SIGNATURE_HEADER);
  if (typeof text !== "string") return Promise.resolve(text);
  const fields = parseCassoFields(text);
  if (fields === null) return Promise.resolve(malformedCassoHeader());
  const texts = cassoSignedTexts(body);
  if (!Array.isArray(texts)) return Promise.resolve(texts);
  subtleCrypto();
  const received = decodeHex(fields.digits, 64) as Uint8Array<ArrayBuffer>;
  const signed = texts.map((json) => utf8(`${fields.t}.${json}`));
  return (async (): Promise<VerifyCassoSignatureResult> => {
    for (const data of signed) {
      const index = await matchingSecretIndex("sha512", secrets, received, data);
      if (index >= 0) return cassoWindowFailure(fields.t, nowMs, tolerance) ?? { ok: true, timestamp: Number(fields.t), ...secretMatch(secrets, index) };
    }
    return cassoMismatch();
  })();
}

/** Builds an `X-Casso-Signature` value (see the root entry's signCassoSignature). */
export function signCassoSignature(input: SignCassoSignatureInput): Promise<string> {
  assertInput(input, "signCassoSignature");
  const body = bodyInput(input.body);
  assertSecret(input.secret);
  const t = cassoSignT(input.timestamp);
  const text = cassoSignText(body);
  subtleCrypto();
  return hmac("sha512", input.secret, utf8(`${t}.${text}`)).then((mac) => `t=${t},v1=${toHex(mac)}`);
}
