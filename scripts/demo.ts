// npm run demo: the library at work on every provider, offline. For each one it signs a
// documented example delivery with a demo secret, then verifies the genuine delivery and
// the ways a delivery goes wrong in practice. Exits 1 if any outcome is not the expected one.
import {
  basicAuthHeader,
  signHmacBase64,
  signHmacHex,
  signMwSignature,
  signTikiSha1,
  verifyBasicAuth,
  verifyHmacBase64,
  verifyHmacHex,
  verifyMwSignature,
  verifyTikiSha1,
} from "../src/index.js";
import type { VerifyResult } from "../src/index.js";

// Documented example bodies (see ../shared/PROVIDERS.md and the providers' pages).
const TIKINOW_STOCK =
  '{"data":{"date":"2023-05-15T15:36:37+07:00","sku":"1377286379376","warehouse":"sgn","qty_salable":60,"seller_product_code":"HOB-8735","partner_id": "4312132323"}}';
const TIKI_PRODUCT_REJECTED = JSON.stringify({
  id: "123e4567-e89b-12d3-a456-426655440000",
  event: "product:request:rejected",
  payload: {
    event: "product:request:rejected",
    event_time: "2020-02-02 12:00:00",
    request_id: "1154523837593192401",
    state: "rejected",
    product_id: "2162835",
    product_sku: "7062617941818",
    list_reasons: [
      { reason_data: null, reject_description: "The very detailed reason why your product is rejected", reason_id: 9, reason_name: "Hình sản phẩm quá nhỏ, không chiếm 80% khung hình" },
    ],
    reason: null,
  },
});
const MW_OUT_OF_STOCK = JSON.stringify({
  _event: "spare_part_out_of_stock",
  _date: "2024-07-29T15:51:28.071Z",
  _metadata: [],
  stock: { location: { locationId: "loc-1", name: "Main warehouse" } },
  sparePart: { sparePartId: "sp-42", name: "Bearing 6204", articleCode: "SKF-6204" },
  movement: { on: "2024-07-29T15:51:28.071Z" },
});
const TILBY_SUBSCRIBED =
  '{"type":"SUBSCRIBED","entity_name":"sales","time":"2022-02-23T15:43:31.714Z","environment_id":"id_of_the_shop","client_id":"clientId_of_static_token"}';
const EWH_STOCK = JSON.stringify({
  body: { id: 1, ean: "8712345678906", sku: "SKU-1", modified_at: "2022-02-11T17:45:01+0000", article_code: "ART-1", stock_salable: 5, stock_physical: 7, stock_available: 5, stock_quarantine: 0 },
  group: "stock",
  action: "updated",
  entity: "stock",
  customer: "DEMO",
  entityId: "1",
});

const DEMO = "demo-secret-do-not-use-in-production";
const NOW = Date.UTC(2024, 6, 29, 15, 51, 30);

interface Row {
  provider: string;
  case: string;
  expected: string;
  result: VerifyResult<Record<string, unknown>>;
}
const rows: Row[] = [];
const check = (provider: string, name: string, expected: string, result: VerifyResult<Record<string, unknown>>) =>
  rows.push({ provider, case: name, expected, result });

/** Flips one character of the body: what an attacker who changes qty_salable does. */
const tamper = (body: string) => body.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
/** What a JSON body parser followed by JSON.stringify hands a handler. */
const reserialise = (body: string) => JSON.stringify(JSON.parse(body), null, 2);

