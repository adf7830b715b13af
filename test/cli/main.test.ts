// The dispatcher and `examples`: help for every command, unknown commands, the list of
// documented payloads; and the package, packed and installed, runs as `npx webhook-signatures`.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { HELP, main } from "../../src/cli/main.js";
import { PROVIDERS } from "../../src/providers/index.js";
import { TIKINOW_STOCK_EXAMPLE, TILBY_SALES_CLOSED_EXAMPLE } from "../../src/testing.js";
import { ROOT, RUNNERS, cli, expectNoSecretPrinted, recordPrinted, scratch } from "./harness.js";

afterAll(() => expectNoSecretPrinted());

const COMMANDS = ["sign", "send", "verify", "listen", "replay", "examples"];

describe.each(RUNNERS)("help (%s)", (_, run) => {
  it.each([[[]], [["--help"]], [["-h"]], [["help"]]])("prints the overview for %j", async (argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toBe(HELP);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it.each(COMMANDS)("%s --help prints its usage and an example", async (command) => {
    const { code, stdout, stderr } = await run([command, "--help"]);
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toMatch(new RegExp(`^Usage: webhook-signatures ${command} `));
    expect(stdout).toMatch(/\nExample:\n(?: {2}.*\n)*? {2}webhook-signatures /);
  });

  it("exits 2 for an unknown command, without echoing it", async () => {
    const { code, stdout, stderr } = await run(["s3cr3t-typed-first"]);
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toBe("webhook-signatures: unknown command; expected one of sign, send, verify, listen, replay, examples.\nRun 'webhook-signatures --help'.\n");
  });

  it("echoes a mistyped command and suggests the nearest", async () => {
    for (const [typed, meant] of [["sing", "sign"], ["SEND", "send"], ["verfy", "verify"], ["exmaples", "examples"], ["replya", "replay"]]) {
      const { code, stdout, stderr } = await run([typed as string]);
      expect([code, stdout]).toEqual([2, ""]);
      expect(stderr).toBe(`webhook-signatures: unknown command "${typed}"; did you mean ${meant}?\nRun 'webhook-signatures --help'.\n`);
    }
  });
});

describe("help", () => {
  it("-h works after other options, but not after --", async () => {
    expect((await cli(["sign", "tikinow", "--secret", "x", "-h"])).stdout).toMatch(/^Usage: webhook-signatures sign /);
    const after = await cli(["examples", "--", "--help"]);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/unknown example/);
  });

  it("lets an unexpected error through rather than calling it a usage error", async () => {
    const stdin = {
      [Symbol.asyncIterator](): never {
        throw new Error("no stdin here");
      },
    };
    const io = { stdout() {}, stderr() {}, env: {}, isTTY: false, fetch, now: Date.now, stdin };
    const { main } = await import("../../src/cli/main.js");
    await expect(main(["sign", "tikinow", "--secret", "x", "--body", "-"], io)).rejects.toThrow("no stdin here");
  });

  it("lets a TypeError through unless it is one of the library's argument errors", async () => {
    const failing = (error: Error) => ({
      stdout() {},
      stderr() {},
      env: {},
      isTTY: false,
      fetch,
      now: Date.now,
      stdin: {
        [Symbol.asyncIterator](): never {
          throw error;
        },
      },
    });
    const argv = ["sign", "tikinow", "--secret", "x", "--body", "-"];
    await expect(main(argv, failing(new TypeError("x is not a function")))).rejects.toThrow("x is not a function");
    await expect(main(argv, failing(new TypeError("webhook-signatures] almost")))).rejects.toThrow("almost");
    await expect(main(argv, failing(new RangeError("[webhook-signatures] not a TypeError")))).rejects.toThrow("not a TypeError");
    let stderr = "";
    const io = { ...failing(new TypeError("[webhook-signatures] body must be bytes\nsecond line")), stderr: (text: string) => void (stderr += text) };
    expect(await main(argv, io)).toBe(2);
    expect(stderr).toBe("webhook-signatures sign: body must be bytes\nRun 'webhook-signatures sign --help' for usage.\n");
  });
});

describe("examples", () => {
  it("lists every documented payload with its provider", async () => {
    const { code, stdout } = await cli(["examples"]);
    expect(code).toBe(0);
    const rows = stdout.trimEnd().split("\n").map((line) => line.split(/ {2,}/));
    // One row per example of every shipped provider's declaration.
    expect(rows).toHaveLength(PROVIDERS.reduce((count, declaration) => count + declaration.examples.length, 0));
    expect(rows[0]).toEqual(["tikinow-stock", "tikinow", "Webhook Sync Stock"]);
    expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(["tikinow", "tiki", "mobility-work", "tilby", "ewarehousing", "shopify", "woocommerce", "sendcloud", "mollie", "haravan", "sapo", "standard-webhooks", "sepay", "lazada", "tiktok-shop", "shopee", "payos", "casso", "zalopay", "vnpay", "momo", "adyen"]));
  });

  it("prints one body exactly as sign signs it, without a newline", async () => {
    expect((await cli(["examples", "tikinow-stock"])).stdout).toBe(JSON.stringify(TIKINOW_STOCK_EXAMPLE));
    expect((await cli(["examples", "tilby-sales-closed"])).stdout).toBe(JSON.stringify(TILBY_SALES_CLOSED_EXAMPLE));
  });

  it("echoes a mistyped name and suggests the nearest: a typo, another case, a provider's name", async () => {
    for (const [typed, meant] of [["tikinow-stok", "tikinow-stock"], ["TikiNOW-stock", "tikinow-stock"], ["tikinow", "tikinow-stock"], ["tilby", "tilby-subscribed"]]) {
      const { code, stdout, stderr } = await cli(["examples", typed as string]);
      expect([code, stdout]).toEqual([2, ""]);
      expect(stderr).toBe(`webhook-signatures examples: unknown example "${typed}"; did you mean ${meant}? ('webhook-signatures examples' lists them all)\nRun 'webhook-signatures examples --help' for usage.\n`);
    }
  });

  it("exits 2 for an unknown name, an inherited name, or two names", async () => {
    for (const argv of [["examples", "nope"], ["examples", "toString"], ["examples", "a", "b"]]) {
      const { code, stderr } = await cli(argv);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^webhook-signatures examples: (unknown example|too many arguments)/);
    }
  });
});

describe("the packed package", () => {
  const work = scratch();
  afterAll(() => work.remove());
  const exec = promisify(execFile);

  it("installs from its tarball and runs as npx webhook-signatures --help", async () => {
    const npm = { cwd: work.dir, encoding: "utf8" as const, timeout: 120_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } };
    const { stdout: packed } = await exec("npm", ["pack", ROOT, "--pack-destination", work.dir, "--json", "--ignore-scripts"], npm);
    const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
    work.file("package.json", JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    // No dependencies to fetch: --offline installs the tarball alone.
    await exec("npm", ["install", "--offline", "--no-audit", "--no-fund", join(work.dir, filename)], npm);
    const { stdout } = await exec("npx", ["--no-install", "webhook-signatures", "--help"], npm);
    recordPrinted(stdout);
    expect(stdout).toBe(HELP);
    const installed = JSON.parse(readFileSync(join(work.dir, "node_modules/webhook-signatures/package.json"), "utf8")) as { bin: unknown };
    expect(installed.bin).toEqual({ "webhook-signatures": "./dist/cli.mjs" });
  }, 180_000);
});
