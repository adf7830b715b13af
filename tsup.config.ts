import { existsSync, readdirSync, rmSync } from "node:fs";
import { defineConfig } from "tsup";
import { tsupEntries } from "./scripts/entries.js";

export default defineConfig([
  {
    // The public entries are listed once, in scripts/entries.ts.
    entry: tsupEntries(),
    // Keep the `node:` prefix: Deno and workerd resolve `node:crypto`, not a bare `crypto`.
    removeNodeProtocol: false,
    format: ["esm", "cjs"],
    dts: true,
    // Everything but the command line's files, which the second build below writes meanwhile.
    clean: ["!cli*.mjs"],
    sourcemap: false,
    // One copy of the core shared by the root, /testing and /web entries.
    splitting: true,
    treeshake: true,
    target: "node20",
    platform: "node",
    outExtension({ format }) {
      return { js: format === "esm" ? ".mjs" : ".cjs" };
    },
  },
  {
    // The `webhook-signatures` command (package.json "bin"): not one of the exports. Each
    // command is a chunk of its own, loaded when it runs; all its files are named cli*.mjs.
    entry: { cli: "src/cli/bin.ts" },
    removeNodeProtocol: false,
    format: ["esm"],
    dts: false,
    clean: false,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
    outExtension: () => ({ js: ".mjs" }),
    esbuildOptions(options) {
      options.chunkNames = "cli-[name]-[hash]";
    },
    esbuildPlugins: [
      {
        name: "clean-cli",
        setup(build) {
          build.onStart(() => {
            // The library's build leaves these alone; stale chunks of an earlier build go here.
            const files = existsSync("dist") ? readdirSync("dist", { withFileTypes: true }) : [];
            for (const file of files.filter((f) => /^cli.*\.mjs$/.test(f.name))) rmSync(`dist/${file.name}`);
          });
        },
      },
    ],
  },
]);
