// Two processes racing for the same 1,000 keys on one shared store: each key is won exactly once.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { killChildren, track } from "./redis-env.js";

export type RacerKind = "node-redis" | "ioredis" | "postgres";

export function raceSuite(setup: () => { url: string; kinds: [RacerKind, RacerKind]; space: string }): void {
  afterAll(killChildren);

  it("gives each of 1,000 keys to exactly one of two processes", async () => {
    const COUNT = 1_000;
    const { url, kinds, space } = setup();
    const fixture = fileURLToPath(new URL("./fixtures/race-claimer.ts", import.meta.url));
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const racers = kinds.map((kind, index) => {
      const child = track(
        spawn(process.execPath, ["--import", "tsx", fixture, url, space, kind, String(COUNT), String(index)], { cwd: root, stdio: ["pipe", "pipe", "pipe"] }),
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const lines = createInterface({ input: child.stdout });
      const next = () =>
        new Promise<string>((resolve, reject) => {
          lines.once("line", resolve);
          child.once("exit", (code) => reject(new Error(`${kind} racer exited with ${code}: ${stderr}`)));
        });
      return { child, next };
    });
    try {
      const ready = await Promise.all(racers.map((racer) => racer.next()));
      expect(ready).toEqual(["ready", "ready"]);
      const results = racers.map((racer) => racer.next());
      for (const racer of racers) racer.child.stdin.write("go\n");
      const wins = (await Promise.all(results)).map((line) => JSON.parse(line) as { won: number[]; lost: number[] });
      const [a, b] = wins as [{ won: number[]; lost: number[] }, { won: number[]; lost: number[] }];
      expect(a.won.length + b.won.length).toBe(COUNT);
      const both = new Set([...a.won, ...b.won]);
      expect(both.size).toBe(COUNT); // no key won twice
      expect([...both].every((i) => Number.isInteger(i) && i >= 0 && i < COUNT)).toBe(true);
      // Every key one racer did not win, it found held by the other (in progress), never free.
      expect(new Set([...a.won, ...a.lost]).size).toBe(COUNT);
      expect(new Set([...b.won, ...b.lost]).size).toBe(COUNT);
      expect(a.won.length).toBeGreaterThan(0);
      expect(b.won.length).toBeGreaterThan(0);
    } finally {
      for (const racer of racers) racer.child.kill();
    }
  }, 60_000);
}
