// What `verify --explain` tries for the providers that sign a head before the body in
// `Authorization` (Lazada, TikTok Shop, Shopee): the body signed alone, and for Shopee the
// public URL as the application behind a proxy sees it.
import type { ExplainAttempt, ExplainContext } from "./types.js";

/** The 64 hex digits of the delivery's Authorization header, if it has them. */
export function authorizationOf(context: ExplainContext): string | undefined {
  const value = context.header("authorization");
  return value !== undefined && /^[0-9a-fA-F]{64}$/.test(value) ? value : undefined;
}

/** Lazada's and TikTok Shop's usual mistake: the body signed without the app key before it. */
export function appKeyMistakes(context: ExplainContext, title: string, signer: string): ExplainAttempt[] {
  const digits = authorizationOf(context);
  if (digits === undefined) return [];
  return [
    {
      what: "HMAC-SHA256 of the body alone, without the App Key before it",
      why: `the sender signs only the body; ${title} signs the App Key followed by the body, no separator`,
      fix: `if this is your own test sender, sign with ${signer}; if ${title} sent it, check --app-key (appKey in code) is the App Key of the app the push belongs to`,
      matches: (secret) => context.hmacMatches(context.body, secret, digits, "sha256", "hex"),
    },
  ];
}
