// The built package (dist/, made by `npm run build` before the tests) as users load it:
// ESM import and CJS require through the exports map, by the package's own name.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url);
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });

const ROOT_VALUES = [
  "EWAREHOUSING_SIGNATURE_HEADER",
  "MW_DEFAULT_TOLERANCE_SECONDS",
  "MW_SIGNATURE_HEADER",
  "TIKI_SIGNATURE_HEADER",
  "basicAuthHeader",
  "getHeader",
  "parseMwSignatureHeader",
  "signHmacBase64",
  "signHmacHex",
  "signMwSignature",
  "signTikiSha1",
  "verifyBasicAuth",
  "verifyHmacBase64",
  "verifyHmacHex",
  "verifyMwSignature",
  "verifyTikiSha1",
];

describe("the built package", () => {
  it("exposes every public name through import and require", () => {
    const esm = run(["--input-type=module", "-e", 'import * as m from "webhook-signatures"; console.log(JSON.stringify(Object.keys(m).sort()))']);
    const cjs = run(["-e", 'console.log(JSON.stringify(Object.keys(require("webhook-signatures")).sort()))']);
    for (const names of [esm, cjs]) expect(JSON.parse(names)).toEqual(expect.arrayContaining(ROOT_VALUES));
    expect(JSON.parse(esm)).toEqual(JSON.parse(cjs));
  });

  it("verifies from the CJS build exactly as from the sources", () => {
    const out = run([
      "-e",
      'const w = require("webhook-signatures"); const s = w.signTikiSha1({ body: "x", secret: "k" }); console.log(JSON.stringify([s, w.verifyTikiSha1({ body: "x", secret: "k", signature: s }).ok]))',
    ]);
    // openssl: printf x | openssl dgst -sha1 -hmac k
    expect(JSON.parse(out)).toEqual(["sha1=cb00131fcec602a8fc84413a2a70154d8c06a0d2", true]);
  });

  it("has no runtime dependencies and ships only dist", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toEqual(["dist"]);
    expect(pkg.sideEffects).toBe(false);
  });
});
