// The answers a receiver gives, as plain values, and the default refusal log line.
import type { ProviderAnswer } from "../providers/types.js";
import type { Answer, Refusal, RefusalReason } from "./types.js";

const JSON_HEADERS = { "content-type": "application/json" } as const;

/** `{"success": true}` as JSON, 200: the answer unless a provider's declaration names its own (some providers read it, most look at the status only). */
export function okAnswer(answer?: ProviderAnswer): Answer {
  if (answer === undefined) return { status: 200, headers: { "content-type": "application/json" }, body: '{"success":true}' };
  return { status: answer.status, headers: answer.contentType === undefined ? {} : { "content-type": answer.contentType }, body: answer.body };
}

/** The answer's `error.code` for a reason: the reason in UPPER_SNAKE (`signature_mismatch` → `SIGNATURE_MISMATCH`). */
export function errorCode(reason: RefusalReason): string {
  return reason.toUpperCase();
}

/**
 * `{"success": false, "error": {"code", "message"}}`, for every provider (the shape of the first
 * provider that documented one): `headers` adds `Allow`, `Retry-After` or `Connection`.
 */
export function refusalAnswer(status: number, reason: RefusalReason, message: string, headers?: Record<string, string>): Answer {
  return {
    status,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify({ success: false, error: { code: errorCode(reason), message } }),
  };
}

/** The default `onRefusal`: one line on `console.warn`, without the error's details (they may hold anything). */
export function warnRefusal(refusal: Refusal): void {
  const { provider, route, status, reason, message } = refusal;
  console.warn(`[webhook-signatures] refused ${status} ${reason} (${provider} ${route}): ${message}`);
}
