// The receiver's core: a plain delivery in, a plain answer out, after
// method → size → secret → verify → parse → event → key → runOnce → handlers → answer.
// It knows no HTTP library and imports no `node:` module: the Node and Fetch doors (node.ts,
// fetch.ts) read the raw body into it and write its answer out, on every runtime.
import { argumentError, describe } from "../lib/errors.js";
import { assertCredentials, credentialsList } from "../lib/credentials.js";
import { assertHeaderName } from "../lib/headers.js";
import { mwToleranceOf } from "../lib/mw-header.js";
import { assertSecrets } from "../lib/secrets.js";
import { MemoryNonceStore } from "../replay/nonce-store.js";
import type { NonceStore } from "../replay/nonce-store.js";
import { DELIVERY_LEASE_MS, DELIVERY_RETENTION_MS, assertStore, isThenable, runChecked } from "../replay/run-once.js";
import { okAnswer, refusalAnswer, warnRefusal } from "./answers.js";
import { fetchDoor } from "./fetch.js";
import { nodeDoor } from "./node.js";
import { PROVIDERS, type Parsed, TIKINOW_CHANNELS, type Verifiers, providerSteps } from "./providers.js";
import type {
  Answer,
  Delivery,
  DeliveryContext,
  DeliveryHandler,
  Receiver,
  ReceiverOptions,
  ReceiverProvider,
  Refusal,
  RefusalReason,
} from "./types.js";

/** The body limit unless `maxBodyBytes` says otherwise: 1 MiB (webhook bodies are small). */
export const RECEIVER_DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Answer 503 after this long unless `deadlineMs` says otherwise: 8 s, under eWarehousing's
 * documented 10 s timeout (the other providers publish none). The handler goes on under its
 * lease; the provider's retry finds the delivery done (200) or still running (409).
 */
export const RECEIVER_DEFAULT_DEADLINE_MS = 8_000;

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
  /** The answer for a request refused on its method or Content-Length alone, before any byte is read. */
  preflight(method: string | undefined, url: string, contentLength: string | undefined): Answer | undefined;
  /** The 413 answer (reported), for a door that counted past `maxBodyBytes` while reading. */
  tooLarge(url: string): Answer;
  /** Refuses (and reports) a delivery the door could not read. */
  refuse(url: string, status: number, reason: RefusalReason, message: string, extraHeaders?: Record<string, string>): Answer;
  receive(delivery: Delivery): Promise<Answer>;
}

function assertWholeMs(value: unknown, argument: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_TIMER_MS)) {
    throw argumentError(argument, `must be a whole number of ms from 1 to ${MAX_TIMER_MS}, got ${typeof value === "number" ? value : describe(value)}`);
  }
}

/**
 * Checks createReceiver's options. Every TypeError of the check names the receiver it is about
 * (provider, TikiNOW channel, route), so that an app building several at start-up learns which
 * one lacks its secret: `createReceiver({ provider: "tilby", route: "/x" }): secret must be …`.
 */
function assertOptions(options: unknown): asserts options is ReceiverOptions {
  try {
    checkOptions(options);
  } catch (error) {
    throw inReceiver(error, options);
  }
}

const ERROR_PREFIX = argumentError("", "").message.slice(0, -2); // "[webhook-signatures]"

/** The option check's own TypeError, its words after the receiver's name; anything else (a getter's own error) as it was. */
function inReceiver(error: unknown, options: unknown): unknown {
  if (!(error instanceof TypeError) || !error.message.startsWith(`${ERROR_PREFIX} `)) return error;
  return new TypeError(`${ERROR_PREFIX} ${receiverName(options)}: ${error.message.slice(ERROR_PREFIX.length + 1)}`);
}

