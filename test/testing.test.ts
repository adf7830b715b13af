// webhook-signatures/testing: every builder's delivery verifies with the root verify
// functions, and reproduces the recorded vectors (computed by Python's hmac and openssl,
// never by this library) from their bodies and secrets.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyBasicAuth, verifyHmacBase64, verifyHmacHex, verifyMwSignature, verifyTikiSha1 } from "../src/index.js";
import { parseEwarehousingWebhook } from "../src/payloads/ewarehousing.js";
import { parseMwWebhook } from "../src/payloads/mobility-work.js";
import { parseTikiProductRequestEvent } from "../src/payloads/tiki-open-api.js";
import { parseTikiAftersale, parseTikiOrderStatus, parseTikiStockSync } from "../src/payloads/tikinow.js";
import { parseTilbyWebhook } from "../src/payloads/tilby.js";
import {
  EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
  MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
  TIKINOW_AFTERSALE_EXAMPLE,
  TIKINOW_ORDER_CANCELED_EXAMPLE,
  TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE,
  TIKINOW_ORDER_PROCESSING_EXAMPLE,
  TIKINOW_STOCK_EXAMPLE,
  TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE,
  TILBY_SALES_CLOSED_EXAMPLE,
  TILBY_SUBSCRIBED_EXAMPLE,
  deliveryFor,
  ewarehousingDelivery,
  mobilityWorkDelivery,
  tikiOpenApiDelivery,
  tilbyDelivery,
  tikinowDelivery,
} from "../src/testing.js";
import { signatureHeaderOf } from "../src/cli/providers.js";
import { tilby } from "../src/providers/tilby.js";
import { PROVIDERS } from "../src/providers/index.js";
import { TILBY_DEFAULT_SIGNATURE_HEADER, createReceiver } from "../src/receiver/index.js";
import { type EncodedBody, type EncodedSecret, type VectorCase, bodyBytes, loadVectors, secretValue } from "./helpers/vectors.js";
import { MW_SPARE_PART_VALUE, TIKI_REJECTED_VALUE, TIKI_STOCK_SAMPLE_VALUE } from "./helpers/documented.js";

/** The header the command line signs a Tilby delivery in, given its --header-name. */
const headerNameOf = (value: string | undefined) => signatureHeaderOf(tilby, value === undefined ? {} : { "header-name": value }, 0);
const SECRET = "test-secret-for-builders";
const CREDENTIALS = { id: "iyofim3eru0bkiwz", secret: "BuqicB1kwcy4Tl9dikqPB7FkPwdDh8fd" };
const T = 1660338149;
const NONCE = "752c14ea195c460bac3c3b7896975ee9fd15eeb7";

/** The vector's body as text, when its bytes are valid UTF-8 (builders send strings). */
function bodyText(body: EncodedBody): string | undefined {
  const bytes = bodyBytes(body);
  const text = bytes.toString("utf8");
  return Buffer.from(text, "utf8").equals(bytes) ? text : undefined;
}

interface Signable {
  title: string;
  body: string;
  secret: string | Uint8Array;
  input: Record<string, unknown>;
  expected: VectorCase["expected"];
}

/** Valid vectors marked `sign: true`, with one secret, a text body and the options `accept` allows. */
function signable(scheme: Parameters<typeof loadVectors>[0], accept: (input: Record<string, unknown>) => boolean = () => true): Signable[] {
  return loadVectors(scheme).valid.flatMap((c) => {
    if (c.sign !== true || !accept(c.input)) return [];
    const body = c.input.body === undefined ? "{}" : bodyText(c.input.body as EncodedBody);
    const secret = c.input.secret === undefined ? "" : secretValue(c.input.secret as EncodedSecret);
    return body === undefined ? [] : [{ title: c.title, body, secret, input: c.input, expected: c.expected }];
  });
}

async function postedThroughFetch(delivery: { body: string; headers: Record<string, string> }): Promise<{ body: string; headers: Headers }> {
  const request = new Request("https://shop.example/webhooks", { method: "POST", body: delivery.body, headers: delivery.headers });
  return { body: await request.text(), headers: request.headers };
}

