import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing.ts", web: "src/web/index.ts", receiver: "src/receiver/index.ts" },
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
