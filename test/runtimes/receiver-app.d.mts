// Types for receiver-app.mjs (plain JavaScript so that every runtime loads it untranspiled).

/** The seventeen providers served at `/more/<name>`: each one's secret and extra receiver options. */
export declare const MORE_PROVIDERS: Record<string, { secret: string; options?: Record<string, string> }>;
export declare const SECRETS: Record<string, string>;
export declare function receiverApp(lib: unknown): { fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response> | Response };
