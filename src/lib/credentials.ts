// Basic credential pairs: the checks shared by the Node and Web Crypto schemes.
// Platform-neutral: no node: import, no Buffer.
import { argumentError, describe } from "./errors.js";
import { checkedCopy } from "./secrets.js";

/** An id and secret pair, as a provider's Basic Auth sends it (the pair a seller granted the provider). */
export interface BasicCredentials {
  /** The id (user name) of the pair: non-empty, without ":". */
  id: string;
  /** The pair's secret (password): non-empty. */
  secret: string;
}

/** Throws a TypeError naming `argument` unless `value` is `{ id, secret }`, both non-empty, id without ':'. */
export function assertCredentials(value: unknown, argument: string): asserts value is BasicCredentials {
  if (typeof value !== "object" || value === null) throw badCredentials(argument, "", value);
  const { id, secret } = value as { id?: unknown; secret?: unknown };
  if (typeof id !== "string" || id.length === 0 || id.includes(":")) throw badCredentials(argument, ".id", value);
  if (typeof secret !== "string" || secret.length === 0) throw badCredentials(argument, ".secret", value);
}

/** Built out of line, so that the checks above stay small enough for V8 to inline. */
function badCredentials(argument: string, part: "" | ".id" | ".secret", value: unknown): TypeError {
  if (part === "") return argumentError(argument, `must be an object { id, secret }, got ${describe(value)}`);
  return part === ".id"
    ? argumentError(`${argument}.id`, "must be a non-empty string without ':' (RFC 7617)")
    : argumentError(`${argument}.secret`, "must be a non-empty string");
}

/**
 * The token of an `Authorization: Basic <token>` value (already trimmed), or null for another
 * scheme: the name in any case (RFC 7617), then one or more spaces.
 */
export function basicToken(text: string): string | null {
  return text.slice(0, 6).toLowerCase() === "basic " ? text.slice(6).trimStart() : null;
}

/** A list of pairs, checked (a single pair is checked with assertCredentials). */
export function credentialsList(value: readonly unknown[]): readonly BasicCredentials[] {
  return checkedCopy(value, "credentials", assertCredentials);
}
