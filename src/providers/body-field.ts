// Writing a signature into a body, for the providers whose signature is a field of the body
// (payOS's `signature`, ZaloPay's `mac`): webhook-signatures/testing and the command line send
// the body with the field written in. Platform-neutral.
import { argumentError } from "../lib/errors.js";
import { readStrictJson } from "../lib/strict-json.js";

const utf8 = /* @__PURE__ */ new TextDecoder();

/**
 * `body` (a JSON object) with `field` set to what `value` computes from it. A body without the
 * field keeps every byte, the field appended last; one with it is written again with
 * JSON.stringify, the field in its place (numbers print as they were: the body was read strictly).
 */
export function withBodyField(body: Uint8Array | string, field: string, value: (object: Record<string, unknown>) => string): string {
  const text = typeof body === "string" ? body : utf8.decode(body);
  const read = readStrictJson(text);
  const object = read.ok ? read.value : undefined;
  if (typeof object !== "object" || object === null || Array.isArray(object)) {
    throw argumentError("body", `must be a JSON object with one reading (its ${field} field is written into it)${read.ok ? "" : `: ${read.problem}`}`);
  }
  const record = object as Record<string, unknown>;
  const written = value(record);
  if (Object.prototype.hasOwnProperty.call(record, field)) return JSON.stringify({ ...record, [field]: written });
  const end = text.trimEnd();
  const empty = Object.keys(record).length === 0;
  return `${end.slice(0, -1)}${empty ? "" : ","}${JSON.stringify(field)}:${JSON.stringify(written)}}${text.slice(end.length)}`;
}
