// The tests that judge src/ under mutation (`npm run mutation`): everything but the slow
// integration suites (real HTTP servers, other runtimes, the built package, the web bundle),
// which test the same code through the same functions. The replay suites need REDIS_URL
// (scripts/test.mjs sets it: npm run mutation runs Stryker under it).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/vectors.test.ts",
      "test/hostile.test.ts",
      "test/messages.test.ts",
      "test/arguments.test.ts",
      "test/edges.test.ts",
      "test/testing.test.ts",
      "test/modules.test.ts",
      "test/schemes/**/*.test.ts",
      "test/lib/**/*.test.ts",
      "test/properties/**/*.test.ts",
      "test/payloads/**/*.test.ts",
      "test/replay/**/*.test.ts",
      "test/web/*.test.ts",
    ],
    exclude: ["test/web/bundle.test.ts"],
    typecheck: { enabled: false },
  },
});