describe("tikinowDelivery", () => {
  it("builds the stock example as JSON, signed so that verifyTikiSha1 accepts it", async () => {
    const delivery = tikinowDelivery({ secret: SECRET });
    expect(delivery.body).toBe(JSON.stringify(TIKINOW_STOCK_EXAMPLE));
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["x-signature"]).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(verifyTikiSha1({ body: delivery.body, secret: SECRET, headers: delivery.headers })).toEqual({ ok: true });
    const posted = await postedThroughFetch(delivery);
    expect(verifyTikiSha1({ body: posted.body, secret: SECRET, headers: posted.headers })).toEqual({ ok: true });
    expect(parseTikiStockSync(posted.body)).toEqual({ ok: true, value: TIKINOW_STOCK_EXAMPLE });
  });

  it("signs the order-status and aftersale payloads it is given, under each channel's secret", () => {
    const cases = [
      [TIKINOW_ORDER_CANCELED_EXAMPLE, parseTikiOrderStatus],
      [TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE, parseTikiOrderStatus],
      [TIKINOW_ORDER_PROCESSING_EXAMPLE, parseTikiOrderStatus],
      [TIKINOW_AFTERSALE_EXAMPLE, parseTikiAftersale],
    ] as const;
    for (const [payload, parse] of cases) {
      const delivery = tikinowDelivery({ secret: "order-channel-secret", payload });
      expect(verifyTikiSha1({ body: delivery.body, secret: "order-channel-secret", headers: delivery.headers }).ok).toBe(true);
      expect(verifyTikiSha1({ body: delivery.body, secret: SECRET, headers: delivery.headers }).ok).toBe(false);
      expect(parse(delivery.body)).toEqual({ ok: true, value: payload });
    }
  });

  const vectors = signable("tikinow");
  it("has signable TikiNOW vectors to compare against", () => expect(vectors.length).toBeGreaterThan(0));
  for (const vector of vectors) {
    it(`reproduces the vector's x-signature from its body and secret: ${vector.title}`, () => {
      expect(tikinowDelivery({ body: vector.body, secret: vector.secret }).headers["x-signature"]).toBe(vector.input.signature);
    });
  }
});

describe("tikiOpenApiDelivery", () => {
  it("builds the rejected example with the Basic header of the granted pair, which verifyBasicAuth accepts", async () => {
    const delivery = tikiOpenApiDelivery({ credentials: CREDENTIALS });
    expect(delivery.body).toBe(JSON.stringify(TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE));
    expect(delivery.headers).toEqual({
      "content-type": "application/json",
      authorization: "Basic aXlvZmltM2VydTBia2l3ejpCdXFpY0Ixa3djeTRUbDlkaWtxUEI3RmtQd2REaDhmZA==",
    });
    expect(verifyBasicAuth({ credentials: CREDENTIALS, headers: delivery.headers })).toEqual({ ok: true, id: CREDENTIALS.id });
    const posted = await postedThroughFetch(delivery);
    expect(verifyBasicAuth({ credentials: CREDENTIALS, headers: posted.headers }).ok).toBe(true);
    expect(parseTikiProductRequestEvent(posted.body)).toEqual({ ok: true, value: TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE });
  });

  it("sends an approved event with an empty payload", () => {
    const payload = { id: "e-1", event: "product:request:approved", payload: {} } as const;
    const delivery = tikiOpenApiDelivery({ credentials: CREDENTIALS, payload });
    expect(parseTikiProductRequestEvent(delivery.body)).toEqual({ ok: true, value: payload });
  });

  const vectors = signable("tiki-basic");
  it("has signable Tiki Basic vectors to compare against", () => expect(vectors.length).toBeGreaterThan(0));
  for (const vector of vectors) {
    it(`reproduces the vector's authorization header from its credentials: ${vector.title}`, () => {
      const [credentials] = vector.input.credentials as Array<{ id: string; secret: string }>;
      expect(tikiOpenApiDelivery({ credentials: credentials! }).headers.authorization).toBe(vector.input.authorization);
    });
  }
});

describe("mobilityWorkDelivery", () => {
  it("builds the spare-part example with the given t and nonce, which verifyMwSignature accepts at that instant", async () => {
    const delivery = mobilityWorkDelivery({ secret: SECRET, timestamp: T, nonce: NONCE });
    expect(delivery.body).toBe(JSON.stringify(MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE));
    expect(delivery.headers["x-mw-signature"]).toMatch(new RegExp(`^t=${T},nonce=${NONCE},signature=[0-9a-f]{64}$`));
    expect(verifyMwSignature({ body: delivery.body, secret: SECRET, headers: delivery.headers, now: T * 1000 })).toEqual({
      ok: true,
      timestamp: T,
      nonce: NONCE,
    });
    const posted = await postedThroughFetch(delivery);
    expect(verifyMwSignature({ body: posted.body, secret: SECRET, headers: posted.headers, now: T * 1000 }).ok).toBe(true);
    expect(parseMwWebhook(posted.body)).toEqual({ ok: true, value: MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE });
  });

  it("defaults to now and a fresh 40-hex-digit nonce, so a live verify passes and two deliveries differ", () => {
    const first = mobilityWorkDelivery({ secret: SECRET });
    const second = mobilityWorkDelivery({ secret: SECRET });
    const result = verifyMwSignature({ body: first.body, secret: SECRET, headers: first.headers });
    expect(result.ok).toBe(true);
    expect(result.ok && result.nonce).toMatch(/^[0-9a-f]{40}$/);
    expect(first.headers["x-mw-signature"]).not.toBe(second.headers["x-mw-signature"]);
  });

  const vectors = signable("mobility-work");
  it("has signable Mobility Work vectors to compare against", () => expect(vectors.length).toBeGreaterThan(0));
  for (const vector of vectors) {
    it(`reproduces the vector's x-mw-signature from its body, secret, t and nonce: ${vector.title}`, () => {
      const { timestamp, nonce } = vector.expected as unknown as { timestamp: number; nonce: string };
      const delivery = mobilityWorkDelivery({ body: vector.body, secret: vector.secret, timestamp, nonce });
      expect(delivery.headers["x-mw-signature"]).toBe(vector.input.signature);
    });
  }
});

