// The runtime-neutral vectors driver: plain ES2022 and Web APIs only (no node:, no Buffer
// unless the runtime has one, no file access), so the very same file runs on Node, Bun,
// Deno and workerd. It takes a library module (the root or /web entry, sync or async
// results alike) and a suite: the registry's scheme table (one row per shipped provider:
// its vector file, the names of its verify and sign functions, its header and the verify
// input its value goes in; see schemeSuite in test/helpers/vectors.ts) and the parsed
// vectors/*.json files it names. It runs every case with the body in every form the runtime
// has and the header bare, in a record and in Fetch Headers, and returns a plain JSON report
// that test/runtimes.test.ts compares across runtimes.

const encoder = new TextEncoder();

function hexBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** vectors/README.md: Body = {utf8} | {hex} | {pattern, bytes}. */
function bodyBytes(body) {
  if ("utf8" in body) return encoder.encode(body.utf8);
  if ("hex" in body) return hexBytes(body.hex);
  const unit = encoder.encode(body.pattern);
  const out = new Uint8Array(body.bytes);
  for (let at = 0; at < body.bytes; at += unit.length) out.set(unit.subarray(0, Math.min(unit.length, body.bytes - at)), at);
  return out;
}

/** The same bytes in every form this runtime can hold them in. */
function bodyForms(body) {
  const bytes = bodyBytes(body);
  // A view into the middle of a larger buffer: a byteOffset bug would hash the wrong bytes.
  const padded = new Uint8Array(bytes.length + 7).fill(0xa5);
  padded.set(bytes, 3);
  const forms = [
    ["Uint8Array view at byteOffset 3", padded.subarray(3, 3 + bytes.length)],
    ["ArrayBuffer", bytes.slice().buffer],
  ];
  if ("utf8" in body) forms.unshift(["string", body.utf8]);
  const NodeBuffer = globalThis.Buffer;
  if (typeof NodeBuffer === "function" && typeof NodeBuffer.from === "function") forms.push(["Buffer", NodeBuffer.from(bytes)]);
  return forms;
}

function secretValue(secret) {
  return "utf8" in secret ? secret.utf8 : hexBytes(secret.hex);
}

function options(scheme, input) {
  const out = {};
  if (input.secret !== undefined) out.secret = Array.isArray(input.secret) ? input.secret.map(secretValue) : secretValue(input.secret);
  if (input.credentials !== undefined) out.credentials = input.credentials;
  if (input.algorithm !== undefined) out.algorithm = input.algorithm;
  if (input.prefix !== undefined) out.prefix = input.prefix;
  if (input.now !== undefined) out.now = input.now;
  // A signature in the query (VNPay): the query is the input; MoMo signs an access key the body does not carry.
  if (input.query !== undefined) out.query = input.query;
  if (input.accessKey !== undefined) out.accessKey = input.accessKey;
  if (input.toleranceSeconds !== undefined) {
    out.toleranceSeconds = input.toleranceSeconds === "Infinity" ? Infinity : input.toleranceSeconds;
  }
  if (scheme === "hmac-hex") out.headerName = "x-tilby-signature";
  // What a scheme signs before the body besides headers: Lazada's and TikTok Shop's app key, Shopee's URL.
  if (input.appKey !== undefined) out.appKey = input.appKey;
  if (input.url !== undefined) out.url = input.url;
  return out;
}

/** The bare values of a scheme's other headers (extraHeaders), by their verify input key. */
function extraValues(extraHeaders, input) {
  return Object.fromEntries(Object.keys(extraHeaders ?? {}).map((key) => [key, input[key]]));
}

/** The request's header record: the signature and the other headers the case gives (null ones absent). */
function headerRecord(header, extraHeaders, input, value) {
  const record = { "content-type": "application/json", [header]: value };
  for (const [key, name] of Object.entries(extraHeaders ?? {})) if (input[key] !== null) record[name] = input[key];
  return record;
}

/** The same as Fetch Headers, or undefined when a Fetch client could not have sent them. */
function fetchRecord(header, extraHeaders, input, value) {
  const headers = fetchHeaders(header, value);
  for (const [key, name] of Object.entries(extraHeaders ?? {})) {
    const extra = input[key];
    if (extra === null) continue;
    if (headers === undefined || typeof extra !== "string") return undefined;
    headers.set(name, extra);
  }
  return headers;
}

