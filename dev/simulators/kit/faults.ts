import { randomBytes } from 'node:crypto';

/** The default target of a `redirect` fault: another loopback host on a port where nothing listens. */
export const DEFAULT_REDIRECT_LOCATION = 'http://127.0.0.2:1/elsewhere';
/** The default size of a `huge` body: far above any sane response cap. */
export const DEFAULT_HUGE_BYTES = 20 * 1024 * 1024;
const MAX_HUGE_BYTES = 1024 * 1024 * 1024;

/**
 * The body of a `status` fault posted with `"leak": true`: the kind of internals a careless backend puts in a 500,
 * so that a test can assert that none of these strings reaches a client.
 */
export const LEAKY_ERROR_BODY = {
  message: 'java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist',
  sql: "SELECT * FROM ORDERS_OWNER.CART_ITEMS WHERE CART_ID = 'dea79fb0' AND CARD_PAN IS NOT NULL",
  host: 'db-orders-07.internal.sim.example:1521',
  stack:
    'java.sql.SQLSyntaxErrorException: ORA-00942\n\tat oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:494)\n' +
    '\tat com.vendor.cart.CartRepository.load(CartRepository.java:118)',
} as const;

/** One injected upstream fault, as posted to `POST /__sim/faults` in the `fault` member. */
export type FaultSpec =
  | { type: 'latency'; ms: number }
  | { type: 'hang' }
  | { type: 'refuse' }
  | { type: 'reset-before' }
  | { type: 'reset-after' }
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { type: 'rate-limit'; retryAfter: number | 'http-date'; seconds: number }
  | { type: 'malformed' }
  | { type: 'wrong-content-type' }
  | { type: 'truncated' }
  | { type: 'wrong-shape'; body?: unknown }
  | { type: 'huge'; bytes: number; contentLength: boolean }
  | { type: 'drip'; intervalMs: number; chunks: number }
  | { type: 'redirect'; location: string; status: number }
  /**
   * The vendor commits the request (the handler runs and its state changes), then the answer goes wrong: `malformed`
   * JSON, an `html` error page, a `wrong-shape` body, a `huge` body, a `reset` connection, no answer at all (`hang`,
   * which the client sees as a timeout), an answer naming `another-id` than the one committed, or the right answer
   * followed by a 404 on the next request to `readRoute` (`not-found-on-read`).
   */
  | { type: 'commit-then'; answer: CommitThenAnswer; readRoute?: string };

/** How a `commit-then` fault spoils the answer to a committed request. */
export const COMMIT_THEN_ANSWERS = ['malformed', 'html', 'wrong-shape', 'huge', 'reset', 'hang', 'another-id', 'not-found-on-read'] as const;
export type CommitThenAnswer = (typeof COMMIT_THEN_ANSWERS)[number];

export type FaultType = FaultSpec['type'];

/** A registered fault: `route` is `"METHOD template"` exactly as the stats show it, or `"*"` for every vendor route. */
export interface FaultRule {
  id: string;
  route: string;
  fault: FaultSpec;
  /** Matching requests still to be faulted; `null` means until the faults are cleared. */
  remaining: number | null;
  /** Matching requests to let through untouched before the fault applies (a write that follows a read on one route). */
  skip: number;
  hits: number;
}

