// VNPay IPN (2.1.0): a GET whose query carries vnp_SecureHash, hex HMAC-SHA512 of the sorted,
// URL-encoded vnp_ parameters (src/schemes/vnpay.ts). Answered with VNPay's JSON codes: 00
// on success (a duplicate too), 97 for a signature refused, 99 otherwise (THIRD: VNPay's demo
// code). Keyed on vnp_TxnRef + vnp_TransactionNo. The retry schedule is not documented: the
// defaults are the library's (24 h retention, Retry-After 5 minutes).
import type { SecretMatch } from "../lib/result.js";
import type { Secrets } from "../lib/types.js";
import { type VnpayIpn, parseVnpayIpn } from "../payloads/vnpay.js";
import type { CommonReceiverOptions, SecretOption } from "../receiver/types.js";
import { DELIVERY_RETENTION_MS } from "../replay/run-once.js";
import { checkSecretOption, declaration, frozen } from "./shared.js";
import type { ProviderAnswer, ProviderDeclaration, ReceivingDeclaration, SigningDeclaration } from "./types.js";

/** VNPay: keep a processed IPN's key 24 h (VNPay's retry schedule is not documented). */
const VNPAY_RETENTION_MS = DELIVERY_RETENTION_MS;

/** VNPay's answer codes (THIRD: VNPay's demo code), as `RspCode`. */
const VNPAY_RSP_CODES = {
  "00": "Confirm Success",
  "01": "Order not found",
  "02": "Order already confirmed",
  "04": "invalid amount",
  "97": "Invalid Checksum",
  "99": "Unknown error",
} as const;

/** VNPay: one event, `ipn`; check `vnp_ResponseCode` and `vnp_TransactionStatus` ("00": paid). */
export type VnpayEvents = {
  /** An IPN. */
  ipn: VnpayIpn;
};

/** What `createReceiver` takes for VNPay: the common options and its own. */
export interface VnpayReceiverOptions extends CommonReceiverOptions {
  /** `"vnpay"`. */
  provider: "vnpay";
  /** The terminal's hash secret (vnp_HashSecret), a list during a rotation, or a function of the request. */
  secret: SecretOption<Secrets>;
}

/** A paid IPN in the shape of VNPay's parameter lists (DOC), with made-up values. */
export const VNPAY_IPN_EXAMPLE: VnpayIpn = /* @__PURE__ */ frozen({
  vnp_Amount: "1000000",
  vnp_BankCode: "NCB",
  vnp_BankTranNo: "VNP14226112",
  vnp_CardType: "ATM",
  vnp_OrderInfo: "Thanh toan don hang :5",
  vnp_PayDate: "20240101153333",
  vnp_ResponseCode: "00",
  vnp_TmnCode: "CTTVNP01",
  vnp_TransactionNo: "14226112",
  vnp_TransactionStatus: "00",
  vnp_TxnRef: "5",
});

const rsp = (code: keyof typeof VNPAY_RSP_CODES, status: number): ProviderAnswer => ({
  status,
  body: JSON.stringify({ RspCode: code, Message: VNPAY_RSP_CODES[code] }),
  contentType: "application/json",
});

/** What a receiver reads of VNPay. */
export const vnpayReceiving: ReceivingDeclaration<"vnpay", VnpayEvents, SecretMatch> = {
  name: "vnpay",
  title: "VNPay",
  secretOption: "secret",
  method: "GET",
  checkOptions: checkSecretOption,
  steps: (_options, verifiers) => ({
    verify: (_body, _headers, secret, request) => verifiers.verifyVnpayIpn({ query: request.url, secret: secret as Secrets }),
    // The same reader as verify's: the parameters handed over are those verified.
    parse: (_body, _headers, request) => {
      const parsed = parseVnpayIpn(request.url);
      return parsed.ok ? { ok: true, value: { event: "ipn", payload: parsed.value } } : parsed;
    },
    id: (parsed) => {
      const payload = parsed.payload as VnpayIpn;
      if (payload.vnp_TxnRef !== undefined && payload.vnp_TransactionNo !== undefined) return `${payload.vnp_TxnRef}:${payload.vnp_TransactionNo}`;
      // A GET has no body to key it: its signed parameters do (the key is stored bounded).
      return new URLSearchParams(payload as Record<string, string>).toString();
    },
  }),
  retryAfterSeconds: 300,
  retentionMs: VNPAY_RETENTION_MS,
  answer: /* @__PURE__ */ rsp("00", 200),
  // VNPay reads RspCode: 97 for a signature refused, 99 for anything else; the library's own
  // shape for a refusal before the request is read (a wrong method, a body too large).
  refusal: (status, reason) => {
    if (reason === "method_not_allowed" || reason === "body_too_large" || reason === "body_timeout") return undefined;
    return rsp(reason === "signature_mismatch" || reason === "missing_header" || reason === "malformed_header" ? "97" : "99", status);
  },
};

/** How a VNPay IPN is signed (a query: `signDelivery`), and its example (webhook-signatures/testing). */
export const vnpaySigning: SigningDeclaration<"vnpay"> = {
  name: "vnpay",
  title: "VNPay",
  secretOption: "secret",
  scheme: { vectors: "vnpay", verify: "verifyVnpayIpn", sign: "signVnpayIpn", in: "query", field: "vnp_SecureHash" },
  signatureHeader: () => "vnp_SecureHash (query)",
  sign: () => [],
  signDelivery: (signers, body, secret) => {
    let params: unknown;
    try {
      params = JSON.parse(body);
    } catch {
      params = undefined;
    }
    return { body: "", query: signers.signVnpayIpn({ params: params as Record<string, string>, secret }), headers: [] };
  },
  examples: [{ name: "vnpay-ipn-paid", about: "IPN of a paid order (made-up values)", payload: VNPAY_IPN_EXAMPLE }],
};

/** The VNPay declaration: what a receiver, /testing and the command line read of it. */
export const vnpay: ProviderDeclaration<"vnpay", VnpayEvents, SecretMatch> = /* @__PURE__ */ declaration(vnpayReceiving, vnpaySigning, {
  cliOptions: [],
});
