// Installs the packed tarball into throwaway projects, set up as users set theirs up, and in
// each compiles (TypeScript ones, strict, with skipLibCheck off so the shipped declarations are
// checked too) and runs one verify through every entry: the root, /testing and /web.
//
//   ts-node16-esm    "type": "module", module/moduleResolution node16
//   ts-node16-cjs    no "type", module/moduleResolution node16 (compiled to require)
//   ts-bundler       module esnext, moduleResolution bundler, bundled by esbuild, run by node
//   ts-node10-cjs    module commonjs and nothing else: moduleResolution "node" (node10)
//   js-esm, js-cjs   plain JavaScript, import and require
//   web-browser      esbuild --platform=browser bundle of /web alone: no node: import in the
//                    output, and it verifies under Node's global Web Crypto
//   lambda-ts        the Lambda door as a user types it: @types/aws-lambda's handler types take
//                    `receiver.lambda` as it is (strict, node16 ESM), and a function URL event
//                    whose body is base64-encoded is answered
//
// The tarball has no dependencies, so `npm install --offline <tgz>` needs no network.
// TypeScript and esbuild come from this repository's node_modules. The node that runs this
// script runs the projects, so `/path/to/node24 scripts/consumers.mjs <tgz>` tests Node 24.
//
// Usage: node scripts/consumers.mjs TARBALL [project ...]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const esbuild = join(root, "node_modules/esbuild/bin/esbuild"); // a native binary
const [tarballArg, ...only] = process.argv.slice(2);
if (!tarballArg) {
  console.error("usage: node scripts/consumers.mjs TARBALL [project ...]");
  process.exit(2);
}
const tarball = resolve(tarballArg);

// One verify through each entry, then a line that the runner compares.
const TS_SOURCE = `import { verifyTikiSha1, type VerifyResult } from "webhook-signatures";
import { TIKINOW_STOCK_EXAMPLE, tikinowDelivery } from "webhook-signatures/testing";
import { verifyTikiSha1 as verifyOnWeb } from "webhook-signatures/web";

async function main(): Promise<void> {
  const { body, headers } = tikinowDelivery({ secret: "consumer-secret" });
  const root: VerifyResult = verifyTikiSha1({ body, secret: "consumer-secret", headers });
  const web = await verifyOnWeb({ body, secret: "consumer-secret", headers });
  const tampered = verifyTikiSha1({ body: body + " ", secret: "consumer-secret", headers });
  // The types are the package's, not any: a number secret does not compile.
  // @ts-expect-error secret must be a string or bytes
  const typed = () => verifyTikiSha1({ body, secret: 42, headers });
  void typed;
  const sku: string = TIKINOW_STOCK_EXAMPLE.data.sku;
  console.log(JSON.stringify({ root: root.ok, web: web.ok, tampered: tampered.ok ? "ok" : tampered.reason, sku }));
}
void main();
`;
const JS_BODY = `
async function main() {
  const { body, headers } = tikinowDelivery({ secret: "consumer-secret" });
  const root = verifyTikiSha1({ body, secret: "consumer-secret", headers });
  const web = await verifyOnWeb({ body, secret: "consumer-secret", headers });
  const tampered = verifyTikiSha1({ body: body + " ", secret: "consumer-secret", headers });
  const sku = TIKINOW_STOCK_EXAMPLE.data.sku;
  console.log(JSON.stringify({ root: root.ok, web: web.ok, tampered: tampered.ok ? "ok" : tampered.reason, sku }));
}
void main();
`;
const EXPECTED = JSON.stringify({ root: true, web: true, tampered: "signature_mismatch", sku: "7445601428884" });
const WEB_EXPECTED = JSON.stringify({ web: true, tampered: "signature_mismatch" });

