// The receiver's core: a plain delivery in, a plain answer out, after
// method → size → secret → verify → parse → event → key → runOnce → handlers → answer.
// It knows no HTTP library, no door and no `node:` module: the Node and Fetch doors (doors/)
// read the raw body into it and write its answer out, on every runtime; compose.ts joins them.
// Each delivery is traced on RECEIVE_CHANNEL when someone subscribes (diagnostics_channel,
// reached through lib/tracing.ts without a `node:` import).
import { argumentError, describe } from "../lib/errors.js";
import { published, subscribed, traced, tracingChannel, type TracingLike } from "../lib/tracing.js";
import type { Secrets } from "../lib/types.js";
import type { Parsed, ReceivingDeclaration, Verifiers } from "../providers/types.js";
import { bodyId, scopedKey, secretsFingerprint } from "../replay/delivery-key.js";
import { MemoryNonceStore } from "../replay/nonce-store.js";
import type { NonceStore } from "../replay/nonce-store.js";
import {
  DELIVERY_LEASE_MS,
  type RunOnceAttempt,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  assertLeaseOutlastsDeadline,
  assertStore,
  isThenable,
  runChecked,
} from "../replay/run-once.js";
import { okAnswer, refusalAnswer, warnRefusal } from "./answers.js";
import { createRouter, runHandlers } from "./router.js";
import type { Answer, CommonReceiverOptions, Delivery, DeliveryContext, DeliveryHandler, ReceiveTraceContext, Refusal, RefusalReason } from "./types.js";

/**
 * The diagnostics_channel `TracingChannel` on which every delivery a receiver answers is traced:
 * one sequence start → end → [error] → asyncStart → asyncEnd per delivery, each event with the
 * same {@link ReceiveTraceContext}, complete from asyncStart on. The handlers run inside
 * `start.runStores`: a store a subscriber binds with `start.bindStore` (its span) is the active
 * one in the handlers. A door's refusal before the body is read (405, 413, 408, a consumed body)
 * is a sequence of its own, published when it answers. Nothing is built or published while
 * nobody subscribes, and nothing at all where diagnostics_channel is missing
 * (`process.getBuiltinModule` is how it is reached: Node ≥ 20.16, Bun, Deno).
 * Subscribe with `diagnostics_channel.tracingChannel(RECEIVE_CHANNEL)`.
 */
export const RECEIVE_CHANNEL = "webhook-signatures:receive";

const receiveChannel = /* @__PURE__ */ tracingChannel(RECEIVE_CHANNEL);

/** The answer's status, in the trace: the last field filled before asyncStart. */
function answered(trace: ReceiveTraceContext, answer: Answer): void {
  trace.status = answer.status;
}

/** The body limit unless `maxBodyBytes` says otherwise: 1 MiB (webhook bodies are small). */
export const RECEIVER_DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Answer 503 after this long unless `deadlineMs` says otherwise: 8 s, under the shortest timeout
 * a shipped provider documents (10 s; the others publish none). The handler goes on under its
 * lease; the provider's retry finds the delivery done (200) or still running (409).
 */
export const RECEIVER_DEFAULT_DEADLINE_MS = 8_000;

/**
 * Answer 408 when the body has not arrived this long after the door started reading it, unless
 * `bodyTimeoutMs` says otherwise: 5 s. A provider sends a small body at once; a client that
 * trickles bytes (one every 300 ms) must not hold a connection, behind a server with no request
 * timeout of its own (Fastify's `requestTimeout` is 0), for longer than this.
 */
export const RECEIVER_DEFAULT_BODY_TIMEOUT_MS = 5_000;

/**
 * After a 413, the doors read and throw away what the client still sends, up to this many bytes,
 * so that it gets to read the answer instead of a connection reset mid-upload; past it, the
 * connection (or stream) is cut. Nothing of it is kept.
 */
export const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;

const MAX_TIMER_MS = 2_147_483_647;

