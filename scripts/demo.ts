// npm run demo: the library at work on every provider, offline. For each one it builds a
// signed delivery of the provider's documented example with a demo secret (the /testing
// builders), then verifies the genuine delivery and the ways a delivery goes wrong in
// practice, and parses the genuine body. Exits 1 if any outcome is not the expected one.
import {
  parseEwarehousingWebhook,
  parseMwWebhook,
  parseTikiProductRequestEvent,
  parseTikiStockSync,
  parseTilbyWebhook,
  verifyBasicAuth,
  verifyHmacBase64,
  verifyHmacHex,
  verifyMwSignature,
  verifyTikiSha1,
} from "../src/index.js";
import type { ParseResult, VerifyResult } from "../src/index.js";
import { ewarehousingDelivery, mobilityWorkDelivery, tikiOpenApiDelivery, tikinowDelivery, tilbyDelivery } from "../src/testing.js";

const DEMO = "demo-secret-do-not-use-in-production";
const NOW = Date.UTC(2024, 6, 29, 15, 51, 30);
// TikiNOW's documented curl body, byte for byte (note the space after "partner_id":).
const TIKINOW_CURL_BODY =
  '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}';

interface Row {
  provider: string;
  case: string;
  expected: string;
  result: VerifyResult<Record<string, unknown>>;
}
const rows: Row[] = [];
const parsed: Array<{ provider: string; result: ParseResult<unknown>; summary: (value: never) => string }> = [];
const check = (provider: string, name: string, expected: string, result: VerifyResult<object>) =>
  rows.push({ provider, case: name, expected, result });

/** Changes the last digit of the body: what an attacker who edits a quantity does. */
const tamper = (body: string) => body.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
/** What a JSON body parser followed by JSON.stringify hands a handler. */
const reserialise = (body: string) => JSON.stringify(JSON.parse(body), null, 2);
const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));

