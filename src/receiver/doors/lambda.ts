// The AWS Lambda door, `(event, context) => result`: API Gateway REST APIs (payload 1.0), HTTP
// APIs (2.0) and function URLs (the 2.0 shape). The event holds the whole request: the door reads
// the method, path and query, headers and body out of it (a base64-encoded body decoded to its
// exact bytes: the signature covers those, never the base64 text), and writes the core's answer
// in the shape Lambda hands back. No `node:` import (the /web receiver has this door too: LLRT).
import { describe } from "../../lib/errors.js";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../../replay/run-once.js";
import { isBase64Any } from "../../lib/encoding.js";
import { type Core } from "../core.js";
import type { Answer, LambdaContext, LambdaEvent, LambdaResult } from "../types.js";

/**
 * Answer this long before the function's time runs out (`context.getRemainingTimeInMillis()`):
 * the time the answer takes to leave, and a handler's last steps after the deadline fired.
 */
const LAMBDA_SAFETY_MARGIN_MS = 500;

type Fields = Record<string, unknown>;
type Headers = Record<string, string | string[]>;

const record = (value: unknown): Fields | undefined => (typeof value === "object" && value !== null ? (value as Fields) : undefined);

/** Adds a header under its lowercase name (as Node's records have them); a name given twice keeps both values. */
function addHeader(headers: Headers, name: string, value: unknown): void {
  if (typeof value !== "string" && !Array.isArray(value)) return;
  const key = name.toLowerCase();
  const had = headers[key];
  const values = value.length === 1 && Array.isArray(value) ? (value[0] as string) : (value as string | string[]);
  headers[key] = had === undefined ? values : [had, values].flat();
}

/** The request headers: a record without a prototype (a header named `__proto__` is a header). */
function headersOf(event: Fields, v2: boolean): Headers {
  const headers: Headers = Object.create(null) as Headers;
  // REST: multiValueHeaders keeps each value of a header sent twice (`headers` only the last).
  const source = record(v2 ? undefined : event.multiValueHeaders) ?? record(event.headers) ?? {};
  for (const name in source) addHeader(headers, name, source[name]);
  const cookies = event.cookies;
  if (v2 && Array.isArray(cookies) && headers.cookie === undefined) headers.cookie = cookies.join("; ");
  return headers;
}

/**
 * A REST event's query, rebuilt: API Gateway hands the values decoded, so the original spelling
 * (`+` or `%20`, the order of different names) is lost; each name and value is percent-encoded
 * again. `null` when a value is not text.
 */
function restQuery(event: Fields): string | null {
  const multi = record(event.multiValueQueryStringParameters);
  const params = multi ?? record(event.queryStringParameters);
  const parts: string[] = [];
  try {
    for (const name in params) {
      const given = params[name];
      if (given === undefined || given === null) continue;
      const values: unknown = multi === undefined ? [given] : given;
      if (!Array.isArray(values)) return null;
      for (const value of values) {
        if (typeof value !== "string") return null;
        parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
      }
    }
  } catch {
    return null; // a lone surrogate: encodeURIComponent throws a URIError
  }
  return parts.join("&");
}

/** `context.getRemainingTimeInMillis()`, or NaN when the context has no such clock, or it fails. */
function timeLeft(context: Fields | undefined): number {
  const remaining = context?.getRemainingTimeInMillis;
  if (typeof remaining !== "function") return Number.NaN;
  try {
    return Number(remaining.call(context));
  } catch {
    return Number.NaN;
  }
}

/** The size the body has once decoded, without decoding it: a base64 text's from its length. */
function decodedSize(body: string, base64: boolean): number {
  if (!base64) return body.length; // UTF-16 units: never more than the UTF-8 bytes (counted again after encoding)
  const pad = body.endsWith("==") ? 2 : body.endsWith("=") ? 1 : 0;
  return Math.floor((body.length * 3) / 4) - pad;
}

/** The bytes of canonical padded base64 (the alphabet and padding checked first: atob is lenient), or null. */
function fromBase64(text: string): Uint8Array | null {
  if (!isBase64Any(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function result(answer: Answer): LambdaResult {
  return { statusCode: answer.status, headers: answer.headers, body: answer.body, isBase64Encoded: false };
}

async function answerFor(core: Core, event: Fields, context: Fields | undefined): Promise<Answer> {
  const v2 = event.version === "2.0";
  const method = v2 ? record(record(event.requestContext)?.http)?.method : event.httpMethod;
  const path = v2 ? event.rawPath : event.path;
  const query = v2 ? (typeof event.rawQueryString === "string" ? event.rawQueryString : "") : restQuery(event);
  const url = (typeof path === "string" ? path : "") + (query ? `?${query}` : "");
  const malformed = (what: string) => core.refuse(url, 400, "malformed_event", `The Lambda event is malformed: ${what}.`);
  if (typeof method !== "string") {
    return malformed(v2 ? "it has no requestContext.http.method" : "it has no httpMethod (an API Gateway REST or HTTP API event, or a function URL's)");
  }
  if (query === null) return malformed("a query string parameter is not text");
  const early = core.preflight(method, url, undefined);
  if (early !== undefined) return early;
  const text = event.body ?? "";
  const base64 = event.isBase64Encoded === true;
  if (typeof text !== "string") return malformed("its body is not a string");
  if (decodedSize(text, base64) > core.maxBodyBytes) return core.tooLarge(url);
  const body = base64 ? fromBase64(text) : new TextEncoder().encode(text);
  if (body === null) return malformed("its body is marked isBase64Encoded but is not base64");
  // The deadline: `deadlineMs`, or the function's time left less the margin when that is shorter.
  const withinMs = Math.floor(timeLeft(context) - LAMBDA_SAFETY_MARGIN_MS);
  if (withinMs < 1) {
    return core.refuse(url, 503, "no_time_left", `The function had less than ${LAMBDA_SAFETY_MARGIN_MS} ms left: nothing ran; retry later.`, {
      "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS),
    });
  }
  // NaN (no clock) leaves `deadlineMs` as it is.
  return core.receive({ method, url, headers: headersOf(event, v2), body }, Number.isNaN(withinMs) ? undefined : withinMs);
}

/** The Lambda door over a core. */
export function lambdaDoor(core: Core): (event: LambdaEvent, context?: LambdaContext) => Promise<LambdaResult> {
  return (event, context) => {
    const fields = record(event);
    if (fields === undefined) throw core.mistake("receiver.lambda's event", `must be an API Gateway or function URL event object, got ${describe(event)}`);
    if (context !== undefined && record(context) === undefined) throw core.mistake("receiver.lambda's context", `must be the Lambda context object, got ${describe(context)}`);
    return answerFor(core, fields, context as Fields | undefined).then(result);
  };
}