/** What a door needs from the core. */
export interface Core {
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  /** The answer for a request refused on its method or Content-Length alone, before any byte is read. */
  preflight(method: string | undefined, url: string, contentLength: string | undefined): Answer | undefined;
  /** The 413 answer (reported), for a door that counted past `maxBodyBytes` while reading. */
  tooLarge(url: string): Answer;
  /** Refuses (and reports) a delivery the door could not read. */
  refuse(url: string, status: number, reason: RefusalReason, message: string, extraHeaders?: Record<string, string>): Answer;
  /** The 408 answer (reported), for a door whose body did not arrive within `bodyTimeoutMs`; `extraHeaders` adds `Connection: close`. */
  bodyTimeout(url: string, extraHeaders?: Record<string, string>): Answer;
  /** Reports an answer the door could not write (the response was already sent, or writing threw). */
  notSent(url: string, answer: Answer, alreadySent: boolean, error?: unknown): void;
  /** A caller's mistake with a door's arguments: a TypeError that names this receiver (provider, channel, route). */
  mistake(argument: string, requirement: string): TypeError;
  /** The delivery's answer; `withinMs` shortens its deadline (never lengthens it). */
  receive(delivery: Delivery, withinMs?: number): Promise<Answer>;
}

/** What {@link beforeDeadline} resolves with when the deadline came first. */
const LATE: unique symbol = Symbol("late");

const ignore = (): void => {};

/**
 * Calls a hook of the user's (`onRefusal`, a Worker's `waitUntil`) so that nothing it does can
 * change an answer or reach the process: a throw is ignored, and so is a rejected promise
 * (which would otherwise be an unhandled rejection, and kill a Node process).
 */
export function callHook<A>(hook: (argument: A) => unknown, argument: A): void {
  try {
    const returned = hook(argument);
    if (isThenable(returned)) Promise.resolve(returned).then(undefined, ignore);
  } catch {
    // a hook that throws must not change the answer
  }
}

function assertWholeMs(value: unknown, argument: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_TIMER_MS)) {
    throw argumentError(argument, `must be a whole number of ms from 1 to ${MAX_TIMER_MS}, got ${typeof value === "number" ? value : describe(value)}`);
  }
}

/**
 * Checks createReceiver's options. Every TypeError of the check names the receiver it is about
 * (provider, channel, route), so that an app building several at start-up learns which
 * one lacks its secret: `createReceiver({ provider: "acme", route: "/x" }): secret must be …`.
 */
function assertOptions(declaration: ReceivingDeclaration<string, unknown, unknown>, options: Record<string, unknown>): asserts options is CommonReceiverOptions & Record<string, unknown> {
  try {
    checkOptions(declaration, options);
  } catch (error) {
    throw inReceiver(error, options);
  }
}

/** The options object, checked to be one (a TypeError naming the receiver otherwise). */
export function optionsObject(options: unknown): Record<string, unknown> {
  if (typeof options !== "object" || options === null) throw inReceiver(argumentError("options", `must be an object, got ${describe(options)}`), options);
  return options as Record<string, unknown>;
}

/** A TypeError about one receiver's options, naming it: for the check of its `provider`. */
export function receiverError(error: unknown, options: unknown): unknown {
  return inReceiver(error, options);
}

const ERROR_PREFIX = argumentError("", "").message.slice(0, -2); // "[webhook-signatures]"

/** The option check's own TypeError, its words after the receiver's name; anything else (a getter's own error) as it was. */
function inReceiver(error: unknown, options: unknown): unknown {
  if (!(error instanceof TypeError) || !error.message.startsWith(`${ERROR_PREFIX} `)) return error;
  return new TypeError(`${ERROR_PREFIX} ${receiverName(options)}: ${error.message.slice(ERROR_PREFIX.length + 1)}`);
}