/** `createReceiver({ provider: "tilby", route: "/x" })`: the options that tell receivers apart, the strings among them only, quoted and cut. */
function receiverName(options: unknown): string {
  if (typeof options !== "object" || options === null) return "createReceiver()";
  const o = options as Record<string, unknown>;
  const fields = (["provider", "channel", "route"] as const).flatMap((key) => {
    const value = o[key];
    return typeof value === "string" ? [`${key}: ${JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value)}`] : [];
  });
  return fields.length === 0 ? "createReceiver({})" : `createReceiver({ ${fields.join(", ")} })`;
}

function checkOptions(options: unknown): asserts options is ReceiverOptions {
  if (typeof options !== "object" || options === null) throw argumentError("options", `must be an object, got ${describe(options)}`);
  const o = options as Record<string, unknown>;
  if (!PROVIDERS.includes(o.provider as ReceiverProvider)) {
    throw argumentError("provider", `must be one of ${PROVIDERS.map((p) => JSON.stringify(p)).join(", ")}, got ${describe(o.provider)}`);
  }
  if (o.provider === "tikinow" && !TIKINOW_CHANNELS.includes(o.channel as never)) {
    throw argumentError("channel", `must be one of ${TIKINOW_CHANNELS.map((c) => JSON.stringify(c)).join(", ")}, got ${describe(o.channel)}`);
  }
  if (o.provider === "tiki") {
    const credentials = o.credentials;
    if (Array.isArray(credentials)) credentialsList(credentials);
    else if (typeof credentials !== "function") assertCredentials(credentials, "credentials");
  } else if (typeof o.secret !== "function") {
    assertSecrets(o.secret);
  }
  if (o.provider === "mobility-work") mwToleranceOf(o.toleranceSeconds);
  if (o.provider === "tilby" && o.headerName !== undefined) assertHeaderName(o.headerName);
  if (o.store !== undefined) assertStore(o.store);
  if (o.maxBodyBytes !== undefined && (!Number.isSafeInteger(o.maxBodyBytes) || (o.maxBodyBytes as number) < 0)) {
    throw argumentError("maxBodyBytes", `must be a whole number of bytes >= 0, got ${typeof o.maxBodyBytes === "number" ? o.maxBodyBytes : describe(o.maxBodyBytes)}`);
  }
  assertWholeMs(o.deadlineMs, "deadlineMs");
  assertWholeMs(o.leaseMs, "leaseMs");
  assertWholeMs(o.retentionMs, "retentionMs");
  if (o.route !== undefined && typeof o.route !== "string") throw argumentError("route", `must be a string, got ${describe(o.route)}`);
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

/** Builds a receiver over a set of verify functions (the root entry's or /web's). */
export function createReceiverWith(verifiers: Verifiers, options: ReceiverOptions): Receiver<never, never> {
  assertOptions(options);
  const provider = options.provider;
  const steps = providerSteps(options, verifiers);
  const store: NonceStore = options.store ?? new MemoryNonceStore();
  const maxBodyBytes = options.maxBodyBytes ?? RECEIVER_DEFAULT_MAX_BODY_BYTES;
  const deadlineMs = options.deadlineMs ?? RECEIVER_DEFAULT_DEADLINE_MS;
  const leaseMs = options.leaseMs ?? DELIVERY_LEASE_MS;
  const retentionMs = options.retentionMs ?? DELIVERY_RETENTION_MS;
  const onRefusal = options.onRefusal ?? warnRefusal;
  const secretOption: unknown = options.provider === "tiki" ? options.credentials : options.secret;
  const handlers = new Map<string, Array<DeliveryHandler<unknown, unknown>>>();

  /** The handlers of an event, then the "*" ones: computed once per event name until on() adds one. */
  const chosenCache = new Map<string, ReadonlyArray<DeliveryHandler<unknown, unknown>>>();
  function handlersFor(event: string): ReadonlyArray<DeliveryHandler<unknown, unknown>> {
    let chosen = chosenCache.get(event);
    if (chosen === undefined) {
      chosen = [...(handlers.get(event) ?? []), ...(event === "*" ? [] : (handlers.get("*") ?? []))];
      if (chosenCache.size < 1000) chosenCache.set(event, chosen); // event names come from the network: bounded
    }
    return chosen;
  }

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
    try {
      onRefusal(refusal);
    } catch {
      // a logger that throws must not change the answer
    }
  }

  function refuse(url: string, status: number, reason: RefusalReason, message: string, extraHeaders?: Record<string, string>, error?: unknown): Answer {
    report({ provider, route: routeOf(url), status, reason, message, ...(error === undefined ? {} : { error }) });
    return refusalAnswer(status, reason, message, extraHeaders);
  }

  function preflight(method: string | undefined, url: string, contentLength: string | undefined): Answer | undefined {
    if (method !== "POST") {
      return refuse(url, 405, "method_not_allowed", `Webhook deliveries are POSTed; got ${JSON.stringify(String(method).slice(0, 16))}.`, { allow: "POST" });
    }
    if (contentLength !== undefined && /^\d+$/.test(contentLength) && Number(contentLength) > maxBodyBytes) return tooLarge(url);
    return undefined;
  }

  function tooLarge(url: string): Answer {
    return refuse(url, 413, "body_too_large", `The body is larger than ${maxBodyBytes} bytes (maxBodyBytes).`);
  }

  async function secretFor(delivery: Delivery, url: string): Promise<{ secret: unknown } | Answer> {
    let secret: unknown;
    try {
      secret = await (secretOption as (request: unknown) => unknown)({ method: delivery.method, url, headers: delivery.headers });
    } catch (error) {
      return refuse(url, 500, "secret_unavailable", "The secret function failed: the provider will retry.", undefined, error);
    }
    if (secret === undefined) return refuse(url, 401, "unknown_secret", "No secret is configured for this request.");
    return { secret };
  }

  async function run(delivery: Delivery): Promise<Answer> {
    const url = delivery.url ?? "";
    const early = preflight(delivery.method, url, undefined);
    if (early !== undefined) return early;
    const { body, headers } = delivery;
    if (body.byteLength > maxBodyBytes) return tooLarge(url);
    // A fixed secret and a synchronous verify (the root entry's) take no extra turn of the event loop.
    let secret: unknown = secretOption;
    if (typeof secretOption === "function") {
      const found = await secretFor(delivery, url);
      if ("status" in found) return found;
      secret = found.secret;
    }
    const pending = steps.verify(body, headers, secret);
    const verifiedResult = pending instanceof Promise ? await pending : pending;
    if (!verifiedResult.ok) return refuse(url, 401, verifiedResult.reason, verifiedResult.message);
    const { ok: _ok, ...verified } = verifiedResult;
    const parsed = steps.parse(body);
    if (!parsed.ok) return refuse(url, 400, parsed.reason, parsed.message);

    const { event, payload }: Parsed = parsed.value;
    const chosen = handlersFor(event);
    const key = `${provider}:${steps.key(parsed.value, verified, body, headers)}`;
    const context: DeliveryContext<unknown, unknown> = { provider, event, payload, verified, key, body, headers, route: routeOf(url) };
    let handlerError: { error: unknown } | undefined;
    // Synchronous while the handlers are: runOnce then answers a sync handler on a sync store at once.
    const runHandlers = (): void | Promise<void> => {
      for (let index = 0; index < chosen.length; index++) {
        let returned: unknown;
        try {
          returned = (chosen[index] as DeliveryHandler<unknown, unknown>)(context);
        } catch (error) {
          handlerError = { error };
          throw error;
        }
        if (isThenable(returned)) return runRest(returned, index + 1);
      }
    };
    const runRest = async (pending: PromiseLike<unknown>, from: number): Promise<void> => {
      try {
        await pending;
        for (let index = from; index < chosen.length; index++) {
          const returned = (chosen[index] as DeliveryHandler<unknown, unknown>)(context);
          if (isThenable(returned)) await returned;
        }
      } catch (error) {
        handlerError = { error };
        throw error;
      }
    };
    const failed = (error: unknown) =>
      refuse(url, 500, "handler_failed", "The handler failed: the provider's retry will run it again.", undefined, error);

    if (steps.handshake?.(parsed.value) === true) {
      // Tilby's SUBSCRIBED: a check that the URL answers, not an event to deduplicate.
      try {
        await runHandlers();
      } catch (error) {
        return failed(error);
      }
      return okAnswer();
    }
    if (chosen.length === 0) {
      return refuse(url, 500, "no_handler", `No handler takes the event ${quoted(event)}: add on(${quoted(event)}) or on("*"); the provider will retry.`);
    }

    let result: Awaited<ReturnType<typeof runChecked<void>>>;
    try {
      // The one step through the at-least-once layer. createReceiver checked the store and the
      // durations; the key is `<provider>:…`, never empty. Rejects only with the handler's error
      // (or a store that broke the NonceStore contract: a TypeError).
      result = await runChecked(store, key, leaseMs, retentionMs, runHandlers, deadlineMs, undefined);
    } catch (error) {
      if (handlerError !== undefined) return failed(handlerError.error);
      throw error;
    }
    switch (result.status) {
      case "processed":
      case "duplicate":
        return okAnswer();
      case "in_progress":
        return refuse(url, 409, "in_progress", "This delivery is being processed by another attempt: retry later.", {
          "retry-after": String(result.retryAfterSeconds),
        });
      case "unavailable":
        return refuse(url, 503, "store_unavailable", "The delivery store could not answer: nothing ran; retry later.", { "retry-after": String(result.retryAfterSeconds) }, result.error);
      case "timed_out":
        delivery.waitUntil?.(result.settled); // Workers: keep the handler alive past the answer
        void result.settled.then((settled) => {
          if (settled.status === "failed") {
            report({ provider, route: routeOf(url), status: 503, reason: "handler_failed_after_deadline", message: "The handler answered 503 at the deadline, then failed: the provider's retry will run it again.", error: settled.error });
          }
        });
        return refuse(url, 503, "handler_timeout", `The handler is still running after ${deadlineMs} ms: it goes on; retry later.`, {
          "retry-after": String(result.retryAfterSeconds),
        });
    }
  }

  /** Throws at once for a caller mistake (no delivery object, a body that is not bytes); never rejects. */
  function receive(delivery: Delivery): Promise<Answer> {
    if (typeof delivery !== "object" || delivery === null) throw argumentError("delivery", `must be an object { method, url, headers, body }, got ${describe(delivery)}`);
    if (!(delivery.body instanceof Uint8Array)) throw argumentError("delivery.body", `must be the raw body as a Uint8Array, got ${describe(delivery.body)}`);
    return guarded(delivery);
  }

  async function guarded(delivery: Delivery): Promise<Answer> {
    try {
      return await run(delivery);
    } catch (error) {
      // A configuration mistake that only shows on a request (a secret function that returned
      // something that is not a secret, a store that broke its contract): 5xx, logged.
      return refuse(delivery.url ?? "", 500, "internal_error", "The receiver failed on this request (see the error): a configuration mistake.", undefined, error);
    }
  }

  const core: Core = { maxBodyBytes, preflight, tooLarge, refuse: (url, status, reason, message, extra) => refuse(url, status, reason, message, extra), receive };
  const receiver: Record<string, unknown> = {
    on(event: string, handler: DeliveryHandler<unknown, unknown>) {
      if (typeof event !== "string" || event === "") throw argumentError("event", `must be a non-empty string, got ${describe(event)}`);
      if (typeof handler !== "function") throw argumentError("handler", `must be a function, got ${describe(handler)}`);
      const list = handlers.get(event);
      if (list === undefined) handlers.set(event, [handler]);
      else list.push(handler);
      chosenCache.clear();
      return receiver;
    },
    receive,
    fetch: fetchDoor(core),
  };
  // Assigned, not written as an object key: the /web bundle test rejects any "node:" in its text.
  receiver.node = nodeDoor(core);
  return receiver as unknown as Receiver<never, never>;
}
