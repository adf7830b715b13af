// `verify --explain`: after a refusal, tries the usual mistakes one at a time, each through
// the library's own verify functions, and says which would have matched and how to fix it.
import { type HmacAlgorithm, type Secret, type VerifyFailure, parseMwSignatureHeader, verifyHmacBase64, verifyHmacHex } from "../index.js";
import { headerText } from "../lib/headers.js";
import { PROVIDERS, type Provider } from "./options.js";
import { type VerifyInput, check, signatureHeader } from "./providers.js";

/** A mistake that would have matched. */
interface Finding {
  /** What would have matched, in a few words. */
  what: string;
  /** What that means happened. */
  why: string;
  fix: string;
  /** The position of the secret it matched with (from 0); -1 for none in particular. */
  secret: number;
}

interface Variant<T> {
  value: T;
  what: string;
  why: string;
  fix: string;
}

const RAW_FIX =
  'verify the raw bytes exactly as received, before any JSON parsing: in Express use express.raw({ type: () => true }) (any Content-Type, even none), ' +
  'in Fastify a content-type parser with parseAs: "buffer", in Next.js or Hono await request.arrayBuffer(); ' +
  "capture a delivery with nc -l or a proxy, not from a log or a pretty-printing tool";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** JSON.stringify as PHP's json_encode writes it by default: "/" and every non-ASCII character escaped. */
function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("/", "\\/")
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function bodyVariants(body: Buffer): Variant<Buffer>[] {
  const variants: Variant<Buffer>[] = [];
  const text = body.toString("utf8");
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
    parsed = true;
  } catch {
    // Not JSON: only the byte-level variants apply.
  }
  const reformatted = (how: string, who: string): string =>
    `the JSON was re-serialised ${how} on one side: by the sender before signing, or on your side before verifying (${who})`;
  const byteVariant = (value: Buffer, what: string, why: string, fix: string) => variants.push({ value, what, why, fix });
  const newline = "use the bytes as received: an editor, echo or a heredoc adds a final newline (use printf '%s', or the raw capture)";
  if (text.endsWith("\n")) {
    byteVariant(body.subarray(0, body.length - (text.endsWith("\r\n") ? 2 : 1)), "the body without its trailing newline", "your copy of the body ends with a newline that was not signed", newline);
  }
  byteVariant(Buffer.concat([body, Buffer.from("\n")]), "the body with a trailing newline added", "the signed bytes end with a newline your copy lacks", newline);
  const lineEnds = "use the bytes as received: git autocrlf, a Windows editor or an HTTP tool converted the line ends";
  if (text.includes("\r\n")) {
    byteVariant(Buffer.from(text.replaceAll("\r\n", "\n")), "the body with LF line ends", "the signed bytes have LF line ends and your copy CRLF", lineEnds);
  }
  if (/(^|[^\r])\n/.test(text)) {
    byteVariant(Buffer.from(text.replace(/\r?\n/g, "\r\n")), "the body with CRLF line ends", "the signed bytes have CRLF line ends and your copy LF", lineEnds);
  }
  const bomFix = "use the bytes as received: Windows editors and PowerShell's Out-File add a byte-order mark, some readers strip it";
  if (body.subarray(0, 3).equals(BOM)) {
    byteVariant(body.subarray(3), "the body without its byte-order mark", "your copy starts with a UTF-8 BOM (EF BB BF) that was not signed", bomFix);
  } else {
    byteVariant(Buffer.concat([BOM, body]), "the body with a byte-order mark", "the signed bytes start with a UTF-8 BOM (EF BB BF) that your copy lacks", bomFix);
  }
  if (parsed) {
    const add = (serialised: string, what: string, why: string) => variants.push({ value: Buffer.from(serialised), what, why, fix: RAW_FIX });
    add(
      JSON.stringify(json),
      `the body re-serialised compact (your copy is ${/\n[ \t]/.test(text) ? "pretty-printed" : "spaced differently"})`,
      "the sender signed compact JSON, and the body you verify was re-formatted after signing (by a tool, a log, an editor, or JSON.stringify(body, null, 2))",
    );
    add(JSON.stringify(json, null, 2), "the body pretty-printed with 2 spaces", reformatted("with 2-space indents", "JSON.stringify(body, null, 2), a log, jq"));
    add(JSON.stringify(json, null, 4), "the body pretty-printed with 4 spaces", reformatted("with 4-space indents", "Python's json.dumps(indent=4), an editor"));
    add(JSON.stringify(json, null, "\t"), "the body pretty-printed with tabs", reformatted("with tab indents", 'JSON.stringify(body, null, "\\t"), an editor'));
    add(JSON.stringify(sortKeys(json)), "the body with its keys sorted", reformatted("with its keys sorted", "jq -S, json.dumps(sort_keys=True), a canonicaliser"));
    add(
      phpJson(json),
      "the body as PHP's json_encode writes it (\\/ and \\uXXXX escapes)",
      "the sender escapes / and non-ASCII characters, and the body you verify was decoded and re-serialised without those escapes",
    );
  }
  // Two variants can give the same bytes (a body with a BOM, compact): keep the first, the
  // byte-level change being the narrower diagnosis.
  const seen = new Set<string>([body.toString("latin1")]);
  return variants.filter((v) => !seen.has(v.value.toString("latin1")) && seen.add(v.value.toString("latin1")));
}