/** `createReceiver({ provider: "acme", route: "/x" })`: the options that tell receivers apart, the strings among them only, quoted and cut. */
function receiverName(options: unknown): string {
  if (typeof options !== "object" || options === null) return "createReceiver()";
  const o = options as Record<string, unknown>;
  const fields = (["provider", "channel", "route"] as const).flatMap((key) => {
    const value = key === "provider" && typeof o.provider === "object" && o.provider !== null ? (o.provider as { name?: unknown }).name : o[key];
    return typeof value === "string" ? [`${key}: ${JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value)}`] : [];
  });
  return fields.length === 0 ? "createReceiver({})" : `createReceiver({ ${fields.join(", ")} })`;
}

function checkOptions(declaration: ReceivingDeclaration<string, unknown, unknown>, o: Record<string, unknown>): void {
  declaration.checkOptions(o);
  if (o.store !== undefined) assertStore(o.store);
  if (o.maxBodyBytes !== undefined && (!Number.isSafeInteger(o.maxBodyBytes) || (o.maxBodyBytes as number) < 0)) {
    throw argumentError("maxBodyBytes", `must be a whole number of bytes >= 0, got ${typeof o.maxBodyBytes === "number" ? o.maxBodyBytes : describe(o.maxBodyBytes)}`);
  }
  assertWholeMs(o.deadlineMs, "deadlineMs");
  assertWholeMs(o.bodyTimeoutMs, "bodyTimeoutMs");
  assertWholeMs(o.leaseMs, "leaseMs");
  assertWholeMs(o.retentionMs, "retentionMs");
  assertLeaseOutlastsDeadline((o.leaseMs as number | undefined) ?? DELIVERY_LEASE_MS, (o.deadlineMs as number | undefined) ?? RECEIVER_DEFAULT_DEADLINE_MS);
  if (o.route !== undefined && typeof o.route !== "string") throw argumentError("route", `must be a string, got ${describe(o.route)}`);
  if (o.tenant !== undefined && (typeof o.tenant !== "string" || o.tenant === "")) throw argumentError("tenant", `must be a non-empty string, got ${describe(o.tenant)}`);
  if (o.onRefusal !== undefined && typeof o.onRefusal !== "function") {
    throw argumentError("onRefusal", `must be a function, got ${describe(o.onRefusal)}`);
  }
}

