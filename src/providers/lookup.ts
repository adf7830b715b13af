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
import { shopifyReceiving, shopifySigning } from "./shopify.js";
import { woocommerceReceiving, woocommerceSigning } from "./woocommerce.js";
import { sendcloudReceiving, sendcloudSigning } from "./sendcloud.js";
import { mollieReceiving, mollieSigning } from "./mollie.js";
import { haravanReceiving, haravanSigning } from "./haravan.js";
import { sapoReceiving, sapoSigning } from "./sapo.js";
import type { ReceivingDeclaration, SigningDeclaration } from "./types.js";

const RECEIVING: readonly ReceivingDeclaration<string, any, any>[] = [tikinowReceiving, tikiReceiving, mobilityWorkReceiving, tilbyReceiving,
  ewarehousingReceiving,
  shopifyReceiving,
  woocommerceReceiving,
  sendcloudReceiving,
  mollieReceiving,
  haravanReceiving,
  sapoReceiving,
];
const SIGNING: readonly SigningDeclaration[] = [tikinowSigning, tikiSigning, mobilityWorkSigning, tilbySigning,
  ewarehousingSigning,
  shopifySigning,
  woocommerceSigning,
  sendcloudSigning,
  mollieSigning,
  haravanSigning,
  sapoSigning,
];

function unknownProvider(names: readonly { readonly name: string }[], provider: unknown): TypeError {
  return argumentError("provider", `must be one of ${names.map((p) => JSON.stringify(p.name)).join(", ")} or a declaration made by defineProvider, got ${describe(provider)}`);
}

/** What a receiver's `provider` option names: a shipped provider's name, or a declaration of your own. */
export function receivingOf(provider: unknown): ReceivingDeclaration<string, any, any> {
  if (isDeclared(provider)) return provider;
  const shipped = typeof provider === "string" ? RECEIVING.find((part) => part.name === provider) : undefined;
  if (shipped === undefined) throw unknownProvider(RECEIVING, provider);
  return shipped;
}

/** How to sign for a provider: a shipped provider's name, or a declaration of your own. */
export function signingOf(provider: unknown): SigningDeclaration {
  if (isDeclared(provider)) return provider;
  const shipped = typeof provider === "string" ? SIGNING.find((part) => part.name === provider) : undefined;
  if (shipped === undefined) throw unknownProvider(SIGNING, provider);
  return shipped;
}
