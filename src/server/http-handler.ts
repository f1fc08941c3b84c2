import { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { Logger } from 'pino';
import { ErrorCode } from '../common/errors';
import { withRetryHint } from './format-error';
import { RequestContext } from '../context';

/** What the HTTP layer needs from the application. */
export interface HttpHandlerOptions {
  apollo: ApolloServer<RequestContext>;
  logger: Logger;
  /** Builds the GraphQL context of one request (throws a GraphQLError for bad caller headers). */
  context: (req: IncomingMessage, requestId: string, log: Logger) => Promise<RequestContext>;
  maxBodyBytes: number;
  corsOrigins: string[];
  routerSecret?: string;
  /** False while starting or draining: `/ready` answers 503. */
  isReady: () => Promise<boolean>;
  /** Which store the app uses, reported by `/ready` so that a platform can see a replica on the in-process store. */
  storeKind?: string;
  /** Requests whose handling has not settled yet, for graceful shutdown. */
  inFlight: { count: number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CORS_HEADERS = 'content-type, apollo-require-preflight, x-apollo-operation-name, x-customer-id, x-request-id, x-ccsite, x-ccorganization';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison of the router secret (digests first, so lengths leak nothing either). */
export function secretMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function graphqlError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  sendJson(res, status, { errors: [{ message, extensions: withRetryHint(code, { code, requestId }) }] });
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The node:http front of the subgraph: `/graphql` (Apollo Server), `/` (the same Sandbox page, pointed at
 * `/graphql`), `/health` and `/ready`. It sets `x-request-id` on every response, enforces the body limit (413),
 * the CORS allow-list and, when configured, the router secret (401 before any resolver runs).
 */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger } = options;
  return (req, res) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    if (origin && options.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': CORS_HEADERS,
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
    const log = logger.child({ requestId });
    res.on('close', () => {
      log.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    // Counted until the operation has settled, not until the socket closes: shutdown waits for its records.
    options.inFlight.count++;
    void route(options, req, res, url, requestId, log)
      .catch((error: unknown) => {
        log.error({ err: error }, 'request failed');
        if (!res.headersSent) graphqlError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', requestId);
        else res.destroy();
      })
      .finally(() => options.inFlight.count--);
  };
}

async function route(options: HttpHandlerOptions, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, log: Logger): Promise<void> {
  if (url.pathname === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
  if (url.pathname === '/ready' && req.method === 'GET') {
    const ready = await options.isReady();
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ready, store: options.storeKind ?? 'memory' });
  }
  const landing = url.pathname === '/' && req.method === 'GET';
  if (url.pathname !== '/graphql' && !landing) return sendJson(res, 404, { error: 'not found' });

  const wantsPage = req.method === 'GET' && !url.searchParams.has('query') && String(req.headers.accept ?? '').includes('text/html');
  if (options.routerSecret && !wantsPage && !secretMatches(req.headers['x-router-secret'] as string | undefined, options.routerSecret)) {
    return graphqlError(res, 401, ErrorCode.UNAUTHENTICATED, 'Request is not authenticated: the x-router-secret header is missing or wrong', requestId);
  }
  if (landing && !wantsPage) return sendJson(res, 404, { error: 'not found' });

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
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body };
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () => options.context(req, requestId, log),
  });
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
