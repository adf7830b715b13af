// Packs the package as a clean clone would and checks what the tarball holds.
//
// The committed and untracked-but-not-ignored files are copied to a temporary folder (so no
// dist/ from an earlier build comes along), node_modules is linked in, and `npm pack` runs
// there: its `prepack` must build dist/, or the tarball would ship no code. The tarball's
// file list must then be exactly the built entries (from scripts/entries.ts), their shared
// chunks, package.json, README.md and LICENSE.
//
// Usage: node scripts/pack.mjs OUT_DIR   prints the tarball's path on the last line of stdout.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? "");
if (!process.argv[2]) {
  console.error("usage: node scripts/pack.mjs OUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

/** The files a tarball must hold, and the patterns every other file must match. */
function checkFileList(files, entryNames) {
  const problems = [];
  // npm adds package.json, README and LICENSE by itself; CHANGELOG.md is not shipped ("files": ["dist"]).
  const required = ["package.json", "README.md", "LICENSE"];
  for (const name of entryNames) for (const ext of [".mjs", ".cjs", ".d.ts", ".d.cts"]) required.push(`dist/${name}${ext}`);
  for (const file of required) if (!files.includes(file)) problems.push(`missing ${file}`);
  const allowed = /^(package\.json|README\.md|LICENSE|dist\/[\w-]+\.(mjs|cjs|d\.ts|d\.cts))$/;
  for (const file of files) if (!allowed.test(file)) problems.push(`unexpected ${file}`);
  return problems;
}

const clone = mkdtempSync(join(tmpdir(), "ws-clean-clone-"));
try {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  for (const file of listed.split("\0").filter(Boolean)) {
    try {
      cpSync(join(root, file), join(clone, file), { recursive: false });
    } catch (error) {
      if (error.code !== "ENOENT") throw error; // deleted in the work tree but not yet committed
    }
  }
  symlinkSync(join(root, "node_modules"), join(clone, "node_modules"), "dir");
  const entryNames = JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", "-e", 'import("./scripts/entries.ts").then((m) => console.log(JSON.stringify(m.ENTRIES.map((e) => e.name))))'], {
      cwd: clone,
      encoding: "utf8",
    }),
  );
  const json = execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: clone, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const [report] = JSON.parse(json.slice(json.indexOf("[")));
  const files = report.files.map((f) => f.path).sort();
  const problems = checkFileList(files, entryNames);
  console.log(files.join("\n"));
  if (problems.length) {
    console.error(`\n${report.filename} is not what the package should ship:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`\n${files.length} files, ${report.size} bytes packed, ${report.unpackedSize} unpacked`);
  console.log(join(out, report.filename));
} finally {
  rmSync(clone, { recursive: true, force: true });
}
