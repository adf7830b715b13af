// examples/opentelemetry over real HTTP (node:http on 127.0.0.1): the subscriber turns the
// receiver's diagnostics_channel events into SERVER spans, kept by an in-memory exporter, and a
// counter by outcome and reason, read from a metric reader. A genuine delivery, a refusal, a
// duplicate and a handler's error each give their span; a span the handler starts is the
// delivery span's child. (The example imports the built package: npm run build first.)
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type SumMetricData } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelContextManager, subscribeWebhookTelemetry } from "../../examples/opentelemetry/subscriber.js";
import { createReceiver } from "../../src/receiver/index.js";
import { TIKINOW_STOCK_EXAMPLE, tikinowDelivery } from "../../src/testing.js";

const SECRET = "otel-recipe-secret";

/** A metric reader collected on demand. */
class OnDemandReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const reader = new OnDemandReader();
const meterProvider = new MeterProvider({ readers: [reader] });
const contextManager = new ChannelContextManager();
let unsubscribe: () => void;
let server: Server;
let base: string;
const handlerSpans: { traceId: string; spanId: string; parent: string | undefined }[] = [];

beforeAll(async () => {
  context.setGlobalContextManager(contextManager);
  unsubscribe = subscribeWebhookTelemetry({ tracer: tracerProvider.getTracer("webhooks"), meter: meterProvider.getMeter("webhooks"), contextManager });
  const receiver = createReceiver({ provider: "tikinow", channel: "stock", secret: SECRET, onRefusal: () => {} });
  const app = tracerProvider.getTracer("app");
  receiver.on("stock", async ({ payload }) => {
    await new Promise((resolve) => setTimeout(resolve, 1)); // a turn later: the span stays active across awaits
    app.startActiveSpan("save stock", (span) => {
      const parent = trace.getSpan(context.active()) === span ? span.spanContext() : undefined;
      handlerSpans.push({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, parent: parent?.spanId });
      span.end();
    });
    if (payload.data.sku === "fails") throw new Error("the warehouse database is down");
  });
  server = createServer((req, res) => void receiver.node(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  unsubscribe();
  context.disable();
  await new Promise((resolve) => server.close(resolve));
});

async function post(path: string, delivery: { body: string; headers: Record<string, string> }): Promise<number> {
  const response = await fetch(base + path, { method: "POST", body: delivery.body, headers: delivery.headers, signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

/** The spans exported since the last call. */
function newSpans(): ReadableSpan[] {
  const spans = exporter.getFinishedSpans();
  exporter.reset();
  return spans;
}

const stock = (sku: string) => tikinowDelivery({ secret: SECRET, payload: { data: { ...TIKINOW_STOCK_EXAMPLE.data, sku } } });

describe("examples/opentelemetry: the receiver's deliveries as SERVER spans and counters", () => {
  it("a genuine delivery: a SERVER span with provider, route, event, outcome processed and status 200; the handler's span is its child", async () => {
    newSpans();
    expect(await post("/webhooks/tikinow?vnp_SecureHash=abc", stock("genuine"))).toBe(200);
    const spans = newSpans();
    const delivery = spans.find((s) => s.name === "webhook tikinow");
    expect(delivery?.kind).toBe(SpanKind.SERVER);
    expect(delivery?.attributes).toMatchObject({
      "webhook.provider": "tikinow",
      "http.route": "/webhooks/tikinow",
      "webhook.event": "stock",
      "webhook.outcome": "processed",
      "http.response.status_code": 200,
    });
    expect(delivery?.attributes).not.toHaveProperty("webhook.refusal_reason");
    expect(delivery?.status.code).toBe(SpanStatusCode.UNSET);
    const child = spans.find((s) => s.name === "save stock");
    expect(child?.parentSpanContext?.spanId).toBe(delivery?.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(delivery?.spanContext().traceId);
    expect(handlerSpans.at(-1)?.parent).toBe(child?.spanContext().spanId); // startActiveSpan made it active in turn
  });

  it("a refusal: outcome refused, reason signature_mismatch, 401; a span of its own, no handler span", async () => {
    newSpans();
    const genuine = stock("tampered");
    expect(await post("/webhooks/tikinow", { body: genuine.body.replace("tampered", "tamperee"), headers: genuine.headers })).toBe(401);
    const spans = newSpans();
    expect(spans.map((s) => s.name)).toEqual(["webhook tikinow"]);
    expect(spans[0]?.attributes).toMatchObject({ "webhook.outcome": "refused", "webhook.refusal_reason": "signature_mismatch", "http.response.status_code": 401 });
    expect(spans[0]?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("a duplicate: outcome duplicate, 200, and the handler did not run again", async () => {
    const delivery = stock("twice");
    expect(await post("/webhooks/tikinow", delivery)).toBe(200);
    newSpans();
    expect(await post("/webhooks/tikinow", delivery)).toBe(200);
    const spans = newSpans();
    expect(spans.map((s) => s.name)).toEqual(["webhook tikinow"]);
    expect(spans[0]?.attributes).toMatchObject({ "webhook.outcome": "duplicate", "http.response.status_code": 200 });
  });

  it("a handler's error: span status ERROR with the exception recorded, reason handler_failed, 500", async () => {
    newSpans();
    expect(await post("/webhooks/tikinow", stock("fails"))).toBe(500);
    const spans = newSpans();
    const delivery = spans.find((s) => s.name === "webhook tikinow");
    expect(delivery?.attributes).toMatchObject({ "webhook.outcome": "refused", "webhook.refusal_reason": "handler_failed", "http.response.status_code": 500 });
    expect(delivery?.status).toEqual({ code: SpanStatusCode.ERROR, message: "handler_failed" });
    expect(delivery?.events.map((e) => [e.name, e.attributes?.["exception.message"]])).toEqual([["exception", "the warehouse database is down"]]);
  });

  it("a door's refusal (a GET) is a span too; no span attribute or event ever holds the secret, a signature or the body", async () => {
    newSpans();
    const response = await fetch(`${base}/webhooks/tikinow`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(405);
    await response.arrayBuffer();
    const spans = newSpans();
    expect(spans[0]?.attributes).toMatchObject({ "webhook.refusal_reason": "method_not_allowed", "http.response.status_code": 405 });
    const genuine = stock("secret-check");
    await post("/webhooks/tikinow", genuine);
    const text = JSON.stringify(newSpans().map((s) => [s.attributes, s.events, s.name]));
    for (const forbidden of [SECRET, genuine.headers["x-signature"], genuine.body, "secret-check"]) expect(text).not.toContain(forbidden);
  });

  it("counts deliveries by outcome and reason", async () => {
    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === "webhook.deliveries") as SumMetricData;
    const counts = Object.fromEntries(
      metric.dataPoints.map((p) => [`${String(p.attributes["webhook.outcome"])}/${String(p.attributes["webhook.refusal_reason"] ?? "-")}`, p.value]),
    );
    expect(counts).toEqual({ "processed/-": 3, "refused/signature_mismatch": 1, "duplicate/-": 1, "refused/handler_failed": 1, "refused/method_not_allowed": 1 });
  });
});
