// Deliveries for the benchmark: deterministic JSON bodies of exact sizes, secrets, and
// signatures made with bare node:crypto (never with the library under test).
import { createHmac, randomBytes } from "node:crypto";

export const SIZES = [256, 1024, 64 * 1024, 1024 * 1024];

export const SECRET = "bench-secret-5f1c0b2e9a7d4c68b3e1";
export const WRONG_SECRETS = ["bench-secret-old-one-0000000000000", "bench-secret-old-two-1111111111111"];
export const BASIC = { id: "tiki-seller-42", secret: "c2VjcmV0LWdyYW50ZWQtdG8tdGlraQ" };
export const BASIC_WRONG = [
  { id: "tiki-seller-41", secret: "old-secret-number-one-000000000" },
  { id: "tiki-seller-40", secret: "old-secret-number-two-111111111" },
];
/** The ceiling's own process key for the Basic compare (ours draws its own). */
export const BASIC_COMPARE_KEY = randomBytes(32);

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";

/** A valid JSON object of exactly `size` bytes (ASCII), the same every run. */
export function jsonBody(size) {
  const head = '{"event":"bench","data":"';
  const tail = '"}';
  let seed = 0x2545f491 ^ size;
  let fill = "";
  const n = size - head.length - tail.length;
  const chars = new Array(n);
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    chars[i] = ALPHABET[(seed >>> 16) % ALPHABET.length];
  }
  fill = chars.join("");
  const text = head + fill + tail;
  if (Buffer.byteLength(text) !== size) throw new Error(`body of ${size} bytes came out wrong`);
  return text;
}

/** Request headers as Node hands them over (lowercase keys), with `extra` added last. */
export function nodeHeaders(size, extra) {
  return {
    host: "hooks.example.com",
    "user-agent": "Provider-Webhooks/1.0",
    accept: "*/*",
    "accept-encoding": "gzip, deflate, br",
    "content-type": "application/json",
    "content-length": String(size),
    "x-forwarded-for": "203.0.113.7",
    "x-forwarded-proto": "https",
    "x-request-id": "9b2c61d4-8f0e-4a57-b1c3-7d2e9f604a18",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    connection: "keep-alive",
    ...extra,
  };
}

export function hmacHex(algorithm, secret, ...parts) {
  const h = createHmac(algorithm, secret);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

export function hmacBase64(algorithm, secret, body) {
  return createHmac(algorithm, secret).update(body).digest("base64");
}

/** A Mobility Work header signed now. */
export function mwHeader(secret, body) {
  const t = String(Math.floor(Date.now() / 1000));
  const nonce = "4f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";
  return `t=${t},nonce=${nonce},signature=${hmacHex("sha256", secret, t, ".", nonce, ".", body)}`;
}