describe("tilbyDelivery", () => {
  it("builds the SUBSCRIBED handshake signed under the header name given, in lowercase, which verifyHmacHex accepts", async () => {
    const delivery = tilbyDelivery({ secret: SECRET, headerName: "X-Tilby-Signature" });
    expect(delivery.body).toBe(JSON.stringify(TILBY_SUBSCRIBED_EXAMPLE));
    expect(Object.keys(delivery.headers)).toEqual(["content-type", "x-tilby-signature"]);
    expect(delivery.headers["x-tilby-signature"]).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyHmacHex({ body: delivery.body, secret: SECRET, headers: delivery.headers, headerName: "X-Tilby-Signature" })).toEqual({ ok: true });
    const posted = await postedThroughFetch(delivery);
    expect(verifyHmacHex({ body: posted.body, secret: SECRET, headers: posted.headers, headerName: "x-tilby-signature" }).ok).toBe(true);
    expect(parseTilbyWebhook(posted.body)).toEqual({ ok: true, value: TILBY_SUBSCRIBED_EXAMPLE });
  });

  it("without headerName, signs under the one default that the receiver and the command line use too (SPEC: x-tilby-signature)", async () => {
    expect(TILBY_DEFAULT_SIGNATURE_HEADER).toBe("x-tilby-signature");
    expect(headerNameOf(undefined)).toBe(TILBY_DEFAULT_SIGNATURE_HEADER);
    const delivery = tilbyDelivery({ secret: SECRET });
    expect(Object.keys(delivery.headers)).toEqual(["content-type", TILBY_DEFAULT_SIGNATURE_HEADER]);
    expect(delivery.headers[TILBY_DEFAULT_SIGNATURE_HEADER]).toBe(tilbyDelivery({ secret: SECRET, headerName: "x-sig" }).headers["x-sig"]);
    const receiver = createReceiver({ provider: "tilby", secret: SECRET, onRefusal: () => {} });
    expect((await receiver.receive({ method: "POST", url: "/tilby", headers: delivery.headers, body: new TextEncoder().encode(delivery.body) })).status).toBe(200);
    expect(tilbyDelivery({ secret: SECRET, headerName: undefined }).headers).toEqual(delivery.headers);
  });

  it("serialises the CLOSED example to the very body of the recorded vector, and signs it to the vector's value", () => {
    const [closed, subscribed] = loadVectors("hmac-hex").valid;
    const token = secretValue(closed!.input.secret as EncodedSecret);
    const delivery = tilbyDelivery({ secret: token, headerName: "x-signature", payload: TILBY_SALES_CLOSED_EXAMPLE });
    expect(delivery.body).toBe((closed!.input.body as { utf8: string }).utf8);
    expect(delivery.headers["x-signature"]).toBe(closed!.input.signature);
    const handshake = tilbyDelivery({ secret: token, headerName: "x-signature" });
    expect(handshake.body).toBe((subscribed!.input.body as { utf8: string }).utf8);
    expect(handshake.headers["x-signature"]).toBe(subscribed!.input.signature);
  });

  const vectors = signable("hmac-hex", (input) => input.algorithm === undefined && (input.prefix === undefined || input.prefix === ""));
  it("has signable hex SHA-256 vectors to compare against", () => expect(vectors.length).toBeGreaterThan(0));
  for (const vector of vectors) {
    it(`reproduces the vector's hex signature from its body and token: ${vector.title}`, () => {
      expect(tilbyDelivery({ body: vector.body, secret: vector.secret, headerName: "x-sig" }).headers["x-sig"]).toBe(vector.input.signature);
    });
  }
});

