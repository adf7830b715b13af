// In a process of its own (not under mutation: vitest.mutation.config.ts leaves it out): a spare
// deadline timer must not keep the process alive.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("a deadline that is not needed any more", () => {
  it("does not keep the process alive (the spare timer stops holding it)", async () => {
    const script = [
      'const { runOnce } = await import("./src/replay/run-once.ts");',
      'const { MemoryNonceStore } = await import("./src/replay/nonce-store.ts");',
      'const result = await runOnce({ store: new MemoryNonceStore(), key: "k", deadlineMs: 600000, leaseMs: 1200000, handler: async () => "quick" });',
      "console.log(result.status);",
    ].join("\n");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 60_000 });
    expect(stdout.trim()).toBe("processed"); // with a held 600 s timer, the child would be killed at 60 s
  }, 90_000);

  it("nor does the heartbeat of a handler that never ends (the lease renewal timer is unref'd)", async () => {
    const script = [
      'const { runOnce } = await import("./src/replay/run-once.ts");',
      'const { MemoryNonceStore } = await import("./src/replay/nonce-store.ts");',
      "const store = Object.assign(new MemoryNonceStore(), { renew: () => true });",
      'const result = await runOnce({ store, key: "k", deadlineMs: 50, leaseMs: 300, handler: () => new Promise(() => {}) });',
      "console.log(result.status);",
    ].join("\n");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 60_000 });
    expect(stdout.trim()).toBe("timed_out"); // with a held 100 ms interval, the child would be killed at 60 s
  }, 90_000);
});
