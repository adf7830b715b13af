// A raw HTTP/1.1 request as `nc -l` or a proxy captures it: request line, headers, a blank
// line, the body. CRLF or bare LF line ends; chunked transfer-encoding is decoded.
import { UsageError } from "./io.js";

export interface RawRequest {
  /** The request line's method and target (`POST`, `/webhooks?x=1`). */
  method: string;
  target: string;
  /** Lowercase names; a repeated header's values in order. */
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** Things worth telling on stderr. */
  notes: string[];
}

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.[01]$/;

function bad(detail: string): UsageError {
  return new UsageError(`--request: ${detail}`);
}

/** The offset just past the line that starts at `from`, and the line without its CR LF; null at the end. */
function lineAt(bytes: Buffer, from: number): { line: string; next: number } | null {
  const end = bytes.indexOf(0x0a, from);
  if (end === -1) return null;
  return { line: bytes.toString("latin1", from, end).replace(/\r$/, ""), next: end + 1 };
}

function dechunk(bytes: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const size = lineAt(bytes, at);
    const digits = size?.line.split(";")[0]?.trim() ?? "";
    if (size === null || !/^[0-9a-fA-F]{1,8}$/.test(digits)) throw bad(`malformed chunk size at byte ${at} of the body`);
    const length = Number.parseInt(digits, 16);
    if (length === 0) return Buffer.concat(chunks); // trailers, if any, are not signed
    const end = size.next + length;
    const after = bytes.toString("latin1", end, end + 2);
    if (end > bytes.length || !(after === "\r\n" || after.startsWith("\n"))) throw bad(`the chunk at byte ${at} of the body is cut short`);
    chunks.push(bytes.subarray(size.next, end));
    at = end + (after === "\r\n" ? 2 : 1);
  }
}

export function parseRequest(bytes: Buffer): RawRequest {
  const headers: Record<string, string | string[]> = {};
  const notes: string[] = [];
  const first = lineAt(bytes, 0);
  if (first === null || !REQUEST_LINE.test(first.line)) {
    throw bad("the first line is not an HTTP/1.1 request line (METHOD /path HTTP/1.1): is this a raw capture?");
  }
  const [method, target] = first.line.split(" ") as [string, string];
  let at = first.next;
  for (let number = 2; ; number++) {
    const next = lineAt(bytes, at);
    if (next === null) throw bad("no blank line after the headers: the capture is cut short");
    at = next.next;
    const { line } = next;
    if (line === "") break;
    if (/^[ \t]/.test(line)) throw bad(`line ${number} continues a header (obsolete line folding): put the header on one line`);
    const colon = line.indexOf(":");
    if (colon <= 0) throw bad(`line ${number} is not a "Name: value" header`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    headers[name] = seen === undefined ? value : [seen, value].flat();
  }
  const rest = bytes.subarray(at);
  const encoding = headers["transfer-encoding"];
  if (encoding !== undefined) {
    if (String(encoding).toLowerCase() !== "chunked") throw bad("only the chunked transfer-encoding is supported");
    notes.push("the body was sent chunked: verifying the bytes of its chunks joined");
    return { method, target, headers, body: dechunk(rest), notes };
  }
  const declared = headers["content-length"];
  if (declared === undefined) return { method, target, headers, body: rest, notes };
  const length = /^[0-9]+$/.test(String(declared)) ? Number(declared) : Number.NaN;
  if (Number.isNaN(length)) throw bad("the Content-Length header is not one number");
  if (rest.length < length) throw bad(`the capture is cut short: Content-Length says ${length} bytes, the file has ${rest.length} after the headers`);
  if (rest.length > length) notes.push(`${rest.length - length} bytes after the body (Content-Length ${length}) were left out`);
  return { method, target, headers, body: rest.subarray(0, length), notes };
}
