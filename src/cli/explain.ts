// `verify --explain`: after a refusal, tries the usual mistakes one at a time, each through
// the library's own verify functions, and says which would have matched and how to fix it.
// What only one provider knows (its scheme, its own mistakes, a refusal that explains itself)
// is its declaration's `explain`; the rest is here.
import { type HmacAlgorithm, type Secret, type VerifyFailure, verifyHmacBase64, verifyHmacHex } from "../index.js";
import { isArgumentError } from "../lib/errors.js";
import { headerText } from "../lib/headers.js";
import { HMAC_GRID, describeHmac } from "../providers/shared.js";
import type { AnyProviderDeclaration, ExplainContext } from "../providers/types.js";
import { type VerifyInput, check, signatureHeaderOf } from "./providers.js";

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

/** The usual mistakes with a secret; `asKey`: it is an HMAC key, so its decoded bytes are tried too. */
function secretVariants(secret: string, asKey: boolean): Variant<Secret>[] {
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
  if (asKey) {
    // A text secret (Basic credentials) is not a key: the HMAC schemes take any bytes as the key.
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length % 4 === 0) {
      add(Buffer.from(secret, "base64"), "the secret base64-decoded", "the sender uses the bytes your secret's base64 spells as the key, not its text", 'pass Buffer.from(secret, "base64") as the secret');
    }
    if (/^(?:[0-9a-fA-F]{2})+$/.test(secret)) {
      add(Buffer.from(secret, "hex"), "the secret hex-decoded", "the sender uses the bytes your secret's hex digits spell as the key, not its text", 'pass Buffer.from(secret, "hex") as the secret');
    }
  }
  return variants;
}

/** Whether `signature` (the digits alone) is the HMAC of `signed` in this algorithm and encoding. */
function hmacMatches(signed: Uint8Array, secret: Secret, signature: string, algorithm: HmacAlgorithm, encoding: "hex" | "base64"): boolean {
  const input = { body: signed, secret, signature, algorithm };
  return (encoding === "hex" ? verifyHmacHex(input) : verifyHmacBase64(input)).ok;
}

/** The header's one value as the library reads it (the same value given twice is that value), or undefined. */
function headerValue(input: VerifyInput, name: string): string | undefined {
  const text = headerText(input.headers[name.toLowerCase()], name);
  return typeof text === "string" ? text : undefined;
}

/**
 * The library's verdict on a changed delivery, whatever the clock (each provider's `anyClock`
 * values): the signature alone decides here; a stale timestamp is explained by itself.
 */
function matchesAnyTime(input: VerifyInput): boolean {
  try {
    return check({ ...input, values: { ...input.values, ...input.declaration.explain?.anyClock } }).ok;
  } catch (error) {
    // A variant the provider's own checks refuse (a secret that is not a whsec_ key; Adyen's key is hex, a changed secret may not be) cannot match.
    if (isArgumentError(error)) return false;
    throw error;
  }
}

/** The provider whose scheme an HMAC of the raw body is, among these. */
function schemeOf(providers: readonly AnyProviderDeclaration[], algorithm: HmacAlgorithm, encoding: "hex" | "base64"): string | undefined {
  return providers.find((p) => p.explain?.hmac?.algorithm === algorithm && p.explain.hmac.encoding === encoding)?.name;
}

