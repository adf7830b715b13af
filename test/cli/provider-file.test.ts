// `--provider-file`: a provider the library does not ship, declared with defineProvider in a
// module of the user's own, is signed, verified, sent and received by the command line as the
// shipped ones are. The module imports the built package (run `npm run build` first), as a
// user's would; the expected signatures come from node:crypto here, not from the library.
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Listening, ROOT, RUNNERS, cli, expectNoSecretPrinted, scratch, startListen } from "./harness.js";

const ACME_SECRET = "acme-signing-secret-3f9c";
const WRONG_SECRET = "acme-wrong-secret-77d1";
/** Text in the modules that must never be echoed (a module may hold a secret). */
const MODULE_SECRET = "module-held-secret-6b2e";

const files = scratch();
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted([ACME_SECRET, WRONG_SECRET, MODULE_SECRET]));

const LIBRARY = pathToFileURL(join(ROOT, "dist/index.mjs")).href;
const DEFINITION = `{
  name: "acme",
  title: "Acme Payments",
  signature: { header: "X-Acme-Signature", algorithm: "sha256", encoding: "hex", prefix: "sha256=" },
  timestamp: { header: "X-Acme-Timestamp" },
  id: { header: "X-Acme-Delivery" },
  event: { field: "type" },
  examples: [{ name: "acme-order-paid", about: "an order paid", payload: { type: "order.paid", order: "ord_1" } }],
}`;

let acme = "";
let named = "";
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/index.mjs"))) throw new Error("dist/index.mjs is missing: run `npm run build` first (npm test does)");
  acme = files.file("acme.mjs", `import { defineProvider } from ${JSON.stringify(LIBRARY)};\nexport default defineProvider(${DEFINITION});\n`);
  // Its only export that is a declaration, beside other exports: found too.
  named = files.file("named.mjs", `import { defineProvider } from ${JSON.stringify(LIBRARY)};\nexport const version = 2;\nexport const acme = defineProvider(${DEFINITION});\n`);
});

const BODY = '{"type":"order.paid","order":"ord_42","amount":1250}';
const bodyFile = files.file("body.json", BODY);
const NOW_MS = 1_767_225_600_000;
const T = String(NOW_MS / 1000);
const now = () => NOW_MS;

