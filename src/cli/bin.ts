// The `webhook-signatures` executable: hands main the real process. Kept to these lines
// (and left out of coverage); everything else runs in tests in process through main().
import { main } from "./main.js";

const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop.abort());

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  stdin: process.stdin,
  fetch: globalThis.fetch,
  now: Date.now,
  signal: stop.signal,
});
