import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
    coverage: {
      provider: "v8",
      include: ["src/**"],
      // src/cli/bin.ts only hands main() the real process; main() is tested in process.
      exclude: ["src/**/types.ts", "src/index.ts", "src/web/index.ts", "src/cli/bin.ts"],
      reporter: ["text-summary"],
      // npm test fails below 100 %: every line and branch of src/ is reached by a test.
      thresholds: { lines: 100, branches: 100, functions: 100, statements: 100 },
    },
  },
});
