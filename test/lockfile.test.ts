// package-lock.json is committed as npm writes it: a fresh clone's `npm install` must not
// rewrite it (a dirty tree after the first command). npm copies the root package's fields from
// package.json into the lock's "" entry; any field changed in one but not the other shows here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (name: string) => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), "utf8")) as Record<string, unknown>;
const pkg = read("package.json");
const lock = read("package-lock.json") as { name: unknown; version: unknown; packages: Record<string, Record<string, unknown>> };

/** What npm writes for package.json's `bin`: the same map, paths without a leading "./". */
function binAsNpmWritesIt(bin: unknown): unknown {
  if (bin === undefined) return undefined;
  return Object.fromEntries(Object.entries(bin as Record<string, string>).map(([name, path]) => [name, path.replace(/^\.\//, "")]));
}

describe("package-lock.json agrees with package.json", () => {
  it("names the package and its version", () => {
    expect([lock.name, lock.version]).toEqual([pkg.name, pkg.version]);
    expect([lock.packages[""]?.name, lock.packages[""]?.version]).toEqual([pkg.name, pkg.version]);
  });

  it("holds the root entry's fields as npm writes them (bin, license, engines, dependencies)", () => {
    const root = lock.packages[""]!;
    expect(root.bin).toEqual(binAsNpmWritesIt(pkg.bin));
    expect(root.license).toEqual(pkg.license);
    expect(root.engines).toEqual(pkg.engines);
    for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
      expect(root[field], field).toEqual(pkg[field]);
    }
  });
});
