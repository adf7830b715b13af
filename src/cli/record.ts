// `listen --record DIR`: each request the listener receives, kept as a raw HTTP/1.1 request file
// (what `verify --request` reads, and `replay` sends again): the request line, the headers as
// received (names' case, order and repeats kept), a blank line, the body byte for byte (a chunked
// body framed as one chunk, under its Transfer-Encoding header). Files are NNNN-<provider>-<time>.http,
// numbered on after those already in DIR, written 0600 under a temporary name and then linked
// to their own (never over another file: a second listener on DIR numbers past it). Nothing of
// the command line (its secrets) is written: only what the request brought.
import { mkdirSync, readdirSync } from "node:fs";
import { link, readdir, unlink, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { type Io, UsageError } from "./io.js";

/** A recorded request's file: its number, a dash, anything, `.http`. */
const RECORDED = /^(\d+)-.*\.http$/;

/** The number of a recorded request's file name (one that recordedIn keeps). */
export const numberOf = (name: string): number => Number.parseInt(name, 10);

/** The recorded requests' files among `names`, in the order of their numbers (of names, for equal numbers). */
export function recordedIn(names: readonly string[]): string[] {
  // Sorted by name, then (a stable sort) by number: 0010 after 0009, and 10000 after 9999.
  return names
    .filter((name) => RECORDED.test(name))
    .sort()
    .sort((a, b) => numberOf(a) - numberOf(b));
}

const highest = (names: readonly string[]): number => Math.max(0, ...recordedIn(names).map(numberOf));

export interface Recorder {
  /** Keeps `req` as it arrives (call it before anyone reads it); written once `res` has closed. */
  record(req: IncomingMessage, res: ServerResponse): void;
  /** Resolves once every file begun is written (or its failure said). */
  flush(): Promise<void>;
}

/** The recorder of `listen --record DIR`; makes DIR (0700) or says why it cannot, as a usage error. */
export function recorder(dir: string, provider: string, io: Io): Recorder {
  let next: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    next = highest(readdirSync(dir)) + 1;
  } catch (error) {
    throw new UsageError(`--record ${dir}: cannot make it (${(error as NodeJS.ErrnoException).code})`);
  }
  const pending = new Set<Promise<void>>();
  const nameOf = (number: number, stamp: string) => `${String(number).padStart(4, "0")}-${provider}-${stamp}.http`;

  /** Writes under a temporary name, then links it to its own name: a name taken meanwhile (another listener) is numbered past. */
  async function save(bytes: Buffer, stamp: string, number: number): Promise<string> {
    const temp = join(dir, `.${nameOf(number, stamp)}.${process.pid}.tmp`);
    await writeFile(temp, bytes, { mode: 0o600, flag: "wx" });
    try {
      for (;;) {
        try {
          await link(temp, join(dir, nameOf(number, stamp)));
          return nameOf(number, stamp);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          next = Math.max(next, highest(await readdir(dir)) + 1);
          number = next++;
        }
      }
    } finally {
      await unlink(temp);
    }
  }

  return {
    record(req, res) {
      const number = next++;
      const stamp = new Date(io.now()).toISOString().replace(/[-:]/g, "");
      const chunks: Buffer[] = [];
      let ended = false;
      const keep = (chunk: Buffer) => void chunks.push(chunk);
      // Bounded by the receiver: it answers once it has read the body or refused it (past its
      // limit, at its timeout), and nothing is kept after the answer.
      req.on("data", keep);
      req.once("end", () => (ended = true));
      res.once("close", () => {
        req.removeListener("data", keep);
        const body = Buffer.concat(chunks);
        const head = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) head.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        // node:http hands the chunks' bytes joined: framed again as one chunk, then the last
        // chunk if the body came whole. A cut one is read as cut: its chunk unfinished, or none.
        const chunked = req.headers["transfer-encoding"] !== undefined;
        const size = Buffer.from(chunked && (ended || body.length > 0) ? `${body.length.toString(16)}\r\n` : "");
        const framed = [size, body, Buffer.from(chunked && ended ? "\r\n0\r\n\r\n" : "")];
        // Header values are latin1 in node:http: written back as the bytes that came.
        const bytes = Buffer.concat([Buffer.from(`${head.join("\r\n")}\r\n\r\n`, "latin1"), ...framed]);
        const write = save(bytes, stamp, number).then(
          (name) => {
            if (!ended) io.stderr(`Note: ${name} holds the first ${body.length} bytes of the body only (the request was refused or cut before its end).\n`);
          },
          (error: NodeJS.ErrnoException) => {
            // The code only: never the body or a header.
            io.stderr(`webhook-signatures listen: --record: cannot write ${nameOf(number, stamp)} (${error.code}); the request was answered as usual\n`);
          },
        );
        pending.add(write);
        void write.finally(() => pending.delete(write));
      });
    },
    async flush() {
      await Promise.all(pending);
    },
  };
}
