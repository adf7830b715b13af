// Size gate: bundles what a user imports from the built package with esbuild (minified,
// node builtins external), gzips it, and fails above the budget. Budgets were set from the
// first measurement with every entry in (2026-11-23: root 8254 B, verifyTikiSha1 alone 1732 B,
// verifyMwSignature alone 2005 B, /testing 3341 B, /web 7104 B gzip) plus about 10 %
// headroom; raise one only with a reason in the commit message. Raised once: the verify
// path tuned to the bare node:crypto ceiling (bench/RESULTS.md) added scratch buffers and
// out-of-line failure paths, 2099 B for verifyTikiSha1 alone and 2342 B for verifyMwSignature.
// Raised twice: at-least-once delivery (runOnce, leases and tokens in every store, the
// PostgresNonceStore with its SQL, a pure SHA-256 for bounded keys in /web) made the root
// 13062 B and /web 10081 B gzip (2026-12-02); the single-function cases did not move past budget.
// Usage: node scripts/size.mjs   (after npm run build)
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";

const cases = [
  { name: "root, everything", entry: 'export * from "webhook-signatures";', budget: 14400 },
  { name: "verifyTikiSha1 alone", entry: 'export { verifyTikiSha1 } from "webhook-signatures";', budget: 2300 },
  { name: "verifyMwSignature alone", entry: 'export { verifyMwSignature } from "webhook-signatures";', budget: 2600 },
  { name: "/testing, everything", entry: 'export * from "webhook-signatures/testing";', budget: 3700, needs: "dist/testing.mjs" },
  { name: "/web, everything", entry: 'export * from "webhook-signatures/web";', budget: 11100, needs: "dist/web.mjs", platform: "browser" },
];

let failed = false;
for (const c of cases) {
  if (c.needs && !existsSync(c.needs)) continue;
  const result = await build({
    stdin: { contents: c.entry, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    platform: c.platform ?? "node",
    external: ["node:*"],
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;
  const gzip = gzipSync(code, { level: 9 }).length;
  const over = gzip > c.budget;
  failed ||= over;
  console.log(`${over ? "OVER" : "ok  "}  ${c.name.padEnd(26)} ${String(code.length).padStart(6)} B min  ${String(gzip).padStart(5)} B gzip  (budget ${c.budget} B)`);
}
process.exitCode = failed ? 1 : 0;
