// The CI gate's Stryker run (`npm run mutation:critical`): stryker.config.json over the
// security-critical code only (src/schemes, src/lib), judged by the tests that exercise it
// (vitest.mutation-critical.config.ts). scripts/mutation-gate.mjs reads its report.
import { readFileSync } from "node:fs";

const base = JSON.parse(readFileSync(new URL("./stryker.config.json", import.meta.url), "utf8"));

export default {
  ...base,
  mutate: ["src/schemes/**/*.ts", "src/lib/**/*.ts", "!src/lib/types.ts"],
  vitest: { configFile: "vitest.mutation-critical.config.ts" },
};
