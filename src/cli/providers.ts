// Each provider's sign and verify, through the library's own functions (nothing is signed
// or compared here).
import {
  type Secret,
  type VerifyResult,
  basicAuthHeader,
  signHmacBase64,
  signHmacHex,
  signMwSignature,
  signTikiSha1,
  verifyBasicAuth,
  verifyHmacBase64,
  verifyHmacHex,
  verifyMwSignature,
  verifyTikiSha1,
} from "../index.js";
import type { Provider } from "./options.js";

/** What a delivery's headers depend on besides the body and the secret. */
export interface SignSettings {
  /** Tiki: the id of the granted pair. */
  id?: string | undefined;
  /** Tilby: the header that carries the signature. */
  headerName: string;
  /** Mobility Work: `t`, unix seconds. */
  timestamp: number;
  /** Mobility Work: default random. */
  nonce?: string | undefined;
  /** eWarehousing: the `X-Webhook-Id`. */
  webhookId: string;
}

export type HeaderLines = [name: string, value: string][];

const JSON_TYPE: [string, string] = ["Content-Type", "application/json"];

/** The headers of a signed delivery, content-type first, names as the providers write them. */
export function signHeaders(provider: Provider, body: Uint8Array, secret: string, s: SignSettings): HeaderLines {
  // The library's argument errors (a nonce it refuses) are usage errors: main says so in one line.
  switch (provider) {
    case "tikinow":
      return [JSON_TYPE, ["x-signature", signTikiSha1({ body, secret })]];
    case "tiki":
      return [JSON_TYPE, ["Authorization", basicAuthHeader({ id: s.id as string, secret })]];
    case "mobility-work":
      return [
        JSON_TYPE,
        ["X-MW-Signature", signMwSignature({ body, secret, timestamp: s.timestamp, ...(s.nonce === undefined ? {} : { nonce: s.nonce }) })],
      ];
    case "tilby":
      return [JSON_TYPE, [s.headerName, signHmacHex({ body, secret })]];
    case "ewarehousing":
      return [JSON_TYPE, ["X-Hmac-SHA256", signHmacBase64({ body, secret })], ["X-Webhook-Id", s.webhookId]];
  }
}

export type Headers = Readonly<Record<string, string | readonly string[]>>;

/** A received delivery and how to check it. */
export interface VerifyInput {
  provider: Provider;
  body: Uint8Array;
  headers: Headers;
  /** Tried in order; any one that matches passes. */
  secrets: readonly Secret[];
  /** Tiki: the id paired with each secret. */
  id?: string | undefined;
  /** Tilby. */
  headerName: string;
  nowMs: number;
  /** Mobility Work. */
  toleranceSeconds: number;
}

/** The library's verdict for this input, its secrets as a rotation list. */
export function check(input: VerifyInput): VerifyResult {
  const { body, headers, secrets } = input;
  const secret = secrets as Secret[];
  switch (input.provider) {
    case "tikinow":
      return verifyTikiSha1({ body, headers, secret });
    case "tiki":
      return verifyBasicAuth({ headers, credentials: secrets.map((s) => ({ id: input.id as string, secret: s as string })) });
    case "mobility-work":
      return verifyMwSignature({ body, headers, secret, now: input.nowMs, toleranceSeconds: input.toleranceSeconds });
    case "tilby":
      return verifyHmacHex({ body, headers, secret, headerName: input.headerName });
    case "ewarehousing":
      return verifyHmacBase64({ body, headers, secret });
  }
}

/** The verdict, and on success the position (from 0) of the first secret that matched. */
export function verifyDelivery(input: VerifyInput): { result: VerifyResult; index: number } {
  const result = check(input);
  const index = result.ok ? input.secrets.findIndex((secret) => check({ ...input, secrets: [secret] }).ok) : -1;
  return { result, index };
}

/** The header each provider signs in, as the providers write it. */
export function signatureHeader(provider: Provider, headerName: string): string {
  return { tikinow: "x-signature", tiki: "Authorization", "mobility-work": "X-MW-Signature", tilby: headerName, ewarehousing: "X-Hmac-SHA256" }[
    provider
  ];
}
