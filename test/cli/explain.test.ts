// `verify --explain` finds each usual mistake, one case each, in process and from the built
// bin; and says plainly when nothing matched.
import { afterAll, describe, expect, it } from "vitest";
import { basicAuthHeader, signHmacBase64, signHmacHex, signMwSignature, signTikiSha1 } from "../../src/index.js";
import { OTHER_SECRETS, RUNNERS, SECRET, TIKI_ID, cli, expectNoSecretPrinted, scratch } from "./harness.js";

const files = scratch();
afterAll(() => files.remove());
afterAll(() => expectNoSecretPrinted([B64_SECRET, HEX_SECRET]));

const PAYLOAD = { data: { sku: "1377286379376", warehouse: "sgn", qty_salable: 60, name: "Bình giữ nhiệt", url: "https://tiki.vn/p/1", tags: [{ z: 1, a: 2 }] } };
const COMPACT = JSON.stringify(PAYLOAD);
const PRETTY = JSON.stringify(PAYLOAD, null, 2);
const BOM = "\uFEFF";
const S = SECRET.tikinow;
const [WRONG, SECOND] = OTHER_SECRETS as [string, string];
/** Keys given as base64 and as hex text: checked against the output too. */
const B64_SECRET = "c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY=";
const HEX_SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

interface Case {
  name: string;
  provider: string;
  /** The bytes verified. */
  body: string;
  /** The request headers, as sent. */
  headers: string[];
  /** --secret values and any other options. */
  args: string[];
  finding: RegExp;
}

const tiki = (body: string, secret: string | Buffer = S) => [`x-signature: ${signTikiSha1({ body, secret })}`];
const nowSeconds = () => Math.floor(Date.now() / 1000);

