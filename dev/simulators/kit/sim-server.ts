import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimClock } from './clock';
import { DEFAULT_HUGE_BYTES, FaultRegistry, FaultSpecError, parseFaultSpec } from './faults';
import type { CommitThenAnswer, FaultSpec } from './faults';
import { dripResponse, sendResponse, sendTruncated, sleep, streamHugeJson } from './respond';
import type { SimResponse } from './respond';
import { SimStats } from './stats';
import { checkStrict, fieldPaths, headerNames } from './strict';
import type { LoggedRequest, StrictContract, StrictViolation } from './strict';

/** A request as a route handler sees it. */
export interface SimRequest {
  method: string;
  /** The raw request path, still percent-encoded, without the query string. */
  path: string;
  /** The route template that matched, e.g. `/omni-svcs/v1/carts/:cartId/items`. */
  template: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /**
   * Parsed JSON when the content-type declares JSON, a flat object for a urlencoded form, the raw text otherwise;
   * `undefined` for an empty body or one that failed to parse (see `bodyError`).
   */
  body: unknown;
  rawBody: string;
  /** Set when the content-type declared JSON but the body did not parse; the vendor module decides the answer. */
  bodyError?: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** Builds the vendor's error body for statuses the kit answers itself (faults, 404, 405, 413, handler crashes). */
export type ErrorBodyBuilder = (status: number, message: string) => unknown;

export interface SimServerOptions {
  /** Shown in logs and in `GET /__sim/stats`. */
  name: string;
  errorBody?: ErrorBodyBuilder;
  /** Answers a request that matched no vendor route; defaults to a 404 built with `errorBody`. */
  notFound?: SimHandler;
  /** Larger request bodies get 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Idle keep-alive timeout (default 5 s). */
  keepAliveTimeoutMs?: number;
}

/** Strict mode of a simulator: the documented contract and the vendor's answer to a request outside it. */
export interface StrictMode {
  contract: StrictContract;
  refuse(violation: StrictViolation, req: SimRequest): SimResponse;
}

/** Most requests `GET /__sim/requests` keeps (oldest dropped first). */
const REQUEST_LOG_LIMIT = 5000;

type Segment = { literal: string } | { param: string };

interface Route {
  method: string;
  template: string;
  key: string;
  segments: Segment[];
  handler: SimHandler;
}

interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const CONTROL_PREFIX = '/__sim';

function compileTemplate(template: string): Segment[] {
  if (!template.startsWith('/')) throw new Error(`route template must start with "/": ${template}`);
  return template
    .split('/')
    .slice(1)
    .map((s) => (s.startsWith(':') && s.length > 1 ? { param: s.slice(1) } : { literal: s }));
}

function matchSegments(segments: Segment[], pathParts: string[]): Record<string, string> | undefined {
  if (segments.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    const seg = segments[i];
    const part = pathParts[i];
    if ('literal' in seg) {
      if (seg.literal !== part) return undefined;
    } else {
      if (part.length === 0) return undefined;
      try {
        params[seg.param] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}

function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function parseBody(headers: IncomingHttpHeaders, raw: string): { body: unknown; bodyError?: string } {
  if (raw.length === 0) return { body: undefined };
  const type = mediaType(headers);
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { body: JSON.parse(raw) as unknown };
    } catch (err) {
      return { body: undefined, bodyError: `invalid JSON: ${(err as Error).message}` };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { body: Object.fromEntries(new URLSearchParams(raw)) };
  }
  return { body: raw };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

function killSocket(req: IncomingMessage): void {
  const socket = req.socket;
  // An RST rather than a FIN, so the client sees ECONNRESET as it would from a crashed or cut-off peer.
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  else socket.destroy();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A small stateful HTTP simulator on node:http: routes with `:param` templates, a control surface under `/__sim/`
 * (stats, clock, faults, reset) and fault injection applied in front of the vendor handlers.
 *
 * It guarantees that no handler error or client disconnect escapes as an exception from the server. It does not
 * guarantee HTTP conformance beyond what the vendor modules need.
 */
export class SimServer {
  readonly name: string;
  readonly clock = new SimClock();
  readonly faults = new FaultRegistry();
  readonly stats = new SimStats();

  private readonly routes: Route[] = [];
  private readonly controlRoutes: Route[] = [];
  private readonly routeKeys = new Set<string>();
  private readonly resetHooks: Array<() => void> = [];
  private readonly errorBody: ErrorBodyBuilder;
  private notFound?: SimHandler;
  private readonly maxBodyBytes: number;
  private readonly keepAliveTimeoutMs: number;
  private server?: Server;
  private closing = new AbortController();
  private boundUrl?: string;
  private strictMode?: StrictMode;
  private readonly requestLog: LoggedRequest[] = [];

  constructor(options: SimServerOptions) {
    this.name = options.name;
    this.errorBody = options.errorBody ?? ((_status, message) => ({ message }));
    this.notFound = options.notFound;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 5000;
    this.registerControlRoutes();
  }

  /** Registers a vendor route. Its key in stats and faults is `"METHOD template"`. */
  route(method: string, template: string, handler: SimHandler): this {
    if (template === CONTROL_PREFIX || template.startsWith(`${CONTROL_PREFIX}/`)) {
      throw new Error(`use control() for ${template}`);
    }
    const m = method.toUpperCase();
    const key = `${m} ${template}`;
    if (this.routeKeys.has(key)) throw new Error(`duplicate route ${key}`);
    this.routeKeys.add(key);
    this.routes.push({ method: m, template, key, segments: compileTemplate(template), handler });
    return this;
  }

  /** Registers a control route under `/__sim/`: never counted, never faulted. */
  control(method: string, template: string, handler: SimHandler): this {
    if (!template.startsWith(`${CONTROL_PREFIX}/`)) throw new Error(`control routes live under ${CONTROL_PREFIX}/`);
    const m = method.toUpperCase();
    this.controlRoutes.push({ method: m, template, key: `${m} ${template}`, segments: compileTemplate(template), handler });
    return this;
  }

  /** Replaces the answer for requests that match no vendor route. */
  setNotFound(handler: SimHandler): this {
    this.notFound = handler;
    return this;
  }

  /**
   * Turns strict mode on: every vendor request must match a route of the contract, carry its required headers and
   * no body field or query parameter outside it; otherwise `refuse` answers, as the vendor would.
   */
  setStrict(mode: StrictMode): this {
    for (const key of this.routeKeys) {
      if (!mode.contract[key]) throw new Error(`strict contract of ${this.name} has no entry for route ${key}`);
    }
    this.strictMode = mode;
    return this;
  }

  /** Whether strict mode is on. */
  get strict(): boolean {
    return this.strictMode !== undefined;
  }

  /** Runs on `POST /__sim/reset`, after faults, stats and clock are reset. */
  onReset(hook: () => void): this {
    this.resetHooks.push(hook);
    return this;
  }

  /** Convenience for vendor modules: counts one committed order. */
  recordOrderCreated(): void {
    this.stats.ordersCreated += 1;
  }

  /** The `"METHOD template"` keys of every vendor route. */
  routeList(): string[] {
    return [...this.routeKeys];
  }

  /** `http://host:port` once listening. */
  get url(): string {
    if (!this.boundUrl) throw new Error(`${this.name} simulator is not listening`);
    return this.boundUrl;
  }

  /** Starts listening; port 0 picks a free port. */
  async listen(port = 0, host = '127.0.0.1'): Promise<{ port: number; url: string }> {
    if (this.server) throw new Error(`${this.name} simulator is already listening`);
    this.closing = new AbortController();
    const server = http.createServer({ keepAlive: true }, (req, res) => {
      this.dispatch(req, res).catch((err: unknown) => this.crashed(req, res, err));
    });
    server.keepAliveTimeout = this.keepAliveTimeoutMs;
    server.headersTimeout = this.keepAliveTimeoutMs + 5000;
    server.on('connection', (socket) => {
      this.stats.socketsOpened += 1;
      socket.on('error', () => undefined);
    });
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.boundUrl = `http://${shownHost}:${address.port}`;
    return { port: address.port, url: this.boundUrl };
  }

  /** Stops listening and drops every connection, idle or hung, so that nothing keeps the process alive. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.boundUrl = undefined;
    this.closing.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private registerControlRoutes(): void {
    const ok = (body: unknown): SimResponse => ({ status: 200, body });
    const bad = (message: string): SimResponse => ({ status: 400, body: { error: message } });

    this.control('GET', '/__sim/stats', () => ok(this.stats.snapshot()));
    this.control('POST', '/__sim/stats/reset', () => {
      this.stats.reset();
      return ok(this.stats.snapshot());
    });
    this.control('GET', '/__sim/clock', () => ok({ now: this.clock.now().toISOString(), offsetMs: this.clock.offset }));
    this.control('POST', '/__sim/clock', (req) => {
      const seconds = isRecord(req.body) ? req.body.advanceSeconds : undefined;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        return bad('body must be {"advanceSeconds": <number >= 0>}');
      }
      return ok({ now: this.clock.advance(seconds).toISOString(), offsetMs: this.clock.offset });
    });
    this.control('GET', '/__sim/faults', () => ok({ faults: this.faults.list() }));
    this.control('POST', '/__sim/faults', (req) => {
      if (!isRecord(req.body) || typeof req.body.route !== 'string') {
        return bad('body must be {"route": "METHOD template" | "*", "fault": {...}, "times"?: n, "skip"?: n}');
      }
      try {
        const fault = parseFaultSpec(req.body.fault);
        const times = req.body.times;
        if (times !== undefined && typeof times !== 'number') return bad('times must be a number');
        const skip = req.body.skip ?? 0;
        if (typeof skip !== 'number') return bad('skip must be a number');
        return { status: 201, body: this.faults.add(req.body.route, fault, times, this.routeKeys, skip) };
      } catch (err) {
        if (err instanceof FaultSpecError) return bad(err.message);
        throw err;
      }
    });
    this.control('DELETE', '/__sim/faults', () => {
      this.faults.clear();
      return ok({ faults: [] });
    });
    this.control('DELETE', '/__sim/faults/:id', (req) =>
      this.faults.remove(req.params.id) ? ok({ removed: req.params.id }) : { status: 404, body: { error: 'no such fault' } },
    );
    this.control('GET', '/__sim/requests', () => ok({ strict: this.strict, requests: this.requestLog }));
    this.control('DELETE', '/__sim/requests', () => {
      this.requestLog.length = 0;
      return ok({ requests: [] });
    });
    this.control('POST', '/__sim/reset', () => {
      this.requestLog.length = 0;
      this.faults.clear();
      this.stats.reset();
      this.clock.reset();
      for (const hook of this.resetHooks) hook();
      return ok({ reset: true });
    });
  }

  private findRoute(routes: Route[], method: string, pathParts: string[]): { match?: RouteMatch; allowed: string[] } {
    const allowed: string[] = [];
    for (const route of routes) {
      const params = matchSegments(route.segments, pathParts);
      if (!params) continue;
      if (route.method === method) return { match: { route, params }, allowed };
      allowed.push(route.method);
    }
    return { allowed };
  }

  private async buildRequest(req: IncomingMessage, match: RouteMatch, path: string, query: string): Promise<SimRequest> {
    const rawBody = await readBody(req, this.maxBodyBytes);
    const { body, bodyError } = parseBody(req.headers, rawBody);
    const simReq: SimRequest = {
      method: req.method ?? 'GET',
      path,
      template: match.route.template,
      params: match.params,
      query: new URLSearchParams(query),
      headers: req.headers,
      body,
      rawBody,
    };
    if (bodyError !== undefined) simReq.bodyError = bodyError;
    return simReq;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => undefined);
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const pathParts = path.split('/').slice(1);

    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      const { match, allowed } = this.findRoute(this.controlRoutes, method, pathParts);
      if (!match) {
        sendResponse(res, {
          status: allowed.length > 0 ? 405 : 404,
          body: { error: `no control route ${method} ${path}` },
        });
        return;
      }
      const simReq = await this.readOrReject(req, res, match, path, query);
      if (simReq) sendResponse(res, await match.route.handler(simReq));
      return;
    }

    const { match, allowed } = this.findRoute(this.routes, method, pathParts);
    if (!match) {
      this.stats.countUnmatched();
      this.log(`${method} ${path}`, { method, path, query: new URLSearchParams(query), headers: req.headers, body: undefined });
      await this.answerUnmatched(req, res, method, path, query, allowed);
      return;
    }

    this.stats.countRoute(match.route.key);
    const fault = this.faults.take(match.route.key);
    if (fault?.type === 'refuse') {
      killSocket(req);
      return;
    }
    if (fault?.type === 'hang') {
      // Deliberately never answered: the socket stays open until the client gives up or the simulator closes.
      req.resume();
      return;
    }
    const simReq = await this.readOrReject(req, res, match, path, query);
    if (!simReq) return;
    this.log(match.route.key, simReq);
    if (fault && (await this.applyFaultBeforeHandler(req, res, fault))) return;

    const strictEntry = this.strictMode?.contract[match.route.key];
    const violation = strictEntry ? checkStrict(strictEntry, simReq) : undefined;
    const response = violation ? this.strictMode!.refuse(violation, simReq) : await match.route.handler(simReq);
    if (!violation && fault?.type === 'commit-then') {
      this.spoilCommitted(req, res, response, fault.answer, fault.readRoute);
      return;
    }
    if (fault?.type === 'reset-after') {
      killSocket(req);
      return;
    }
    if (fault?.type === 'drip') {
      await dripResponse(res, response, fault.intervalMs, fault.chunks, this.closing.signal);
      return;
    }
    sendResponse(res, response);
  }

  private log(route: string, req: Pick<SimRequest, 'method' | 'path' | 'query' | 'headers' | 'body'>): void {
    if (this.requestLog.length >= REQUEST_LOG_LIMIT) this.requestLog.shift();
    this.requestLog.push({
      route,
      method: req.method,
      path: req.path,
      query: [...new Set(req.query.keys())].sort(),
      headers: headerNames(req.headers),
      body: fieldPaths(req.body).sort(),
    });
  }

  private async readOrReject(req: IncomingMessage, res: ServerResponse, match: RouteMatch, path: string, query: string): Promise<SimRequest | undefined> {
    try {
      return await this.buildRequest(req, match, path, query);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendResponse(res, {
          status: 413,
          headers: { connection: 'close' },
          body: this.errorBody(413, `request body exceeds ${this.maxBodyBytes} bytes`),
        });
      }
      return undefined;
    }
  }

  private async answerUnmatched(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: string, allowed: string[]): Promise<void> {
    if (allowed.length > 0) {
      req.resume();
      sendResponse(res, {
        status: 405,
        headers: { allow: [...new Set(allowed)].join(', ') },
        body: this.errorBody(405, `method ${method} not allowed on ${path}`),
      });
      return;
    }
    if (this.notFound) {
      const fake: RouteMatch = {
        route: { method, template: '', key: '', segments: [], handler: this.notFound },
        params: {},
      };
      const simReq = await this.readOrReject(req, res, fake, path, query);
      if (simReq) sendResponse(res, await this.notFound(simReq));
      return;
    }
    req.resume();
    sendResponse(res, { status: 404, body: this.errorBody(404, `no route for ${method} ${path}`) });
  }

  /**
   * Answers a request that the handler has already committed, badly. Generic over vendors: `another-id` rewrites
   * every occurrence of the answer's top-level `id` (or `orderId`) to another id, so that the answer names an order
   * that is not the one committed.
   */
  private spoilCommitted(req: IncomingMessage, res: ServerResponse, response: SimResponse, answer: CommitThenAnswer, readRoute?: string): void {
    const signal = this.closing.signal;
    switch (answer) {
      case 'reset':
        killSocket(req);
        return;
      case 'hang':
        return;
      case 'malformed':
      case 'html':
      case 'wrong-shape':
        void this.applyFaultBeforeHandler(req, res, { type: answer === 'html' ? 'wrong-content-type' : answer });
        return;
      case 'huge':
        void streamHugeJson(res, DEFAULT_HUGE_BYTES, false, signal);
        return;
      case 'another-id': {
        const body = response.body;
        const id = isRecord(body) ? (typeof body.id === 'string' ? body.id : typeof body.orderId === 'string' ? body.orderId : undefined) : undefined;
        if (id === undefined) {
          sendResponse(res, response);
          return;
        }
        const other = `${id.slice(0, -1)}${id.endsWith('9') ? '8' : '9'}`;
        sendResponse(res, { ...response, body: JSON.parse(JSON.stringify(body).split(JSON.stringify(id)).join(JSON.stringify(other))) as unknown });
        return;
      }
      case 'not-found-on-read':
        try {
          if (readRoute) this.faults.add(readRoute, { type: 'status', status: 404, body: this.errorBody(404, 'not found') }, 1, this.routeKeys);
        } catch {
          // An unknown read route: the answer is still sent, and no read is spoilt.
        }
        sendResponse(res, response);
        return;
    }
  }

  /** Applies a fault that replaces or delays the handler. Returns true when the request has been fully dealt with. */
  private async applyFaultBeforeHandler(req: IncomingMessage, res: ServerResponse, fault: FaultSpec): Promise<boolean> {
    const signal = this.closing.signal;
    switch (fault.type) {
      case 'reset-before':
        killSocket(req);
        return true;
      case 'latency':
        // The handler still runs after the wait even if the client has gone, as a real backend would commit a
        // request that its caller timed out on; only a closing simulator skips it.
        return !(await sleep(fault.ms, signal));
      case 'status': {
        const body = fault.body !== undefined ? fault.body : this.errorBody(fault.status, 'simulated fault');
        sendResponse(res, { status: fault.status, headers: fault.headers, body });
        return true;
      }
      case 'rate-limit': {
        const retryAfter = fault.retryAfter === 'http-date' ? new Date(Date.now() + fault.seconds * 1000).toUTCString() : String(fault.retryAfter);
        sendResponse(res, {
          status: 429,
          headers: { 'retry-after': retryAfter },
          body: this.errorBody(429, 'rate limit exceeded'),
        });
        return true;
      }
      case 'malformed':
        sendResponse(res, {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"id": "abc", ',
        });
        return true;
      case 'wrong-content-type':
        sendResponse(res, {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>',
        });
        return true;
      case 'truncated':
        sendTruncated(res);
        return true;
      case 'wrong-shape':
        sendResponse(res, { status: 200, body: fault.body !== undefined ? fault.body : { unexpected: true, id: 42 } });
        return true;
      case 'huge':
        await streamHugeJson(res, fault.bytes, fault.contentLength, signal);
        return true;
      case 'redirect':
        sendResponse(res, {
          status: fault.status,
          headers: { location: fault.location },
          body: { message: 'moved' },
        });
        return true;
      default:
        return false;
    }
  }

  private crashed(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    try {
      process.stderr.write(`[sim ${this.name}] handler failed for ${req.method} ${req.url}: ${String(err)}\n`);
      if (!res.headersSent && !res.destroyed) {
        sendResponse(res, { status: 500, body: this.errorBody(500, 'internal simulator error') });
      } else {
        res.destroy();
      }
    } catch {
      res.destroy();
    }
  }
}

export type { SimResponse };