describe("ewarehousingDelivery", () => {
  it("builds the stock example with x-hmac-sha256 and a random UUID x-webhook-id, which verifyHmacBase64 accepts", async () => {
    const delivery = ewarehousingDelivery({ secret: SECRET });
    expect(delivery.body).toBe(JSON.stringify(EWAREHOUSING_STOCK_UPDATED_EXAMPLE));
    expect(delivery.headers["x-hmac-sha256"]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(delivery.headers["x-webhook-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ewarehousingDelivery({ secret: SECRET }).headers["x-webhook-id"]).not.toBe(delivery.headers["x-webhook-id"]);
    expect(verifyHmacBase64({ body: delivery.body, secret: SECRET, headers: delivery.headers })).toEqual({ ok: true });
    const posted = await postedThroughFetch(delivery);
    expect(verifyHmacBase64({ body: posted.body, secret: SECRET, headers: posted.headers }).ok).toBe(true);
    expect(parseEwarehousingWebhook(posted.body)).toEqual({ ok: true, value: EWAREHOUSING_STOCK_UPDATED_EXAMPLE });
  });

  it("uses the webhookId given, so a test can send the same event twice", () => {
    const id = "dba10ff9-b82f-4601-8d58-1f7b6a8ae721";
    expect(ewarehousingDelivery({ secret: SECRET, webhookId: id }).headers["x-webhook-id"]).toBe(id);
  });

  it("signs a body given raw, byte for byte (a prettified body is a different body)", () => {
    const pretty = JSON.stringify(EWAREHOUSING_STOCK_UPDATED_EXAMPLE, null, 2);
    const delivery = ewarehousingDelivery({ secret: SECRET, body: pretty });
    expect(delivery.body).toBe(pretty);
    expect(verifyHmacBase64({ body: pretty, secret: SECRET, headers: delivery.headers }).ok).toBe(true);
    expect(verifyHmacBase64({ body: JSON.stringify(JSON.parse(pretty)), secret: SECRET, headers: delivery.headers }).ok).toBe(false);
  });

  const vectors = signable("hmac-base64", (input) => input.algorithm === undefined || input.algorithm === "sha256");
  it("has signable base64 SHA-256 vectors to compare against", () => expect(vectors.length).toBeGreaterThan(0));
  for (const vector of vectors) {
    it(`reproduces the vector's x-hmac-sha256 from its body and secret: ${vector.title}`, () => {
      expect(ewarehousingDelivery({ body: vector.body, secret: vector.secret }).headers["x-hmac-sha256"]).toBe(vector.input.signature);
    });
  }
});

describe("the example payloads", () => {
  it("each parse with their provider's parser to themselves", () => {
    const cases: Array<[unknown, (body: unknown) => unknown]> = [
      [TIKINOW_STOCK_EXAMPLE, parseTikiStockSync],
      [TIKINOW_ORDER_CANCELED_EXAMPLE, parseTikiOrderStatus],
      [TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE, parseTikiOrderStatus],
      [TIKINOW_ORDER_PROCESSING_EXAMPLE, parseTikiOrderStatus],
      [TIKINOW_AFTERSALE_EXAMPLE, parseTikiAftersale],
      [TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE, parseTikiProductRequestEvent],
      [MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE, parseMwWebhook],
      [TILBY_SUBSCRIBED_EXAMPLE, parseTilbyWebhook],
      [TILBY_SALES_CLOSED_EXAMPLE, parseTilbyWebhook],
      [EWAREHOUSING_STOCK_UPDATED_EXAMPLE, parseEwarehousingWebhook],
    ];
    for (const [example, parse] of cases) {
      expect(parse(JSON.stringify(example))).toEqual({ ok: true, value: example });
    }
  });

  it("are deeply frozen, so one test cannot change another's fixture", () => {
    expect(Object.isFrozen(TIKINOW_STOCK_EXAMPLE)).toBe(true);
    expect(Object.isFrozen(TIKINOW_STOCK_EXAMPLE.data)).toBe(true);
    expect(Object.isFrozen(TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE.payload.list_reasons[0])).toBe(true);
    expect(() => {
      (TIKINOW_STOCK_EXAMPLE.data as { qty_salable: number }).qty_salable = 0;
    }).toThrow(TypeError);
  });

  it("make variants by spreading", () => {
    const payload = { ...TIKINOW_STOCK_EXAMPLE, data: { ...TIKINOW_STOCK_EXAMPLE.data, qty_salable: 0 } };
    const delivery = tikinowDelivery({ secret: SECRET, payload });
    const result = parseTikiStockSync(delivery.body);
    expect(result.ok && result.value.data.qty_salable).toBe(0);
  });
});

describe("programmer mistakes", () => {
  it("throw a TypeError at once, prefixed and naming the argument", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: Array<[() => unknown, RegExp]> = [
      [() => tikinowDelivery(null as never), /tikinowDelivery\(options\) expects one options object, got null/],
      [() => tikinowDelivery({ secret: "" }), /secret must not be empty/],
      [() => tikinowDelivery({} as never), /secret must be a non-empty string or Uint8Array/],
      [() => tikinowDelivery({ secret: SECRET, payload: TIKINOW_STOCK_EXAMPLE, body: "{}" }), /payload and body cannot both be given/],
      [() => tikinowDelivery({ secret: SECRET, body: 42 as never }), /body must be the raw body as a string, got a number/],
      [() => tikinowDelivery({ secret: SECRET, payload: cyclic as never }), /payload must be serialisable with JSON.stringify/],
      [() => tikinowDelivery({ secret: SECRET, payload: (() => 1) as never }), /payload must be a JSON value/],
      [() => tikiOpenApiDelivery({} as never), /credentials must be an object/],
      [() => tikiOpenApiDelivery({ credentials: { id: "a:b", secret: "s" } }), /credentials\.id must be a non-empty string without ':'/],
      [() => mobilityWorkDelivery({ secret: SECRET, timestamp: -1 }), /timestamp must be a whole number of unix seconds/],
      [() => mobilityWorkDelivery({ secret: SECRET, nonce: "a b" }), /nonce must be non-empty printable ASCII/],
      [() => tilbyDelivery({ secret: SECRET, headerName: 42 as never }), /headerName must be a header name \(Tilby does not document one: leave it out for "x-tilby-signature"/],
      [() => tilbyDelivery({ secret: SECRET, headerName: "x signature" }), /headerName must be a header name/],
      [() => tilbyDelivery({ secret: SECRET, headerName: "Content-Type" }), /headerName must not be "content-type"/],
      [() => tilbyDelivery({ secret: "", headerName: "x-sig" }), /secret must not be empty/],
      [() => ewarehousingDelivery({ secret: SECRET, webhookId: "" }), /webhookId must be a non-empty header-safe string/],
      [() => ewarehousingDelivery({ secret: SECRET, webhookId: "id\r\nx-injected: 1" }), /webhookId must be a non-empty header-safe string/],
      [() => ewarehousingDelivery({ secret: new Uint8Array(0) }), /secret must not be empty/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
      expect(call).toThrow(/^\[webhook-signatures\] /);
    }
  });
});

// Each example written out again, independently of src/testing.ts: from the provider pages in
// the project's seeds (shared/seeds/) and PROVIDERS.md where they print the value, and from
// the literal in src/testing.ts (marked "not from the docs") where no document prints it.
describe("the example payloads, value for value", () => {
  it("TIKINOW_STOCK_EXAMPLE is the data payload of the Webhook Sync Stock page", () => {
    expect(TIKINOW_STOCK_EXAMPLE).toStrictEqual(TIKI_STOCK_SAMPLE_VALUE);
  });

  it("the TikiNOW order-status examples are the Webhook Sync Status samples", () => {
    // Field names and the main_state, main_substate and reason_code values are in PROVIDERS.md;
    // the dates, codes and Vietnamese texts are not in the docs here (pinned from src/testing.ts).
    expect(TIKINOW_ORDER_CANCELED_EXAMPLE).toStrictEqual({
      data: {
        date: "2022-10-26T14:22:46+07:00", // not from the docs
        ref_code: "EXT123123", // not from the docs
        order_code: "347171821", // not from the docs
        main_state: "canceled",
        extra_info: { cancel_reason_code: "202", cancel_reason: "Đặt trùng" }, // values not from the docs
      },
    });
    expect(TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE).toStrictEqual({
      data: {
        date: "2022-10-26T14:22:46+07:00", // not from the docs
        ref_code: "EXT123123", // not from the docs
        order_code: "347171821", // not from the docs
        main_state: "shipping",
        main_substate: "delivery_failed_1",
        reason: "Khách hàng hẹn giao lại", // not from the docs
        reason_code: "receiver_reschedule",
      },
    });
    expect(TIKINOW_ORDER_PROCESSING_EXAMPLE).toStrictEqual({
      data: {
        date: "2022-10-26T14:22:05+07:00", // not from the docs
        ref_code: "TR22", // not from the docs
        order_code: "347171821", // not from the docs
        main_state: "processing",
        main_substate: "ready_for_pickup",
      },
    });
  });

  it("TIKINOW_AFTERSALE_EXAMPLE has the Webhook FD/CR fields", () => {
    // Only the field names and type "fd" | "cr" are in PROVIDERS.md: the values are not from the docs.
    expect(TIKINOW_AFTERSALE_EXAMPLE).toStrictEqual({
      data: {
        date: "2022-10-26T14:22:46+07:00", // not from the docs
        ref_code: "CR22509365559", // not from the docs
        order_code: "347171821", // not from the docs
        status: "canceled", // not from the docs
        type: "cr",
      },
    });
  });

  it("TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE is the body of the webhook guide's Handle events", () => {
    expect(TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE).toStrictEqual(TIKI_REJECTED_VALUE);
  });

  it("MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE is the request body of Spare part was out of stock, placeholders included", () => {
    expect(MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE).toStrictEqual(MW_SPARE_PART_VALUE);
  });

  it("TILBY_SUBSCRIBED_EXAMPLE is the introduction page's handshake, with {entity} as sales", () => {
    expect(TILBY_SUBSCRIBED_EXAMPLE).toStrictEqual({
      type: "SUBSCRIBED",
      entity_name: "sales", // the page prints the placeholder "{entity}"; "sales" is its own example entity
      time: "2022-02-23T15:43:31.714Z",
      environment_id: "id_of_the_shop",
      client_id: "clientId_of_static_token",
    });
  });

  it("TILBY_SALES_CLOSED_EXAMPLE is the third-party fixture's shape with the values of vectors/hmac-hex.json", () => {
    // Tilby publishes no notification body: the values are not from the docs.
    expect(TILBY_SALES_CLOSED_EXAMPLE).toStrictEqual({
      type: "CLOSED",
      entity_name: "sales",
      time: "2024-03-14T09:26:53.589Z", // not from the docs
      notification_uuid: "9a4f0c1e-3b7d-4e2a-8c5f-1d6b2e9a7c30", // not from the docs
      environment_id: "1234", // not from the docs
      client_id: "tilby-client-5678", // not from the docs
      from_user: 42, // not from the docs
      entities: [{ id: 98765, uuid: "6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f", external_id: null, status: "closed" }], // not from the docs
      nRetry: 0,
    });
  });

  it("EWAREHOUSING_STOCK_UPDATED_EXAMPLE is the stock webhook example of the webhooks page", () => {
    // PROVIDERS.md prints the field names, the table of groups and actions and modified_at; the
    // other values are not in the docs here (pinned from src/testing.ts).
    expect(EWAREHOUSING_STOCK_UPDATED_EXAMPLE).toStrictEqual({
      body: {
        id: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d", // not from the docs
        ean: "123", // not from the docs
        sku: "12345", // not from the docs
        modified_at: "2022-02-11T17:45:01+0000",
        article_code: "green_jacket", // not from the docs
        stock_salable: 973, // not from the docs
        stock_physical: 1000, // not from the docs
        stock_available: 973, // not from the docs
        stock_quarantine: 0, // not from the docs
      },
      group: "stock",
      action: "updated",
      entity: "variant", // not from the docs
      customer: "be62c27e-2aac-4ac1-902e-f770d64f8dce", // not from the docs
      entityId: "f9cc7e9c-7ac2-45df-b4a3-1a19321c144d", // not from the docs
    });
  });

  it("are frozen all the way down: every nested object and array, null fields left as they are", () => {
    const examples: unknown[] = [
      TIKINOW_STOCK_EXAMPLE,
      TIKINOW_ORDER_CANCELED_EXAMPLE,
      TIKINOW_ORDER_DELIVERY_FAILED_EXAMPLE,
      TIKINOW_ORDER_PROCESSING_EXAMPLE,
      TIKINOW_AFTERSALE_EXAMPLE,
      TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE,
      MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE,
      TILBY_SUBSCRIBED_EXAMPLE,
      TILBY_SALES_CLOSED_EXAMPLE,
      EWAREHOUSING_STOCK_UPDATED_EXAMPLE,
    ];
    let containers = 0;
    const walk = (value: unknown): void => {
      if (typeof value !== "object" || value === null) return;
      containers++;
      expect(Object.isFrozen(value)).toBe(true);
      for (const item of Object.values(value)) walk(item);
    };
    for (const example of examples) walk(example);
    // The 10 examples, and inside them: stock data; canceled data and extra_info; failed data;
    // processing data; aftersale data; payload, list_reasons and its reason; _metadata, stock,
    // location, sparePart and movement; entities and its entity; the eWarehousing body.
    expect(containers).toBe(10 + 1 + 2 + 1 + 1 + 1 + 3 + 5 + 2 + 1);
    expect(Object.isFrozen(TIKINOW_ORDER_CANCELED_EXAMPLE.data.extra_info)).toBe(true);
    expect(Object.isFrozen(MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE._metadata)).toBe(true);
    expect(Object.isFrozen(MW_SPARE_PART_OUT_OF_STOCK_EXAMPLE.stock.location)).toBe(true);
    expect(Object.isFrozen(TILBY_SALES_CLOSED_EXAMPLE.entities)).toBe(true);
    expect(Object.isFrozen(TILBY_SALES_CLOSED_EXAMPLE.entities[0])).toBe(true);
    expect(TIKI_PRODUCT_REQUEST_REJECTED_EXAMPLE.payload.list_reasons[0]!.reason_data).toBeNull();
    expect(() => {
      (TILBY_SALES_CLOSED_EXAMPLE.entities as unknown[]).push({});
    }).toThrow(TypeError);
  });
});

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The call throws a TypeError whose whole message is `message`. */
function expectTypeError(call: () => unknown, message: string): void {
  const error = thrown(call);
  expect(error, message).toBeInstanceOf(TypeError);
  expect((error as TypeError).message).toBe(message);
}

describe("builders given something other than an options object", () => {
  const builders: Array<[string, (options: never) => unknown]> = [
    ["tikinowDelivery", tikinowDelivery],
    ["tikiOpenApiDelivery", tikiOpenApiDelivery],
    ["mobilityWorkDelivery", mobilityWorkDelivery],
    ["tilbyDelivery", tilbyDelivery],
    ["ewarehousingDelivery", ewarehousingDelivery],
  ];
  const values: Array<[unknown, string]> = [
    ["x", "a string"],
    [42, "a number"],
    [true, "a boolean"],
    [null, "null"],
    [undefined, "undefined"],
    [() => ({ secret: SECRET }), "a function"],
  ];
  for (const [name, builder] of builders) {
    it(`${name} throws a TypeError naming itself`, () => {
      for (const [value, kind] of values) {
        expectTypeError(() => builder(value as never), `[webhook-signatures] ${name}(options) expects one options object, got ${kind}`);
      }
    });
  }
});

describe("mobilityWorkDelivery's t and nonce", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("puts exactly the t and nonce given in the header", () => {
    for (const [timestamp, nonce] of [
      [T, NONCE],
      [0, "n"],
      [4102444800, "a:b-c_d~e"],
    ] as const) {
      const header = mobilityWorkDelivery({ secret: SECRET, timestamp, nonce }).headers["x-mw-signature"];
      expect(header.split(",").slice(0, 2)).toEqual([`t=${timestamp}`, `nonce=${nonce}`]);
    }
  });

  it("uses the t given with a random nonce, and the nonce given with the time now", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(1_700_000_000_500));
    const withT = mobilityWorkDelivery({ secret: SECRET, timestamp: T }).headers["x-mw-signature"];
    expect(withT).toMatch(new RegExp(`^t=${T},nonce=[0-9a-f]{40},signature=[0-9a-f]{64}$`));
    const withNonce = mobilityWorkDelivery({ secret: SECRET, nonce: NONCE }).headers["x-mw-signature"];
    expect(withNonce).toMatch(new RegExp(`^t=1700000000,nonce=${NONCE},signature=[0-9a-f]{64}$`));
  });

  it("given neither, signs at the time now with a fresh 40-hex-digit nonce", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(1_700_000_000_500));
    const header = mobilityWorkDelivery({ secret: SECRET }).headers["x-mw-signature"];
    expect(header).toMatch(/^t=1700000000,nonce=[0-9a-f]{40},signature=[0-9a-f]{64}$/);
  });
});

