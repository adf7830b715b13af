// The tests that judge src/ under mutation (`npm run mutation`): everything but the slow
// integration suites (real HTTP servers, other runtimes, the built package, the web bundle, the
// store fault suites), which test the same code through the same functions. The replay suites
// need REDIS_URL and PG_URL (npm run mutation runs Stryker under scripts/test.mjs, which sets them).
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
      "test/security/**/*.test.ts",
      "test/lib/**/*.test.ts",
      "test/properties/**/*.test.ts",
      "test/payloads/**/*.test.ts",
      "test/replay/**/*.test.ts",
      "test/web/*.test.ts",
    ],
    // The fault and race suites stop, pause and restart real servers (seconds per test); the
    // same paths are pinned with fake clients in redis-store, postgres-store and run-once tests.
    // deadline-process spawns a Node process (about a second) to see it exit.
    exclude: ["test/web/bundle.test.ts", "test/replay/*-faults.test.ts", "test/replay/deadline-process.test.ts"],
    typecheck: { enabled: false },
  },
});
