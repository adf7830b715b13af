// webhook-signatures/receiver as users load it: ESM import and CJS require through the exports
// map (dist/, built before the tests), the same names either way, and a delivery through it.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const root = new URL("../..", import.meta.url);
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });

const NAMES = ["RECEIVER_DEFAULT_BODY_TIMEOUT_MS", "RECEIVER_DEFAULT_DEADLINE_MS", "RECEIVER_DEFAULT_MAX_BODY_BYTES", "RECEIVE_CHANNEL", "STORE_CHANNEL", "TILBY_DEFAULT_SIGNATURE_HEADER", "createReceiver", "errorCode"];

describe("webhook-signatures/receiver", () => {
  it("resolves through the exports map for import and require, with the same names", () => {
    const esm = run(["--input-type=module", "-e", 'import("webhook-signatures/receiver").then((m) => console.log(JSON.stringify(Object.keys(m).sort())))']);
    const cjs = run(["-e", 'console.log(JSON.stringify(Object.keys(require("webhook-signatures/receiver")).sort()))']);
    expect(JSON.parse(esm)).toEqual(NAMES);
    expect(JSON.parse(cjs)).toEqual(NAMES);
  });

  it("answers a delivery from the built CJS file as from the sources", () => {
    const script = `
      const { createReceiver } = require("webhook-signatures/receiver");
      const { signTikiSha1 } = require("webhook-signatures");
      const body = JSON.stringify({ data: { date: "d", sku: "s", warehouse: "w", qty_salable: 1, seller_product_code: "c" } });
      const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: "k" }).on("stock", () => {});
      receiver.receive({ method: "POST", headers: { "x-signature": signTikiSha1({ body, secret: "k" }) }, body: new TextEncoder().encode(body) })
        .then((answer) => console.log(JSON.stringify(answer)));`;
    expect(JSON.parse(run(["-e", script]))).toEqual({ status: 200, headers: { "content-type": "application/json" }, body: '{"success":true}' });
  });

  it("answers a Lambda event (a function URL's, its body base64-encoded) from the built ESM and CJS files", () => {
    // Signed here with node:crypto over the bytes; the event carries them base64-encoded, as Lambda does for a binary body.
    const event = (load: string) => `
      ${load}
      const { createHmac } = require("node:crypto");
      const body = Buffer.from(JSON.stringify({ data: { date: "d", sku: "s", warehouse: "w", qty_salable: 1, seller_product_code: "ÁO" } }));
      const event = {
        version: "2.0", rawPath: "/tikinow/stock", rawQueryString: "", isBase64Encoded: true, body: body.toString("base64"),
        headers: { "x-signature": "sha1=" + createHmac("sha1", "k").update(body).digest("hex") },
        requestContext: { http: { method: "POST" } },
      };
      const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: "k" }).on("stock", () => {});
      receiver.lambda(event, { getRemainingTimeInMillis: () => 3000 }).then((result) => console.log(JSON.stringify(result)));`;
    const expected = { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"success":true}', isBase64Encoded: false };
    expect(JSON.parse(run(["-e", event('const { createReceiver } = require("webhook-signatures/receiver");')]))).toEqual(expected);
    expect(JSON.parse(run(["--input-type=module", "-e", `import { createReceiver } from "webhook-signatures/receiver"; import { createRequire } from "node:module"; const require = createRequire(import.meta.url);${event("")}`]))).toEqual(expected);
  });
});
