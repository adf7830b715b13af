// A receiver built with a wrong option (most often a secret read from an unset environment
// variable) must say which receiver it is: an app builds several at start-up, one per provider
// and route, and "secret must be …, got undefined" alone does not tell which one.
import { describe, expect, it } from "vitest";
import { createReceiver } from "../../src/receiver/index.js";
import { createReceiver as createWebReceiver } from "../../src/web/index.js";

const thrown = (options: unknown): unknown => {
  try {
    createReceiver(options as never);
  } catch (error) {
    return error;
  }
  return undefined;
};

const message = (options: unknown): string => {
  const error = thrown(options);
  expect(error).toBeInstanceOf(TypeError);
  return (error as TypeError).message;
};

describe("every TypeError of createReceiver's option check names the receiver", () => {
  it("a missing secret names the provider and the route", () => {
    expect(message({ provider: "tilby", route: "/webhooks/tilby", secret: undefined })).toBe(
      '[webhook-signatures] createReceiver({ provider: "tilby", route: "/webhooks/tilby" }): secret must be a non-empty string or Uint8Array, got undefined',
    );
  });

  it("TikiNOW's channel is named too; a receiver without a route names none", () => {
    expect(message({ provider: "tikinow", channel: "stock", secret: "" })).toBe(
      '[webhook-signatures] createReceiver({ provider: "tikinow", channel: "stock" }): secret must not be empty: an empty HMAC key makes signatures forgeable',
    );
  });

  // One case per check of assertOptions: each keeps its own words after the receiver's name.
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ["provider", { provider: "github", route: "/gh" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "github", route: "\/gh" \}\): provider must be one of /],
    ["channel", { provider: "tikinow", channel: "orders", secret: "s", route: "/t" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tikinow", channel: "orders", route: "\/t" \}\): channel must be one of /],
    ["credentials", { provider: "tiki", route: "/tiki" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tiki", route: "\/tiki" \}\): credentials /],
    ["credentials list", { provider: "tiki", credentials: [{ id: "a:b", secret: "s" }], route: "/tiki" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tiki", route: "\/tiki" \}\): credentials/],
    ["secret list", { provider: "ewarehousing", secret: ["a", ""], route: "/ew" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "ewarehousing", route: "\/ew" \}\): secret\[1\] must not be empty/],
    ["toleranceSeconds", { provider: "mobility-work", secret: "s", toleranceSeconds: -1, route: "/mw" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "mobility-work", route: "\/mw" \}\): toleranceSeconds /],
    ["headerName", { provider: "tilby", secret: "s", headerName: "", route: "/tb" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tilby", route: "\/tb" \}\): headerName /],
    ["store", { provider: "tilby", secret: "s", store: {}, route: "/tb" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tilby", route: "\/tb" \}\): store /],
    ["maxBodyBytes", { provider: "tilby", secret: "s", maxBodyBytes: -1, route: "/tb" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tilby", route: "\/tb" \}\): maxBodyBytes /],
    ["deadlineMs", { provider: "tilby", secret: "s", deadlineMs: 0, route: "/tb" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tilby", route: "\/tb" \}\): deadlineMs /],
    ["onRefusal", { provider: "tilby", secret: "s", onRefusal: "log", route: "/tb" }, /^\[webhook-signatures\] createReceiver\(\{ provider: "tilby", route: "\/tb" \}\): onRefusal /],
  ];
  it.each(cases)("%s", (_name, options, expected) => {
    expect(message(options)).toMatch(expected);
  });

  it("a route that is not a string is refused as such, and not quoted in the name", () => {
    expect(message({ provider: "tilby", secret: "s", route: 1 })).toBe('[webhook-signatures] createReceiver({ provider: "tilby" }): route must be a string, got a number');
  });

  it("options that are not an object: the name has nothing to quote", () => {
    expect(message(undefined)).toBe("[webhook-signatures] createReceiver(): options must be an object, got undefined");
    expect(message({ provider: 42 })).toMatch(/^\[webhook-signatures\] createReceiver\(\{\}\): provider must be one of .*, got a number$/);
  });

  it("a very long provider or route is cut, and quoted as JSON (no line break reaches a log)", () => {
    const text = message({ provider: "tilby", secret: undefined, route: `/${"r".repeat(300)}\n` });
    expect(text).not.toContain("\n");
    expect(text).toContain(`route: "/${"r".repeat(99)}…" }`);
  });

  it("never quotes a secret, whatever else it names", () => {
    const text = message({ provider: "tikinow", channel: "stock", secret: "s3cr3t-value", route: "/t", maxBodyBytes: -1 });
    expect(text).not.toContain("s3cr3t-value");
  });

  it("what is not the option check's own TypeError passes through untouched", () => {
    const failure = new RangeError("from a getter");
    const options = {
      get provider(): string {
        throw failure;
      },
    };
    expect(thrown(options)).toBe(failure);
    const typeError = new TypeError("a getter's own TypeError");
    expect(thrown({ provider: "tilby", get secret(): string { throw typeError; } })).toBe(typeError);
  });

  it("/web's createReceiver names the receiver the same way", () => {
    expect(() => createWebReceiver({ provider: "tilby", route: "/webhooks/tilby" } as never)).toThrow(
      '[webhook-signatures] createReceiver({ provider: "tilby", route: "/webhooks/tilby" }): secret must be a non-empty string or Uint8Array, got undefined',
    );
  });
});