function fetchHeaders(name, value) {
  if (typeof value !== "string") return undefined;
  try {
    const headers = new Headers({ "content-type": "application/json" });
    headers.set(name, value);
    return headers;
  } catch {
    return undefined; // not a valid ByteString: a Fetch client could not have sent it
  }
}

function errorName(error) {
  return error instanceof Error ? error.constructor.name : typeof error;
}

/**
 * Calls `fn(input)` and describes what happened as JSON: the result minus its message
 * (`message: false` when a failure lacks one), `{ threw }` for a synchronous exception,
 * `{ rejected }` for a rejected Promise. Sync and async libraries give the same shapes.
 */
async function observe(fn, input) {
  let returned;
  try {
    returned = fn(input);
  } catch (error) {
    return { outcome: { threw: errorName(error) }, message: error instanceof Error ? error.message : String(error) };
  }
  let result;
  try {
    result = await returned;
  } catch (error) {
    return { outcome: { rejected: errorName(error) }, message: error instanceof Error ? error.message : String(error) };
  }
  if (typeof result !== "object" || result === null) return { outcome: { returned: typeof result }, message: null };
  const { message, ...rest } = result;
  if (rest.ok === false && (typeof message !== "string" || message.length === 0)) rest.message = false;
  return { outcome: rest, message: typeof message === "string" ? message : null };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** What the sign function takes for a case marked "sign": true (vectors/README.md). */
function signInput(c) {
  const input = c.input;
  if (input.credentials !== undefined) return input.credentials[0];
  return {
    body: input.body === undefined ? "" : bodyForms(input.body)[0][1],
    secret: input.secret === undefined ? "" : secretValue(input.secret),
    ...(input.algorithm === undefined ? {} : { algorithm: input.algorithm }),
    ...(input.prefix === undefined ? {} : { prefix: input.prefix }),
    ...(c.expected.timestamp === undefined ? {} : { timestamp: c.expected.timestamp }),
    ...(c.expected.nonce === undefined ? {} : { nonce: c.expected.nonce }),
    ...(c.expected.id === undefined ? {} : { id: c.expected.id }),
    ...(input.appKey === undefined ? {} : { appKey: input.appKey }),
    ...(input.url === undefined ? {} : { url: input.url }),
  };
}

/**
 * Every case of every file: [{ scheme, group, title, outcome, message, forms, sign }].
 * `outcome` is the one outcome all forms agreed on, or `{ inconsistent: {form: outcome} }`;
 * `sign` is whether the signer reproduced the header (cases with `"sign": true` only).
 */
export async function runVectors(lib, { schemes, files }) {
  const rows = [];
  for (const row of schemes) {
    const { vectors: scheme, verify: name, sign: signName } = row;
    // A header scheme (header, valueKey), or a signature in the body or the query (in, field).
    const where = row.in ?? "header";
    const { valueKey, header, extraHeaders } = row;
    const file = files[scheme];
    if (file === undefined) throw new Error(`no vectors for ${scheme}`);
    const verify = lib[name];
    for (const group of ["valid", "invalid"]) {
      for (const c of file[group]) {
        const base = options(scheme, c.input);
        const headerValue = c.input[valueKey];
        const bodies = c.input.body === undefined ? [["none", undefined]] : bodyForms(c.input.body);
        const seen = {};
        let message = null;
        for (const [form, body] of bodies) {
          const withBody = body === undefined ? base : { ...base, body };
          // A signature that is a field of the body (payOS, ZaloPay, MoMo, Adyen) or the query (VNPay): the body or query is the whole input.
          const runs = where !== "header" ? [[`${form}, signature in the ${where}`, withBody]] : [[`${form}, bare header value`, { ...withBody, [valueKey]: headerValue, ...extraValues(extraHeaders, c.input) }]];
          if (where === "header" && headerValue !== null) {
            runs.push([`${form}, header record`, { ...withBody, headers: headerRecord(header, extraHeaders, c.input, headerValue) }]);
          }
          const fetched = where !== "header" ? undefined : fetchRecord(header, extraHeaders, c.input, headerValue);
          if (fetched) runs.push([`${form}, Fetch Headers`, { ...withBody, headers: fetched }]);
          for (const [label, input] of runs) {
            const seenHere = await observe(verify, input);
            seen[label] = seenHere.outcome;
            message ??= seenHere.message;
          }
        }
        const outcomes = Object.values(seen);
        const outcome = outcomes.every((o) => same(o, outcomes[0])) ? outcomes[0] : { inconsistent: seen };
        let signed = null;
        // A field scheme's signer takes its fields, not a body: not run here.
        if (c.sign && where === "header") {
          try {
            signed = (await lib[signName](signInput(c))) === headerValue;
          } catch {
            signed = false;
          }
        }
        rows.push({ scheme, group, title: c.title, outcome, message, forms: outcomes.length, sign: signed });
      }
    }
  }
  return rows;
}

/** What the vectors say every runtime must report (no library involved). */
export function expectedRows({ schemes, files }) {
  const rows = [];
  for (const { vectors: scheme, in: where } of schemes) {
    for (const group of ["valid", "invalid"]) {
      for (const c of files[scheme][group]) {
        rows.push({ scheme, group, title: c.title, outcome: c.expected, sign: c.sign && where === undefined ? true : null });
      }
    }
  }
  return rows;
}

const HOSTILE_BODY = '{"data":{"sku":"1"}}';
const HOSTILE_SECRET = "hostile-test-secret";
const HOSTILE_NOW = 1_700_000_000_000;
const HOSTILE_CREDS = { id: "tiki", secret: "granted-secret" };

/** [label, header value, expected reason or "ok"], as in test/hostile.test.ts. */
function hostileValues(valid) {
  return [
    ["null", null, "missing_header"],
    ["undefined", undefined, "missing_header"],
    ["an empty string", "", "missing_header"],
    ["whitespace only", " \t ", "missing_header"],
    ["an empty array", [], "missing_header"],
    ["an array of empty strings", ["", ""], "missing_header"],
    ["the number 0", 0, "malformed_header"],
    ["NaN", Number.NaN, "malformed_header"],
    ["true", true, "malformed_header"],
    ["an object", {}, "malformed_header"],
    ["an object whose toString gives the valid value", { toString: () => valid }, "malformed_header"],
    ["a function", () => valid, "malformed_header"],
    ["a symbol", Symbol("x"), "malformed_header"],
    ["a bigint", 10n, "malformed_header"],
    ["a Uint8Array of the valid value", encoder.encode(valid), "malformed_header"],
    ["an array mixing the valid value and a number", [valid, 1], "malformed_header"],
    ["an array of the valid value and another string", [valid, `${valid}x`], "malformed_header"],
    ["a nested array", [[valid]], "malformed_header"],
    ["a 1 MB string", "a".repeat(1_000_000), "malformed_header"],
    ["the valid value with one character dropped", valid.slice(0, -1), "malformed_header"],
    ["the valid value with a character added", `${valid}0`, "malformed_header"],
    ["the valid value with a NUL inside", `${valid.slice(0, 12)}\u0000${valid.slice(13)}`, "malformed_header"],
    ["base64url instead of base64", valid.replace(/\+/g, "-").replace(/\//g, "_"), null],
    ["non-ASCII text", "sha1=ĥéẋ", "malformed_header"],
    ["a lone surrogate", "\ud800", "malformed_header"],
    ["the valid value in lowercase", valid.toLowerCase(), null],
    ["the valid value in uppercase", valid.toUpperCase(), null],
    ["the valid value twice", [valid, valid], "ok"],
    ["the valid value with surrounding whitespace", ` \t${valid} `, "ok"],
  ];
}

async function hostileTargets(lib) {
  const body = HOSTILE_BODY;
  const secret = HOSTILE_SECRET;
  return [
    { name: "verifyTikiSha1", header: "x-signature", valueKey: "signature", valid: await lib.signTikiSha1({ body, secret }), extra: { body, secret } },
    { name: "verifyBasicAuth", header: "authorization", valueKey: "authorization", valid: lib.basicAuthHeader(HOSTILE_CREDS), extra: { credentials: HOSTILE_CREDS } },
    { name: "verifyMwSignature", header: "x-mw-signature", valueKey: "signature", valid: await lib.signMwSignature({ body, secret, timestamp: HOSTILE_NOW / 1000, nonce: "n0nce" }), extra: { body, secret, now: HOSTILE_NOW } },
    { name: "verifyHmacBase64", header: "x-hmac-sha256", valueKey: "signature", valid: await lib.signHmacBase64({ body, secret }), extra: { body, secret } },
    { name: "verifyHmacHex", header: "x-tilby-signature", valueKey: "signature", valid: await lib.signHmacHex({ body, secret }), extra: { body, secret, headerName: "x-tilby-signature" } },
  ];
}

/**
 * Hostile header values against every verify function, given bare and in a header record:
 * [{ name, label, expected, outcome }]. `expected` is null where the answer depends on the
 * scheme (every runtime must still agree with Node's root entry, which the test checks).
 */
export async function runHostile(lib) {
  const rows = [];
  for (const target of await hostileTargets(lib)) {
    for (const [label, value, reason] of hostileValues(target.valid)) {
      const bare = await observe(lib[target.name], { ...target.extra, [target.valueKey]: value });
      const record = await observe(lib[target.name], { ...target.extra, headers: { [target.header]: value } });
      const outcome = same(bare.outcome, record.outcome) ? bare.outcome : { inconsistent: { bare: bare.outcome, record: record.outcome } };
      const expected = reason === null ? null : reason === "ok" ? { ok: true } : { ok: false, reason };
      // The extras of a success (id, timestamp, nonce) are checked by the vectors; here only ok.
      const shown = outcome.ok === true ? { ok: true } : outcome;
      rows.push({ name: target.name, label, expected, outcome: shown });
    }
  }
  return rows;
}

/** Caller mistakes: each must throw a TypeError from the call itself, on every entry. */
export async function runProgrammerErrors(lib) {
  const body = HOSTILE_BODY;
  const secret = HOSTILE_SECRET;
  const cases = [
    ["verifyTikiSha1 without input", "verifyTikiSha1", undefined],
    ["verifyTikiSha1 with an empty secret", "verifyTikiSha1", { body, secret: "", signature: null }],
    ["verifyTikiSha1 with an empty secret list", "verifyTikiSha1", { body, secret: [], signature: null }],
    ["verifyTikiSha1 with a parsed JSON body", "verifyTikiSha1", { body: { data: 1 }, secret, signature: null }],
    ["verifyTikiSha1 with both signature and headers", "verifyTikiSha1", { body, secret, signature: "x", headers: {} }],
    ["verifyTikiSha1 with neither signature nor headers", "verifyTikiSha1", { body, secret }],
    ["verifyHmacBase64 with algorithm md5", "verifyHmacBase64", { body, secret, algorithm: "md5", signature: null }],
    ["verifyHmacHex with headers but no headerName", "verifyHmacHex", { body, secret, headers: {} }],
    ["verifyHmacHex with a prefix that is not a string", "verifyHmacHex", { body, secret, prefix: 1, signature: null }],
    ["verifyMwSignature with a negative tolerance", "verifyMwSignature", { body, secret, toleranceSeconds: -1, signature: null }],
    ["verifyMwSignature with an invalid Date", "verifyMwSignature", { body, secret, now: new Date(Number.NaN), signature: null }],
    ["verifyBasicAuth with an id containing a colon", "verifyBasicAuth", { credentials: { id: "a:b", secret: "s" }, authorization: null }],
    ["verifyBasicAuth with no credentials", "verifyBasicAuth", { credentials: [], authorization: null }],
    ["signTikiSha1 with a Uint16Array body", "signTikiSha1", { body: new Uint16Array(2), secret }],
    ["signMwSignature with a nonce containing a comma", "signMwSignature", { body, secret, nonce: "a,b" }],
    ["signMwSignature with a fractional timestamp", "signMwSignature", { body, secret, timestamp: 1.5 }],
    ["signHmacBase64 with an empty secret", "signHmacBase64", { body, secret: new Uint8Array(0) }],
    ["signHmacHex with algorithm SHA-256", "signHmacHex", { body, secret, algorithm: "SHA-256" }],
    ["basicAuthHeader with an empty secret", "basicAuthHeader", { id: "a", secret: "" }],
    ["getHeader without headers", "getHeader", null],
  ];
  const rows = [];
  for (const [label, name, input] of cases) {
    const seen = await observe(lib[name], input);
    rows.push({ label, outcome: seen.outcome, message: seen.message });
  }
  return rows;
}

/** Documented example bodies (see ../../shared/PROVIDERS.md), one per parser. */
const PARSER_SAMPLES = {
  parseTikiStockSync:
    '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}',
  parseTikiOrderStatus: '{"data":{"date":"2023-05-15T15:36:37+07:00","ref_code":"R1","order_code":"O1","main_state":"canceled","extra_info":{"cancel_reason_code":"c","cancel_reason":"r"}}}',
  parseTikiAftersale: '{"data":{"date":"2023-05-15T15:36:37+07:00","ref_code":"R1","order_code":"O1","status":"done","type":"fd"}}',
  parseTikiProductRequestEvent:
    '{"id":"123e4567-e89b-12d3-a456-426655440000","event":"product:request:rejected","payload":{"event":"product:request:rejected","event_time":"2020-02-02 12:00:00","request_id":"1154523837593192401","state":"rejected","product_id":"2162835","product_sku":"7062617941818","list_reasons":[{"reason_data":null,"reject_description":"d","reason_id":9,"reason_name":"Hình sản phẩm quá nhỏ, không chiếm 80% khung hình"}],"reason":null}}',
  parseMwWebhook:
    '{"_event":"string","_date":"2024-07-29T15:51:28.071Z","_metadata":[null],"stock":{"location":{"locationId":"string","name":"string"}},"sparePart":{"sparePartId":"string","name":"string","articleCode":"string"},"movement":{"on":"2024-07-29T15:51:28.071Z"}}',
  parseTilbyWebhook: '{"type":"SUBSCRIBED","entity_name":"sales","time":"2022-02-23T15:43:31.714Z","environment_id":"id_of_the_shop","client_id":"clientId_of_static_token"}',
  parseEwarehousingWebhook:
    '{"body":{"id":"1","ean":"8712345678906","sku":"SKU-1","modified_at":"2022-02-11T17:45:01+0000","article_code":"A1","stock_salable":1,"stock_physical":2,"stock_available":1,"stock_quarantine":0},"group":"stock","action":"updated","entity":"variant","customer":"c","entityId":"e"}',
};

/** Every parser on its example (as text, as BOM-prefixed bytes at an offset) and on bad input. */
function runParsers(lib) {
  const rows = [];
  for (const [name, sample] of Object.entries(PARSER_SAMPLES)) {
    if (typeof lib[name] !== "function") continue;
    const bytes = new TextEncoder().encode(`__\ufeff${sample}`).subarray(2);
    for (const [label, input] of [["text", sample], ["bytes", bytes], ["invalid JSON", "{"], ["empty object", "{}"], ["null", null]]) {
      const result = lib[name](input);
      rows.push({ parser: name, input: label, ok: result.ok, reason: result.reason ?? null, path: result.path ?? null, value: result.ok ? result.value : null });
    }
  }
  return rows;
}

/** A few sync helpers, the same on every entry. */
function runHelpers(lib) {
  const headers = new Headers({ "X-MW-Signature": "t=1,nonce=n,signature=" + "AB".repeat(32) });
  return {
    getHeaderFetch: lib.getHeader(headers, "x-mw-signature") ?? null,
    getHeaderRecord: lib.getHeader({ "X-Signature": ["a", "b"], n: 1 }, "x-signature") ?? null,
    parsed: lib.parseMwSignatureHeader(" nonce=n, t=0012,signature=" + "AB".repeat(32) + ",x=y ") ?? null,
    unparsed: lib.parseMwSignatureHeader("t=1,nonce=n") ?? null,
    constants: [lib.TIKI_SIGNATURE_HEADER, lib.MW_SIGNATURE_HEADER, lib.EWAREHOUSING_SIGNATURE_HEADER, lib.MW_DEFAULT_TOLERANCE_SECONDS],
    parsers: runParsers(lib),
  };
}

/** The whole report for one library on one runtime. */
export async function runAll(lib, suite) {
  return {
    vectors: await runVectors(lib, suite),
    hostile: await runHostile(lib),
    programmerErrors: await runProgrammerErrors(lib),
    helpers: runHelpers(lib),
    bufferGlobal: typeof globalThis.Buffer === "function",
  };
}
