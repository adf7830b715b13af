// What every example shares: the secrets read from the environment and the five webhook routes.
import type { BasicCredentials } from "webhook-signatures";
/** Tilby does not document the header that carries its signature: the examples read this one unless `TILBY_HEADER` says otherwise. */
export const DEFAULT_TILBY_HEADER = "x-tilby-signature";

export interface WebhookConfig {
  /** `TIKINOW_SECRET`: the stock channel's `secret_key`. */
  tikinowSecret: string;
  /** `TIKI_BASIC_ID` and `TIKI_BASIC_SECRET`: the pair granted to Tiki for Basic auth. */
  tikiCredentials: BasicCredentials;
  /** `MW_SECRET`: the Mobility Work webhook's secret key. */
  mwSecret: string;
  /** `TILBY_TOKEN`: the Tilby static token. */
  tilbyToken: string;
  /** `TILBY_HEADER`, default `x-tilby-signature`. */
  tilbyHeader: string;
  /** `EWAREHOUSING_SECRET`: the webhook's `hash_secret`. */
  ewarehousingSecret: string;
}

/** Reads the secrets from the environment; throws, naming every missing variable, if any is unset or empty. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): WebhookConfig {
  const missing: string[] = [];
  const read = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === "") missing.push(name);
    return value ?? "";
  };
  const config: WebhookConfig = {
    tikinowSecret: read("TIKINOW_SECRET"),
    tikiCredentials: { id: read("TIKI_BASIC_ID"), secret: read("TIKI_BASIC_SECRET") },
    mwSecret: read("MW_SECRET"),
    tilbyToken: read("TILBY_TOKEN"),
    tilbyHeader: env.TILBY_HEADER || DEFAULT_TILBY_HEADER,
    ewarehousingSecret: read("EWAREHOUSING_SECRET"),
  };
  if (missing.length > 0) throw new Error(`Set ${missing.join(", ")} in the environment (the secrets each provider signs with).`);
  return config;
}

/** The routes every example serves (POST). */
export const WEBHOOK_PATHS = [
  "/webhooks/tikinow/stock",
  "/webhooks/tiki",
  "/webhooks/mobility-work",
  "/webhooks/tilby",
  "/webhooks/ewarehousing",
] as const;
export type WebhookPath = (typeof WEBHOOK_PATHS)[number];

export function isWebhookPath(path: unknown): path is WebhookPath {
  return (WEBHOOK_PATHS as readonly unknown[]).includes(path);
}