describe("ewarehousingDelivery's webhookId", () => {
  it("accepts any printable ASCII id without whitespace at either end, one character long or more", () => {
    for (const id of ["a", "~", "!", "ab", "a b", "a  b", "x-1:2/3?4=5", "\x21\x7e", "A".repeat(200)]) {
      expect(ewarehousingDelivery({ secret: SECRET, webhookId: id }).headers["x-webhook-id"], id).toBe(id);
    }
  });

  it("refuses anything else with a TypeError saying what kind of value it got", () => {
    const cases: Array<[unknown, string]> = [
      ["", "a string"],
      [" ", "a string"],
      [" a", "a string"],
      ["a ", "a string"],
      ["a\tb", "a string"],
      ["a\nb", "a string"],
      ["\x7f", "a string"],
      ["é", "a string"],
      ["a\x7f", "a string"],
      ["\x7fa", "a string"],
      [42, "a number"],
      [["a"], "an array"],
      [{ toString: () => "a" }, "an object"],
    ];
    for (const [webhookId, kind] of cases) {
      expectTypeError(
        () => ewarehousingDelivery({ secret: SECRET, webhookId: webhookId as never }),
        `[webhook-signatures] webhookId must be a non-empty header-safe string (printable ASCII), got ${kind}`,
      );
    }
  });
});

