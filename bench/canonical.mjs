// The canonicalised schemes (payOS, Casso, ZaloPay) against a hand-written reference of the same
// canonicalisation, as an integrator writes it from the providers' samples: JSON.parse, sort,
// join or JSON.stringify, node:crypto HMAC, timingSafeEqual. The reference is lenient (it
// reads duplicate keys, 1.0 and __proto__ as JSON.parse does); ours reads strictly, so the ratio
// is what strictness costs. Target: ours ≥ 0.80 of the reference (issue 27).
import { createHmac, timingSafeEqual } from "node:crypto";

function sortedCopy(value) {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (typeof value !== "object" || value === null) return value;
  const out = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedCopy(value[key]);
  return out;
}

function hexEqual(mac, hex) {
  const received = Buffer.from(hex, "hex");
  return received.length === mac.length && timingSafeEqual(mac, received);
}

/** payOS, as the docs' sample code: data's keys sorted, k=v joined by &, null-likes empty, arrays as JSON of sorted items. */
export function refPayos(body, secret) {
  const { data, signature } = JSON.parse(body);
  const text = Object.keys(data)
    .sort()
    .map((key) => {
      let value = data[key];
      if (Array.isArray(value)) value = JSON.stringify(value.map((item) => Object.fromEntries(Object.keys(item).sort().map((k) => [k, item[k]]))));
      if (value === null || value === "null" || value === "undefined") value = "";
      return `${key}=${value}`;
    })
    .join("&");
  return hexEqual(createHmac("sha256", secret).update(text).digest(), signature) ? data : undefined;
}

/** Casso, as its samples: t and v1 from the header, the body's keys sorted at every depth, HMAC-SHA512 of t.JSON. */
export function refCasso(body, header, secret, nowMs) {
  const match = /t=(\d+),v1=([a-f0-9]+)/.exec(header);
  if (match === null) return undefined;
  const value = JSON.parse(body);
  const mac = createHmac("sha512", secret).update(`${match[1]}.${JSON.stringify(sortedCopy(value))}`).digest();
  return hexEqual(mac, match[2]) && Math.abs(nowMs - Number(match[1])) <= 300_000 ? value : undefined;
}

/** ZaloPay, as its official sample: HMAC-SHA256 (key2) of the data string; `parseData`: then data parsed for the handler. */
export function refZalopay(body, secret, parseData = true) {
  const { data, mac } = JSON.parse(body);
  if (!hexEqual(createHmac("sha256", secret).update(data).digest(), mac)) return undefined;
  return parseData ? JSON.parse(data) : data;
}

export const PAYOS_KEY = "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675";
export const CASSO_KEY = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs";
export const ZALOPAY_KEY = "kLtgPl8HHhfvMuDHPwKfgfsY4Ydm9eIz";

/** A payOS body of about `size` bytes: the docs' data, with an `items` array grown to fit, signed by the reference's rules. */
export function payosBody(size) {
  const data = {
    orderCode: 123, amount: 3000, description: "VQRIO123", accountNumber: "12345678", reference: "TF230204212323",
    transactionDateTime: "2023-02-04 18:25:00", currency: "VND", paymentLinkId: "124c33293c43417ab7879e14c8d9eb18",
    code: "00", desc: "Thành công", counterAccountBankId: "", counterAccountBankName: "", counterAccountName: "",
    counterAccountNumber: "", virtualAccountName: "", virtualAccountNumber: "",
  };
  const items = [];
  while (JSON.stringify({ data, items }).length < size - 200) items.push({ quantity: items.length, name: `item ${items.length}`, price: 1000 });
  if (items.length > 0) data.items = items;
  const text = Object.keys(data).sort().map((key) => {
    let value = data[key];
    if (Array.isArray(value)) value = JSON.stringify(value.map((item) => Object.fromEntries(Object.keys(item).sort().map((k) => [k, item[k]]))));
    return `${key}=${value}`;
  }).join("&");
  return JSON.stringify({ code: "00", desc: "success", success: true, data, signature: createHmac("sha256", PAYOS_KEY).update(text).digest("hex") });
}

/** A Casso body of about `size` bytes (the sample's transaction, padded with a description) and its header at `t`. */
export function cassoDelivery(size, t) {
  const data = {
    id: 0, reference: "MA_GIAO_DICH_THU_NGHIEM", description: "giao dich thu nghiem", amount: 599000, runningBalance: 25000000,
    transactionDateTime: "2024-10-03 15:06:37", accountNumber: "88888888", bankName: "VPBank", bankAbbreviation: "VPB",
    virtualAccountNumber: "", virtualAccountName: "", counterAccountName: "NGUYEN VAN A", counterAccountNumber: "8888888888",
    counterAccountBankId: "970415", counterAccountBankName: "VietinBank",
  };
  const body = { error: 0, data };
  const base = JSON.stringify(body).length;
  if (size > base) data.description += " thanh toan".repeat(Math.ceil((size - base) / 11));
  const text = JSON.stringify(body);
  const v1 = createHmac("sha512", CASSO_KEY).update(`${t}.${JSON.stringify(sortedCopy(body))}`).digest("hex");
  return { body: text, header: `t=${t},v1=${v1}` };
}

/** ZaloPay's docs callback, its data padded to about `size` bytes. */
export function zalopayBody(size) {
  const order = {
    app_id: 2553, app_trans_id: "200904_2553_1598435687208", app_time: 1599189392817, app_user: "demo", amount: 10000,
    embed_data: '{"merchantinfo":"embeddata123","promotioninfo":""}', item: "[]", zp_trans_id: 200904000000389,
    server_time: 1599189413498, channel: 38, merchant_user_id: "7ZMSl3nEg5sOUJzOLSoUFT8xKNQVaLOLXHB--8Eytqc", user_fee_amount: 0, discount_amount: 0,
  };
  const items = [];
  while (JSON.stringify(order).length + JSON.stringify(items).length < size - 100) items.push({ itemid: `knb${items.length}`, itemname: "kim nguyen bao", itemprice: 198400, itemquantity: 1 });
  order.item = JSON.stringify(items);
  const data = JSON.stringify(order);
  return JSON.stringify({ data, mac: createHmac("sha256", ZALOPAY_KEY).update(data).digest("hex"), type: 1 });
}
