// The tests that judge src/schemes and src/lib under mutation (`npm run mutation:critical`, the CI
// gate): those of vitest.mutation.config.ts but the store suites (test/replay: real Redis and
// Postgres, about a third of the time, testing src/replay) and the Web Crypto encoding properties
// (test/web/encoding: src/web/lib, which imports nothing from src/lib). Stryker runs every test
// of this set for each static mutant (a module-level constant such as a regular expression), so
// every second here is paid some 250 times.
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.mutation.config.js";

export default mergeConfig(
  base,
  // src/lib/tracing.ts is judged by the receiver's and runOnce's tracing tests (test/receiver).
  defineConfig({ test: { include: ["test/receiver/tracing.test.ts"], exclude: ["test/replay/**", "test/web/encoding.test.ts"] } }),
);
