// The /web entry's import graph holds no node: module and no Buffer: esbuild bundles it
// for the browser, where any Node built-in fails to resolve. The root entry, which does
// import node:crypto, is the control: the same build must fail on it.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url).pathname;

function bundle(entry: string) {
  return build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
}

describe("webhook-signatures/web in a browser bundle", () => {
  it("bundles for --platform=browser with no external import at all", async () => {
    const result = await bundle("src/web/index.ts");
    expect(result.errors).toEqual([]);
    const [output] = Object.values(result.metafile.outputs);
    expect(output!.imports).toEqual([]);
  });

  it("contains no node: specifier and no Buffer", async () => {
    const result = await bundle("src/web/index.ts");
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/node:/);
    expect(text).not.toMatch(/\bBuffer\b/);
    expect(text).not.toMatch(/\brequire\(/);
  });

  it("takes from outside src/web only platform-neutral files of src/lib", async () => {
    const result = await bundle("src/web/index.ts");
    const shared = Object.keys(result.metafile.inputs).filter((path) => !path.startsWith("src/web/"));
    // Today: errors, headers, result, secrets, bytes, the payload parsers, the memory store and
    // the state machine (with its pure SHA-256), the receiver's core, router and doors (the Lambda door too), the provider
    // declarations and their Web Crypto verifier set (never providers/node.ts), and the schemes'
    // platform-neutral parts (header and query grammars, the signed-timestamp window, the strict
    // JSON fields; lib/encoding's strict checks, regular expressions only). The node:crypto/Buffer
    // ones have web counterparts.
    for (const path of shared) {
      expect(path).toMatch(/^src\/(lib\/(?!hmac|verify)\w[\w-]*|payloads\/[\w-]+|replay\/(nonce-store|keys|store-error|sha256|run-once|deadline|delivery-key)|receiver\/(core|compose|answers|router|doors\/fetch|doors\/node|doors\/lambda)|providers\/(?!node\b|mobility-work-once\b)[\w-]+|schemes\/(mw-header|header-set|app-key-parts|signed-window|keyed-header|standard-webhooks-header|vnpay-query|json-fields|casso-header|payos-body|zalopay-body))\.ts$/);
    }
    expect(shared).toContain("src/replay/sha256.ts");
    expect(shared).toContain("src/lib/headers.ts");
  });

  it("fails on the root entry, which needs node:crypto (the check can fail)", async () => {
    await expect(bundle("src/index.ts")).rejects.toThrow(/node:crypto|crypto/);
  });
});
