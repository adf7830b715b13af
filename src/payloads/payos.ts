// payOS payment webhooks (payos.vn/docs/du-lieu-tra-ve/webhook/, and the types of payOS's
// Node SDK, payOSHQ/payos-lib-node): one kind of notice, a payment received on a payment link.
//
// Decisions:
// - The body is read strictly (src/lib/strict-json.ts), as verifyPayosSignature reads it: the
//   `data` handed over is the `data` that was verified.
// - The fields the docs and the SDK both name are checked; the SDK's optional counterpart and
//   virtual-account fields may be a string or null, or absent. Other fields are kept, unchecked.
import { type Shape, mismatch, nullable, number, object, optional, shape, string } from "./shape.js";
import type { ParseResult } from "./shape.js";
import { parseStrictWith } from "./strict.js";

/** `data` of a payOS webhook: what was paid, and the signed fields. */
export interface PayosWebhookData {
  /** Your order code (signed, as every field of `data`). */
  orderCode: number;
  /** The amount paid. */
  amount: number;
  /** The transfer's description. */
  description: string;
  /** The account that received the transfer. */
  accountNumber: string;
  /** The bank transfer's reference (`"TF230204212323"`): the receiver's delivery id. */
  reference: string;
  /** Local time without a zone: `"2023-02-04 18:25:00"`. */
  transactionDateTime: string;
  /** The currency (`"VND"`). */
  currency: string;
  /** The payment link's id. */
  paymentLinkId: string;
  /** `"00"` on success. */
  code: string;
  /** The message for `code`. */
  desc: string;
  /** The payer's bank id, if given. */
  counterAccountBankId?: string | null;
  /** The payer's bank name, if given. */
  counterAccountBankName?: string | null;
  /** The payer's account name, if given. */
  counterAccountName?: string | null;
  /** The payer's account number, if given. */
  counterAccountNumber?: string | null;
  /** The virtual account's name, if any. */
  virtualAccountName?: string | null;
  /** The virtual account's number, if any. */
  virtualAccountNumber?: string | null;
}

/** A payOS webhook body. */
export interface PayosWebhook {
  /** `"00"` on success. */
  code: string;
  /** The message for `code`. */
  desc: string;
  /** True on success. */
  success: boolean;
  /** The payment: the fields the signature covers. */
  data: PayosWebhookData;
  /** Lowercase hex HMAC-SHA256 of `data` (see verifyPayosSignature). */
  signature: string;
}

const boolean: Shape<boolean> = /* @__PURE__ */ shape((value, path) => (typeof value === "boolean" ? undefined : mismatch(path, "true or false", value)));

const maybeText = /* @__PURE__ */ optional(/* @__PURE__ */ nullable(string));

const webhook: Shape<PayosWebhook> = /* @__PURE__ */ object({
  code: string,
  desc: string,
  success: boolean,
  signature: string,
  data: /* @__PURE__ */ object({
    orderCode: number,
    amount: number,
    description: string,
    accountNumber: string,
    reference: string,
    transactionDateTime: string,
    currency: string,
    paymentLinkId: string,
    code: string,
    desc: string,
    counterAccountBankId: maybeText,
    counterAccountBankName: maybeText,
    counterAccountName: maybeText,
    counterAccountNumber: maybeText,
    virtualAccountName: maybeText,
    virtualAccountNumber: maybeText,
  }),
});

/** Parses a payOS webhook body, strictly (one JSON reading). Never throws. */
export function parsePayosWebhook(input: unknown): ParseResult<PayosWebhook> {
  return parseStrictWith(input, webhook);
}