// The Lambda door: @types/aws-lambda comes from this repository's node_modules (a user's
// devDependency; the package depends on none of it). Signed with Web Crypto over the bytes, which
// the event carries base64-encoded, as Lambda does for a binary body.
const LAMBDA_SOURCE = `import type { APIGatewayProxyHandler, APIGatewayProxyHandlerV2, Context, LambdaFunctionURLHandler } from "aws-lambda";
import { createReceiver } from "webhook-signatures/receiver";

const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: "consumer-secret" });
let sku = "";
receiver.on("stock", ({ payload }) => void (sku = payload.data.sku));
export const handler: APIGatewayProxyHandlerV2 = receiver.lambda;
export const restHandler: APIGatewayProxyHandler = receiver.lambda;
export const urlHandler: LambdaFunctionURLHandler = receiver.lambda;

async function main(): Promise<void> {
  const encoder = new TextEncoder();
  const body = encoder.encode(JSON.stringify({ data: { date: "2026-12-08", sku: "7445601428884", warehouse: "sgn", qty_salable: 60, seller_product_code: "ÁO-01" } }));
  const key = await crypto.subtle.importKey("raw", encoder.encode("consumer-secret"), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const hex = Array.from(new Uint8Array(await crypto.subtle.sign("HMAC", key, body)), (b) => b.toString(16).padStart(2, "0")).join("");
  const binary = Array.from(body, (b) => String.fromCharCode(b)).join("");
  const event = {
    version: "2.0", rawPath: "/tikinow/stock", rawQueryString: "", headers: { "x-signature": "sha1=" + hex },
    requestContext: { http: { method: "POST" } }, body: btoa(binary), isBase64Encoded: true,
  };
  const context = { getRemainingTimeInMillis: () => 3000 } as Context;
  const result = await receiver.lambda(event, context);
  const tampered = await receiver.lambda({ ...event, body: btoa(binary + " ") }, context);
  console.log(JSON.stringify({ status: result.statusCode, body: result.body, base64: result.isBase64Encoded, sku, tampered: tampered.statusCode }));
}
void main();
`;
const LAMBDA_EXPECTED = JSON.stringify({ status: 200, body: '{"success":true}', base64: false, sku: "7445601428884", tampered: 401 });

const strict = { strict: true, skipLibCheck: false, noEmitOnError: true, target: "ES2022", lib: ["ES2022", "DOM"], types: [], outDir: "out" };

