// The recorder of `listen --record` on its own: the order of recorded files, and a file system
// that refuses the hard link a file is put in place with (node:fs/promises' link mocked).
import { readdirSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { recordedIn, recorder } from "../../src/cli/record.js";
import { scratch } from "./harness.js";

vi.mock("node:fs/promises", async (original) => {
  const fs = await original<typeof import("node:fs/promises")>();
  return { ...fs, link: vi.fn(async () => Promise.reject(Object.assign(new Error("EPERM: operation not permitted, link"), { code: "EPERM" }))) };
});

const files = scratch();
afterAll(() => files.remove());

describe("recordedIn", () => {
  it("keeps NNNN-….http files, in the order of their numbers, then of their names", () => {
    expect(recordedIn(["10000-a.http", "9999-b.http", "0002-b.http", "0002-a.http", "x.http", "0003-c.txt", "-1.http", ".0004-d.http.1.tmp"])).toEqual([
      "0002-a.http",
      "0002-b.http",
      "9999-b.http",
      "10000-a.http",
    ]);
  });
});

describe("recorder", () => {
  it("says on stderr when the file cannot be put in place (no hard links there), and leaves no temporary file", async () => {
    let stderr = "";
    const io = { stderr: (text: string) => void (stderr += text), now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 6) } as unknown as Io;
    const dir = join(files.dir, "no-links");
    const keeping = recorder(dir, "acme", io);
    const server = createServer((req, res) => {
      keeping.record(req, res);
      req.on("end", () => res.end("done"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { method: "POST" }, (res) => res.resume().on("end", resolve));
        req.on("error", reject);
        req.end("{}");
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await keeping.flush();
    expect(stderr).toBe("webhook-signatures listen: --record: cannot write 0001-acme-20260102T030405.006Z.http (EPERM); the request was answered as usual\n");
    expect(readdirSync(dir)).toEqual([]);
  });
});