{
  const p = "TikiNOW (x-signature)";
  const signature = signTikiSha1({ body: TIKINOW_STOCK, secret: DEMO });
  check(p, "genuine delivery", "ok", verifyTikiSha1({ body: TIKINOW_STOCK, secret: DEMO, headers: { "x-signature": signature } }));
  check(p, "body tampered", "signature_mismatch", verifyTikiSha1({ body: tamper(TIKINOW_STOCK), secret: DEMO, signature }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyTikiSha1({ body: reserialise(TIKINOW_STOCK), secret: DEMO, signature }));
  check(p, "header missing", "missing_header", verifyTikiSha1({ body: TIKINOW_STOCK, secret: DEMO, headers: {} }));
  check(p, "docs' curl placeholder", "signature_mismatch", verifyTikiSha1({ body: TIKINOW_STOCK, secret: DEMO, signature: "sha1=d929b12836ce52528db1bc25797186c86b13b4ee" }));
}
{
  const p = "Tiki Open API (Basic)";
  const credentials = { id: "iyofim3eru0bkiwz", secret: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd" };
  const authorization = basicAuthHeader(credentials);
  check(p, "genuine delivery", "ok", verifyBasicAuth({ credentials, headers: { authorization } }));
  check(p, "wrong secret", "signature_mismatch", verifyBasicAuth({ credentials, authorization: basicAuthHeader({ ...credentials, secret: "guess" }) }));
  check(p, "Bearer token instead", "malformed_header", verifyBasicAuth({ credentials, authorization: "Bearer abc" }));
  check(p, "header missing", "missing_header", verifyBasicAuth({ credentials, headers: {} }));
  void TIKI_PRODUCT_REJECTED;
}
{
  const p = "Mobility Work (x-mw-signature)";
  const t = Math.floor(NOW / 1000);
  const signature = signMwSignature({ body: MW_OUT_OF_STOCK, secret: DEMO, timestamp: t });
  check(p, "genuine delivery", "ok", verifyMwSignature({ body: MW_OUT_OF_STOCK, secret: DEMO, headers: { "x-mw-signature": signature }, now: NOW }));
  check(p, "body tampered", "signature_mismatch", verifyMwSignature({ body: tamper(MW_OUT_OF_STOCK), secret: DEMO, signature, now: NOW }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyMwSignature({ body: reserialise(MW_OUT_OF_STOCK), secret: DEMO, signature, now: NOW }));
  check(p, "header missing", "missing_header", verifyMwSignature({ body: MW_OUT_OF_STOCK, secret: DEMO, headers: {}, now: NOW }));
  check(p, "replayed 10 min later", "timestamp_too_old", verifyMwSignature({ body: MW_OUT_OF_STOCK, secret: DEMO, signature, now: NOW + 600_000 }));
  check(p, "clock 10 min ahead", "timestamp_too_new", verifyMwSignature({ body: MW_OUT_OF_STOCK, secret: DEMO, signature, now: NOW - 600_000 }));
}
{
  const p = "Tilby (hex, caller's header)";
  const signature = signHmacHex({ body: TILBY_SUBSCRIBED, secret: DEMO });
  const headerName = "x-tilby-signature";
  check(p, "genuine delivery", "ok", verifyHmacHex({ body: TILBY_SUBSCRIBED, secret: DEMO, headers: { [headerName]: signature }, headerName }));
  check(p, "body tampered", "signature_mismatch", verifyHmacHex({ body: tamper(TILBY_SUBSCRIBED), secret: DEMO, signature }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyHmacHex({ body: reserialise(TILBY_SUBSCRIBED), secret: DEMO, signature }));
  check(p, "header missing", "missing_header", verifyHmacHex({ body: TILBY_SUBSCRIBED, secret: DEMO, headers: {}, headerName }));
}
{
  const p = "eWarehousing (x-hmac-sha256)";
  const signature = signHmacBase64({ body: EWH_STOCK, secret: DEMO });
  check(p, "genuine delivery", "ok", verifyHmacBase64({ body: EWH_STOCK, secret: DEMO, headers: { "X-Hmac-SHA256": signature } }));
  check(p, "body tampered", "signature_mismatch", verifyHmacBase64({ body: tamper(EWH_STOCK), secret: DEMO, signature }));
  check(p, "re-serialised JSON", "signature_mismatch", verifyHmacBase64({ body: reserialise(EWH_STOCK), secret: DEMO, signature }));
  check(p, "header missing", "missing_header", verifyHmacBase64({ body: EWH_STOCK, secret: DEMO, headers: {} }));
  check(p, "padding stripped", "malformed_header", verifyHmacBase64({ body: EWH_STOCK, secret: DEMO, signature: signature.replace(/=+$/, "") }));
}

const table = rows.map((r) => {
  const got = r.result.ok ? "ok" : r.result.reason;
  return { provider: r.provider, case: r.case, result: r.result.ok ? "accepted" : "rejected", reason: r.result.ok ? "" : r.result.reason, as_expected: got === r.expected ? "yes" : `NO (expected ${r.expected})` };
});
const columns = ["provider", "case", "result", "reason", "as_expected"] as const;
const widths = columns.map((c) => Math.max(c.length, ...table.map((row) => row[c].length)));
const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
console.log(line(columns));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const row of table) console.log(line(columns.map((c) => row[c])));
const wrong = table.filter((row) => row.as_expected !== "yes").length;
console.log(`\n${table.length - wrong} of ${table.length} cases as expected.`);
process.exitCode = wrong === 0 ? 0 : 1;
