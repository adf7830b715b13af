// OpenTelemetry from webhook-signatures' diagnostics_channel events: a SERVER span per delivery
// (the active span in the handlers) and a counter by outcome and refusal reason. The library
// imports none of this: it publishes on RECEIVE_CHANNEL, and this module, in the app, subscribes.
// Copy it into your app (README.md beside it shows the wiring).
import { AsyncLocalStorage } from "node:async_hooks";
import { tracingChannel } from "node:diagnostics_channel";
import { type Attributes, type Context, type Meter, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { RECEIVE_CHANNEL, type ReceiveTraceContext } from "webhook-signatures/receiver";

/**
 * OpenTelemetry's AsyncLocalStorage context manager, with its storage in the open: the channel's
 * `start.bindStore(storage, …)` needs the very AsyncLocalStorage that `context.active()` reads, so
 * that the delivery's span is the active one in the handlers. Register it in place of
 * AsyncLocalStorageContextManager (`context.setGlobalContextManager(manager)`, or NodeSDK's
 * `contextManager` option).
 */
export class ChannelContextManager extends AsyncLocalStorageContextManager {
  readonly storage = new AsyncLocalStorage<Context>();

  override active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(context, thisArg == null ? fn : fn.bind(thisArg), ...args);
  }

  override disable(): this {
    this.storage.disable();
    return this;
  }
}

export interface WebhookTelemetryOptions {
  tracer: Tracer;
  meter: Meter;
  contextManager: ChannelContextManager;
}

/** The span's attributes: what the context holds by now (a field not yet known is left out). */
function attributesOf(delivery: ReceiveTraceContext): Attributes {
  const attributes: Attributes = { "webhook.provider": delivery.provider, "http.route": delivery.route };
  if (delivery.event !== undefined) attributes["webhook.event"] = delivery.event;
  if (delivery.key !== undefined) attributes["webhook.delivery_key"] = delivery.key;
  if (delivery.outcome !== undefined) attributes["webhook.outcome"] = delivery.outcome;
  if (delivery.reason !== undefined) attributes["webhook.refusal_reason"] = delivery.reason;
  if (delivery.status !== undefined) attributes["http.response.status_code"] = delivery.status;
  return attributes;
}

/**
 * Subscribes: every delivery a receiver answers becomes a SERVER span named after its provider,
 * active in its handlers (a span a handler starts is its child), ended at asyncEnd with the
 * outcome, the reason and the HTTP status; its status is ERROR when the delivery ended on an
 * error (the handler's, the store's) or a 5xx. The counter `webhook.deliveries` counts them by
 * provider, route, outcome and reason. Returns the unsubscribe function.
 */
export function subscribeWebhookTelemetry({ tracer, meter, contextManager }: WebhookTelemetryOptions): () => void {
  const channel = tracingChannel<Context, ReceiveTraceContext>(RECEIVE_CHANNEL);
  const deliveries = meter.createCounter("webhook.deliveries", { description: "Webhook deliveries answered, by provider, route, outcome and refusal reason" });
  const spans = new WeakMap<ReceiveTraceContext, Span>();

  // The store's transform runs before the start event is published; a door's refusal (405, 413)
  // publishes start without running anything: whichever comes first starts the span.
  const spanOf = (delivery: ReceiveTraceContext): Span => {
    let span = spans.get(delivery);
    if (span === undefined) {
      span = tracer.startSpan(`webhook ${delivery.provider}`, { kind: SpanKind.SERVER, attributes: attributesOf(delivery) }, contextManager.active());
      spans.set(delivery, span);
    }
    return span;
  };

  const handlers = {
    start: (delivery: ReceiveTraceContext) => void spanOf(delivery),
    end: () => {},
    asyncStart: () => {},
    error: (delivery: ReceiveTraceContext) => {
      const span = spanOf(delivery);
      if (delivery.error instanceof Error) span.recordException(delivery.error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: delivery.reason ?? "error" });
    },
    asyncEnd: (delivery: ReceiveTraceContext) => {
      const span = spanOf(delivery);
      span.setAttributes(attributesOf(delivery));
      if (delivery.error === undefined && (delivery.status ?? 0) >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: delivery.reason ?? "5xx" });
      span.end();
      spans.delete(delivery);
      const labels: Attributes = { "webhook.provider": delivery.provider, "http.route": delivery.route, "webhook.outcome": delivery.outcome ?? "unknown" };
      if (delivery.reason !== undefined) labels["webhook.refusal_reason"] = delivery.reason;
      deliveries.add(1, labels);
    },
  };
  channel.subscribe(handlers);
  channel.start.bindStore(contextManager.storage, (delivery) => trace.setSpan(contextManager.active(), spanOf(delivery)));
  return () => {
    channel.start.unbindStore(contextManager.storage);
    channel.unsubscribe(handlers);
  };
}
