import { Dispatcher, Pool, errors as undiciErrors } from 'undici';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  RetryPolicy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
} from 'cockatiel';
import { VendorCallError, VendorCallErrorKind } from './vendor-call-error';

/** Settings of one vendor's HTTP client. Defaults suit the loopback simulators and real vendors alike. */
export interface VendorHttpOptions {
  /** Vendor name for errors, logs and metrics. */
  vendor: string;
  /** Base URL, possibly with a path prefix (`https://partner.att.com/omni-svcs/v1`). */
  baseUrl: string;
  /** Deadline of one attempt: connect, headers and body together. */
  attemptTimeoutMs: number;
  /** Deadline of the whole call, retries and Retry-After waits included. */
  overallTimeoutMs?: number;
  /** Keep-alive connections to the vendor origin. */
  connections?: number;
  /** Calls waiting for a connection slot before new ones are refused. */
  queueLimit?: number;
  /** Largest response body read, in bytes. */
  maxResponseBytes?: number;
  /** Attempts for a call that is safe to repeat (reads, and writes the vendor makes idempotent). */
  maxAttempts?: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold?: number;
  /** Milliseconds the circuit stays open before a half-open probe. */
  breakerHalfOpenMs?: number;
  /** Told of every finished call, for metrics and tracing; it must not throw. */
  onCall?: (event: VendorCallEvent) => void;
}

/**
 * Who a vendor call is made for: the GraphQL request, its caller and operation. The HTTP client passes it through
 * untouched to `onCall` (the audit trail reads it); a call outside any request (the unknown-outcome sweep) has none.
 * Passed explicitly rather than through AsyncLocalStorage, whose promise hooks would cost every promise of every
 * request.
 */
export interface VendorCallScope {
  requestId: string;
  /** The caller from `x-customer-id`, when the router set it. */
  caller?: string;
  /** The root fields of the operation (`cartSubmit`), known once the operation is resolved. */
  operation?: string;
  /** The client's operation name, when it gave one. */
  operationName?: string;
  /** The keyed hash (16 hex) of (caller, idempotency key), when the operation carries a key: the key itself is not logged. */
  keyHash?: string;
  /**
   * Logs and counts a part of a vendor answer that tolerant reading dropped or kept raw, in the app running the
   * operation: `path` is where it was, `part` the same with list positions folded (the metric label).
   */
  onAnswerPartDropped?: (vendor: string, path: string, part: string, detail: string, requestId: string) => void;
}

/** One finished logical call, as metrics and traces see it: the route template, never the path with its ids. */
export interface VendorCallEvent {
  vendor: string;
  /** The vendor origin this client talks to (one circuit breaker each). */
  origin: string;
  route: string;
  /** Status of the last answer, when there was one. */
  status?: number;
  outcome: 'ok' | VendorCallErrorKind | 'error';
  /** Attempts the breaker let through (0 when the circuit was open); Retry-After waits are not attempts. */
  attempts: number;
  ms: number;
  circuit: CircuitState;
  /**
   * True when the call may change something at the vendor: every call but a GET, unless its request says it only
   * reads (`onlyReads`). The audit trail records these.
   */
  write?: boolean;
  /**
   * For writes only: the vendor's ids that the call named or answered, by name (the route's `{placeholders}` and
   * the answer's top-level `id`, `orderId`, `cartId`, `customerOrderId`, `externalReferenceId`). Never a body.
   */
  vendorIds?: Record<string, string>;
  /** The request the call was made for, as the caller of `request` gave it. */
  scope?: VendorCallScope;
}

/**
 * True when a request may change something at the vendor: every call but a GET and a POST that only reads. Such a
 * call that fails once it may have been sent may have been acted on, whether or not repeating it is safe: a write the
 * vendor makes idempotent (Adobe's correlation id) is still a write whose outcome is unknown until read back or
 * replayed. `idempotent` decides only whether the client repeats it.
 */
export function mayChange(req: Pick<VendorRequest, 'method' | 'onlyReads'>): boolean {
  return req.method !== 'GET' && !req.onlyReads;
}

/** Top-level answer fields that carry a vendor's id of what a write created or changed. */
const ANSWER_ID_FIELDS = ['id', 'orderId', 'cartId', 'customerOrderId', 'externalReferenceId'];

