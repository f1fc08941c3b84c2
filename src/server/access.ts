import { IncomingMessage } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';

/** The header in which the router proves that a request came through it. */
export const ROUTER_SECRET_HEADER = 'x-router-secret';

/** Paths that answer without the router secret whatever the request carries: the probes reveal nothing. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison of the router secret (digests first, so lengths leak nothing either). */
export function secretMatches(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/**
 * True when the request carries the current or the previous router secret (both are compared, always, so the
 * time taken does not say which one matched). With no secret configured every request passes.
 */
export function hasRouterSecret(req: IncomingMessage, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return true;
  const raw = req.headers[ROUTER_SECRET_HEADER];
  const given = Array.isArray(raw) ? undefined : raw;
  let matched = false;
  for (const secret of secrets) matched = secretMatches(given, secret) || matched;
  return matched;
}

/** The parts of a request's URL that the access rule and the routes read. */
export type RequestTarget = Pick<URL, 'pathname' | 'search'>;

/**
 * True when the request may carry a GraphQL operation: anything but a GET, a GET with any query-string parameter
 * (`query`, `extensions` holding a persisted-query hash, `operationName`, … — no parameter is special-cased), or a
 * GET with a body. The `Accept` header plays no part: asking for HTML at any weight never turns an operation into a
 * page request.
 */
export function carriesOperation(req: IncomingMessage, url: RequestTarget): boolean {
  if ((req.method ?? 'GET').toUpperCase() !== 'GET') return true;
  if (url.search !== '' && url.search !== '?') return true;
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * The rule of what answers without the router secret: the probes, and the landing page, which is a GET of `/` or
 * `/graphql` with no operation anywhere in the request. Everything else that can execute or reveal anything needs
 * the secret when one is configured.
 */
export function isOpenRequest(req: IncomingMessage, url: RequestTarget): boolean {
  if (PROBE_PATHS.has(url.pathname)) return true;
  return (url.pathname === '/' || url.pathname === '/graphql') && !carriesOperation(req, url);
}
