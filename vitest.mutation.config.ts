// The tests that judge src/schemes and src/lib under mutation: everything but the slow
// integration suites (real servers, other runtimes, the built package, the web bundle),
// which test the same code through the same functions. The /web suites are in: that entry
// runs the shared src/lib code (headers, options, the MW grammar) too.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/vectors.test.ts",
      "test/hostile.test.ts",
      "test/messages.test.ts",
      "test/arguments.test.ts",
      "test/edges.test.ts",
      "test/schemes/**/*.test.ts",
      "test/lib/**/*.test.ts",
      "test/properties/**/*.test.ts",
      "test/web/*.test.ts",
    ],
    exclude: ["test/web/bundle.test.ts"],
    typecheck: { enabled: false },
  },
});