/** The ids of a write: `{placeholders}` of the route template read from the path, and ids in the answer. */
export function vendorIdsOf(route: string, path: string, body?: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  const template = (route.split(' ', 2)[1] ?? '').split('/');
  const actual = path.split('?')[0].split('/');
  if (template.length === actual.length) {
    template.forEach((segment, i) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!name) return;
      try {
        ids[name] = decodeURIComponent(actual[i]);
      } catch {
        ids[name] = actual[i]!;
      }
    });
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const field of ANSWER_ID_FIELDS) {
      const value = (body as Record<string, unknown>)[field];
      if ((typeof value === 'string' && value.length <= 128) || typeof value === 'number') ids[`answer.${field}`] = String(value);
    }
  }
  return ids;
}

/** One vendor call. `path` is relative to the base URL and every dynamic segment in it is already encoded. */
export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Route template for logs and metrics, with no ids in it: `POST /carts/{cartId}/items`. */
  route: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** JSON body, or a form when `form` is set. */
  body?: unknown;
  form?: Record<string, string>;
  /** True when sending the same request twice cannot do the thing twice. */
  idempotent: boolean;
  /**
   * True for a POST that orders nothing and changes no cart or order at the vendor, as its docs say (AT&T's orders
   * query, an Adobe preview, a token grant): it is not a write for the audit trail. Unset, every call but a GET counts
   * as a write.
   */
  onlyReads?: boolean;
  /**
   * Recognises a 5xx answer the vendor documents as a refusal of the request rather than a fault (AT&T's 500
   * "pending order"): such an answer is returned to the caller as it is, not retried and not failed.
   */
  refusedWith?: (response: VendorResponse) => boolean;
  /** Headers made afresh for every attempt, such as a request id that a vendor refuses to see twice. */
  attemptHeaders?: () => Record<string, string>;
  /** The request this call is made for, handed to `onCall` as it is. */
  scope?: VendorCallScope;
}

/** A vendor answer with a status below 500 (other than 429), body parsed when there is one. */
export interface VendorResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds or an HTTP-date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The HTTP client of one vendor: a keep-alive undici pool bounded per origin, explicit connect / headers / overall
 * deadlines, retries with exponential backoff and jitter for idempotent calls only, Retry-After honoured within the
 * deadline, a circuit breaker and a bulkhead with a bounded queue, and a cap on the response size. Redirects are
 * never followed. It does not interpret vendor bodies: 4xx answers are returned for the adapter to map.
 */
export class VendorHttpClient {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly origin: string;
  private readonly options: Required<Omit<VendorHttpOptions, 'onCall'>> & Pick<VendorHttpOptions, 'onCall'>;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly retry: RetryPolicy;

