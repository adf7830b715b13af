// VNPay IPN: the query's vnp_ parameters, as the scheme verified them (src/schemes/vnpay-query.ts:
// the same reader). vnp_SecureHash and vnp_SecureHashType are not handed over (not signed),
// nor a parameter with an empty value (signed under one reading of VNPay's demos only), nor a
// parameter of the merchant's own URL (not vnp_). Every value is a string, as in a query.
// Names: VNPay's parameter lists (DOC); none is checked, so a parameter VNPay adds or leaves
// out never fails a delivery.
import { readVnpayQuery, vnpayPayload } from "../schemes/vnpay-query.js";
import type { ParseResult } from "./shape.js";

/** An IPN's parameters (all strings; any may be absent). */
export interface VnpayIpn {
  /** The terminal's code. */
  vnp_TmnCode?: string;
  /** The amount times 100, in VND (`"1000000"` is 10,000 VND). */
  vnp_Amount?: string;
  /** The bank's code, as sent. */
  vnp_BankCode?: string;
  /** The bank's transaction number, as sent. */
  vnp_BankTranNo?: string;
  /** The card or account type, as sent. */
  vnp_CardType?: string;
  /** `yyyyMMddHHmmss`, Vietnam time. */
  vnp_PayDate?: string;
  /** Your order description, as you sent it. */
  vnp_OrderInfo?: string;
  /** VNPay's transaction number. */
  vnp_TransactionNo?: string;
  /** `"00"`: success. */
  vnp_ResponseCode?: string;
  /** `"00"`: success. */
  vnp_TransactionStatus?: string;
  /** Your order reference. */
  vnp_TxnRef?: string;
  [param: `vnp_${string}`]: string | undefined;
}

/** Reads an IPN's query (or its request target or URL) into its signed, non-empty vnp_ parameters. Never throws. */
export function parseVnpayIpn(query: string): ParseResult<VnpayIpn> {
  const read = readVnpayQuery(typeof query === "string" ? query : "");
  if (!("params" in read)) return { ok: false, reason: "invalid_payload", message: read.message };
  return { ok: true, value: vnpayPayload(read.params) };
}