/** Thrown by {@link parseFaultSpec} and {@link FaultRegistry.add} for an invalid control request. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intField(o: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new FaultSpecError(`fault.${key} must be an integer between ${min} and ${max}`);
  }
  return v;
}

function stringHeaders(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isRecord(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new FaultSpecError('fault.headers must be an object of strings');
  }
  return v as Record<string, string>;
}

/**
 * Validates a fault description from a control request and fills in defaults.
 * Throws {@link FaultSpecError} naming the offending member; it never accepts an unknown fault type.
 */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (!isRecord(input) || typeof input.type !== 'string') {
    throw new FaultSpecError('fault must be an object with a string "type"');
  }
  switch (input.type) {
    case 'latency':
      return { type: 'latency', ms: intField(input, 'ms', 1000, 0, 600_000) };
    case 'hang':
    case 'refuse':
    case 'reset-before':
    case 'reset-after':
    case 'malformed':
    case 'wrong-content-type':
    case 'truncated':
      return { type: input.type };
    case 'status':
      if (input.status === undefined) throw new FaultSpecError('fault.status is required');
      return {
        type: 'status',
        status: intField(input, 'status', 500, 200, 599),
        body: input.leak === true ? LEAKY_ERROR_BODY : input.body,
        headers: stringHeaders(input.headers),
      };
    case 'rate-limit': {
      const ra = input.retryAfter ?? 1;
      if (ra === 'http-date') {
        return { type: 'rate-limit', retryAfter: 'http-date', seconds: intField(input, 'seconds', 2, 0, 86_400) };
      }
      if (typeof ra !== 'number' || !Number.isInteger(ra) || ra < 0 || ra > 86_400) {
        throw new FaultSpecError('fault.retryAfter must be an integer number of seconds or "http-date"');
      }
      return { type: 'rate-limit', retryAfter: ra, seconds: ra };
    }
    case 'wrong-shape':
      return { type: 'wrong-shape', body: input.body };
    case 'commit-then': {
      const answer = input.answer as CommitThenAnswer;
      if (!COMMIT_THEN_ANSWERS.includes(answer)) throw new FaultSpecError(`fault.answer must be one of ${COMMIT_THEN_ANSWERS.join(', ')}`);
      if (answer === 'not-found-on-read' && (typeof input.readRoute !== 'string' || !/^[A-Z]+ \/\S*$/.test(input.readRoute))) {
        throw new FaultSpecError('fault.readRoute ("METHOD template") is required for not-found-on-read');
      }
      return { type: 'commit-then', answer, ...(typeof input.readRoute === 'string' ? { readRoute: input.readRoute } : {}) };
    }
    case 'huge': {
      if (input.contentLength !== undefined && typeof input.contentLength !== 'boolean') {
        throw new FaultSpecError('fault.contentLength must be a boolean');
      }
      return {
        type: 'huge',
        bytes: intField(input, 'bytes', DEFAULT_HUGE_BYTES, 64, MAX_HUGE_BYTES),
        contentLength: input.contentLength === true,
      };
    }
    case 'drip':
      return {
        type: 'drip',
        intervalMs: intField(input, 'intervalMs', 500, 1, 60_000),
        chunks: intField(input, 'chunks', 10, 1, 10_000),
      };
    case 'redirect': {
      const location = input.location ?? DEFAULT_REDIRECT_LOCATION;
      if (typeof location !== 'string' || location.length === 0 || /[\r\n]/.test(location)) {
        throw new FaultSpecError('fault.location must be a single-line string');
      }
      const status = intField(input, 'status', 302, 301, 308);
      if (![301, 302, 303, 307, 308].includes(status)) {
        throw new FaultSpecError('fault.status must be one of 301, 302, 303, 307, 308');
      }
      return { type: 'redirect', location, status };
    }
    default:
      throw new FaultSpecError(`unknown fault type "${input.type}"`);
  }
}

/**
 * The faults armed on one simulator. The first rule (in the order added) that matches a request's route wins, so
 * one request gets at most one fault.
 */
export class FaultRegistry {
  private rules: FaultRule[] = [];

  /**
   * Arms a fault. `times` limits it to the next n matching requests; omitted, it stays until cleared.
   * `knownRoutes` lets the caller reject a route key that no request could ever match (usually a typo in a test).
   */
  add(route: string, fault: FaultSpec, times?: number, knownRoutes?: ReadonlySet<string>, skip = 0): FaultRule {
    if (route !== '*' && knownRoutes && !knownRoutes.has(route)) {
      throw new FaultSpecError(`route "${route}" is not a route of this simulator`);
    }
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
      throw new FaultSpecError('times must be an integer >= 1');
    }
    if (!Number.isInteger(skip) || skip < 0) throw new FaultSpecError('skip must be an integer >= 0');
    const rule: FaultRule = { id: randomBytes(6).toString('hex'), route, fault, remaining: times ?? null, skip, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  /** Consumes one use of the first rule matching `routeKey`, if any, and returns its fault. */
  take(routeKey: string): FaultSpec | undefined {
    const index = this.rules.findIndex((r) => r.route === routeKey || r.route === '*');
    if (index < 0) return undefined;
    const rule = this.rules[index];
    if (rule.skip > 0) {
      rule.skip -= 1;
      return undefined;
    }
    rule.hits += 1;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules.splice(index, 1);
    }
    return rule.fault;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }
}
