// The providers' documented example payloads, by name: what `--example NAME` sends and what
// `webhook-signatures examples` lists, read from the declarations. Apart from the command
// (examples.ts), so that options.ts can load it without an import cycle.
import type { AnyProviderDeclaration } from "../providers/types.js";
import { UsageError } from "./io.js";
import { nearest } from "./names.js";

export interface Example {
  name: string;
  /** The provider's name. */
  provider: string;
  about: string;
  payload: unknown;
}

/** Every example of these providers, in their order. The body is JSON.stringify(payload), as webhook-signatures/testing sends it. */
export function examplesOf(providers: readonly AnyProviderDeclaration[]): Example[] {
  return providers.flatMap((declaration) => declaration.examples.map(({ name, about, payload }) => ({ name, provider: declaration.name, about, payload })));
}

/** The bytes of a named example, or a usage error listing the names. */
export function exampleBody(name: string, providers: readonly AnyProviderDeclaration[]): string {
  const examples = examplesOf(providers);
  const example = examples.find((e) => e.name === name);
  if (example === undefined) {
    // Echoed only when near an example's name: a secret typed in its place is not.
    const near = nearest(
      name,
      examples.map((e) => e.name),
    );
    if (near === undefined) throw new UsageError(`unknown example: run 'webhook-signatures examples' for the names`);
    throw new UsageError(`unknown example ${JSON.stringify(name)}; did you mean ${near}? ('webhook-signatures examples' lists them all)`);
  }
  return JSON.stringify(example.payload);
}
