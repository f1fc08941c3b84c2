import { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { Logger } from 'pino';
import { ErrorCode } from '../common/errors';
import { withRetryHint } from './format-error';
import { RequestContext } from '../context';
import { DirectPath } from './direct-path';
import { hasRouterSecret, isOpenRequest, PROBE_PATHS, RequestTarget, ROUTER_SECRET_HEADER } from './access';
import { requestIdFrom, traceparentFrom, tracestateFrom } from './request-headers';
import { withoutRedaction } from '../logger';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What the HTTP layer needs from the application. */
export interface HttpHandlerOptions {
  apollo: ApolloServer<RequestContext>;
  /** Answers repeated compiled queries without Apollo Server's request pipeline; `undefined` hands a request on. */
  direct?: DirectPath<RequestContext>;
  logger: Logger;
  /**
   * Builds the GraphQL context of one request (throws a GraphQLError for bad caller headers). `log` gives the
   * request's logger, made on first use: most requests never log anything but their access line.
   */
  context: (req: IncomingMessage, requestId: string, log: () => Logger) => Promise<RequestContext>;
  maxBodyBytes: number;
  corsOrigins: string[];
  /** Request headers the enabled vendors forward (their folders declare them), allowed in CORS preflights too. */
  vendorHeaders?: readonly string[];
  /** The router secrets accepted (current, then the one being rotated out); empty when none is configured. */
  routerSecrets: readonly string[];
  /** Serves `GET /metrics` on this listener (behind the router secret); undefined when metrics have their own port. */
  metrics?: Handler;
  /** False while starting or draining: `/ready` answers 503. */
  isReady: () => Promise<boolean>;
  /** Which store the app uses, reported by `/ready` so that a platform can see a replica on the in-process store. */
  storeKind?: string;
  /** Requests whose handling has not settled yet, for graceful shutdown. */
  inFlight: { count: number };
}

const CORS_HEADERS = ['content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-customer-id', 'x-request-id'];
/** Paths this server answers; any other is logged as `[other]`, so that a path never carries client text into a log. */
const KNOWN_PATHS = new Set(['/', '/graphql', '/metrics', ...PROBE_PATHS]);
/** Request headers that Apollo Server never needs to see. */
const WITHHELD_HEADERS = new Set([ROUTER_SECRET_HEADER, 'authorization', 'cookie', 'x-request-id', 'traceparent', 'tracestate']);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  sendJson(res, status, { errors: [{ message, extensions: withRetryHint(code, { code, requestId }) }] });
}

class BodyTooLarge extends Error {}

/** Reads the whole body, refusing it past `limit` bytes (declared or sent); events rather than an async iterator per request. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // The first of the events below settles the body; the later ones change nothing (and make no error).
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      settle(() => {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLarge());
      });
    };
    req.on('data', onData);
    req.once('end', () => settle(() => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'))));
    req.once('error', (error) => settle(() => reject(error)));
    // 'close' follows 'end' on every request: an error (and its stack) is made only for a body cut short.
    req.once('close', () => settle(() => reject(new Error('request closed before its body ended'))));
  });
}

/** The URL every router posts to, parsed once: any other request target goes through the URL parser. */
const GRAPHQL_TARGET: RequestTarget = Object.freeze({ pathname: '/graphql', search: '' });

function targetOf(raw: string | undefined): RequestTarget {
  return raw === '/graphql' ? GRAPHQL_TARGET : new URL(raw ?? '/', 'http://localhost');
}