  constructor(options: VendorHttpOptions) {
    this.options = {
      overallTimeoutMs: options.attemptTimeoutMs * 2,
      connections: 64,
      queueLimit: 1000,
      maxResponseBytes: 2 * 1024 * 1024,
      maxAttempts: 3,
      breakerThreshold: 5,
      breakerHalfOpenMs: 5000,
      ...options,
    };
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    const o = this.options;
    this.pool = new Pool(this.origin, {
      connections: o.connections,
      pipelining: 1,
      connectTimeout: Math.min(o.attemptTimeoutMs, 3000),
      headersTimeout: o.attemptTimeoutMs,
      bodyTimeout: o.attemptTimeoutMs,
      keepAliveTimeout: 4000,
      keepAliveMaxTimeout: 30000,
    });
    this.breaker = circuitBreaker(
      handleWhen((e) => e instanceof VendorCallError && (e.kind === 'unavailable' || e.kind === 'timeout')),
      { halfOpenAfter: o.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(o.breakerThreshold) },
    );
    this.bulkhead = bulkhead(o.connections, o.queueLimit);
    this.retry = retry(
      handleWhen((e) => e instanceof VendorCallError && e.kind !== 'bad_response' && e.kind !== 'rate_limited'),
      { maxAttempts: o.maxAttempts - 1, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }) },
    );
  }

  /** Current breaker state, for readiness and metrics. */
  get circuitState(): string {
    return String(this.breaker.state);
  }

  /**
   * Sends one logical call (with retries where safe). Resolves with any answer below 500 except 429; throws
   * VendorCallError for everything else.
   */
  async request(req: VendorRequest): Promise<VendorResponse> {
    const deadline = Date.now() + this.options.overallTimeoutMs;
    const started = performance.now();
    let attempts = 0;
    const attempt = () =>
      this.breaker.execute(() => {
        attempts++;
        return this.attempt(req, deadline);
      });
    try {
      const response = await this.bulkhead.execute(() => (req.idempotent ? this.retry.execute(attempt) : attempt()));
      this.observe(req, started, attempts, 'ok', response.status, response.body);
      return response;
    } catch (error) {
      let failure = error;
      if (error instanceof BrokenCircuitError) {
        failure = new VendorCallError('unavailable', this.options.vendor, req.route, false, 'circuit open');
      } else if (error instanceof BulkheadRejectedError) {
        failure = new VendorCallError('unavailable', this.options.vendor, req.route, false, 'bulkhead queue full');
      }
      if (failure instanceof VendorCallError) this.observe(req, started, attempts, failure.kind, failure.status);
      else this.observe(req, started, attempts, 'error');
      throw failure;
    }
  }

  private observe(req: VendorRequest, started: number, attempts: number, outcome: VendorCallEvent['outcome'], status?: number, body?: unknown): void {
    const onCall = this.options.onCall;
    if (!onCall) return;
    const write = mayChange(req);
    try {
      onCall({
        write,
        vendorIds: write ? vendorIdsOf(req.route, req.path, body) : undefined,
        vendor: this.options.vendor,
        origin: this.origin,
        route: req.route,
        status,
        outcome,
        attempts,
        ms: performance.now() - started,
        circuit: this.breaker.state,
        scope: req.scope,
      });
    } catch {
      // An observer's fault must never turn into a failed vendor call.
    }
  }

  /** Closes the pool: in-flight requests finish, new ones fail. */
  async close(): Promise<void> {
    if (!this.pool.destroyed && !this.pool.closed) await this.pool.close();
  }

  /** Aborts every in-flight request (their writes become unknown outcomes) and closes the pool. */
  async destroy(): Promise<void> {
    if (!this.pool.destroyed) await this.pool.destroy();
  }

  private fail(req: VendorRequest, kind: VendorCallError['kind'], maybeCommitted: boolean, detail: string, status?: number): never {
    throw new VendorCallError(kind, this.options.vendor, req.route, maybeCommitted, detail, status);
  }

  private async attempt(req: VendorRequest, deadline: number): Promise<VendorResponse> {
    for (let waits = 0; ; waits++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) this.fail(req, 'timeout', mayChange(req), 'overall deadline passed');
      const response = await this.send(req, Math.min(remaining, this.options.attemptTimeoutMs));
      if (response.status === 429) {
        const waitMs = parseRetryAfter(response.headers['retry-after']);
        if (waitMs !== null && waits < 2 && waitMs < deadline - Date.now()) {
          await sleep(waitMs);
          continue;
        }
        this.fail(req, 'rate_limited', false, `429 retry-after=${String(response.headers['retry-after'])}`, 429);
      }
      if (RETRYABLE_STATUS.has(response.status) || response.status > 504) {
        if (req.refusedWith?.(response)) return response;
        this.fail(req, 'unavailable', mayChange(req), `HTTP ${response.status}`, response.status);
      }
      if (response.status >= 300 && response.status < 400) {
        this.fail(req, 'bad_response', false, `redirect ${response.status} not followed`, response.status);
      }
      return response;
    }
  }

  private buildPath(req: VendorRequest): string {
    let path = this.prefix + req.path;
    if (req.query) {
      let qs = '';
      for (const name of Object.keys(req.query)) {
        const value = req.query[name];
        if (value !== undefined) qs += (qs ? '&' : '') + formPair(name, String(value));
      }
      if (qs) path += `?${qs}`;
    }
    return path;
  }

  /**
   * One attempt on undici's lowest-level API: the answer is gathered into Buffers as it arrives, the size cap
   * enforced on the way, and one promise settles at the end, with no body stream, async iterator or promise per
   * chunk. Rejects with a VendorCallError only.
   */
  private send(req: VendorRequest, timeoutMs: number): Promise<VendorResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.headers) Object.assign(headers, req.headers);
    if (req.attemptHeaders) Object.assign(headers, req.attemptHeaders());
    let body: string | undefined;
    if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const path = this.buildPath(req);
    return new Promise<VendorResponse>((resolve, reject) => {
      const attempt = new Attempt(this.options.vendor, this.options.maxResponseBytes, req, resolve, reject);
      attempt.timer = setTimeout(abortAttempt, timeoutMs, attempt);
      // A pool that is closed or destroyed reports it through the handler's onResponseError, not by throwing.
      this.pool.dispatch({ method: req.method, path, headers, body }, attempt);
    });
  }
}

/** `application/json` or a `+json` type. */
const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** Characters that application/x-www-form-urlencoded leaves as they are. */
const FORM_SAFE = /^[\w.*-]*$/;

/** One `name=value` of a query, encoded exactly as URLSearchParams encodes it, without building one when nothing needs escaping. */
function formPair(name: string, value: string): string {
  return FORM_SAFE.test(name) && FORM_SAFE.test(value) ? `${name}=${value}` : new URLSearchParams([[name, value]]).toString();
}