/** Every usual mistake that would have turned this refusal into a match. */
function findMistakes(input: VerifyInput, failure: VerifyFailure): { tried: number; findings: Finding[] } {
  const findings: Finding[] = [];
  let tried = 0;
  const { declaration } = input;
  const provider = declaration.name;
  const explain = declaration.explain;
  /** Tries one change with each secret in turn; the first that matches is a finding. */
  const attempt = (variant: Omit<Variant<unknown>, "value">, matches: (secret: string) => boolean) => {
    tried++;
    const index = input.secrets.findIndex((secret) => matches(secret as string));
    if (index !== -1) findings.push({ what: variant.what, why: variant.why, fix: variant.fix, secret: index });
  };
  const context: ExplainContext = {
    body: input.body,
    headerNames: Object.keys(input.headers),
    header: (name) => headerValue(input, name),
    values: input.values,
    nowMs: input.nowMs,
    check: (values, secret) => matchesAnyTime({ ...input, values, secrets: [secret] }),
    hmacMatches,
  };

  const refusal = explain?.refusal?.(failure, context);
  if (refusal !== undefined) return { tried: 1, findings: [{ ...refusal, secret: -1 }] };

  for (const variant of bodyVariants(Buffer.from(input.body))) {
    attempt(variant, (secret) => matchesAnyTime({ ...input, body: variant.value, secrets: [secret] }));
  }
  input.secrets.forEach((secret, index) => {
    for (const variant of secretVariants(secret as string, explain?.textSecret !== true)) {
      tried++;
      if (matchesAnyTime({ ...input, secrets: [variant.value] })) findings.push({ what: variant.what, why: variant.why, fix: variant.fix, secret: index });
    }
  });

  for (const mistake of explain?.mistakes?.(failure, context) ?? []) attempt(mistake, mistake.matches);

  const own = explain?.hmac;
  const value = own === undefined ? undefined : headerValue(input, signatureHeaderOf(declaration, input.values, input.nowMs));
  if (own !== undefined && value !== undefined) {
    const prefix = /^sha(?:1|256|512)=/i.exec(value)?.[0] ?? "";
    const digits = value.slice(prefix.length);
    for (const [algorithm, encoding] of HMAC_GRID) {
      const other = schemeOf(input.providers, algorithm, encoding);
      attempt(
        algorithm === own.algorithm && encoding === own.encoding
          ? {
              what: `the right ${describeHmac(algorithm, encoding)} with ${prefix ? `a "${prefix}" prefix` : "no prefix"}`,
              why: `the signature is right, but ${provider} ${own.prefix ? `writes it after "${own.prefix}"` : "sends the bare digits"}`,
              fix: own.prefixFix ?? `if this sender adds a prefix, verify with verifyHmacHex({ prefix: "${prefix}" })`,
            }
          : {
              what: `${describeHmac(algorithm, encoding)} instead of ${describeHmac(own.algorithm, own.encoding)}`,
              why: `the sender signs with ${describeHmac(algorithm, encoding)}${other ? `, which is ${other}'s scheme` : ""}, not ${provider}'s ${describeHmac(own.algorithm, own.encoding)}`,
              fix: other
                ? `check which provider this webhook comes from; for ${other}, run verify ${other}`
                : `if this sender really signs so, verify with ${encoding === "hex" ? "verifyHmacHex" : "verifyHmacBase64"}({ algorithm: "${algorithm}" })`,
            },
        (secret) => hmacMatches(input.body, secret, digits, algorithm, encoding),
      );
    }
  }

  for (const other of input.providers) {
    // A provider that needs an option of its own (an id to pair the secret with) is tried only by its own verify.
    if (other === declaration || other.cliOptions.some((option) => option.required !== undefined)) continue;
    attempt(
      {
        what: `${other.name}'s scheme`,
        why: `this is a ${other.name} delivery: its ${signatureHeaderOf(other, input.values, input.nowMs)} header matches`,
        fix: `run verify ${other.name}`,
      },
      (secret) => matchesAnyTime({ ...input, declaration: other, secrets: [secret] }),
    );
  }
  return { tried, findings };
}

/** The lines verify --explain prints. */
export function explain(input: VerifyInput, failure: VerifyFailure): string[] {
  const { tried, findings } = findMistakes(input, failure);
  const several = input.secrets.length > 1;
  if (findings.length === 0) {
    const unmatched = input.declaration.explain?.unmatched;
    return [
      `explain: tried ${tried} usual mistakes (body re-serialised, newlines, BOM, secret whitespace, quotes and encodings, other algorithms and schemes); none matched.`,
      "  Most likely the secret is not the one this sender signs with: check that it is this webhook's (this channel's) secret and that it was not rotated; or the body is not the bytes that were sent.",
      ...(unmatched === undefined ? [] : [`  ${input.declaration.name}: ${unmatched}.`]),
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