// deliveryFor: one builder for any provider, shipped or declared, over the declaration's own
// `sign`. Each header is checked against an HMAC computed here with node:crypto, never by the
// library's sign functions.
describe("deliveryFor", () => {
  const hmac = (algorithm: string, key: string, text: string, encoding: "hex" | "base64") =>
    createHmac(algorithm, key).update(text).digest(encoding);

  it("builds each shipped provider's first documented example, header names in lowercase", () => {
    const options: Record<string, Record<string, unknown>> = {
      tiki: { credentials: CREDENTIALS },
      // Standard Webhooks, SePay, Lazada, TikTok Shop, Shopee
      "standard-webhooks": { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
      lazada: { secret: SECRET, appKey: "123456" },
      "tiktok-shop": { secret: SECRET, appKey: "123456" },
      shopee: { secret: SECRET, publicUrl: "https://shop.example/hooks/shopee" },
      momo: { secret: SECRET, accessKey: "access-key" },
      adyen: { secret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056" },
    };
    for (const declaration of PROVIDERS) {
      const delivery = deliveryFor(declaration.name, (options[declaration.name] ?? { secret: SECRET }) as never);
      if (declaration.method === "GET") {
        // Signed in its query (VNPay): no body, no content type.
        expect(delivery.body, declaration.name).toBe("");
        expect(Object.fromEntries(new URLSearchParams(delivery.query))).toMatchObject(declaration.examples[0]!.payload as object);
        continue;
      }
      const example0 = declaration.examples[0]!.payload as Record<string, unknown>;
      if (declaration.signDelivery === undefined) expect(delivery.body, declaration.name).toBe(JSON.stringify(declaration.examples[0]!.payload));
      else if (Object.hasOwn(example0, declaration.signatureHeader({}))) {
        // The signature is a field of the body (payOS, ZaloPay): the example, its field signed again under this secret.
        const field = declaration.signatureHeader({});
        const { [field]: signature, ...rest } = JSON.parse(delivery.body) as Record<string, unknown>;
        const { [field]: published, ...example } = declaration.examples[0]!.payload as Record<string, unknown>;
        expect(rest, declaration.name).toEqual(example);
        expect(signature, declaration.name).toMatch(/^[0-9a-f]{64}$/);
        expect(signature, declaration.name).not.toBe(published);
      }
      // Signed in body fields (MoMo, Adyen): the example with its signature filled in.
      else expect(JSON.parse(delivery.body), declaration.name).toMatchObject(declaration.examples[0]!.payload as object);
      expect(delivery.headers["content-type"], declaration.name).toBe("application/json");
      for (const name of Object.keys(delivery.headers)) expect(name, declaration.name).toBe(name.toLowerCase());
    }
  });

  it("signs TikiNOW, Tilby and eWarehousing deliveries as an HMAC computed here", () => {
    const body = '{"x":1}';
    expect(deliveryFor("tikinow", { secret: SECRET, body }).headers).toEqual({
      "content-type": "application/json",
      "x-signature": `sha1=${hmac("sha1", SECRET, body, "hex")}`,
    });
    expect(deliveryFor("tilby", { secret: SECRET, body, headerName: "X-Sig" }).headers).toEqual({
      "content-type": "application/json",
      "x-sig": hmac("sha256", SECRET, body, "hex"),
    });
    expect(deliveryFor("ewarehousing", { secret: SECRET, body, webhookId: "w-1" }).headers).toEqual({
      "content-type": "application/json",
      "x-hmac-sha256": hmac("sha256", SECRET, body, "base64"),
      "x-webhook-id": "w-1",
    });
  });

  it("signs a Mobility Work delivery at the t and nonce given", () => {
    const delivery = deliveryFor("mobility-work", { secret: SECRET, payload: { _event: "e" }, timestamp: T, nonce: NONCE });
    expect(delivery.body).toBe('{"_event":"e"}');
    expect(delivery.headers["x-mw-signature"]).toBe(`t=${T},nonce=${NONCE},signature=${hmac("sha256", SECRET, `${T}.${NONCE}.{"_event":"e"}`, "hex")}`);
  });

  it("takes Tiki's Basic pair as `credentials`, the option its receiver takes", () => {
    const delivery = deliveryFor("tiki", { credentials: CREDENTIALS });
    expect(delivery.headers.authorization).toBe(`Basic ${Buffer.from(`${CREDENTIALS.id}:${CREDENTIALS.secret}`).toString("base64")}`);
    expectTypeError(() => deliveryFor("tiki", { secret: SECRET }), "[webhook-signatures] credentials must be an object { id, secret }, got undefined");
  });

  it("makes the very deliveries the named builders make", () => {
    const body = '{"y":2}';
    expect(deliveryFor("tikinow", { secret: SECRET, body })).toEqual(tikinowDelivery({ secret: SECRET, body }));
    expect(deliveryFor("tiki", { credentials: CREDENTIALS, body })).toEqual(tikiOpenApiDelivery({ credentials: CREDENTIALS, body }));
    expect(deliveryFor("mobility-work", { secret: SECRET, body, timestamp: T, nonce: NONCE })).toEqual(
      mobilityWorkDelivery({ secret: SECRET, body, timestamp: T, nonce: NONCE }),
    );
    expect(deliveryFor("tilby", { secret: SECRET, body })).toEqual(tilbyDelivery({ secret: SECRET, body }));
    expect(deliveryFor("ewarehousing", { secret: SECRET, body, webhookId: "w" })).toEqual(ewarehousingDelivery({ secret: SECRET, body, webhookId: "w" }));
  });

  it("refuses what it cannot send with a TypeError naming the argument, never echoing a value", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => deliveryFor("tikinow", null as never), "[webhook-signatures] deliveryFor(options) expects one options object, got null"],
      [() => deliveryFor("acme" as never, { secret: SECRET }), '[webhook-signatures] provider must be one of "tikinow", "tiki", "mobility-work", "tilby", "ewarehousing", "shopify", "woocommerce", "sendcloud", "mollie", "haravan", "sapo", "standard-webhooks", "sepay", "lazada", "tiktok-shop", "shopee", "payos", "casso", "zalopay", "vnpay", "momo", "adyen" or a declaration made by defineProvider, got a string'],
      [() => deliveryFor("tilby", { secret: SECRET, headerName: 42 }), "[webhook-signatures] deliveryFor(options) would send a header whose name is a number: a header name is a token (letters, digits and !#$%&'*+-.^_`|~)"],
      [() => deliveryFor("tilby", { secret: SECRET, headerName: "x sig" }), "[webhook-signatures] deliveryFor(options) would send a header whose name is a string: a header name is a token (letters, digits and !#$%&'*+-.^_`|~)"],
      [() => deliveryFor("tilby", { secret: SECRET, headerName: "Content-Type" }), "[webhook-signatures] deliveryFor(options) would send the content-type header twice"],
      [() => deliveryFor("ewarehousing", { secret: SECRET, webhookId: "a\r\nx-injected: 1" }), "[webhook-signatures] deliveryFor(options) would send the x-webhook-id header as a string that is not one: give it non-empty printable ASCII"],
      [() => deliveryFor("ewarehousing", { secret: SECRET, webhookId: 7 }), "[webhook-signatures] deliveryFor(options) would send the x-webhook-id header as a number that is not one: give it non-empty printable ASCII"],
    ];
    for (const [call, message] of cases) expectTypeError(call, message);
  });
});
