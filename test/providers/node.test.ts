// The root entry's verifier set: the body digest that keys a delivery without an id is the same
// whether node:crypto has the one-shot crypto.hash (Node 20.12+) or only createHash (older 20.x).
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

const BODY = new TextEncoder().encode('{"data":{"sku":"1"}}');
const EXPECTED = createHash("sha256").update(BODY).digest("hex");

afterEach(() => {
  vi.doUnmock("node:crypto");
  vi.resetModules();
});

describe("nodeVerifiers.sha256Hex", () => {
  it("digests with crypto.hash where Node has it", async () => {
    const { nodeVerifiers } = await import("../../src/providers/node.js");
    expect(nodeVerifiers.sha256Hex(BODY)).toBe(EXPECTED);
  });

  it("digests with createHash on a Node 20 without crypto.hash", async () => {
    vi.resetModules();
    vi.doMock("node:crypto", async (original) => {
      const { hash: _hash, ...rest } = await original<typeof import("node:crypto")>();
      return { ...rest, hash: undefined };
    });
    const { nodeVerifiers } = await import("../../src/providers/node.js");
    expect(nodeVerifiers.sha256Hex(BODY)).toBe(EXPECTED);
  });
});
