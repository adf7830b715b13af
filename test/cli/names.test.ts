// The nearest-name helper behind "unknown …; did you mean …?" for commands, providers and examples.
import { describe, expect, it } from "vitest";
import { distance, nearest } from "../../src/cli/names.js";

describe("distance", () => {
  it.each([
    ["sign", "sign", 0],
    ["SIGN", "sign", 0],
    ["sing", "sign", 1], // two neighbours swapped: one edit
    ["sgn", "sign", 1],
    ["sigtn", "sign", 1],
    ["sihn", "sign", 1],
    ["", "sign", 4],
    ["sign", "", 4],
    ["ab", "ba", 1],
    ["abc", "ca", 3], // the restricted swap: no edit of a swapped pair
    ["kitten", "sitting", 3],
  ])("%j to %j is %i", (a, b, d) => {
    expect(distance(a, b)).toBe(d);
    expect(distance(b, a)).toBe(d);
  });
});

describe("nearest", () => {
  const NAMES = ["tikinow", "tiki", "mobility-work", "tilby", "ewarehousing"];

  it("suggests a name within a third of its length in edits, at least one", () => {
    expect(nearest("tikinoww", NAMES)).toBe("tikinow");
    expect(nearest("tiknw", NAMES)).toBe("tikinow"); // 2 edits of 7 characters
    expect(nearest("tbkbnox", NAMES)).toBeUndefined(); // 3 of 7
    expect(nearest("tilbx", NAMES)).toBe("tilby"); // 1 of 5
    expect(nearest("tilxx", NAMES)).toBeUndefined(); // 2 of 5
  });

  it("suggests a name that starts with what was typed, from three characters", () => {
    expect(nearest("ewar", NAMES)).toBe("ewarehousing");
    expect(nearest("EWA", NAMES)).toBe("ewarehousing");
    expect(nearest("ew", NAMES)).toBeUndefined();
    expect(nearest("mob", NAMES)).toBe("mobility-work");
  });

  it("takes the nearest, the first of equals", () => {
    expect(nearest("tikn", NAMES)).toBe("tiki"); // 1 edit from tiki, 3 from tikinow
    expect(nearest("ab", ["ax", "xb"])).toBe("ax");
  });

  it("never echoes text with control or format characters, nor what is far from every name", () => {
    expect(nearest("tiki\x1b", NAMES)).toBeUndefined();
    expect(nearest("tiki\u202e", NAMES)).toBeUndefined();
    expect(nearest("whsec_8f3a9c1d27e4b5", NAMES)).toBeUndefined();
    expect(nearest("", NAMES)).toBeUndefined();
  });
});
