// Type-checks every TypeScript snippet of README.md against the built package, as a user's
// strict project would compile it, and runs the ones marked to run.
//
// Each ```ts block becomes its own module in .readme-check/ (git-ignored), which imports
// `webhook-signatures` from the built dist/ through a symlink, and everything else (express,
// vitest, redis, ...) from this repository's node_modules. Directives:
//
//   // assumes: const body: Buffer; const req: { headers: Record<string, string> }
//       What the snippet takes as given, as TypeScript declarations separated by `;`: each
//       becomes `declare const …;` (or `declare function …;`); an `import …` or `type …`
//       item is kept as it is. The line stays in the README, where it tells the reader the same.
//       (A comment line of its own, anywhere in the block.)
//   <!-- readme-check: run -->
//       On the line just above the block (invisible on npm and GitHub): compile the snippet
//       and run it with node: it must exit 0, and every line that calls console.log( and
//       ends in a `// comment` must print exactly that comment, in order.
//   <!-- readme-check: skip <why> -->
//       On the line just above the block: do not check it. Say why; few blocks should need it.
//
// Usage: node scripts/check-readme.mjs [README.md]   (after npm run build)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const readme = resolve(process.argv[2] ?? join(root, "README.md"));
const work = join(root, ".readme-check");
const tsc = join(root, "node_modules/typescript/bin/tsc");

if (!existsSync(join(root, "dist/index.d.ts"))) {
  console.error("dist/ is missing: run `npm run build` first");
  process.exit(2);
}

/** The ```ts blocks of a markdown text, with the line each starts on. */
export function snippets(markdown) {
  const lines = markdown.split("\n");
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    const directive = /^\s*<!-- readme-check: (.*?)\s*-->\s*$/.exec(lines[i - 1] ?? "")?.[1] ?? "";
    const body = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(open[1].length));
    if (i >= lines.length) throw new Error(`README line ${start}: a \`\`\`ts block is never closed`);
    found.push({ line: start, code: body.join("\n"), directive });
  }
  return found;
}

/** The declarations an `// assumes:` line stands for. */
function declarations(text) {
  return text
    .split(";")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => (/^(import|type|interface|declare)\b/.test(item) ? `${item};` : `declare ${item};`));
}

const blocks = snippets(readFileSync(readme, "utf8"));
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, "node_modules"), { recursive: true });
symlinkSync(root, join(work, "node_modules/webhook-signatures"), "dir");
writeFileSync(join(work, "package.json"), JSON.stringify({ private: true, type: "module" }));

const checked = [];
const runs = [];
const skipped = [];
for (const block of blocks) {
  const name = `readme-line-${block.line}`;
  const skip = /^skip(.*)$/.exec(block.directive);
  if (skip) {
    if (!skip[1].trim()) throw new Error(`README line ${block.line}: "readme-check: skip" must say why`);
    skipped.push(`${name}: ${skip[1].trim()}`);
    continue;
  }
  const preamble = [];
  for (const match of block.code.matchAll(/^\s*\/\/ assumes: (.*)$/gm)) preamble.push(...declarations(match[1]));
  // The preamble goes on the snippet's first line so that error line numbers stay the README's.
  const source = `${preamble.join(" ")}\n${block.code}\nexport {};\n`;
  writeFileSync(join(work, `${name}.ts`), source);
  checked.push({ ...block, name });
  if (block.directive === "run") runs.push({ ...block, name });
  else if (block.directive) throw new Error(`README line ${block.line}: unknown directive "readme-check: ${block.directive}"`);
}

writeFileSync(
  join(work, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: ["ES2022", "DOM"],
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
      skipLibCheck: true,
      outDir: "out",
      noEmitOnError: true,
    },
    files: checked.map((c) => `${c.name}.ts`),
  }),
);

let failed = false;
try {
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
} catch (error) {
  failed = true;
  // readme-line-24.ts(3,5): the snippet starts on README line 24 + 1, after the preamble line.
  const text = `${error.stdout}${error.stderr}`.replace(/readme-line-(\d+)\.ts\((\d+),(\d+)\)/g, (_, start, line, col) => `README.md:${Number(start) + Number(line) - 1}:${col}`);
  console.error(text.trim());
}

for (const run of failed ? [] : runs) {
  const expected = run.code
    .split("\n")
    .filter((line) => /console\.log\(/.test(line) && /\/\/ (.*)$/.test(line))
    .map((line) => /\/\/ (.*)$/.exec(line)[1].trim());
  let stdout = "";
  try {
    stdout = execFileSync(process.execPath, [join("out", `${run.name}.js`)], { cwd: work, encoding: "utf8", timeout: 30_000 });
  } catch (error) {
    failed = true;
    console.error(`README line ${run.line}: the snippet failed to run:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    continue;
  }
  const actual = stdout.trimEnd().split("\n");
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    failed = true;
    console.error(`README line ${run.line}: the snippet printed\n  ${actual.join("\n  ")}\nwhere its comments say\n  ${expected.join("\n  ")}`);
  }
}

for (const s of skipped) console.log(`skipped ${s}`);
console.log(`${checked.length} snippets type-checked, ${runs.length} run, ${skipped.length} skipped, of ${blocks.length} in ${readme.slice(root.length + 1)}`);
if (!failed) rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
