// The answers a receiver gives, as plain values, and the default refusal log line.
import type { Answer, Refusal, RefusalReason } from "./types.js";

const JSON_HEADERS = { "content-type": "application/json" } as const;

/** `{"success": true}`: what TikiNOW asks for on 2xx; the other providers look at the status only. */
export function okAnswer(): Answer {
  return { status: 200, headers: { "content-type": "application/json" }, body: '{"success":true}' };
}

/** The answer's `error.code` for a reason: the reason in UPPER_SNAKE (`signature_mismatch` → `SIGNATURE_MISMATCH`). */
export function errorCode(reason: RefusalReason): string {
  return reason.toUpperCase();
}

/**
 * `{"success": false, "error": {"code", "message"}}` (TikiNOW's documented shape, used for every
 * provider): `headers` adds `Allow`, `Retry-After` or `Connection`.
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