{
  const p = "TikiNOW (x-signature)";
  const { body, headers } = tikinowDelivery({ secret: DEMO, body: TIKINOW_CURL_BODY });
  check(p, "genuine delivery", "ok", verifyTikiSha1({ body, secret: DEMO, headers }));
  check(p, "body tampered", "signature_mismatch", verifyTikiSha1({ body: tamper(body), secret: DEMO, headers }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyTikiSha1({ body: reserialise(body), secret: DEMO, headers }));
  check(p, "header missing", "missing_header", verifyTikiSha1({ body, secret: DEMO, headers: without(headers, "x-signature") }));
  check(p, "docs' curl placeholder", "signature_mismatch", verifyTikiSha1({ body, secret: DEMO, signature: "sha1=d929b12836ce52528db1bc25797186c86b13b4ee" }));
  parsed.push({ provider: p, result: parseTikiStockSync(body), summary: (v: { data: { sku: string; qty_salable: number } }) => `sku ${v.data.sku}: qty_salable ${v.data.qty_salable}` });
}
{
  const p = "Tiki Open API (Basic)";
  const credentials = { id: "iyofim3eru0bkiwz", secret: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd" };
  const { body, headers } = tikiOpenApiDelivery({ credentials });
  check(p, "genuine delivery", "ok", verifyBasicAuth({ credentials, headers }));
  check(p, "wrong secret", "signature_mismatch", verifyBasicAuth({ credentials: { ...credentials, secret: "rotated" }, headers }));
  check(p, "Bearer token instead", "malformed_header", verifyBasicAuth({ credentials, authorization: "Bearer abc" }));
  check(p, "header missing", "missing_header", verifyBasicAuth({ credentials, headers: without(headers, "authorization") }));
  parsed.push({
    provider: p,
    result: parseTikiProductRequestEvent(body),
    summary: (v: { event: string; payload: { product_sku?: string; list_reasons?: Array<{ reason_name: string }> } }) =>
      `${v.event} ${v.payload.product_sku}: ${v.payload.list_reasons?.[0]?.reason_name}`,
  });
}
{
  const p = "Mobility Work (x-mw-signature)";
  const { body, headers } = mobilityWorkDelivery({ secret: DEMO, timestamp: Math.floor(NOW / 1000) });
  check(p, "genuine delivery", "ok", verifyMwSignature({ body, secret: DEMO, headers, now: NOW }));
  check(p, "body tampered", "signature_mismatch", verifyMwSignature({ body: tamper(body), secret: DEMO, headers, now: NOW }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyMwSignature({ body: reserialise(body), secret: DEMO, headers, now: NOW }));
  check(p, "header missing", "missing_header", verifyMwSignature({ body, secret: DEMO, headers: without(headers, "x-mw-signature"), now: NOW }));
  check(p, "replayed 10 min later", "timestamp_too_old", verifyMwSignature({ body, secret: DEMO, headers, now: NOW + 600_000 }));
  check(p, "clock 10 min ahead", "timestamp_too_new", verifyMwSignature({ body, secret: DEMO, headers, now: NOW - 600_000 }));
  parsed.push({
    provider: p,
    result: parseMwWebhook(body),
    summary: (v: { _event: string; sparePart?: { name: string } }) => `${v._event}: ${v.sparePart?.name ?? "(other event)"}`,
  });
}
{
  const p = "Tilby (hex, caller's header)";
  const headerName = "x-tilby-signature";
  const { body, headers } = tilbyDelivery({ secret: DEMO, headerName });
  check(p, "genuine delivery", "ok", verifyHmacHex({ body, secret: DEMO, headers, headerName }));
  check(p, "body tampered", "signature_mismatch", verifyHmacHex({ body: tamper(body), secret: DEMO, headers, headerName }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyHmacHex({ body: reserialise(body), secret: DEMO, headers, headerName }));
  check(p, "header missing", "missing_header", verifyHmacHex({ body, secret: DEMO, headers: without(headers, headerName), headerName }));
  parsed.push({ provider: p, result: parseTilbyWebhook(body), summary: (v: { type: string; entity_name: string }) => `${v.type} on ${v.entity_name}` });
}
{
  const p = "eWarehousing (x-hmac-sha256)";
  const { body, headers } = ewarehousingDelivery({ secret: DEMO, webhookId: "demo-1" });
  check(p, "genuine delivery", "ok", verifyHmacBase64({ body, secret: DEMO, headers }));
  check(p, "body tampered", "signature_mismatch", verifyHmacBase64({ body: tamper(body), secret: DEMO, headers }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyHmacBase64({ body: reserialise(body), secret: DEMO, headers }));
  check(p, "header missing", "missing_header", verifyHmacBase64({ body, secret: DEMO, headers: without(headers, "x-hmac-sha256") }));
  check(p, "padding stripped", "malformed_header", verifyHmacBase64({ body, secret: DEMO, signature: headers["x-hmac-sha256"].replace(/=+$/, "") }));
  parsed.push({
    provider: p,
    result: parseEwarehousingWebhook(body),
    summary: (v: { group: string; action: string; body: { sku?: unknown; stock_salable?: unknown } }) =>
      `${v.group}/${v.action} sku ${String(v.body.sku)}: stock_salable ${String(v.body.stock_salable)}`,
  });
}

function printTable<K extends string>(columns: readonly K[], table: Array<Record<K, string>>): void {
  const widths = columns.map((c) => Math.max(c.length, ...table.map((row) => row[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of table) console.log(line(columns.map((c) => row[c])));
}

const verified = rows.map((r) => {
  const got = r.result.ok ? "ok" : r.result.reason;
  return {
    provider: r.provider,
    case: r.case,
    result: r.result.ok ? "accepted" : "rejected",
    reason: r.result.ok ? "" : r.result.reason,
    as_expected: got === r.expected ? "yes" : `NO (expected ${r.expected})`,
  };
});
console.log("Verification\n");
printTable(["provider", "case", "result", "reason", "as_expected"], verified);

console.log("\nParsed payloads (genuine deliveries)\n");
const parsedRows = parsed.map(({ provider, result, summary }) => ({
  provider,
  parsed: result.ok ? "ok" : `NO: ${result.reason} at ${result.path ?? "(root)"}`,
  value: result.ok ? summary(result.value as never) : "",
}));
printTable(["provider", "parsed", "value"], parsedRows);

const wrong = verified.filter((row) => row.as_expected !== "yes").length + parsedRows.filter((row) => row.parsed !== "ok").length;
const total = verified.length + parsedRows.length;
console.log(`\n${total - wrong} of ${total} cases as expected.`);
process.exitCode = wrong === 0 ? 0 : 1;
