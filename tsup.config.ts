import { defineConfig } from "tsup";
import { tsupEntries } from "./scripts/entries.js";

export default defineConfig({
  // The public entries are listed once, in scripts/entries.ts.
  entry: tsupEntries(),
  // Keep the `node:` prefix: Deno and workerd resolve `node:crypto`, not a bare `crypto`.
  removeNodeProtocol: false,
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: false,
  // One copy of the core shared by the root, /testing and /web entries.
  splitting: true,
  treeshake: true,
  target: "node20",
  platform: "node",
  outExtension({ format }) {
    return { js: format === "esm" ? ".mjs" : ".cjs" };
  },
});