/** The signature of `t.body` under `secret`, computed here with node:crypto. */
const acmeSignature = (secret: string, t: string, body: string) => `sha256=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;

/** The `Name: value` lines of sign's output. */
function headerLines(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.trimEnd().split("\n").map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]));
}

describe("sign --provider-file", () => {
  it.each([
    ["named", () => ["sign", "acme", "--provider-file", acme]],
    ["omitted", () => ["sign", "--provider-file", acme]],
    ["named in another case, from the module's only declaration", () => ["sign", "ACME", "--provider-file", named]],
  ])("prints the headers node:crypto computes over t.body (provider %s)", async (_, argv) => {
    const { code, stdout, stderr } = await cli([...argv(), "--secret", ACME_SECRET, "--body", bodyFile], { now });
    expect([code, stderr]).toEqual([0, ""]);
    const headers = headerLines(stdout);
    expect(Object.keys(headers)).toEqual(["Content-Type", "X-Acme-Timestamp", "X-Acme-Signature", "x-acme-delivery"]);
    expect(headers["X-Acme-Timestamp"]).toBe(T);
    expect(headers["X-Acme-Signature"]).toBe(acmeSignature(ACME_SECRET, T, BODY));
    expect(headers["x-acme-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("the built bin signs too, at its own clock", async () => {
    const [, spawnCli] = RUNNERS[1] as (typeof RUNNERS)[number];
    const { code, stdout, stderr } = await spawnCli(["sign", "acme", "--provider-file", acme, "--secret", ACME_SECRET, "--example", "acme-order-paid"]);
    expect([code, stderr]).toEqual([0, ""]);
    const headers = headerLines(stdout);
    const t = headers["X-Acme-Timestamp"] as string;
    expect(headers["X-Acme-Signature"]).toBe(acmeSignature(ACME_SECRET, t, '{"type":"order.paid","order":"ord_1"}'));
  });
});

describe.each(RUNNERS)("verify --provider-file (%s)", (_, run) => {
  const t = () => String(Math.floor(Date.now() / 1000));
  const args = (secret: string, time: string) => [
    "verify",
    "acme",
    "--provider-file",
    acme,
    "--secret",
    secret,
    "--body",
    bodyFile,
    "--header",
    `X-Acme-Signature: ${acmeSignature(ACME_SECRET, time, BODY)}`,
    "--header",
    `X-Acme-Timestamp: ${time}`,
  ];

  it("ok with the right secret", async () => {
    const { code, stdout } = await run(args(ACME_SECRET, t()));
    expect(code).toBe(0);
    expect(stdout).toBe("ok: secret #1 of 1 matched\n");
  });

  it("signature_mismatch with a wrong one", async () => {
    const { code, stdout } = await run(args(WRONG_SECRET, t()));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^signature_mismatch: /);
  });
});

describe("verify --provider-file --explain", () => {
  it("tries the usual mistakes through the declared provider's verify: a pretty-printed copy", async () => {
    const pretty = files.file("pretty.json", JSON.stringify(JSON.parse(BODY), null, 2));
    const { code, stdout } = await cli(
      ["verify", "--provider-file", acme, "--secret", ACME_SECRET, "--body", pretty, "--header", `X-Acme-Signature: ${acmeSignature(ACME_SECRET, T, BODY)}`, "--header", `X-Acme-Timestamp: ${T}`, "--explain"],
      { now },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^signature_mismatch: .*\nexplain: .*\n {2}\* the body re-serialised compact \(your copy is pretty-printed\)\n/);
  });
});

/** Starts `listen` in process on a free port; resolves once it listens. */
const listen = (args: string[]): Promise<Listening> => startListen(args);

describe("send to listen, both --provider-file", () => {
  it("answers 200, and listen prints the event and the key", async () => {
    const server = await listen(["--provider-file", acme, "--secret", ACME_SECRET]);
    let sent;
    try {
      sent = await cli(["send", "--provider-file", acme, `${server.url}webhooks/acme`, "--secret", ACME_SECRET, "--example", "acme-order-paid"]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/webhooks\/acme {2}acme, \d+ bytes from example acme-order-paid\n#1 {2}200 /);
    expect(server.stderr()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/ for acme deliveries/);
    const lines = server.stdout().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ {2}POST \/webhooks\/acme {2}200 verified, processed {2}event order\.paid {2}key acme:\S+$/);
  });
});

describe("examples --provider-file", () => {
  it("lists the declared provider's examples after the library's, and prints one", async () => {
    const list = await cli(["examples", "--provider-file", acme]);
    expect(list.code).toBe(0);
    expect(list.stdout.trimEnd().split("\n").at(-1)?.split(/ {2,}/)).toEqual(["acme-order-paid", "acme", "an order paid"]);
    expect((await cli(["examples", "acme-order-paid", "--provider-file", acme])).stdout).toBe('{"type":"order.paid","order":"ord_1"}');
  });
});

describe.each(RUNNERS)("a --provider-file that declares no provider (%s)", (_, run) => {
  const cases: [string, string, RegExp][] = [
    ["a default export made otherwise", `export default { name: "acme", secret: "${MODULE_SECRET}" };\n`, /default export is not a declaration made by defineProvider/],
    ["no declaration at all", `export const secret = "${MODULE_SECRET}";\n`, /exports no declaration made by defineProvider/],
    [
      "two declarations, neither the default",
      `import { defineProvider } from "${LIBRARY}";\nexport const a = defineProvider({ name: "a", signature: { header: "x-a" } });\nexport const b = defineProvider({ name: "b", signature: { header: "x-b" } });\n`,
      /exports 2 declarations: make the one to use its default export/,
    ],
    // The built bin says SyntaxError; in process, the error of vitest's transform.
    ["a module that does not load", `export default ${MODULE_SECRET} ${MODULE_SECRET};\n`, /cannot load it \(\w*Error\)/],
    ["a module that throws what is no Error", `throw "${MODULE_SECRET}";\n`, /cannot load it \(it threw\)/],
  ];

  it.each(cases)("exits 2 for %s, without echoing the module", async (name, source, message) => {
    const file = files.file(`${name.replaceAll(" ", "-")}.mjs`, source);
    const { code, stdout, stderr } = await run(["sign", "--provider-file", file, "--secret", ACME_SECRET, "--body", bodyFile]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^webhook-signatures sign: --provider-file \S+: /);
    expect(stderr).not.toContain(MODULE_SECRET);
  });

  it("exits 2 for a file that is not there", async () => {
    const { code, stderr } = await run(["verify", "--provider-file", join(files.dir, "missing.mjs"), "--secret", ACME_SECRET, "--body", bodyFile]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--provider-file \S+missing\.mjs: cannot load it \(ERR_MODULE_NOT_FOUND\)/);
  });
});

describe("choosing the provider with a --provider-file", () => {
  it("still serves a shipped provider named beside it", async () => {
    const { code, stdout } = await cli(["sign", "tikinow", "--provider-file", acme, "--secret", ACME_SECRET, "--body", bodyFile]);
    expect(code).toBe(0);
    expect(Object.keys(headerLines(stdout))).toEqual(["Content-Type", "x-signature"]);
  });

  it("suggests the declared name for a typo of it, and refuses another stray argument", async () => {
    const typo = await cli(["sign", "acm", "--provider-file", acme, "--secret", ACME_SECRET, "--body", bodyFile]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^webhook-signatures sign: unknown provider "acm"; did you mean acme\?/);
    const stray = await cli(["sign", "--provider-file", acme, "not-a-name-at-all", "--secret", ACME_SECRET, "--body", bodyFile]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/^webhook-signatures sign: too many arguments\n/);
  });

  it("names the declared provider in each command's help", async () => {
    for (const command of ["sign", "send", "verify", "listen", "examples"]) {
      expect((await cli([command, "--help"])).stdout).toMatch(/\n {2}--provider-file FILE {2}/);
    }
  });
});
