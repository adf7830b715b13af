// The receiver's public types: what a route is configured with, what a door hands the core
// (a plain delivery) and gets back (a plain answer), the typed events of each provider, and
// what a handler and the refusal hook are told. Types only: no code, no `node:` module.
import type { HeadersLike } from "../lib/types.js";
import type { NonceStore } from "../replay/nonce-store.js";

/** A delivery as a door hands it to the core: nothing framework-specific. */
export interface Delivery {
  /** The HTTP method (`"POST"` for a delivery). */
  method: string;
  /** The request's path and query (`/webhooks/acme?shop=1`), or a full URL. For the refusal hook and secret functions. */
  url?: string;
  /** The request headers: a Fetch `Headers` or a Node headers record. */
  headers: HeadersLike;
  /** The raw body, byte for byte as received. */
  body: Uint8Array;
  /**
   * Where the runtime stops work once the answer is sent (Cloudflare Workers, Vercel), its
   * `waitUntil`: a handler still running at the deadline is kept alive with it (the receiver
   * passes it the handler's settled promise). The Fetch door takes it from a Worker's `ctx`.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** A Worker's execution context, or anything with `waitUntil` (the Fetch door's third argument). */
export interface WaitUntilContext {
  /** Keeps the runtime working on `promise` after the answer. */
  waitUntil(promise: Promise<unknown>): void;
}

/** What to answer: a status, headers and a body (JSON text), for any framework to write out. */
export interface Answer {
  /** The HTTP status. */
  status: number;
  /** The headers to send, by name. */
  headers: Record<string, string>;
  /** The body to send (the provider's expected answer, or JSON text). */
  body: string;
}

/** What a secret function is told about the request (never the body). */
export interface ReceiverRequest {
  /** The HTTP method. */
  method: string;
  /** The path and query (or the full URL) as the door saw it; `""` when unknown. */
  url: string;
  /** The request headers. */
  headers: HeadersLike;
}

/**
 * What a secret function may return to name whose delivery it is, beside its secret: deliveries
 * of two tenants never de-duplicate against each other (see `deliveryKey`). Name the tenant (a
 * shop id, never a secret) to keep keys stable across a rotation that changes the list.
 */
export interface TenantSecret<S> {
  /** Whose delivery it is: a shop id or a name, never a secret. */
  tenant: string;
  /** That tenant's secret (a list during a rotation). */
  secret: S;
}

/**
 * A secret fixed in the configuration (a list during a rotation), or a function of the request
 * (sync or async: one route serving many sellers, the tenant in the path). The function returns
 * `undefined` for a request it knows no secret for: answered 401 `unknown_secret`. It may return
 * `{ tenant, secret }` to name the tenant; otherwise the tenant is the route and a fingerprint of
 * the secrets it returned (a one-way digest), so two tenants on one route never share keys.
 */
export type SecretOption<S> =
  | S
  | ((request: ReceiverRequest) => S | TenantSecret<S> | undefined | PromiseLike<S | TenantSecret<S> | undefined>);

/** Why the receiver did not answer 2xx. Stable strings; the answer's `error.code` is the same in UPPER_SNAKE. */
export type RefusalReason =
  /** 405: not a POST. */
  | "method_not_allowed"
  /** 413: the body (or its Content-Length) is over `maxBodyBytes`. */
  | "body_too_large"
  /** 400: the request stream broke before its end. */
  | "body_unreadable"
  /** 408: the body did not arrive within `bodyTimeoutMs` (a client that trickles it in); the connection is closed. */
  | "body_timeout"
  /** 400, reported only (nobody is left to read it): the client went away before the receiver ran. */
  | "client_gone"
  /** 500: a body parser read the request before the receiver (the log line says what to change). */
  | "body_consumed"
  /** 400: the Lambda event is not one the Lambda door reads (no method, a body that is not a string, base64 that is not, a query value that is not text). */
  | "malformed_event"
  /** 503: the Lambda function had less time left than the door's safety margin: nothing ran. */
  | "no_time_left"
  /** 401: the verify functions' reasons. */
  | "missing_header"
  | "malformed_header"
  | "signature_mismatch"
  | "timestamp_too_old"
  | "timestamp_too_new"
  /** 401: the secret function returned `undefined` for this request. */
  | "unknown_secret"
  /** 500: the secret function threw or rejected. */
  | "secret_unavailable"
  /** 503: the secret function had not settled at `deadlineMs`; nothing ran (a late secret runs nothing either). */
  | "secret_timeout"
  /** 400: a signed body that is not JSON, or not the documented shape. */
  | "invalid_json"
  | "invalid_payload"
  /** 500: no handler took this event, not even `"*"` (the provider retries: nothing is lost). */
  | "no_handler"
  /** 409: another attempt of this delivery is running (its lease holds). */
  | "in_progress"
  /** 503: the store could not answer; nothing ran. */
  | "store_unavailable"
  /** 503: the handler passed the deadline; it goes on under its lease. */
  | "handler_timeout"
  /** 503: a renewal of the lease failed while the handler ran: its `signal` fired, nothing was recorded. */
  | "lease_lost"
  /** 500: the handler threw (the key is released: the retry is processed). */
  | "handler_failed"
  /** Reported after a `handler_timeout` answer, when that handler then failed (nothing is answered). */
  | "handler_failed_after_deadline"
  /** 500: a mistake in the configuration showed up on this request (a secret function returned a bad value, ...). */
  | "internal_error"
  /**
   * Reported only, with the status the receiver meant to answer: the Node door found the response
   * already sent (by the app's own `res.setTimeout` handler, a middleware), or writing it threw.
   * Nothing more is written.
   */
  | "answer_not_sent";

/** A refusal, as `onRefusal` is told about it. Never a secret, a signature or the body. */
export interface Refusal {
  /** The provider's name (a shipped provider's, or a declared provider's). */
  provider: string;
  /** The `route` option, else the request's path. */
  route: string;
  /** The status answered (or meant, for a reason reported only). */
  status: number;
  /** Why, as a stable string. */
  reason: RefusalReason;
  /** One sentence for logs. */
  message: string;
  /** The handler's, the store's or the secret function's error, for `handler_failed`, `store_unavailable`, `secret_unavailable`, `internal_error`. */
  error?: unknown;
}

/** What a handler receives. */
export interface DeliveryContext<Payload, Verified> {
  /** The provider's name. */
  provider: string;
  /** The event name (see each provider's events); for `"*"` handlers, also names events the types do not know. */
  event: string;
  /** The parsed body, typed by event. */
  payload: Payload;
  /** What verification learnt (the provider's: a Basic id, a signed nonce and timestamp), `secretIndex` when the secret was a list. */
  verified: Verified;
  /** The delivery's key in the store, `<provider>:<tenant>:<id>` (see `deliveryKey`): `acme:/webhooks/acme:1001`. */
  key: string;
  /** The raw body, byte for byte. */
  body: Uint8Array;
  /** The request headers. */
  headers: HeadersLike;
  /** The `route` option, else the request's path. */
  route: string;
  /**
   * Fires when the delivery's lease could not be renewed while the handler runs (the store failed,
   * or another attempt holds the key): stop (pass it to `fetch`, or throw `signal.reason`); the
   * attempt is not recorded and the provider's retry runs the delivery again.
   */
  readonly signal: AbortSignal;
}

/** A handler: a promise it returns is awaited (the answer waits for it), any value ignored; a throw or rejection is answered 500 and the delivery is retried. */
export type DeliveryHandler<Payload, Verified> = (context: DeliveryContext<Payload, Verified>) => unknown;


// ---- Options -------------------------------------------------------------------------

/** The options every provider's receiver takes. */
export interface CommonReceiverOptions {
  /**
   * Where delivery keys are held. Default: a `MemoryNonceStore` of this receiver's own, which
   * serves ONE process: behind a load balancer or with several workers, pass a `RedisNonceStore`
   * or `PostgresNonceStore` shared by all of them.
   */
  store?: NonceStore;
  /** Largest body accepted, in bytes (413 above it). Default {@link "webhook-signatures/receiver"!RECEIVER_DEFAULT_MAX_BODY_BYTES}: 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Answer 503 after this many ms once the body is read: a secret function that has not settled
   * (nothing runs), a handler still running (it goes on under its lease). Default 8000
   * (the shortest timeout a shipped provider documents is 10 s).
   */
  deadlineMs?: number;
  /**
   * Answer 408 (and close the connection) when the body has not arrived this many ms after the
   * door started reading it: a client that trickles bytes holds no connection for long. Default
   * {@link "webhook-signatures/receiver"!RECEIVER_DEFAULT_BODY_TIMEOUT_MS}: 5000 (a provider sends its body at once).
   */
  bodyTimeoutMs?: number;
  /** How long an attempt holds a delivery's key. Default `DELIVERY_LEASE_MS` (5 minutes). */
  leaseMs?: number;
  /** How long a processed delivery's key is kept. Default `DELIVERY_RETENTION_MS` (24 h). */
  retentionMs?: number;
  /** The route's name in refusals. Default: the request's path. */
  route?: string;
  /**
   * Whose deliveries this receiver takes, in its delivery keys (see `deliveryKey`): receivers of
   * two tenants on one store never de-duplicate against each other. Default: the route (the
   * request's path). Give the same string to `handleOnce` to share its keys. Never a secret.
   */
  tenant?: string;
  /**
   * Called for every refusal (never with a secret, a signature or the body). Default: one line on
   * `console.warn`. What it throws or rejects with is ignored: it never changes an answer.
   */
  onRefusal?: (refusal: Refusal) => void;
}

// ---- The receiver and its doors ---------------------------------------------------------

/** A Node request as node:http, Express, Koa (`ctx.req`) and Fastify (`request.raw`) hand it over: only what the door uses. */
export interface NodeRequestLike {
  /** The HTTP method. */
  method?: string | undefined;
  /** The request target. */
  url?: string | undefined;
  /** The headers, lowercase names. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set by a body parser (Express). Bytes (express.raw) are used as the raw body; anything else was parsed: refused. */
  body?: unknown;
  /** True once the stream was read to its end (by a body parser). */
  readableEnded?: boolean;
  /** True once anything read the stream. */
  readableDidRead?: boolean;
  /** The stream's flowing state. */
  readableFlowing?: boolean | null;
  /** True once the stream was destroyed. */
  destroyed?: boolean;
  /** Listens to the stream. */
  on(event: "data" | "end" | "error" | "close", listener: (...args: any[]) => void): unknown;
  /** Stops listening. */
  removeListener(event: "data" | "end" | "error" | "close", listener: (...args: any[]) => void): unknown;
  /** Drains a body the receiver does not read. */
  resume(): unknown;
  /** Closes the connection (a body that trickles in too slowly). */
  destroy(): unknown;
}

/** A Node response: only what the door uses. */
export interface NodeResponseLike {
  /** The status to send. */
  statusCode: number;
  /** True once the headers were written: the answer is not written again. */
  headersSent?: boolean;
  /** True once the response ended. */
  writableEnded?: boolean;
  /** Sets a header. */
  setHeader(name: string, value: string): unknown;
  /** Writes the status and headers. */
  writeHead?(status: number, headers: Record<string, string>): unknown;
  /** Writes the body and ends the response. */
  end(body?: string): unknown;
}

/**
 * An API Gateway REST API event (Lambda proxy integration, payload format 1.0; an HTTP API's
 * 1.0 payload too): only what the Lambda door reads. `APIGatewayProxyEvent` of @types/aws-lambda
 * is one. Query values come decoded: the door re-encodes them (see the docs' "AWS Lambda").
 */
export interface LambdaRestEvent {
  /** The request's method (`POST`; VNPay's IPN: `GET`). */
  httpMethod: string;
  /** The request's path, without the query. */
  path?: string | null | undefined;
  /** The request's headers, the last value of each (see `multiValueHeaders`). */
  headers?: Readonly<Record<string, string | undefined>> | null | undefined;
  /** Read before `headers`: it keeps every value of a header sent twice. */
  multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null | undefined;
  /** The query's parameters, decoded, the last value of each (see `multiValueQueryStringParameters`). */
  queryStringParameters?: Readonly<Record<string, string | undefined>> | null | undefined;
  /** Read before `queryStringParameters`: it keeps every value of a parameter sent twice. */
  multiValueQueryStringParameters?: Readonly<Record<string, readonly string[] | undefined>> | null | undefined;
  /** The body: text, or base64 when `isBase64Encoded`; absent for none. */
  body?: string | null | undefined;
  /** True when `body` is base64: the door verifies the decoded bytes. */
  isBase64Encoded?: boolean | undefined;
}

/**
 * An API Gateway HTTP API event (payload format 2.0), or a Lambda function URL's (the same
 * shape): only what the Lambda door reads. `APIGatewayProxyEventV2` and `LambdaFunctionURLEvent`
 * of @types/aws-lambda are ones. The query is `rawQueryString`, as received.
 */
export interface LambdaHttpEvent {
  /** The payload format: `"2.0"` (how the door tells this shape from a REST event). */
  version: string;
  /** The request's path, as received. */
  rawPath?: string | undefined;
  /** The request's query without its `?`, as received (VNPay's signature is in it). */
  rawQueryString?: string | undefined;
  /** A header sent twice arrives as one value, joined by commas. */
  headers?: Readonly<Record<string, string | undefined>> | undefined;
  /** The `Cookie` header, apart: handed to the secret function as `cookie`. */
  cookies?: readonly string[] | undefined;
  /** Where the method is. */
  requestContext: {
    /** The HTTP request's details. */
    http: {
      /** The request's method. */
      method: string;
    };
  };
  /** The body: text, or base64 when `isBase64Encoded`; absent for none. */
  body?: string | undefined;
  /** True when `body` is base64: the door verifies the decoded bytes. */
  isBase64Encoded?: boolean | undefined;
}

/** What the Lambda door takes: an API Gateway REST or HTTP API event, or a function URL's. */
export type LambdaEvent = LambdaRestEvent | LambdaHttpEvent;

/** The Lambda context, as far as the door uses it (`Context` of @types/aws-lambda is one). */
export interface LambdaContext {
  /** The function's time left: the door answers 503 a safety margin before it runs out. */
  getRemainingTimeInMillis(): number;
}

/** The Lambda door's answer, in the shape API Gateway (both payload formats) and function URLs take. */
export interface LambdaResult {
  /** The answer's HTTP status. */
  statusCode: number;
  /** The answer's headers (lowercase names). */
  headers: Record<string, string>;
  /** The answer's body, as text. */
  body: string;
  /** Always false: the body is text. */
  isBase64Encoded: false;
}

/** A receiver for one route: add handlers with `on`, then mount a door (`node`, `fetch`, `lambda`) or call `receive`. */
export interface Receiver<Events, Verified> {
  /** Adds a handler for one event, its payload narrowed; handlers of an event run in order, then the `"*"` ones. */
  on<E extends keyof Events & string>(event: E, handler: DeliveryHandler<Events[E], Verified>): this;
  /** Adds a handler for every event, those the types do not know included: the payload is `unknown`. */
  on(event: "*", handler: DeliveryHandler<unknown, Verified>): this;
  /** The core: a plain delivery in, a plain answer out. Never rejects. */
  receive(delivery: Delivery): Promise<Answer>;
  /** The Node door, `(req, res)`: node:http, Express (`app.all(path, receiver.node)`), Koa, Fastify. Reads the raw body itself. Never rejects. */
  readonly node: (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;
  /**
   * The Fetch door, `(Request) => Promise<Response>`: Hono, Next.js route handlers, Bun, Deno,
   * Workers. It takes a Worker's `(request, env, ctx)` too (`export default { fetch:
   * receiver.fetch }`; Hono: `receiver.fetch(c.req.raw, c.env, c.executionCtx)`), and keeps a
   * handler that outlives the deadline alive with `ctx.waitUntil`. Never rejects.
   */
  readonly fetch: (request: Request, env?: unknown, ctx?: WaitUntilContext) => Promise<Response>;
  /**
   * The AWS Lambda door, `(event, context) => result`: API Gateway REST (payload 1.0) and HTTP
   * (2.0) APIs and function URLs (`export const handler = receiver.lambda`). It decodes a
   * base64-encoded body to its exact bytes, and answers 503 a safety margin (500 ms) before the
   * function's time runs out when that comes before `deadlineMs`. Never rejects; throws a
   * TypeError at once for an event that is no object or a context that is not one.
   */
  readonly lambda: (event: LambdaEvent, context?: LambdaContext) => Promise<LambdaResult>;
}

/**
 * How a delivery ended, in a {@link ReceiveTraceContext}: runOnce's word where it decided
 * (`processed`: the handlers ran and the key was completed; `duplicate`; `in_progress`: another
 * attempt holds the key, 409; `unavailable`: the store could not answer, 503; `timed_out`: the
 * handler was still running at `deadlineMs`, 503, it goes on), `refused` for every other refusal
 * (see `reason`: a bad signature, a handler that failed, a lost lease, …), `ping` for an unsigned
 * ping answered without running anything (WooCommerce's creation ping). A handshake whose
 * handler ran (Tilby's SUBSCRIBED) is `processed`.
 */
export type ReceiveOutcome = "processed" | "duplicate" | "in_progress" | "unavailable" | "timed_out" | "refused" | "ping";

/**
 * What each event of the `RECEIVE_CHANNEL` tracing channel carries: one object per delivery, the
 * same in its start, end, [error], asyncStart and asyncEnd events, filled in as the delivery goes.
 * At start: `provider` and `route`; once verified and parsed: `event` and `key`; from asyncStart
 * on: `outcome`, `reason` (any answer that is not 2xx) and `status`. Never a secret, a signature,
 * a header, the query string or the body.
 */
export interface ReceiveTraceContext {
  /** The provider's name (`"tikinow"`, a declaration's `name`). */
  readonly provider: string;
  /** The `route` option, else the path the receiver saw (no query string: a query can carry a signature). */
  readonly route: string;
  /** The event, once the delivery is verified and parsed. */
  event?: string;
  /** The delivery's key (see `deliveryKey`), once verified and parsed: the key the store holds. */
  key?: string;
  /** How it ended: set by asyncStart. */
  outcome?: ReceiveOutcome;
  /** Why it was refused (the answer's `error.code`, lowercase): set by asyncStart for every answer that is not 2xx. */
  reason?: RefusalReason;
  /** The HTTP status answered: set by asyncStart. */
  status?: number;
  /**
   * The error behind the refusal, when there is one (the handler's, the store's, the secret
   * function's, a lost lease's): the error event is then published before asyncStart.
   */
  error?: unknown;
}
