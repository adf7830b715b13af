// Casso webhook v2 deliveries: one bank transaction each. Every field is known only from copies
// of Casso's sample code (THIRD in WAVE1.md): none is checked beyond the body being an object,
// and each is typed `unknown`, with what the sample shows. A field guessed wrong must not turn
// a genuine delivery into a refusal that Casso retries and then drops.
//
// The body is read strictly (src/lib/strict-json.ts), as verifyCassoSignature reads it: the
// object handed over is the one whose sorted JSON was verified.
import { type ParseResult, type Shape, isObject, mismatch, shape } from "./shape.js";
import { parseStrictWith } from "./strict.js";

/** One transaction (`data`), as Casso's sample shows it; test each field's type before use. */
export interface CassoTransaction {
  /** Seen as a number (`0` in the test delivery): integrators deduplicate on it. */
  id?: unknown;
  /** Seen as a string (`"MA_GIAO_DICH_THU_NGHIEM"`). */
  reference?: unknown;
  /** The transfer's description, as sent; not checked. */
  description?: unknown;
  /** Seen as a number, in VND (`599000`). */
  amount?: unknown;
  /** The account's balance after the transaction, as sent; not checked. */
  runningBalance?: unknown;
  /** Seen as local time without a zone (`"2024-10-03 15:06:37"`). */
  transactionDateTime?: unknown;
  /** The account the transaction is on, as sent; not checked. */
  accountNumber?: unknown;
  /** That account's bank, as sent; not checked. */
  bankName?: unknown;
  /** That bank's short name, as sent; not checked. */
  bankAbbreviation?: unknown;
  /** The virtual account, if any, as sent; not checked. */
  virtualAccountNumber?: unknown;
  /** The virtual account's name, if any, as sent; not checked. */
  virtualAccountName?: unknown;
  /** The other party's account name, as sent; not checked. */
  counterAccountName?: unknown;
  /** The other party's account number, as sent; not checked. */
  counterAccountNumber?: unknown;
  /** The other party's bank id, as sent; not checked. */
  counterAccountBankId?: unknown;
  /** The other party's bank name, as sent; not checked. */
  counterAccountBankName?: unknown;
  [field: string]: unknown;
}

/** A Casso webhook v2 body: `{"error": 0, "data": {…}}` in the sample. */
export interface CassoWebhook {
  /** Seen as `0`. */
  error?: unknown;
  /** Seen as one transaction object. */
  data?: CassoTransaction | unknown;
  [field: string]: unknown;
}

const webhook: Shape<CassoWebhook> = /* @__PURE__ */ shape((value, path) => (isObject(value) ? undefined : mismatch(path, "an object", value)));

/** Parses a Casso webhook v2 body, strictly (one JSON reading). Never throws. */
export function parseCassoWebhook(input: unknown): ParseResult<CassoWebhook> {
  return parseStrictWith(input, webhook);
}
