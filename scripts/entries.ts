// The package's public entries, listed once. tsup builds them (tsup.config.ts), and
// package.json's `exports` and `typesVersions` and jsr.json's `exports` are written from this
// list: `npx tsx scripts/entries.ts --write` after adding an entry, `--check` (run by
// test/package.test.ts) fails when a file disagrees with it.
//
// typesVersions is there for TypeScript's `moduleResolution: "node"` (node10: the default of a
// project that sets only `module: commonjs`), which reads no `exports` map and would not find
// `webhook-signatures/testing` or `/web` without it.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Entry {
  /** The subpath users import: "." is `webhook-signatures`. */
  readonly subpath: string;
  /** The source file, relative to the repository root. */
  readonly source: string;
  /** The base name of the built files in dist/ (dist/<name>.mjs, .cjs, .d.ts, .d.cts). */
  readonly name: string;
}

export const ENTRIES: readonly Entry[] = [
  { subpath: ".", source: "src/index.ts", name: "index" },
  { subpath: "./testing", source: "src/testing.ts", name: "testing" },
  { subpath: "./web", source: "src/web/index.ts", name: "web" },
  { subpath: "./receiver", source: "src/receiver/index.ts", name: "receiver" },
];

/** tsup's `entry` option. */
export function tsupEntries(): Record<string, string> {
  return Object.fromEntries(ENTRIES.map((e) => [e.name, e.source]));
}

type Json = Record<string, unknown>;

/** The fields of package.json that follow from ENTRIES. */
export function packageFields(): Json {
  const root = ENTRIES.find((e) => e.subpath === ".");
  if (!root) throw new Error("ENTRIES has no root entry");
  const exportsMap: Json = {};
  for (const e of ENTRIES) {
    exportsMap[e.subpath] = {
      import: { types: `./dist/${e.name}.d.ts`, default: `./dist/${e.name}.mjs` },
      require: { types: `./dist/${e.name}.d.cts`, default: `./dist/${e.name}.cjs` },
    };
  }
  exportsMap["./package.json"] = "./package.json";
  const subpaths = ENTRIES.filter((e) => e.subpath !== ".");
  return {
    main: `./dist/${root.name}.cjs`,
    module: `./dist/${root.name}.mjs`,
    types: `./dist/${root.name}.d.cts`,
    exports: exportsMap,
    typesVersions: { "*": Object.fromEntries(subpaths.map((e) => [e.subpath.slice(2), [`./dist/${e.name}.d.cts`]])) },
  };
}

const here = new URL("..", import.meta.url);

/** The fields of jsr.json that follow from ENTRIES (JSR publishes the TypeScript sources) and package.json. */
export function jsrFields(): Json {
  const pkg = JSON.parse(readFileSync(new URL("package.json", here), "utf8")) as Json;
  return { version: pkg.version, exports: Object.fromEntries(ENTRIES.map((e) => [e.subpath, `./${e.source}`])) };
}
const FILES: ReadonlyArray<readonly [string, () => Json]> = [
  ["package.json", packageFields],
  ["jsr.json", jsrFields],
];

/** The differences between the files and ENTRIES, one line each; empty when they agree. */
export function check(): string[] {
  const problems: string[] = [];
  for (const [file, fields] of FILES) {
    const json = JSON.parse(readFileSync(new URL(file, here), "utf8")) as Json;
    for (const [key, want] of Object.entries(fields())) {
      if (JSON.stringify(json[key]) !== JSON.stringify(want)) {
        problems.push(`${file} "${key}" is ${JSON.stringify(json[key])}, scripts/entries.ts makes it ${JSON.stringify(want)}`);
      }
    }
  }
  return problems;
}

function write(): void {
  for (const [file, fields] of FILES) {
    const url = new URL(file, here);
    const json = JSON.parse(readFileSync(url, "utf8")) as Json;
    Object.assign(json, fields());
    writeFileSync(url, `${JSON.stringify(json, null, 2)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  if (mode === "--write") write();
  else if (mode === "--check") {
    const problems = check();
    for (const p of problems) console.error(p);
    if (problems.length) process.exit(1);
    console.log("package.json and jsr.json agree with scripts/entries.ts");
  } else {
    console.error("usage: tsx scripts/entries.ts --write | --check");
    process.exit(2);
  }
}
