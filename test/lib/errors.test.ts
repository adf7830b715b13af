// How argument errors name the value they got: by its kind, never by its content.
import { describe, expect, it } from "vitest";
import { describe as describeValue } from "../../src/lib/errors.js";

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
