import type { IncomingHttpHeaders } from 'node:http';

/**
 * What a vendor's documentation allows on one route, for a simulator's strict mode. Every entry carries the
 * citation it was written from (a section of shared/vendors/README.md or a seed), so a reader can check it.
 */
export interface StrictRoute {
  /** Where the route is documented, e.g. `[C] README §1.1 POST /carts; seed 001`. */
  source: string;
  /**
   * Body field paths the docs show, arrays as `[]` (`items[].product.id`). A path ending in `.*` allows anything
   * below it (an object whose contents the docs leave open).
   */
  body?: Record<string, string>;
  /** Query parameter names the docs show. */
  query?: Record<string, string>;
  /** Headers that must be present (lower-case names), with their citation. */
  requiredHeaders?: Record<string, string>;
  /** Accept unknown top-level scalar fields (Oracle's flat dynamic properties). */
  openTopLevelScalars?: boolean;
}

/** The strict contract of one simulator: `"METHOD template"` → what the docs allow there. */
export type StrictContract = Record<string, StrictRoute>;

/** Why a strict simulator refused a request. */
export interface StrictViolation {
  kind: 'unknown-field' | 'unknown-query' | 'missing-header';
  /** The offending field path, query parameter or header name. */
  name: string;
}

/** Every field path of a JSON value, arrays as `[]`, e.g. `items[].product.id`. Leaves and containers both. */
export function fieldPaths(value: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item, `${path}[]`);
      return;
    }
    if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        out.push(p);
        walk(child, p);
      }
    }
  };
  walk(value, prefix);
  return [...new Set(out)];
}

function allowedPath(path: string, allowed: Record<string, string>): boolean {
  if (Object.prototype.hasOwnProperty.call(allowed, path)) return true;
  // `a.*` allows `a.x`, `a[].x.y`, …; the container `a` itself must be listed on its own.
  return Object.keys(allowed).some((a) => a.endsWith('.*') && path.startsWith(a.slice(0, -1)));
}

/** Checks a request against its route's strict entry; undefined when it conforms. */
export function checkStrict(route: StrictRoute, req: { headers: IncomingHttpHeaders; query: URLSearchParams; body: unknown }): StrictViolation | undefined {
  for (const name of Object.keys(route.requiredHeaders ?? {})) {
    const v = req.headers[name];
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) return { kind: 'missing-header', name };
  }
  for (const name of new Set(req.query.keys())) {
    if (!Object.prototype.hasOwnProperty.call(route.query ?? {}, name)) return { kind: 'unknown-query', name };
  }
  const body = route.body ?? {};
  for (const path of fieldPaths(req.body)) {
    if (allowedPath(path, body)) continue;
    if (route.openTopLevelScalars && !path.includes('.') && !path.includes('[')) {
      const v = (req.body as Record<string, unknown>)[path];
      if (typeof v !== 'object' || v === null) continue;
    }
    return { kind: 'unknown-field', name: path };
  }
  return undefined;
}

/** One vendor request as a strict or rich simulator saw it, for `GET /__sim/requests`. */
export interface LoggedRequest {
  /** `"METHOD template"` of the matched route, or `"METHOD <path>"` when none matched. */
  route: string;
  method: string;
  path: string;
  query: string[];
  /** Header names, lower-case, without the transport headers every HTTP client sends. */
  headers: string[];
  body: string[];
}

/** Headers every HTTP/1.1 client adds on its own; a vendor table need not list them. */
export const TRANSPORT_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'accept-encoding', 'user-agent', 'keep-alive']);

/** Header names of a request, lower-case, without transport headers. */
export function headerNames(headers: IncomingHttpHeaders): string[] {
  return Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => !TRANSPORT_HEADERS.has(h))
    .sort();
}
