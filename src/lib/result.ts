/** Why a delivery was refused. Stable strings: switch on them. */
export type VerifyFailureReason =
  | "missing_header"
  | "malformed_header"
  | "signature_mismatch"
  | "timestamp_too_old"
  | "timestamp_too_new";

/** A refused delivery: `message` is a short sentence for logs, free of secrets, signatures and body. */
export interface VerifyFailure {
  /** Always false: the delivery was refused. */
  ok: false;
  /** Why, as a stable string to switch on. */
  reason: VerifyFailureReason;
  /** One sentence for logs. */
  message: string;
}

/** What a verify function returns: `{ ok: true }` and what it learned (`Extra`), or a `VerifyFailure`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type VerifyResult<Extra = {}> =
  | ({
      /** True: the delivery is genuine. */
      ok: true;
    } & Extra)
  | VerifyFailure;

/**
 * What a verify function learns beyond ok: with a rotation list, which secret matched (its
 * index in the list), so that you know when an old secret can be retired. Absent when
 * `secret` is a single secret.
 */
export interface SecretMatch {
  /** The index in the rotation list of the secret that matched (from 0). */
  secretIndex?: number;
}

/** `{ secretIndex }` for a rotation list, nothing for a single secret. */
export function secretMatch(secrets: unknown, index: number): SecretMatch {
  return Array.isArray(secrets) ? { secretIndex: index } : {};
}

/** The result of the HMAC verify functions: which secret of a rotation list matched. */
export type VerifyHmacResult = VerifyResult<SecretMatch>;

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