const SORTED = JSON.stringify({ data: { name: PAYLOAD.data.name, qty_salable: 60, sku: PAYLOAD.data.sku, tags: [{ a: 2, z: 1 }], url: PAYLOAD.data.url, warehouse: "sgn" } });
const PHP = COMPACT.replaceAll("/", "\\/").replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const CASES: Case[] = [
  { name: "a pretty-printed copy of a compact body", provider: "tikinow", body: PRETTY, headers: tiki(COMPACT), args: ["--secret", S], finding: /\* the body re-serialised compact \(your copy is pretty-printed\)\n.*fix: verify the raw bytes exactly as received.*express\.raw/s },
  { name: "a compact copy of a body signed pretty-printed with 2 spaces", provider: "tikinow", body: COMPACT, headers: tiki(PRETTY), args: ["--secret", S], finding: /\* the body pretty-printed with 2 spaces\n.*re-serialised with 2-space indents.*\n.*fix: verify the raw bytes/ },
  { name: "4 spaces", provider: "tikinow", body: COMPACT, headers: tiki(JSON.stringify(PAYLOAD, null, 4)), args: ["--secret", S], finding: /\* the body pretty-printed with 4 spaces\n/ },
  { name: "tabs", provider: "tikinow", body: COMPACT, headers: tiki(JSON.stringify(PAYLOAD, null, "\t")), args: ["--secret", S], finding: /\* the body pretty-printed with tabs\n/ },
  { name: "sorted keys", provider: "tikinow", body: COMPACT, headers: tiki(SORTED), args: ["--secret", S], finding: /\* the body with its keys sorted\n.*jq -S/ },
  { name: "PHP's json_encode escapes", provider: "mobility-work", body: COMPACT, headers: [`X-MW-Signature: ${signMwSignature({ body: PHP, secret: SECRET["mobility-work"] })}`], args: ["--secret", SECRET["mobility-work"]], finding: /\* the body as PHP's json_encode writes it/ },
  { name: "a trailing newline the signed body had", provider: "tikinow", body: COMPACT, headers: tiki(`${COMPACT}\n`), args: ["--secret", S], finding: /\* the body with a trailing newline added\n.*fix: use the bytes as received: an editor, echo or a heredoc adds a final newline/s },
  { name: "a trailing newline that was not signed", provider: "tikinow", body: `${COMPACT}\n`, headers: tiki(COMPACT), args: ["--secret", S], finding: /\* the body without its trailing newline\n/ },
  { name: "a trailing CRLF that was not signed", provider: "tilby", body: `${COMPACT}\r\n`, headers: [`x-tilby-signature: ${signHmacHex({ body: COMPACT, secret: SECRET.tilby })}`], args: ["--secret", SECRET.tilby], finding: /\* the body without its trailing newline\n/ },
  { name: "CRLF line ends", provider: "tikinow", body: PRETTY, headers: tiki(PRETTY.replaceAll("\n", "\r\n")), args: ["--secret", S], finding: /\* the body with CRLF line ends\n.*git autocrlf/s },
  { name: "LF line ends", provider: "tikinow", body: PRETTY.replaceAll("\n", "\r\n"), headers: tiki(PRETTY), args: ["--secret", S], finding: /\* the body with LF line ends\n/ },
  { name: "a BOM the signed body had", provider: "tikinow", body: COMPACT, headers: tiki(BOM + COMPACT), args: ["--secret", S], finding: /\* the body with a byte-order mark\n/ },
  { name: "a BOM that was not signed", provider: "ewarehousing", body: BOM + COMPACT, headers: [`X-Hmac-SHA256: ${signHmacBase64({ body: COMPACT, secret: SECRET.ewarehousing })}`], args: ["--secret", SECRET.ewarehousing], finding: /\* the body without its byte-order mark\n.*PowerShell/s },
  { name: "whitespace around the secret", provider: "tikinow", body: COMPACT, headers: tiki(COMPACT), args: ["--secret", ` ${S}\n`], finding: /\* the secret without the whitespace around it\n.*fix: trim it/s },
  { name: "a newline at the end of the sender's secret", provider: "tikinow", body: COMPACT, headers: tiki(COMPACT, `${S}\n`), args: ["--secret", S], finding: /\* the secret with a newline at its end\n/ },
  { name: "quotes around the secret", provider: "tikinow", body: COMPACT, headers: tiki(COMPACT), args: ["--secret", `"${S}"`], finding: /\* the secret without the quotes around it\n/ },
  { name: "single quotes around the secret", provider: "tikinow", body: COMPACT, headers: tiki(COMPACT), args: ["--secret", `'${S}'`], finding: /\* the secret without the quotes around it\n/ },
  { name: "quotes kept by the sender", provider: "tikinow", body: COMPACT, headers: tiki(COMPACT, `"${S}"`), args: ["--secret", S], finding: /\* the secret with quotes around it\n/ },
  { name: "a base64 secret used as bytes", provider: "tilby", body: COMPACT, headers: [`x-tilby-signature: ${signHmacHex({ body: COMPACT, secret: Buffer.from(B64_SECRET, "base64") })}`], args: ["--secret", B64_SECRET], finding: /\* the secret base64-decoded\n.*Buffer\.from\(secret, "base64"\)/s },
  { name: "a hex secret used as bytes", provider: "ewarehousing", body: COMPACT, headers: [`X-Hmac-SHA256: ${signHmacBase64({ body: COMPACT, secret: Buffer.from(HEX_SECRET, "hex") })}`], args: ["--secret", HEX_SECRET], finding: /\* the secret hex-decoded\n/ },
  { name: "SHA-256 instead of SHA-1", provider: "tikinow", body: COMPACT, headers: [`x-signature: sha256=${signHmacHex({ body: COMPACT, secret: S })}`], args: ["--secret", S], finding: /\* HMAC-SHA256 in hex instead of HMAC-SHA1 in hex\n.*which is tilby's scheme.*\n.*run verify tilby/ },
  { name: "SHA-512 instead of SHA-256", provider: "tilby", body: COMPACT, headers: [`x-tilby-signature: ${signHmacHex({ body: COMPACT, secret: SECRET.tilby, algorithm: "sha512" })}`], args: ["--secret", SECRET.tilby], finding: /\* HMAC-SHA512 in hex instead of HMAC-SHA256 in hex\n.*\n.*verifyHmacHex\(\{ algorithm: "sha512" \}\)/ },
  { name: "SHA-1 instead of SHA-256, in base64", provider: "ewarehousing", body: COMPACT, headers: [`X-Hmac-SHA256: ${signHmacBase64({ body: COMPACT, secret: SECRET.ewarehousing, algorithm: "sha1" })}`], args: ["--secret", SECRET.ewarehousing], finding: /\* HMAC-SHA1 in base64 instead of HMAC-SHA256 in base64\n.*verifyHmacBase64\(\{ algorithm: "sha1" \}\)/s },
  { name: "hex instead of base64", provider: "ewarehousing", body: COMPACT, headers: [`X-Hmac-SHA256: ${signHmacHex({ body: COMPACT, secret: SECRET.ewarehousing })}`], args: ["--secret", SECRET.ewarehousing], finding: /\* HMAC-SHA256 in hex instead of HMAC-SHA256 in base64\n/ },
  { name: "base64 instead of hex", provider: "tilby", body: COMPACT, headers: [`x-tilby-signature: ${signHmacBase64({ body: COMPACT, secret: SECRET.tilby })}`], args: ["--secret", SECRET.tilby], finding: /\* HMAC-SHA256 in base64 instead of HMAC-SHA256 in hex\n.*ewarehousing's scheme/ },
  { name: "the sha1= prefix missing", provider: "tikinow", body: COMPACT, headers: [`x-signature: ${signHmacHex({ body: COMPACT, secret: S, algorithm: "sha1" })}`], args: ["--secret", S], finding: /\* the right HMAC-SHA1 in hex with no prefix\n.*writes it after "sha1="/ },
  { name: "a prefix Tilby does not send", provider: "tilby", body: COMPACT, headers: [`x-tilby-signature: sha256=${signHmacHex({ body: COMPACT, secret: SECRET.tilby })}`], args: ["--secret", SECRET.tilby], finding: /\* the right HMAC-SHA256 in hex with a "sha256=" prefix\n.*verifyHmacHex\(\{ prefix: "sha256=" \}\)/s },
  { name: "another provider's scheme and header", provider: "tikinow", body: COMPACT, headers: [`X-Hmac-SHA256: ${signHmacBase64({ body: COMPACT, secret: S })}`], args: ["--secret", S], finding: /\* ewarehousing's scheme\n.*its X-Hmac-SHA256 header matches.*\n.*run verify ewarehousing/ },
  { name: "Mobility Work signed as Tilby", provider: "tilby", body: COMPACT, headers: [`X-MW-Signature: ${signMwSignature({ body: COMPACT, secret: SECRET.tilby })}`], args: ["--secret", SECRET.tilby], finding: /\* mobility-work's scheme\n/ },
  { name: "Mobility Work: the body alone signed", provider: "mobility-work", body: COMPACT, headers: [`X-MW-Signature: t=${nowSeconds()},nonce=abc123,signature=${signHmacHex({ body: COMPACT, secret: SECRET["mobility-work"] })}`], args: ["--secret", SECRET["mobility-work"]], finding: /\* HMAC-SHA256 of the body alone, without t and nonce\n/ },
  { name: "Mobility Work: SHA-512 of t.nonce.body", provider: "mobility-work", body: COMPACT, headers: [`X-MW-Signature: t=${nowSeconds()},nonce=abc123,signature=${signHmacHex({ body: `${nowSeconds()}.abc123.${COMPACT}`, secret: SECRET["mobility-work"], algorithm: "sha512" })}`], args: ["--secret", SECRET["mobility-work"]], finding: /^malformed_header: .*\n.*\* HMAC-SHA512 in hex of t\.nonce\.body instead of HMAC-SHA256 in hex\n/s },
  { name: "Mobility Work: a clock behind", provider: "mobility-work", body: COMPACT, headers: [`X-MW-Signature: ${signMwSignature({ body: COMPACT, secret: SECRET["mobility-work"], timestamp: nowSeconds() - 3600 })}`], args: ["--secret", SECRET["mobility-work"]], finding: /^timestamp_too_old: .*\n.*\* a clock 360\d s behind \(1 h 0 min\)\n.*past the tolerance of 300 s.*\n.*pass --tolerance 36\d\d/s },
  { name: "Mobility Work: a clock ahead", provider: "mobility-work", body: COMPACT, headers: [`X-MW-Signature: ${signMwSignature({ body: COMPACT, secret: SECRET["mobility-work"], timestamp: nowSeconds() + 900 })}`], args: ["--secret", SECRET["mobility-work"], "--tolerance", "60"], finding: /^timestamp_too_new: .*\n.*\* a clock (?:8\d\d|900) s ahead \(1[45] min \d+ s\)\n.*past the tolerance of 60 s.*\n.*check NTP/s },
  { name: "Tiki: the id and the secret swapped", provider: "tiki", body: COMPACT, headers: [`Authorization: ${basicAuthHeader({ id: SECRET.tiki, secret: TIKI_ID })}`], args: ["--secret", SECRET.tiki, "--id", TIKI_ID], finding: /\* the id and the secret swapped\n.*fix: swap them/s },
  { name: "Tiki: quotes around the secret", provider: "tiki", body: COMPACT, headers: [`Authorization: ${basicAuthHeader({ id: TIKI_ID, secret: SECRET.tiki })}`], args: ["--secret", `"${SECRET.tiki}"`, "--id", TIKI_ID], finding: /\* the secret without the quotes around it\n/ },
  { name: "Tilby: the signature in another header", provider: "tilby", body: COMPACT, headers: [`X-Signature-Tilby: ${signHmacHex({ body: COMPACT, secret: SECRET.tilby })}`], args: ["--secret", SECRET.tilby], finding: /^missing_header: .*\n.*\* the signature in the x-signature-tilby header\n.*\n.*pass --header-name x-signature-tilby/s },
  { name: "a trailing newline after a body that is not JSON", provider: "tikinow", body: "sku=1377286379376&qty=60\n", headers: tiki("sku=1377286379376&qty=60"), args: ["--secret", S], finding: /\* the body without its trailing newline\n/ },
  { name: "a TikiNOW delivery checked as Mobility Work", provider: "mobility-work", body: COMPACT, headers: tiki(COMPACT, SECRET["mobility-work"]), args: ["--secret", SECRET["mobility-work"]], finding: /^missing_header: .*\n.*\* tikinow's scheme\n.*its x-signature header matches/s },
  { name: "Mobility Work: a clock seconds behind", provider: "mobility-work", body: COMPACT, headers: [`X-MW-Signature: ${signMwSignature({ body: COMPACT, secret: SECRET["mobility-work"], timestamp: nowSeconds() - 30 })}`], args: ["--secret", SECRET["mobility-work"], "--tolerance", "10"], finding: /\* a clock \d\d s behind \(\d\d s\)\n/ },
  { name: "whitespace around each of two secrets, both named", provider: "tikinow", body: COMPACT, headers: tiki(COMPACT), args: ["--secret", ` ${S}`, "--secret", `${S} `], finding: /these 2 would have matched:\n {2}\* the secret without the whitespace around it \(with secret #1\)\n(?:.*\n){2} {2}\* the secret without the whitespace around it \(with secret #2\)\n/ },
  { name: "another of the given secrets, with a re-serialised body", provider: "tikinow", body: PRETTY, headers: tiki(COMPACT, SECOND), args: ["--secret", S, "--secret", SECOND], finding: /\* the body re-serialised compact \(your copy is pretty-printed\) \(with secret #2\)\n/ },
];

describe.each(RUNNERS)("verify --explain (%s)", (_, run) => {
  it.each(CASES)("finds $name", async ({ provider, body, headers, args, finding }) => {
    const bodyFile = files.file(`${provider}.body`, body);
    const argv = ["verify", provider, "--body", bodyFile, ...headers.flatMap((h) => ["--header", h]), ...args, "--explain"];
    const { code, stdout, stderr } = await run(argv);
    expect([code, stderr]).toEqual([1, ""]);
    expect(stdout).toMatch(/^(signature_mismatch|malformed_header|missing_header|timestamp_too_old|timestamp_too_new): /);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes?; (this one|these \d) would have matched:\n/);
    expect(stdout).toMatch(finding);
  });

  it("says plainly that nothing matched a wrong secret", async () => {
    const bodyFile = files.file("wrong.body", COMPACT);
    const { code, stdout } = await run(["verify", "tikinow", "--body", bodyFile, "--header", tiki(COMPACT)[0] as string, "--secret", WRONG, "--explain"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^signature_mismatch: The x-signature signature does not match the body under any configured secret\.\n/);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes \(.*\); none matched\.\n {2}Most likely the secret is not the one this sender signs with/);
    expect(stdout).not.toContain("would have matched");
  });
});

describe("verify --explain: a header given twice", () => {
  const T = 1_700_000_000;
  const header = `X-MW-Signature: ${signMwSignature({ body: COMPACT, secret: SECRET["mobility-work"], timestamp: T, nonce: "n0nce" })}`;
  const other = `X-MW-Signature: ${signMwSignature({ body: COMPACT, secret: SECRET["mobility-work"], timestamp: T, nonce: "other" })}`;
  const verify = (headers: string[]) =>
    cli(["verify", "mobility-work", "--body", files.file("twice.body", COMPACT), ...headers.flatMap((h) => ["--header", h]), "--secret", SECRET["mobility-work"], "--explain"], {
      now: () => (T + 3600) * 1000,
    });

  it("explains the same value twice as that one value (SPEC): a clock behind", async () => {
    const { code, stdout } = await verify([header, header]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^timestamp_too_old: .*\nexplain: tried 1 usual mistake; this one would have matched:\n {2}\* a clock 3600 s behind \(1 h 0 min\)\n/);
  });

  it("explains two different values as the malformed header they are, without a crash", async () => {
    const { code, stdout } = await verify([header, other]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^malformed_header: /);
    expect(stdout).toMatch(/\nexplain: tried \d+ usual mistakes/);
  });
});
