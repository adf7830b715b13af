// Sign and verify for the command line, through each provider's declaration and the library's
// own node:crypto functions (nothing is signed or compared here); the declaration turns the
// command line's option values into its sign settings and its receiver options.
import { randomUUID } from "node:crypto";
import type { Secret, VerifyResult } from "../index.js";
import { isDeclared } from "../providers/define.js";
import type { ReceiverOptions } from "../providers/index.js";
import { nodeSigners, nodeVerifiers } from "../providers/node.js";
import type { AnyProviderDeclaration, CliValues, DeliveryRequest, HeaderLines, SignedDelivery } from "../providers/types.js";

export type { HeaderLines };

/** The headers of a signed delivery, content-type first, names as the provider writes them. */
export function signHeaders(declaration: AnyProviderDeclaration, body: Uint8Array, secret: string, values: CliValues, nowMs: number): HeaderLines {
  // The library's argument errors (a nonce it refuses) are usage errors: main says so in one line.
  return declaration.sign(nodeSigners, body, secret, { nowMs, randomId: randomUUID, ...declaration.cliSettings?.(values, nowMs) });
}

/**
 * The delivery as sent, for a provider that signs inside the body or the query (its
 * `signDelivery`: payOS, ZaloPay, MoMo, Adyen, VNPay); undefined for a provider whose signature
 * is a header.
 */
export function signDeliveryOf(declaration: AnyProviderDeclaration, body: Uint8Array, secret: string, values: CliValues, nowMs: number): SignedDelivery | undefined {
  if (declaration.signDelivery === undefined) return undefined;
  const settings = { nowMs, randomId: randomUUID, ...declaration.cliSettings?.(values, nowMs) };
  return declaration.signDelivery(nodeSigners, new TextDecoder().decode(body), secret, settings);
}

/** The header the provider signs in, as it writes it, given the command line's values. */
export function signatureHeaderOf(declaration: AnyProviderDeclaration, values: CliValues, nowMs: number): string {
  return declaration.signatureHeader(declaration.cliSettings?.(values, nowMs) ?? {});
}

/** The options the command line's values and secrets give the provider: the secret (one, or the list), and its own. */
function providerOptionsOf(declaration: AnyProviderDeclaration, values: CliValues, secrets: readonly Secret[]): Record<string, unknown> {
  return { [declaration.secretOption]: secrets.length === 1 ? secrets[0] : secrets, ...declaration.cliReceiverOptions?.(values, secrets) };
}

/** The receiver options of the command line: typed as any provider's, checked by createReceiver as a caller's are. */
export function receiverOptionsOf(declaration: AnyProviderDeclaration, values: CliValues, secrets: readonly Secret[]): ReceiverOptions {
  // A shipped provider by its name; one of the user's own by its declaration.
  return { provider: isDeclared(declaration) ? declaration : declaration.name, ...providerOptionsOf(declaration, values, secrets) } as ReceiverOptions;
}

type Headers = Readonly<Record<string, string | readonly string[]>>;

/** A received delivery and how to check it. */
export interface VerifyInput {
  declaration: AnyProviderDeclaration;
  /** Every provider the command serves: `--explain` tries the others' schemes. */
  providers: readonly AnyProviderDeclaration[];
  body: Uint8Array;
  headers: Headers;
  /** The request line (`--request`), else a POST to an unknown URL. */
  request: DeliveryRequest;
  /** Tried in order; any one that matches passes. */
  secrets: readonly Secret[];
  /** The provider's option values (`--id`, `--header-name`, `--tolerance`), read. */
  values: CliValues;
  nowMs: number;
}

/** The library's verdict for this input, its secrets as a rotation list. */
export function check(input: VerifyInput): VerifyResult {
  const { declaration } = input;
  const options = providerOptionsOf(declaration, input.values, input.secrets);
  const steps = declaration.steps(options, nodeVerifiers, { now: () => input.nowMs });
  // The root entry's verify functions (nodeVerifiers) answer at once, never with a promise.
  return steps.verify(input.body, input.headers, options[declaration.secretOption], input.request) as VerifyResult;
}

/** The verdict, and on success the position (from 0) of the first secret that matched. */
export function verifyDelivery(input: VerifyInput): { result: VerifyResult; index: number } {
  const result = check(input);
  const index = result.ok ? input.secrets.findIndex((secret) => check({ ...input, secrets: [secret] }).ok) : -1;
  return { result, index };
}
