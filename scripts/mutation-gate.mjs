// Reads Stryker's JSON report (reports/mutation/mutation.json) and prints the mutation score
// of each part of src/. Fails when the security-critical code, src/schemes and src/lib taken
// together, scores below 95 %, or when any of its files is missing from the report (a run
// that mutated less must not pass for one that mutated it all). The rest is reported only.
//   node scripts/mutation-gate.mjs [report.json]
import { readFileSync, readdirSync } from "node:fs";

const GATED = ["src/schemes", "src/lib"];
const THRESHOLD = 95;
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

const reportPath = process.argv[2] ?? "reports/mutation/mutation.json";
const report = JSON.parse(readFileSync(reportPath, "utf8"));
const files = Object.fromEntries(Object.entries(report.files).map(([name, file]) => [name.replaceAll("\\", "/"), file]));

/** The part of src/ a file belongs to: its folder, one level below src/ (src/web/lib: src/web). */
function partOf(name) {
  const parts = name.split("/");
  return parts.length > 2 ? parts.slice(0, 2).join("/") : name;
}

function tally() {
  return { detected: 0, undetected: 0, ignored: 0, errors: 0 };
}

function add(into, mutant) {
  if (DETECTED.has(mutant.status)) into.detected++;
  else if (UNDETECTED.has(mutant.status)) into.undetected++;
  else if (mutant.status === "Ignored") into.ignored++;
  else into.errors++; // CompileError, RuntimeError: not counted in the score, as Stryker does
}

function score(t) {
  const counted = t.detected + t.undetected;
  return counted === 0 ? Number.NaN : (100 * t.detected) / counted;
}

const parts = new Map();
const gated = tally();
const survivors = [];
for (const [name, file] of Object.entries(files)) {
  const part = partOf(name);
  if (!parts.has(part)) parts.set(part, tally());
  const isGated = GATED.some((dir) => name.startsWith(`${dir}/`));
  for (const mutant of file.mutants) {
    add(parts.get(part), mutant);
    if (isGated) {
      add(gated, mutant);
      if (UNDETECTED.has(mutant.status)) survivors.push(`${name}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} (${mutant.status})`);
    }
  }
}

const row = (label, t) =>
  `${label.padEnd(28)} ${score(t).toFixed(2).padStart(7)} %  ${String(t.detected).padStart(5)} killed  ${String(t.undetected).padStart(4)} survived  ${String(t.ignored).padStart(3)} ignored`;
console.log("mutation score by part of src/ (killed or timed out, over all but ignored and errors)");
for (const [part, t] of [...parts].sort(([a], [b]) => a.localeCompare(b))) console.log(row(part, t));
console.log(row(`gated: ${GATED.join(" + ")}`, gated));

const problems = [];
for (const dir of GATED) {
  for (const entry of readdirSync(dir)) {
    const name = `${dir}/${entry}`;
    if (entry.endsWith(".ts") && entry !== "types.ts" && !(name in files)) problems.push(`${name} is not in the report: it was not mutated`);
  }
}
if (!(score(gated) >= THRESHOLD)) problems.push(`${GATED.join(" + ")} scores ${score(gated).toFixed(2)} %, below ${THRESHOLD} %`);
if (survivors.length > 0) console.log(`\nsurviving mutants in ${GATED.join(" + ")}:\n${survivors.map((s) => `  ${s}`).join("\n")}`);
if (problems.length > 0) {
  console.error(`\nmutation gate failed (${reportPath}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(`\nmutation gate passed: ${GATED.join(" + ")} at ${score(gated).toFixed(2)} % (>= ${THRESHOLD} %)`);