/** name → { package.json fields, files, steps: (dir) => stdout of the run } */
const PROJECTS = {
  "ts-node16-esm": {
    pkg: { type: "module" },
    files: {
      "tsconfig.json": { compilerOptions: { ...strict, module: "node16", moduleResolution: "node16" }, files: ["index.ts"] },
      "index.ts": TS_SOURCE,
    },
    run: (dir) => (typescript(dir), node(dir, "out/index.js")),
  },
  "ts-node16-cjs": {
    pkg: {},
    files: {
      "tsconfig.json": { compilerOptions: { ...strict, module: "node16", moduleResolution: "node16" }, files: ["index.ts"] },
      "index.ts": TS_SOURCE,
    },
    run: (dir) => (typescript(dir), expectIn(dir, "out/index.js", /require\("webhook-signatures\/testing"\)/), node(dir, "out/index.js")),
  },
  "ts-bundler": {
    pkg: { type: "module" },
    files: {
      "tsconfig.json": { compilerOptions: { ...strict, module: "esnext", moduleResolution: "bundler", noEmit: true }, files: ["index.ts"] },
      "index.ts": TS_SOURCE,
    },
    run: (dir) => {
      typescript(dir);
      exec(dir, esbuild, ["index.ts", "--bundle", "--platform=node", "--format=esm", "--outfile=out/bundle.mjs", "--log-level=warning"]);
      return node(dir, "out/bundle.mjs");
    },
  },
  "ts-node10-cjs": {
    pkg: {},
    files: {
      // Only `module: commonjs`: TypeScript then resolves as "node" (node10), which reads no
      // exports map; typesVersions is what finds /testing and /web.
      "tsconfig.json": { compilerOptions: { ...strict, module: "commonjs" }, files: ["index.ts"] },
      "index.ts": TS_SOURCE,
    },
    run: (dir) => (typescript(dir), node(dir, "out/index.js")),
  },
  "js-esm": {
    pkg: { type: "module" },
    files: {
      "index.js": `import { verifyTikiSha1 } from "webhook-signatures";
import { TIKINOW_STOCK_EXAMPLE, tikinowDelivery } from "webhook-signatures/testing";
import { verifyTikiSha1 as verifyOnWeb } from "webhook-signatures/web";
${JS_BODY}`,
    },
    run: (dir) => node(dir, "index.js"),
  },
  "js-cjs": {
    pkg: {},
    files: {
      "index.js": `"use strict";
const { verifyTikiSha1 } = require("webhook-signatures");
const { TIKINOW_STOCK_EXAMPLE, tikinowDelivery } = require("webhook-signatures/testing");
const { verifyTikiSha1: verifyOnWeb } = require("webhook-signatures/web");
${JS_BODY}`,
    },
    run: (dir) => node(dir, "index.js"),
  },
  "web-browser": {
    pkg: { type: "module" },
    files: {
      // No /testing here (it signs with node:crypto): the delivery is signed with Web Crypto.
      "index.js": `import { signTikiSha1, verifyTikiSha1 } from "webhook-signatures/web";

const body = '{"data":{"sku":"1377286379376","qty_salable":60}}';
const signature = await signTikiSha1({ body, secret: "consumer-secret" });
const headers = new Headers({ "x-signature": signature });
const web = await verifyTikiSha1({ body, secret: "consumer-secret", headers });
const tampered = await verifyTikiSha1({ body: body + " ", secret: "consumer-secret", headers });
console.log(JSON.stringify({ web: web.ok, tampered: tampered.ok ? "ok" : tampered.reason }));
`,
    },
    expected: WEB_EXPECTED,
    run: (dir) => {
      exec(dir, esbuild, ["index.js", "--bundle", "--platform=browser", "--format=esm", "--outfile=out/bundle.js", "--log-level=warning"]);
      const text = readFileSync(join(dir, "out/bundle.js"), "utf8");
      for (const forbidden of [/\bnode:/, /\brequire\(/, /\bBuffer\b/]) {
        if (forbidden.test(text)) throw new Error(`the browser bundle of /web contains ${forbidden}`);
      }
      return node(dir, "out/bundle.js");
    },
  },
  "lambda-ts": {
    pkg: { type: "module" },
    files: {
      "tsconfig.json": {
        // @types/aws-lambda needs @types/node (its streaming handler types), as on any Lambda project.
        compilerOptions: {
          ...strict,
          module: "node16",
          moduleResolution: "node16",
          typeRoots: [join(root, "node_modules/@types")],
          types: ["node"],
          paths: { "aws-lambda": [join(root, "node_modules/@types/aws-lambda/index.d.ts")] },
        },
        files: ["index.ts"],
      },
      "index.ts": LAMBDA_SOURCE,
    },
    expected: LAMBDA_EXPECTED,
    run: (dir) => (typescript(dir), node(dir, "out/index.js")),
  },
};

function exec(cwd, command, args) {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  } catch (error) {
    throw new Error(`${[command, ...args].join(" ")} failed in ${cwd}:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}
const typescript = (dir) => exec(dir, process.execPath, [tsc, "-p", "tsconfig.json"]);
const node = (dir, file) => exec(dir, process.execPath, [file]).trim();
function expectIn(dir, file, pattern) {
  if (!pattern.test(readFileSync(join(dir, file), "utf8"))) throw new Error(`${file} does not match ${pattern}`);
}

const base = mkdtempSync(join(tmpdir(), "ws-consumers-"));
const names = only.length ? only : Object.keys(PROJECTS);
let failed = 0;
try {
  for (const name of names) {
    const project = PROJECTS[name];
    if (!project) throw new Error(`no project ${name}; the projects are ${Object.keys(PROJECTS).join(", ")}`);
    const dir = join(base, name);
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, version: "1.0.0", ...project.pkg }, null, 2));
    for (const [file, content] of Object.entries(project.files)) {
      writeFileSync(join(dir, file), typeof content === "string" ? content : JSON.stringify(content, null, 2));
    }
    const started = Date.now();
    try {
      exec(dir, "npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", tarball]);
      const output = project.run(dir);
      const expected = project.expected ?? EXPECTED;
      if (output !== expected) throw new Error(`printed ${output}\n  expected ${expected}`);
      console.log(`ok   ${name} (${Date.now() - started} ms, node ${process.version})`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name} (node ${process.version}): ${error.message}`);
    }
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
console.log(`${names.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
