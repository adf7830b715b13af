// How argument errors name the value they got: by its kind, never by its content.
import { describe, expect, it } from "vitest";
import { argumentError, describe as describeValue, isArgumentError } from "../../src/lib/errors.js";

describe("describe (the 'got …' of an argument error)", () => {
  it("names each kind of value without echoing it", () => {
    expect(describeValue(null)).toBe("null");
    expect(describeValue([1])).toBe("an array");
    expect(describeValue(new Uint8Array(2))).toBe("a Uint8Array");
    expect(describeValue(Buffer.from("x"))).toBe("a Uint8Array");
    expect(describeValue({})).toBe("an object");
    expect(describeValue("secret")).toBe("a string");
    expect(describeValue(undefined)).toBe("undefined");
  });
});

describe("isArgumentError (a caller mistake of ours, passed on rather than taken for a store failure)", () => {
  it("is true for argumentError's TypeError, and for a TypeError with its prefix (a copy of the package in another bundle)", () => {
    expect(isArgumentError(argumentError("key", "must be a string"))).toBe(true);
    expect(isArgumentError(new TypeError("[webhook-signatures] key must be a non-empty string"))).toBe(true);
  });

  it("is false for anything else: another TypeError, an Error with the prefix, the prefix later on, a string", () => {
    expect(isArgumentError(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isArgumentError(new Error("[webhook-signatures] Redis is unreachable or failed"))).toBe(false);
    expect(isArgumentError(new TypeError("wrapped: [webhook-signatures] key must be a string"))).toBe(false);
    expect(isArgumentError(new TypeError("[webhook-signatures]key"))).toBe(false);
    expect(isArgumentError("[webhook-signatures] key must be a string")).toBe(false);
    expect(isArgumentError(undefined)).toBe(false);
  });
});
