// The coverage gate of vitest.config.ts judges src/ of this checkout and nothing else, whatever
// the folder the checkout sits in. vitest matches coverage patterns anywhere in a file's
// absolute path, so a bare "src/**" took in test/ of a clone in a folder named src (and the
// gate failed on a fresh clone there). This runs the real config in such folders.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const base = mkdtempSync(join(tmpdir(), "webhook-signatures-coverage-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A project of three src files and a test helper, with this repository's vitest.config.ts, in `folder`. */
function project(folder: string): string {
  const root = join(base, folder);
  const files: Record<string, string> = {
    "package.json": '{ "type": "module" }\n',
    "src/a.ts": "export const a = (x: number): number => x + 1;\n",
    "src/untested.ts": "export const untested = 1;\n",
    "src/types.ts": "export const excluded = 1;\n",
    "test/helpers/helper.ts": "export const helper = 2;\n",
    "test/a.test.ts": 'import { expect, it } from "vitest";\nimport { a } from "../src/a.js";\nimport { helper } from "./helpers/helper.js";\nit("adds", () => expect(a(helper)).toBe(3));\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  copyFileSync(join(repo, "vitest.config.ts"), join(root, "vitest.config.ts"));
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
  return root;
}

/** The files the coverage report holds, relative to `root`, after `vitest run --coverage` there. */
function covered(root: string): Promise<string[]> {
  const vitest = join(repo, "node_modules", "vitest", "vitest.mjs");
  const args = [vitest, "run", "--coverage", "--coverage.reporter=json", "--coverage.reportOnFailure", "--typecheck.enabled=false"];
  return new Promise((done, fail) => {
    // The exit code is the threshold's (src/untested.ts is at 0 %): only the report is read.
    execFile(process.execPath, args, { cwd: root, env: { ...process.env, CI: "" }, timeout: 90_000 }, (error) => {
      if (error !== null && error.killed) return fail(error);
      try {
        const report = JSON.parse(readFileSync(join(root, "coverage", "coverage-final.json"), "utf8")) as Record<string, unknown>;
        done(Object.keys(report).map((file) => file.slice(root.length + 1).replaceAll("\\", "/")).sort());
      } catch (failure) {
        fail(failure);
      }
    });
  });
}

describe("vitest.config.ts: coverage of src/ of this checkout only, in any folder", () => {
  for (const folder of ["src", "app (copy)/src", "a [1] {x}/src"]) {
    it(`in a folder named ${JSON.stringify(folder)}: src/ files, loaded or not, and no test helper`, async () => {
      expect(await covered(project(folder))).toEqual(["src/a.ts", "src/untested.ts"]);
    }, 120_000);
  }
});
