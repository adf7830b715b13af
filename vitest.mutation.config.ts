// The tests that judge src/schemes and src/lib under mutation: everything but the slow
// integration suites (real servers, other runtimes, the built package), which test the
// same code through the same functions.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/vectors.test.ts", "test/hostile.test.ts", "test/messages.test.ts", "test/schemes/**/*.test.ts", "test/lib/**/*.test.ts", "test/properties/**/*.test.ts"],
    typecheck: { enabled: false },
  },
});
