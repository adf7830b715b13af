// The canonical forms the canonicalised schemes sign, built from a value read by
// readStrictJson (so every number prints as its own text and no key is duplicated).
// Platform-neutral: /web's schemes build the same texts.
//
// Key order is what a JavaScript object built from the sorted keys lists, which is what the
// providers' own JavaScript code signs (payOS's SDK sorts keys into a new object; Casso's
// samples do the same before JSON.stringify): array-index keys ("0", "17") first, ascending by
// value, then every other key by UTF-16 code units.

/** An array index as a JavaScript object orders it: "0" or no leading zero, below 2^32 - 1. */
const INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

function isIndex(key: string): boolean {
  return INDEX.test(key) && Number(key) < 4294967295;
}

/** The keys of `object` in the order a JavaScript object built from them sorted lists them. */
export function sortedKeys(object: object): string[] {
  // Object.keys lists index keys first, ascending: they stay; the rest are sorted.
  const keys = Object.keys(object);
  let indices = 0;
  for (const key of keys) {
    if (!isIndex(key)) break;
    indices++;
  }
  return keys.slice(0, indices).concat(keys.slice(indices).sort());
}

/** What one of payOS's `data` values signs as, or why it cannot be signed. */
export type PayosTexts = { ok: true; texts: string[] } | { ok: false; problem: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object of the same own entries, its keys in sorted order (payOS sorts each array item's keys, one level deep). */
function sortedCopy(object: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of sortedKeys(object)) copy[key] = object[key];
  return copy;
}

/**
 * payOS's signed text of `data`: `key=value` pairs joined by `&`, keys sorted; null, "null" and
 * "undefined" as ""; an array as the JSON of its items (objects, each with its keys sorted).
 * payOS's Node SDK writes that JSON with JSON.stringify, the PHP sample of its docs with
 * json_encode, which writes `/` as `\/`: when an array's JSON holds a `/`, both texts are given,
 * and either may match. A value whose content the scheme would not sign (an object, which the
 * SDK writes as "[object Object]"; an array item that is not an object) is a problem: its
 * content would reach the handler unverified.
 */
export function payosSignedTexts(data: Record<string, unknown>): PayosTexts {
  let text = "";
  let php: string | undefined;
  let first = true;
  for (const key of sortedKeys(data)) {
    const value = data[key];
    if (value === undefined) continue; // the SDK drops undefined (never in a parsed body)
    let written: string;
    let slashed: string | undefined;
    if (value === null || value === "null" || value === "undefined") written = "";
    else if (Array.isArray(value)) {
      const items: Record<string, unknown>[] = [];
      for (const item of value) {
        if (!isRecord(item)) return { ok: false, problem: "an array in data holds an item that is not an object, which the scheme does not sign" };
        items.push(sortedCopy(item));
      }
      written = JSON.stringify(items);
      if (written.includes("/")) slashed = written.replaceAll("/", "\\/");
    } else if (typeof value === "object") return { ok: false, problem: "data holds an object value, whose content the scheme does not sign" };
    else written = String(value);
    const pair = `${first ? "" : "&"}${key}=`;
    if (slashed !== undefined && php === undefined) php = text;
    if (php !== undefined) php += pair + (slashed ?? written);
    text += pair + written;
    first = false;
  }
  return { ok: true, texts: php === undefined ? [text] : [text, php] };
}

/** A copy with object keys sorted at every depth (built in sorted order: a JavaScript object then lists them as `sortedKeys` says). */
function deepSorted(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(deepSorted);
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // No "__proto__" key reaches here: readStrictJson refuses it.
  for (const key of Object.keys(object).sort()) copy[key] = deepSorted(object[key]);
  return copy;
}

/**
 * JSON of a value read by readStrictJson, compact, object keys sorted at every depth (Casso):
 * JSON.stringify of a sorted copy, exactly what Casso's samples compute (every number prints
 * as its own text, which the strict reader made sure of).
 */
export function sortedJson(value: unknown): string {
  return JSON.stringify(deepSorted(value));
}

const PHP_ESCAPED = /[/\u0080-\uffff]/g;
const NEEDS_PHP = /[/\u0080-\uffff]/;

/**
 * The same JSON as PHP's json_encode writes it by default: `/` as `\/`, every character past
 * ASCII as `\uXXXX` (lowercase hex, UTF-16 units). Only inside strings can either occur, so the
 * text is changed there alone. Undefined when it would not differ.
 */
export function phpEscaped(json: string): string | undefined {
  if (!NEEDS_PHP.test(json)) return undefined;
  return json.replace(PHP_ESCAPED, (c) => (c === "/" ? "\\/" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}