function abortAttempt(attempt: Attempt): void {
  attempt.abort();
}

/**
 * The undici dispatch handler of one attempt and its outcome: it collects the body, enforces the size cap (the
 * declared length when the headers arrive, the received length as data arrives), and settles its promise once:
 * with the parsed answer, or with a VendorCallError. The attempt timer aborts it through undici's controller.
 */
class Attempt implements Dispatcher.DispatchHandler {
  timer: NodeJS.Timeout | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  /** Set when the attempt's deadline passed: the error is then a timeout, whatever undici reports. */
  private aborted = false;
  private reason: Error | undefined;
  private settled = false;
  /** Set once a final (non-1xx) status has arrived. */
  private responseStarted = false;
  private status = 0;
  private headers: VendorResponse['headers'] = {};
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly vendor: string,
    private readonly maxBytes: number,
    private readonly req: VendorRequest,
    private readonly resolve: (response: VendorResponse) => void,
    private readonly reject: (error: VendorCallError) => void,
  ) {}

  /** The attempt's deadline passed: undici aborts the request, its socket too once the request is on one. */
  abort(): void {
    if (this.aborted || this.settled) return;
    this.aborted = true;
    this.reason = new DOMException('This operation was aborted', 'AbortError');
    // Before the request reached a connection there is no controller yet: onRequestStart aborts it then.
    this.controller?.abort(this.reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.aborted) controller.abort(this.reason!);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: VendorResponse['headers']): void {
    if (statusCode < 200 || this.settled) return;
    this.responseStarted = true;
    this.status = statusCode;
    this.headers = headers;
    const declared = Number(headers['content-length'] ?? 0);
    if (declared > this.maxBytes) {
      this.fail(controller, 'bad_response', false, `declared body of ${declared} bytes over the cap`);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.fail(controller, 'bad_response', false, `body over ${this.maxBytes} bytes`);
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    const chunks = this.chunks;
    this.chunks = [];
    const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, this.size).toString('utf8');
    let response: VendorResponse;
    try {
      response = this.answer(text);
    } catch (error) {
      this.settle();
      this.reject(error as VendorCallError);
      return;
    }
    this.settle();
    this.resolve(response);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(classify(this.vendor, this.req, error, this.responseStarted, this.aborted));
  }

  /** The answer once its body has fully arrived: content type checked, JSON parsed. */
  private answer(text: string): VendorResponse {
    const { status, headers } = this;
    let parsed: unknown;
    if (text.length > 0 && status !== 204) {
      const contentType = String(headers['content-type'] ?? '');
      if (!JSON_TYPE.test(contentType)) {
        if (status >= 500 || status === 429) return { status, headers, body: undefined };
        throw this.error('bad_response', false, `content-type ${contentType} (status ${status})`);
      }
      try {
        parsed = JSON.parse(text);
      } catch {
        if (status >= 500) return { status, headers, body: undefined };
        throw this.error('bad_response', false, `malformed JSON (status ${status}, ${text.length} bytes)`);
      }
    }
    return { status, headers, body: parsed };
  }

  private error(kind: VendorCallErrorKind, maybeCommitted: boolean, detail: string): VendorCallError {
    return new VendorCallError(kind, this.vendor, this.req.route, maybeCommitted, detail, this.status);
  }

  /** Refuses the answer and aborts the request: its connection is not reused with a body left unread. */
  private fail(controller: Dispatcher.DispatchController, kind: VendorCallErrorKind, maybeCommitted: boolean, detail: string): void {
    const error = this.error(kind, maybeCommitted, detail);
    this.settle();
    this.reject(error);
    controller.abort(error);
  }

  private settle(): void {
    this.settled = true;
    this.chunks = [];
    clearTimeout(this.timer);
  }
}

/** Maps an undici or abort error to a kind, and decides whether a write may have been committed. */
function classify(vendor: string, req: VendorRequest, error: unknown, responseStarted: boolean, aborted: boolean): VendorCallError {
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const write = mayChange(req);
  if (error instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new VendorCallError('timeout', vendor, req.route, false, message);
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return new VendorCallError('unavailable', vendor, req.route, false, message);
  }
  if (aborted || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new VendorCallError('timeout', vendor, req.route, write, message);
  }
  if (responseStarted && (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || error instanceof undiciErrors.ResponseContentLengthMismatchError)) {
    return new VendorCallError('bad_response', vendor, req.route, write, message);
  }
  // Socket closed or reset after the request was written: the vendor may have acted on it.
  return new VendorCallError('unavailable', vendor, req.route, write, message);
}
