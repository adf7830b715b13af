// The one rule that names a delivery in a store. handleOnce, handleMwOnce and the receiver all
// build their keys here, so that moving from one to another on the same store never processes a
// delivery twice; test/replay/delivery-key.test.ts pins the exact strings across releases.
// Free of `node:` imports: the /web entry exports it too.
import { bodyInput } from "../lib/bytes.js";
import { argumentError, describe } from "../lib/errors.js";
import type { Bytes, Secret } from "../lib/types.js";
import { sha256Hex } from "./sha256.js";

/** A provider's part of a key: lowercase letters, digits, `-`, `_` and `.` (the command-line names). */
const PROVIDER_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** What the tenant part escapes: its separator `:`, the escape `%` itself, and control characters. */
const TENANT_ESCAPED = /[%:\x00-\x1f\x7f]/g;

const escapeTenant = (tenant: string): string =>
  tenant.replace(TENANT_ESCAPED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

/** What `deliveryKey` takes: the provider, the tenant and the delivery's id. */
export interface DeliveryKeyInput {
  /** The provider, as the command line names it (its declaration's `name`). */
  provider: string;
  /**
   * Whose delivery it is: deliveries of two tenants never share a key, so that one tenant cannot
   * block another's delivery by reusing its id. The receiver's tenant is its route (or what its
   * secret function names); use the same string here to share keys with a receiver. Default `""`.
   * Never a secret.
   */
  tenant?: string;
  /** The delivery's own id (a delivery-id header, a body field). Trimmed; absent or empty: none. */
  id?: string | null | undefined;
  /** The raw body: keys a delivery that carries no id, by its SHA-256. */
  body?: Bytes;
}

/**
 * A delivery's key in a store: `<provider>:<tenant>:<id>`, where the tenant has `%`, `:` and
 * control characters percent-escaped, and a delivery without an id (absent, or empty after
 * trimming) is keyed on its body instead, as {@link deliveryKeyFromBody} spells it
 * (`sha256:<64 hex digits>`). Two copies of one delivery get one key; two tenants never do.
 * Throws a `TypeError` for an invalid provider name, or when there is neither an id nor a body.
 *
 * @example
 * deliveryKey({ provider: "acme", tenant: "/webhooks/acme", id: "1001" });
 * // "acme:/webhooks/acme:1001"
 */
export function deliveryKey(input: DeliveryKeyInput): string {
  if (typeof input !== "object" || input === null) throw argumentError("deliveryKey(input)", `expects one options object, got ${describe(input)}`);
  const { provider, tenant = "", id, body } = input;
  assertKeyScope(provider, tenant);
  if (id !== undefined && id !== null && typeof id !== "string") throw argumentError("id", `must be a string, got ${describe(id)}`);
  const own = id?.trim();
  if (own !== undefined && own !== "") return scopedKey(provider, tenant, own);
  if (body === undefined) throw argumentError("body", "is needed to key a delivery that carries no id");
  return scopedKey(provider, tenant, deliveryKeyFromBody(body));
}

/** Throws unless `provider` is a provider name and `tenant` a string: the scope of a delivery key. */
export function assertKeyScope(provider: unknown, tenant: unknown): asserts provider is string {
  if (typeof provider !== "string" || !PROVIDER_NAME.test(provider)) {
    throw argumentError("provider", `must be a provider name (lowercase letters, digits, "-", "_", "."), got ${describe(provider)}`);
  }
  if (typeof tenant !== "string") throw argumentError("tenant", `must be a string, got ${describe(tenant)}`);
}

/** {@link deliveryKey} from checked parts: `id` is the delivery's non-empty id, or `sha256:<hex>` of its body. */
export function scopedKey(provider: string, tenant: string, id: string): string {
  return `${provider}:${escapeTenant(tenant)}:${id}`;
}

/** The id of a delivery that carries none: `sha256:` and the body's SHA-256 in hex. */
export const bodyId = (hex: string): string => `sha256:${hex}`;

/**
 * The id part for a delivery that carries no id: `sha256:` and the SHA-256 of the raw
 * body, in hex. Two deliveries with the same bytes are then one delivery. Synchronous, on every
 * runtime. {@link deliveryKey} scopes it by provider and tenant.
 */
export function deliveryKeyFromBody(body: Bytes): string {
  const input = bodyInput(body);
  return bodyId(sha256Hex(typeof input === "string" ? new TextEncoder().encode(input) : input));
}

/**
 * A tenant name for a secret function that names none: `#` and 16 hex digits of a SHA-256 over the
 * secrets it returned, in any order. Two tenants with different secrets get different names; a
 * retry signed with either secret of one rotation list gets the same one (the list is the same);
 * and no secret can be read back from it.
 */
export function secretsFingerprint(secrets: Secret | readonly Secret[]): string {
  const list = (Array.isArray(secrets) ? secrets : [secrets]) as readonly Secret[];
  const encoder = new TextEncoder();
  const digests = [...new Set(list.map((secret) => sha256Hex(typeof secret === "string" ? encoder.encode(secret) : secret)))].sort();
  return `#${sha256Hex(encoder.encode(`webhook-signatures tenant\n${digests.join("\n")}`)).slice(0, 16)}`;
}
