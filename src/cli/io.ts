// What a command may touch of the outside world, passed in so that tests run commands in
// process with their own output, environment, clock and fetch (bin.ts hands in the real ones).

export interface Io {
  /** Output for people. */
  stdout(text: string): void;
  /** Diagnostics: usage errors, notes, where a temp file went. */
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal: color only then, and never with NO_COLOR. */
  isTTY: boolean;
  /** Read for `--body -`. */
  stdin: AsyncIterable<Uint8Array | string>;
  fetch: typeof fetch;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Aborted to stop a long-running command (`listen`): Ctrl-C, or a test. */
  signal?: AbortSignal;
}

/** A mistake in the command line: exit 2, the message on stderr. Never holds a secret. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  note(text: string): string;
  dim(text: string): string;
}

const PLAIN: Paint = { ok: String, bad: String, note: String, dim: String };

const ansi = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;

const COLOR: Paint = { ok: ansi("32"), bad: ansi("31"), note: ansi("33"), dim: ansi("2") };

/** Color on a terminal only, and never when NO_COLOR is set to anything but "" (no-color.org). */
export function paint(io: Io): Paint {
  return io.isTTY && !io.env.NO_COLOR ? COLOR : PLAIN;
}
