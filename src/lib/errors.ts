import { isUint8Array } from "./binary.js";

const PREFIX = "[webhook-signatures]";

/** A programmer mistake: thrown at once, never for anything that came from the network. */
export function argumentError(argument: string, requirement: string): TypeError {
  return new TypeError(`${PREFIX} ${argument} ${requirement}`);
}

/**
 * Whether `error` is a caller mistake of this package (what {@link argumentError} makes), rather
 * than a failure of something it called. Known by its class and its prefix, which every copy of
 * the package writes alike (the root, /web and /receiver entries may be bundled apart).
 */
export function isArgumentError(error: unknown): error is TypeError {
  return error instanceof TypeError && error.message.startsWith(`${PREFIX} `);
}

/** Describes a value's type for an error message without echoing the value itself. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (isUint8Array(value)) return "a Uint8Array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