/** The path of a URL or of a path with a query. */
function pathOf(url: string): string {
  const start = url.indexOf("://") < 0 ? 0 : url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

/** An event name for a message: quoted, at most 100 characters. */
function quoted(event: string): string {
  return JSON.stringify(event.length > 100 ? `${event.slice(0, 100)}…` : event);
}

/**
 * Builds a receiver's core for one provider's declaration, over a set of verify functions (the
 * root entry's or /web's). It holds no provider's name: every difference is the declaration's.
 */
export function createCore(
  declaration: ReceivingDeclaration<string, unknown, unknown>,
  verifiers: Verifiers,
  given: Record<string, unknown>,
): { core: Core; on: (event: string, handler: DeliveryHandler<unknown, unknown>) => void } {
  assertOptions(declaration, given);
  const options = given;
  const provider = declaration.name;
  const steps = declaration.steps(given, verifiers);
  const store: NonceStore = options.store ?? new MemoryNonceStore();
  const maxBodyBytes = options.maxBodyBytes ?? RECEIVER_DEFAULT_MAX_BODY_BYTES;
  const defaultDeadlineMs = options.deadlineMs ?? RECEIVER_DEFAULT_DEADLINE_MS;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? RECEIVER_DEFAULT_BODY_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? DELIVERY_LEASE_MS;
  const retentionMs = options.retentionMs ?? declaration.retentionMs;
  const onRefusal = options.onRefusal ?? warnRefusal;
  const secretOption: unknown = given[declaration.secretOption];
  const router = createRouter<DeliveryContext<unknown, unknown>>();
  const expectedMethod = declaration.method ?? "POST";

  // The route of the last URL, remembered: a receiver serves one route, so it is the same URL nearly every time.
  let lastUrl: string | undefined;
  let lastRoute = "";
  const routeOf = (url: string): string => {
    if (options.route !== undefined) return options.route;
    if (url !== lastUrl) {
      lastRoute = url === "" ? provider : pathOf(url);
      lastUrl = url;
    }
    return lastRoute;
  };

  function report(refusal: Refusal): void {
    callHook(onRefusal, refusal);
  }

  function refuse(trace: ReceiveTraceContext | undefined, url: string, status: number, reason: RefusalReason, message: string, extraHeaders?: Record<string, string>, error?: unknown): Answer {
    if (trace !== undefined) {
      trace.outcome = reason === "in_progress" ? "in_progress" : reason === "store_unavailable" ? "unavailable" : reason === "handler_timeout" ? "timed_out" : "refused";
      trace.reason = reason;
      if (error !== undefined) trace.error = error;
    }
    report({ provider, route: routeOf(url), status, reason, message, ...(error === undefined ? {} : { error }) });
    const own = declaration.refusal?.(status, reason, message);
    if (own === undefined) return refusalAnswer(status, reason, message, extraHeaders);
    const answer = okAnswer(own);
    return { ...answer, headers: { ...answer.headers, ...extraHeaders } };
  }

  /** A trace for a door's refusal, when someone subscribes. */
  function doorTrace(url: string): ReceiveTraceContext | undefined {
    return subscribed(receiveChannel) ? { provider, route: routeOf(url) } : undefined;
  }

  /** A door's answer: when it is a refusal and someone subscribes, its trace is published at once. */
  function fromDoor<A extends Answer | undefined>(trace: ReceiveTraceContext | undefined, answer: A): A {
    if (trace !== undefined && answer !== undefined) {
      answered(trace, answer);
      published(receiveChannel as TracingLike, trace);
    }
    return answer;
  }

  function preflight(trace: ReceiveTraceContext | undefined, method: string | undefined, url: string, contentLength: string | undefined): Answer | undefined {
    if (method !== expectedMethod) {
      const what = expectedMethod === "POST" ? "Webhook deliveries are POSTed" : `${declaration.title} deliveries come as ${expectedMethod}`;
      return refuse(trace, url, 405, "method_not_allowed", `${what}; got ${JSON.stringify(String(method).slice(0, 16))}.`, { allow: expectedMethod });
    }
    if (contentLength !== undefined && /^\d+$/.test(contentLength) && Number(contentLength) > maxBodyBytes) return tooLarge(trace, url);
    return undefined;
  }

  function tooLarge(trace: ReceiveTraceContext | undefined, url: string): Answer {
    return refuse(trace, url, 413, "body_too_large", `The body is larger than ${maxBodyBytes} bytes (maxBodyBytes).`);
  }

  function bodyTimeout(url: string, extraHeaders?: Record<string, string>): Answer {
    const trace = doorTrace(url);
    return fromDoor(trace, refuse(trace, url, 408, "body_timeout", `The body did not arrive within ${bodyTimeoutMs} ms (bodyTimeoutMs): the request is cut.`, extraHeaders));
  }

  function notSent(url: string, answer: Answer, alreadySent: boolean, error?: unknown): void {
    const why = alreadySent
      ? "the response was already sent (by the app's own res.setTimeout handler, a middleware, ...)"
      : "writing it threw (see the error)";
    report({ provider, route: routeOf(url), status: answer.status, reason: "answer_not_sent", message: `The receiver's ${answer.status} answer was not written: ${why}.`, ...(error === undefined ? {} : { error }) });
  }

  /**
   * User code that runs after the body is read (a secret function, a handshake handler) runs
   * under the deadline counted from `startedAt`: `pending`'s value, or {@link LATE} once
   * `deadlineMs` (this delivery's: see `receive`) have passed. Then the caller answers 503 and
   * stops: whatever `pending` brings later is never used (a late secret runs no handler). The
   * timer is cleared as soon as `pending` settles, so that it never holds the process. (The store
   * and the handler run under runOnce's own deadline.)
   */
  function beforeDeadline<T>(pending: PromiseLike<T>, startedAt: number, deadlineMs: number): Promise<T | typeof LATE> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(LATE), Math.max(0, startedAt + deadlineMs - performance.now()));
      pending.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /** What the secret function gave: the secret, and the tenant it names (`{ tenant, secret }`), if any. */
  async function secretFor(trace: ReceiveTraceContext | undefined, delivery: Delivery, url: string, startedAt: number, deadlineMs: number): Promise<{ secret: unknown; tenant: string | undefined } | Answer> {
    let found: unknown;
    try {
      found = (secretOption as (request: unknown) => unknown)({ method: delivery.method, url, headers: delivery.headers });
      if (isThenable(found)) found = await beforeDeadline(found, startedAt, deadlineMs);
    } catch (error) {
      return refuse(trace, url, 500, "secret_unavailable", "The secret function failed: the provider will retry.", undefined, error);
    }
    if (found === LATE) {
      return refuse(trace, url, 503, "secret_timeout", `The secret function had not settled after ${deadlineMs} ms (deadlineMs): nothing ran; retry later.`, {
        "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS),
      });
    }
    if (found === undefined) return refuse(trace, url, 401, "unknown_secret", "No secret is configured for this request.");
    if (typeof found === "object" && found !== null && Object.hasOwn(found, "tenant")) {
      const { tenant, secret } = found as { tenant: unknown; secret: unknown };
      if (typeof tenant !== "string" || tenant === "") throw argumentError("tenant", `named by the secret function must be a non-empty string, got ${describe(tenant)}`);
      if (secret === undefined) return refuse(trace, url, 401, "unknown_secret", "No secret is configured for this request.");
      return { secret, tenant };
    }
    return { secret: found, tenant: undefined };
  }

  /**
   * Whose delivery it is (see `deliveryKey`): the `tenant` option, else the route; for a secret
   * function, the tenant it names, else the route and a fingerprint of the secrets it returned
   * (never the secrets); then what verification adds (the declaration's `tenant`: a Basic credential's id).
   */
  function tenantOf(url: string, fromFunction: { secret: unknown; tenant: string | undefined } | undefined, verified: Record<string, unknown>): string {
    let tenant = options.tenant ?? routeOf(url);
    if (fromFunction !== undefined) {
      if (fromFunction.tenant !== undefined) tenant = fromFunction.tenant;
      else if (steps.tenant === undefined) tenant += secretsFingerprint(fromFunction.secret as Secrets);
    }
    return steps.tenant === undefined ? tenant : tenant + steps.tenant(verified);
  }

  async function run(delivery: Delivery, trace: ReceiveTraceContext | undefined, deadlineMs: number): Promise<Answer> {
    const startedAt = performance.now(); // the body is read: the deadline counts from here
    const url = delivery.url ?? "";
    const early = preflight(trace, delivery.method, url, undefined);
    if (early !== undefined) return early;
    const { body, headers } = delivery;
    if (body.byteLength > maxBodyBytes) return tooLarge(trace, url);
    // An unsigned ping (the declaration says which): it proves nothing, so it runs nothing.
    if (steps.ping?.(body, headers, { method: delivery.method, url }) === true) {
      if (trace !== undefined) trace.outcome = "ping";
      return okAnswer(declaration.answer);
    }
    // A fixed secret and a synchronous verify (the root entry's) take no extra turn of the event loop.
    let secret: unknown = secretOption;
    let fromFunction: { secret: unknown; tenant: string | undefined } | undefined;
    if (typeof secretOption === "function") {
      const found = await secretFor(trace, delivery, url, startedAt, deadlineMs);
      if ("status" in found) return found;
      fromFunction = found;
      secret = found.secret;
    }
    const request = { method: delivery.method, url };
    const pending = steps.verify(body, headers, secret, request);
    const verifiedResult = pending instanceof Promise ? await pending : pending;
    if (!verifiedResult.ok) return refuse(trace, url, 401, verifiedResult.reason, verifiedResult.message);
    const { ok: _ok, ...verified } = verifiedResult;
    const parsed = steps.parse(body, headers, request);
    if (!parsed.ok) return refuse(trace, url, 400, parsed.reason, parsed.message);

    const { event, payload }: Parsed = parsed.value;
    const chosen = router.handlersFor(event);
    const id = steps.id(parsed.value, verified, headers)?.trim();
    const key = scopedKey(provider, tenantOf(url, fromFunction, verified), id ? id : bodyId(verifiers.sha256Hex(body)));
    if (trace !== undefined) {
      trace.event = event;
      trace.key = key;
    }
    let attempt: RunOnceAttempt | undefined;
    const context: DeliveryContext<unknown, unknown> = {
      provider, event, payload, verified, key, body, headers, route: routeOf(url),
      // runOnce's signal (fires when the lease is lost); a handshake runs outside the store: one that never fires.
      get signal() {
        return (attempt ??= { signal: new AbortController().signal }).signal;
      },
    };
    let handlerError: { error: unknown } | undefined;
    const noteError = (error: unknown): void => {
      handlerError = { error };
    };
    // Synchronous while the handlers are: runOnce then answers a sync handler on a sync store at once.
    const runAll = (run?: RunOnceAttempt): void | Promise<void> => {
      attempt = run;
      return runHandlers(chosen, context, noteError);
    };
    const failed = (error: unknown) =>
      refuse(trace, url, 500, "handler_failed", "The handler failed: the provider's retry will run it again.", undefined, error);

    if (steps.handshake?.(parsed.value) === true) {
      // A handshake (the declaration says which): a check that the URL answers, not an event to deduplicate.
      let returned: void | Promise<void>;
      try {
        returned = runAll();
        if (isThenable(returned) && (await beforeDeadline(returned, startedAt, deadlineMs)) === LATE) return handshakeLate(trace, url, returned, delivery, deadlineMs);
      } catch (error) {
        return failed(error);
      }
      if (trace !== undefined) trace.outcome = "processed";
      return okAnswer(declaration.answer);
    }
    if (chosen.length === 0) {
      return refuse(trace, url, 500, "no_handler", `No handler takes the event ${quoted(event)}: add on(${quoted(event)}) or on("*"); the provider will retry.`);
    }

    let result: Awaited<ReturnType<typeof runChecked<void>>>;
    try {
      // The one step through the at-least-once layer. createReceiver checked the store and the
      // durations; the key is `<provider>:…`, never empty. Rejects only with the handler's error
      // (or a store that broke the NonceStore contract: a TypeError).
      const retention = Math.max(retentionMs, steps.retentionMs?.(verified, Date.now()) ?? 0);
      // One deadline from the body's read: the secret function's time counts against it too.
      result = await runChecked({
        store,
        key,
        leaseMs,
        retentionMs: retention,
        handler: runAll,
        deadlineMs,
        onStoreError: undefined,
        retryAfterSeconds: declaration.retryAfterSeconds,
        startedAt,
      });
    } catch (error) {
      if (handlerError !== undefined) return failed(handlerError.error);
      throw error;
    }
    switch (result.status) {
      case "processed":
      case "duplicate":
        if (trace !== undefined) trace.outcome = result.status;
        return okAnswer(declaration.answer);
      case "in_progress":
        return refuse(trace, url, 409, "in_progress", "This delivery is being processed by another attempt: retry later.", {
          "retry-after": String(result.retryAfterSeconds),
        });
      case "unavailable":
        return refuse(trace, url, 503, "store_unavailable", "The delivery store could not answer: nothing ran; retry later.", { "retry-after": String(result.retryAfterSeconds) }, result.error);
      case "timed_out":
        callHook((promise: Promise<unknown>) => delivery.waitUntil?.(promise), result.settled); // Workers: keep the handler alive past the answer
        void result.settled.then((settled) => {
          if (settled.status === "failed") {
            report({ provider, route: routeOf(url), status: 503, reason: "handler_failed_after_deadline", message: "The handler answered 503 at the deadline, then failed: the provider's retry will run it again.", error: settled.error });
          }
        });
        return refuse(trace, url, 503, "handler_timeout", `The handler is still running after ${deadlineMs} ms: it goes on; retry later.`, {
          "retry-after": String(result.retryAfterSeconds),
        });
      case "lease_lost":
        return refuse(trace, url, 503, "lease_lost", "The delivery's lease could not be renewed: the handler was told to stop and nothing was recorded; retry later.", {
          "retry-after": String(result.retryAfterSeconds),
        }, result.error);
    }
  }

  /** A handshake handler still running at the deadline: 503; it goes on (kept alive on Workers), and a late failure is reported. */
  function handshakeLate(trace: ReceiveTraceContext | undefined, url: string, running: Promise<void>, delivery: Delivery, deadlineMs: number): Answer {
    const settled = running.then(ignore, (error: unknown) => {
      report({ provider, route: routeOf(url), status: 503, reason: "handler_failed_after_deadline", message: "The handler answered 503 at the deadline, then failed.", error });
    });
    callHook((promise: Promise<void>) => delivery.waitUntil?.(promise), settled);
    return refuse(trace, url, 503, "handler_timeout", `The handler is still running after ${deadlineMs} ms: it goes on; retry later.`, {
      "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS),
    });
  }

  /**
   * Throws at once for a caller mistake (no delivery object, a body that is not bytes); never
   * rejects. `withinMs` shortens this delivery's deadline below `deadlineMs` (the Lambda door: the
   * function's remaining time), never lengthens it.
   */
  function receive(delivery: Delivery, withinMs?: number): Promise<Answer> {
    if (typeof delivery !== "object" || delivery === null) throw argumentError("delivery", `must be an object { method, url, headers, body }, got ${describe(delivery)}`);
    if (!(delivery.body instanceof Uint8Array)) throw argumentError("delivery.body", `must be the raw body as a Uint8Array, got ${describe(delivery.body)}`);
    const deadlineMs = withinMs === undefined ? defaultDeadlineMs : Math.min(withinMs, defaultDeadlineMs);
    if (!subscribed(receiveChannel)) return guarded(delivery, undefined, deadlineMs);
    const trace: ReceiveTraceContext = { provider, route: routeOf(delivery.url ?? "") };
    return traced(receiveChannel, trace, () => guarded(delivery, trace, deadlineMs), answered);
  }

  async function guarded(delivery: Delivery, trace: ReceiveTraceContext | undefined, deadlineMs: number): Promise<Answer> {
    try {
      return await run(delivery, trace, deadlineMs);
    } catch (error) {
      // A configuration mistake that only shows on a request (a secret function that returned
      // something that is not a secret, a store that broke its contract): 5xx, logged.
      return refuse(trace, delivery.url ?? "", 500, "internal_error", "The receiver failed on this request (see the error): a configuration mistake.", undefined, error);
    }
  }

  const core: Core = {
    maxBodyBytes,
    bodyTimeoutMs,
    preflight: (method, url, contentLength) => {
      const trace = doorTrace(url);
      return fromDoor(trace, preflight(trace, method, url, contentLength));
    },
    tooLarge: (url) => {
      const trace = doorTrace(url);
      return fromDoor(trace, tooLarge(trace, url));
    },
    bodyTimeout,
    notSent,
    refuse: (url, status, reason, message, extra) => {
      const trace = doorTrace(url);
      return fromDoor(trace, refuse(trace, url, status, reason, message, extra));
    },
    mistake: (argument, requirement) => inReceiver(argumentError(argument, requirement), options) as TypeError,
    receive,
  };
  return { core, on: router.on };
}
