// Finding a provider's part by its name (or a declaration of your own): the receiver looks up
// what it receives with, /testing what it signs with. Each list holds one part of each shipped
// declaration, so that a receiver's bundle carries no signing and /testing no parser.
import { argumentError, describe } from "../lib/errors.js";
import { isDeclared } from "./define.js";
import { ewarehousingReceiving, ewarehousingSigning } from "./ewarehousing.js";
import { mobilityWorkReceiving, mobilityWorkSigning } from "./mobility-work.js";
import { tikiReceiving, tikiSigning } from "./tiki.js";
import { tikinowReceiving, tikinowSigning } from "./tikinow.js";
import { tilbyReceiving, tilbySigning } from "./tilby.js";
import type { ReceivingDeclaration, SigningDeclaration } from "./types.js";

const RECEIVING: readonly ReceivingDeclaration<string, any, any>[] = [tikinowReceiving, tikiReceiving, mobilityWorkReceiving, tilbyReceiving, ewarehousingReceiving];
const SIGNING: readonly SigningDeclaration[] = [tikinowSigning, tikiSigning, mobilityWorkSigning, tilbySigning, ewarehousingSigning];

function find<P extends { readonly name: string }>(list: readonly P[], provider: unknown): P {
  if (isDeclared(provider)) return provider as unknown as P;
  const shipped = typeof provider === "string" ? list.find((part) => part.name === provider) : undefined;
  if (shipped !== undefined) return shipped;
  throw argumentError("provider", `must be one of ${list.map((p) => JSON.stringify(p.name)).join(", ")} or a declaration made by defineProvider, got ${describe(provider)}`);
}

/** What a receiver's `provider` option names: a shipped provider's name, or a declaration of your own. */
export function receivingOf(provider: unknown): ReceivingDeclaration<string, any, any> {
  return find(RECEIVING, provider);
}

/** How to sign for a provider: a shipped provider's name, or a declaration of your own. */
export function signingOf(provider: unknown): SigningDeclaration {
  return find(SIGNING, provider);
}
