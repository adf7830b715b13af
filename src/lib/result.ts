/** Why a delivery was refused. Stable strings: switch on them. */
export type VerifyFailureReason =
  | "missing_header"
  | "malformed_header"
  | "signature_mismatch"
  | "timestamp_too_old"
  | "timestamp_too_new";

/** A refused delivery: `message` is a short sentence for logs, free of secrets, signatures and body. */
export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  message: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type VerifyResult<Extra = {}> = ({ ok: true } & Extra) | VerifyFailure;

export function fail(reason: VerifyFailureReason, message: string): VerifyFailure {
  return { ok: false, reason, message };
}

export function missingHeader(header: string): VerifyFailure {
  return fail("missing_header", `The ${header} header is missing or empty.`);
}

export function malformedHeader(header: string, detail: string): VerifyFailure {
  return fail("malformed_header", `The ${header} header is malformed: ${detail}.`);
}

export function signatureMismatch(header: string): VerifyFailure {
  return fail("signature_mismatch", `The ${header} signature does not match the body under any configured secret.`);
}