/**
 * The node:http front of the subgraph: `/graphql` (Apollo Server), `/` (the same landing page, pointed at
 * `/graphql`), `/health`, `/ready` and, unless metrics have their own port, `/metrics`. It sets `x-request-id` on
 * every response (the caller's when it passes the allow-list, a generated one otherwise), enforces the body limit
 * (413), the CORS allow-list and, when configured, the router secret: 401 before anything is parsed or run, on
 * every request but the probes and a landing page whose request carries no operation.
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger } = options;
  // The access line holds only the method, an allow-listed path, the status, the time and the validated request id:
  // nothing to redact, so it skips the redaction pass (`withoutRedaction`).
  const accessLog = withoutRedaction(logger);
  return (req, res) => {
    const started = process.hrtime.bigint();
    const { id: requestId, replaced } = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const url = targetOf(req.url);
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': [...CORS_HEADERS, ...(options.vendorHeaders ?? [])].join(', '),
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
    let child: Logger | undefined;
    const log = (): Logger => (child ??= logger.child({ requestId }));
    if (replaced) log().warn('x-request-id refused (not 1-128 letters, digits or ._:-, or card-like); a generated id replaces it');
    const path = KNOWN_PATHS.has(url.pathname) ? url.pathname : '[other]';
    res.on('close', () => {
      accessLog.info({ requestId, method: req.method, path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    // Counted until the operation has settled, not until the socket closes: shutdown waits for its records.
    options.inFlight.count++;
    void route(options, req, res, url, requestId, log)
      .catch((error: unknown) => {
        log().error({ err: error }, 'request failed');
        if (!res.headersSent) graphqlError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', requestId);
        else res.destroy();
      })
      .finally(() => options.inFlight.count--);
  };
}

async function route(
  options: HttpHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: RequestTarget,
  requestId: string,
  log: () => Logger,
): Promise<void> {
  if (url.pathname === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
  if (url.pathname === '/ready' && req.method === 'GET') {
    const ready = await options.isReady();
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ready, store: options.storeKind ?? 'memory' });
  }
  const served = url.pathname === '/graphql' || url.pathname === '/' || (url.pathname === '/metrics' && options.metrics !== undefined);
  if (!served) return sendJson(res, 404, { error: 'not found' });
  // The secret is checked before the Accept header or the body is looked at: no way of asking turns an operation
  // into an open page request.
  if (!isOpenRequest(req, url) && !hasRouterSecret(req, options.routerSecrets)) {
    res.setHeader('connection', 'close');
    return graphqlError(res, 401, ErrorCode.UNAUTHENTICATED, `Request is not authenticated: the ${ROUTER_SECRET_HEADER} header is missing or wrong`, requestId);
  }
  if (url.pathname === '/metrics') {
    if (req.method !== 'GET') return sendJson(res, 404, { error: 'not found' });
    return options.metrics!(req, res);
  }
  const landing = url.pathname === '/';
  const wantsPage = req.method === 'GET' && String(req.headers.accept ?? '').includes('text/html');
  if (landing && (req.method !== 'GET' || !wantsPage || url.search.length > 1)) return sendJson(res, 404, { error: 'not found' });

  let body: unknown = undefined;
  if (req.method === 'POST') {
    let text: string;
    try {
      text = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return graphqlError(res, 413, 'BAD_REQUEST', `Request body over ${options.maxBodyBytes} bytes`, requestId);
      }
      throw error;
    }
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('application/json') || type.includes('+json')) {
      try {
        body = text.length ? JSON.parse(text) : undefined;
      } catch {
        return graphqlError(res, 400, 'BAD_REQUEST', 'Body is not valid JSON', requestId);
      }
    } else {
      body = text;
    }
  }

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined && !WITHHELD_HEADERS.has(key)) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  // Trace context is input too: a malformed or card-like one is dropped, and the operation starts a trace of its own.
  const traceparent = traceparentFrom(req.headers.traceparent);
  if (traceparent) {
    headers.set('traceparent', traceparent);
    const tracestate = tracestateFrom(req.headers.tracestate);
    if (tracestate) headers.set('tracestate', tracestate);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body };
  const context = () => options.context(req, requestId, log);
  const response = (await options.direct?.(httpGraphQLRequest, context)) ?? (await options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context }));
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    let text = response.body.string;
    // Sandbox points at the page's own URL: on `/`, point it at `/graphql` instead.
    if (landing) text = text.replace(/window\.location\.href/g, "new URL('/graphql', window.location.href).href");
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