function secretVariants(secret: string, provider: Provider): Variant<Secret>[] {
  const variants: Variant<Secret>[] = [];
  const add = (value: Secret, what: string, why: string, fix: string) => variants.push({ value, what, why, fix });
  if (secret.trim() !== secret) {
    add(secret.trim(), "the secret without the whitespace around it", "your secret has a space or a newline at an end (copied from a web form or a file)", "trim it where you load it (secret.trim()), and check the .env file");
  }
  add(
    `${secret}\n`,
    "the secret with a newline at its end",
    "the sender's secret ends with a newline (read from a file without trimming, or registered with one)",
    "trim the secret where it is read from a file, or register it again without the newline",
  );
  if (/^(["']).+\1$/s.test(secret)) {
    add(secret.slice(1, -1), "the secret without the quotes around it", "your secret still has its quotes (a .env file read without a parser, or quoted twice in a shell)", "drop the quotes from the value");
  }
  add(`"${secret}"`, "the secret with quotes around it", "the sender's configuration kept the quotes around the secret (a quoted .env or YAML value)", "drop the quotes where the sender's secret is configured");
  if (provider !== "tiki") {
    // Tiki's Basic credentials are text; the HMAC schemes take any bytes as the key.
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length % 4 === 0) {
      add(Buffer.from(secret, "base64"), "the secret base64-decoded", "the sender uses the bytes your secret's base64 spells as the key, not its text", 'pass Buffer.from(secret, "base64") as the secret');
    }
    if (/^(?:[0-9a-fA-F]{2})+$/.test(secret)) {
      add(Buffer.from(secret, "hex"), "the secret hex-decoded", "the sender uses the bytes your secret's hex digits spell as the key, not its text", 'pass Buffer.from(secret, "hex") as the secret');
    }
  }
  return variants;
}

type Encoding = "hex" | "base64";
const GRID: readonly [HmacAlgorithm, Encoding][] = [
  ["sha1", "hex"],
  ["sha256", "hex"],
  ["sha512", "hex"],
  ["sha1", "base64"],
  ["sha256", "base64"],
  ["sha512", "base64"],
];
/** The provider whose scheme each (algorithm, encoding) of the raw body is. */
const SCHEME_OF: Readonly<Record<string, Provider>> = { "sha1 hex": "tikinow", "sha256 hex": "tilby", "sha256 base64": "ewarehousing" };
const OWN: Readonly<Partial<Record<Provider, string>>> = { tikinow: "sha1 hex", tilby: "sha256 hex", ewarehousing: "sha256 base64" };
const describeScheme = (algorithm: HmacAlgorithm, encoding: Encoding) => `HMAC-${algorithm.toUpperCase()} in ${encoding}`;

function hmacMatches(body: Uint8Array, secret: Secret, signature: string, algorithm: HmacAlgorithm, encoding: Encoding): boolean {
  const input = { body, secret, signature, algorithm };
  return (encoding === "hex" ? verifyHmacHex(input) : verifyHmacBase64(input)).ok;
}

/** The header's one value as the library reads it (the same value given twice is that value), or undefined. */
function headerValue(input: VerifyInput, name: string): string | undefined {
  const text = headerText(input.headers[name.toLowerCase()], name);
  return typeof text === "string" ? text : undefined;
}

/** Every usual mistake that would have turned this refusal into a match. */
export function findMistakes(input: VerifyInput, failure: VerifyFailure): { tried: number; findings: Finding[] } {
  const findings: Finding[] = [];
  let tried = 0;
  const { provider } = input;
  // The signature alone decides here: a stale Mobility Work timestamp is explained separately.
  const base: VerifyInput = { ...input, toleranceSeconds: Infinity };
  /** Tries one change with each secret in turn; the first that matches is a finding. */
  const attempt = (variant: Omit<Variant<unknown>, "value">, matches: (secret: Secret) => boolean) => {
    tried++;
    const index = input.secrets.findIndex(matches);
    if (index !== -1) findings.push({ what: variant.what, why: variant.why, fix: variant.fix, secret: index });
  };

  if (failure.reason === "timestamp_too_old" || failure.reason === "timestamp_too_new") {
    const fields = parseMwSignatureHeader(headerValue(input, "x-mw-signature") as string);
    const skew = Math.round(input.nowMs / 1000 - (fields as { timestamp: number }).timestamp);
    const old = failure.reason === "timestamp_too_old";
    findings.push({
      what: `a clock ${Math.abs(skew)} s ${old ? "behind" : "ahead"} (${duration(Math.abs(skew))})`,
      why: `the signature is genuine, but its timestamp t is ${Math.abs(skew)} s ${old ? "older than" : "ahead of"} this machine's clock, past the tolerance of ${input.toleranceSeconds} s`,
      secret: -1,
      fix: old
        ? `if you are checking a capture made earlier, pass --tolerance ${Math.abs(skew) + 60} (toleranceSeconds in code); if it arrived just now, a clock is wrong: check NTP on this machine (timedatectl)`
        : "one of the clocks is ahead: check NTP on this machine and the sender's (timedatectl); t is unix seconds, not milliseconds",
    });
    return { tried: 1, findings };
  }

  for (const variant of bodyVariants(Buffer.from(input.body))) {
    attempt(variant, (secret) => check({ ...base, body: variant.value, secrets: [secret] }).ok);
  }
  input.secrets.forEach((secret, index) => {
    for (const variant of secretVariants(secret as string, provider)) {
      tried++;
      if (check({ ...base, secrets: [variant.value] }).ok) findings.push({ what: variant.what, why: variant.why, fix: variant.fix, secret: index });
    }
  });

  if (provider === "tiki") {
    const id = input.id as string;
    attempt(
      {
        what: "the id and the secret swapped",
        why: "the sender's pair is your secret as the id and your id as the secret",
        fix: "swap them: --id takes the id, --secret the secret (in code, { id, secret }, as granted with PUT /integration/v1/webhooks/credentials)",
      },
      (secret) => !(secret as string).includes(":") && check({ ...base, id: secret as string, secrets: [id] }).ok,
    );
  }

  const value = headerValue(input, provider === "tilby" ? input.headerName : provider === "ewarehousing" ? "x-hmac-sha256" : "x-signature");
  if (provider !== "tiki" && provider !== "mobility-work" && value !== undefined) {
    const prefix = /^sha(?:1|256|512)=/i.exec(value)?.[0] ?? "";
    const digits = value.slice(prefix.length);
    for (const [algorithm, encoding] of GRID) {
      const scheme = `${algorithm} ${encoding}`;
      const own = OWN[provider] as string;
      const [ownAlgorithm, ownEncoding] = own.split(" ") as [HmacAlgorithm, Encoding];
      const other = SCHEME_OF[scheme];
      attempt(
        scheme === own
          ? {
              what: `the right ${describeScheme(algorithm, encoding)} with ${prefix ? `a "${prefix}" prefix` : "no prefix"}`,
              why: `the signature is right, but ${provider} ${provider === "tikinow" ? 'writes it after "sha1="' : "sends the bare digits"}`,
              fix:
                provider === "tikinow"
                  ? 'the sender is not writing TikiNOW\'s "sha1=<hex>" form; if it is your own test sender, use signTikiSha1'
                  : `if this sender adds a prefix, verify with verifyHmacHex({ prefix: "${prefix}" })`,
            }
          : {
              what: `${describeScheme(algorithm, encoding)} instead of ${describeScheme(ownAlgorithm, ownEncoding)}`,
              why: `the sender signs with ${describeScheme(algorithm, encoding)}${other ? `, which is ${other}'s scheme` : ""}, not ${provider}'s ${describeScheme(ownAlgorithm, ownEncoding)}`,
              fix: other
                ? `check which provider this webhook comes from; for ${other}, run verify ${other}`
                : `if this sender really signs so, verify with ${encoding === "hex" ? "verifyHmacHex" : "verifyHmacBase64"}({ algorithm: "${algorithm}" })`,
            },
        (secret) => hmacMatches(input.body, secret, digits, algorithm, encoding),
      );
    }
  }

  if (provider === "mobility-work") {
    const raw = headerValue(input, "x-mw-signature") ?? "";
    const field = (name: string) => new RegExp(`(?:^|,)\\s*${name}=([^,\\s]+)`).exec(raw)?.[1];
    const t = field("t");
    const nonce = field("nonce");
    const signature = field("signature");
    if (t !== undefined && nonce !== undefined && signature !== undefined) {
      const signed = Buffer.concat([Buffer.from(`${t}.${nonce}.`), input.body]);
      for (const [algorithm, encoding] of GRID) {
        if (algorithm === "sha256" && encoding === "hex") continue;
        attempt(
          {
            what: `${describeScheme(algorithm, encoding)} of t.nonce.body instead of HMAC-SHA256 in hex`,
            why: `the sender signs "t.nonce.body" with ${describeScheme(algorithm, encoding)}; Mobility Work uses HMAC-SHA256 in lowercase hex`,
            fix: "if this is your own test sender, sign with signMwSignature (or webhook-signatures sign mobility-work)",
          },
          (secret) => hmacMatches(signed, secret, signature, algorithm, encoding),
        );
      }
      attempt(
        {
          what: "HMAC-SHA256 of the body alone, without t and nonce",
          why: 'the sender signs only the body; Mobility Work signs "t.nonce.body" (the timestamp, a dot, the nonce, a dot, the raw body)',
          fix: "if this is your own test sender, sign with signMwSignature (or webhook-signatures sign mobility-work)",
        },
        (secret) => hmacMatches(input.body, secret, signature, "sha256", "hex"),
      );
    }
  }

  if (provider === "tilby" && failure.reason === "missing_header") {
    for (const name of Object.keys(input.headers)) {
      attempt(
        {
          what: `the signature in the ${name} header`,
          why: `Tilby does not document its header name, and this request carries the signature in ${name}, not ${input.headerName}`,
          fix: `pass --header-name ${name} (headerName in code)`,
        },
        (secret) => check({ ...base, headerName: name, secrets: [secret] }).ok,
      );
    }
  }

  for (const other of PROVIDERS) {
    // Tiki needs an --id, which only `verify tiki` takes.
    if (other === provider || other === "tiki") continue;
    attempt(
      {
        what: `${other}'s scheme`,
        why: `this is a ${other} delivery: its ${signatureHeader(other, input.headerName)} header matches`,
        fix: `run verify ${other}`,
      },
      (secret) => check({ ...base, provider: other, secrets: [secret] }).ok,
    );
  }
  return { tried, findings };
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** The lines verify --explain prints. */
export function explain(input: VerifyInput, failure: VerifyFailure): string[] {
  const { tried, findings } = findMistakes(input, failure);
  const several = input.secrets.length > 1;
  if (findings.length === 0) {
    return [
      `explain: tried ${tried} usual mistakes (body re-serialised, newlines, BOM, secret whitespace, quotes and encodings, other algorithms and schemes); none matched.`,
      "  Most likely the secret is not the one this sender signs with: check that it is this webhook's (this channel's) secret and that it was not rotated; or the body is not the bytes that were sent.",
    ];
  }
  const lines = [`explain: tried ${tried} usual mistake${tried === 1 ? "" : "s"}; ${findings.length === 1 ? "this one" : `these ${findings.length}`} would have matched:`];
  for (const finding of findings) {
    lines.push(`  * ${finding.what}${several && finding.secret !== -1 ? ` (with secret #${finding.secret + 1})` : ""}`);
    lines.push(`    ${finding.why}.`);
    lines.push(`    fix: ${finding.fix}.`);
  }
  return lines;
}
