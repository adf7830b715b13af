// The example app: route handlers only. The repository root is the project root for
// bundling, so that ../shared and the package's own name ("webhook-signatures") resolve.
import { fileURLToPath } from "node:url";

// No telemetry, on every platform (read by `next build` and the server after this file loads).
// Nothing else here reaches the network: no next/font, no remote images.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
export default {
  turbopack: { root },
  outputFileTracingRoot: root,
  // Type-checked with the other examples (npx tsc -p examples/tsconfig.json), under the
  // library's strict settings: no second check inside `next build`.
  typescript: { ignoreBuildErrors: true },
};
