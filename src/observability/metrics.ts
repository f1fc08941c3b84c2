import { ApolloServerPlugin } from '@apollo/server';
import { CircuitState } from 'cockatiel';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { VendorCallEvent } from '../http/vendor-http';
import { ErrorCode } from '../common/errors';
import { RequestContext } from '../context';
import { PUBLIC_CODES } from '../server/format-error';
import { containsCardNumber } from '../common/validation/card-number';

/** Prometheus metrics of one app, on a registry of its own (several apps may share a process in tests). */
export interface Metrics {
  /** The app's metrics and the process metrics, in the Prometheus text format. */
  scrape(): Promise<string>;
  contentType: string;
  onVendorCall(event: VendorCallEvent): void;
  /** Records the unknown vendor-write outcomes the sweep last counted: still confirming, and left for an operator. */
  onUnknownOutcomes(counts: { confirming: number; operator: number }): void;
  /** Counts one part of a vendor answer that tolerant reading dropped or kept raw, by vendor and part path. */
  onAnswerPartDropped(vendor: string, part: string): void;
  /** Counts GraphQL operations by name, type and outcome, their error codes, and their duration. */
  graphqlPlugin: ApolloServerPlugin<RequestContext>;
  /** Counts one operation answered by the direct path rather than Apollo Server's request pipeline. */
  onDirectOperation(): void;
}

/** Distinct operation names kept as label values; later new names are folded into `__other`. */
export const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Keeps the `operation` label bounded: the first MAX_OPERATION_NAMES well-formed names a process sees are kept,
 * anything else (a malformed name, a name past the cap) is `__other`, an operation without a name `__anonymous`.
 */
export function operationLabeler(max = MAX_OPERATION_NAMES): (name: string | null | undefined) => string {
  const known = new Set<string>();
  return (name) => {
    if (!name) return '__anonymous';
    if (known.has(name)) return name;
    if (!OPERATION_NAME.test(name) || known.size >= max || containsCardNumber(name)) return '__other';
    known.add(name);
    return name;
  };
}

/** The `code` label: a public code or INTERNAL_SERVER_ERROR, anything else folded into OTHER. */
function codeLabel(code: unknown): string {
  if (typeof code !== 'string') return 'OTHER';
  return PUBLIC_CODES.has(code) || code === String(ErrorCode.INTERNAL_SERVER_ERROR) ? code : 'OTHER';
}

/** True when a root field's payload carries userErrors: the mutation was refused as data. */
function hasUserErrors(data: unknown): boolean {
  if (!data || typeof data !== 'object') return false;
  return Object.values(data as Record<string, unknown>).some(
    (payload) =>
      !!payload &&
      typeof payload === 'object' &&
      Array.isArray((payload as { userErrors?: unknown }).userErrors) &&
      (payload as { userErrors: unknown[] }).userErrors.length > 0,
  );
}

/** Gauge values of `orders_vendor_circuit_state`: the higher, the less traffic gets through. */
export const CIRCUIT_GAUGE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 3,
};

/**
 * Label-bound children of a metric, made once per label set (`metric.labels(...)`) and kept: an observation then
 * skips building the label object. Only for labels whose values come from small closed sets (vendors, route
 * templates, outcomes, folded operation names), which also bounds this cache.
 */
function children<T>(bind: (a: string, b: string, c: string) => T): (a: string, b: string, c: string) => T {
  const byA = new Map<string, Map<string, Map<string, T>>>();
  return (a, b, c) => {
    let byB = byA.get(a);
    if (!byB) byA.set(a, (byB = new Map<string, Map<string, T>>()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map<string, T>()));
    let child = byC.get(c);
    if (child === undefined) byC.set(c, (child = bind(a, b, c)));
    return child;
  };
}

/**
 * Counts kept as plain numbers per label set on the request path and added to their counter when the registry is read
 * (the counter's `collect`, which runs at every scrape): a scrape shows the same values as if each event had been
 * counted at once, and prom-client builds and looks up a label set's key once per scrape rather than once per event.
 */
class PendingCounts {
  private readonly cells: { child: { inc(value?: number): void }; pending: number }[] = [];

  /** A cell for one label-bound child of the counter. */
  cell(child: { inc(value?: number): void }): { pending: number } {
    const cell = { child, pending: 0 };
    this.cells.push(cell);
    return cell;
  }

  /** Adds the pending counts to the counter, in the order the label sets were first seen. */
  flush(): void {
    for (const cell of this.cells) {
      if (cell.pending > 0) {
        cell.child.inc(cell.pending);
        cell.pending = 0;
      }
    }
  }
}

let processMetrics: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC), collected once per process however many apps run, and
 * only once something scrapes: the GC observer they install can never be removed.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

/**
 * Vendor call counts, retries and latency by vendor, route template and outcome; the breaker state of each vendor
 * origin (updated on every call, so it shows the state as of the latest call); and the default Node.js process
 * metrics. Labels hold route templates only, which keeps their cardinality bounded.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const pendingCalls = new PendingCounts();
  const pendingOperations = new PendingCounts();
  const calls = new Counter({
    name: 'orders_vendor_calls_total',
    help: 'Vendor calls by vendor, route template and outcome (ok, unavailable, timeout, rate_limited, bad_response, error).',
    labelNames: ['vendor', 'route', 'outcome'] as const,
    registers: [registry],
    collect: () => pendingCalls.flush(),
  });
  const retries = new Counter({
    name: 'orders_vendor_call_retries_total',
    help: 'Attempts beyond the first, by vendor and route template.',
    labelNames: ['vendor', 'route'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'orders_vendor_call_duration_seconds',
    help: 'Duration of a whole vendor call (retries and waits included), by vendor, route template and outcome.',
    labelNames: ['vendor', 'route', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [registry],
  });
  const circuit = new Gauge({
    name: 'orders_vendor_circuit_state',
    help: 'Circuit breaker of a vendor origin: 0 closed, 1 half-open, 2 open, 3 isolated.',
    labelNames: ['vendor', 'origin'] as const,
    registers: [registry],
  });
  const unknownOutcomes = new Gauge({
    name: 'orders_unknown_outcomes',
    help: 'Vendor writes whose outcome is unknown, as the last sweep counted them: state="confirming" (still being reconciled) or state="operator" (older than UNKNOWN_MAX_AGE_S, for an operator to check at the vendor).',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const operations = new Counter({
    name: 'orders_graphql_operations_total',
    help: 'GraphQL operations by operation name (unknown names folded into __other), type and outcome (ok, user_error, error).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
    collect: () => pendingOperations.flush(),
  });
  const errors = new Counter({
    name: 'orders_graphql_errors_total',
    help: 'GraphQL errors answered, by operation name and extensions.code (codes outside the public list folded into OTHER).',
    labelNames: ['operation', 'code'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'orders_graphql_operation_duration_seconds',
    help: 'Duration of a GraphQL operation, from the request to the answer, by operation name, type and outcome.',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const droppedParts = new Counter({
    name: 'orders_vendor_answer_parts_dropped_total',
    help: 'Parts of vendor answers dropped or kept raw by tolerant reading (an unknown enum value, a malformed optional sub-object), by vendor and part path (list positions folded into []).',
    labelNames: ['vendor', 'part'] as const,
    registers: [registry],
  });
  const directOperations = new Counter({
    name: 'orders_graphql_direct_operations_total',
    help: "GraphQL operations answered by the direct path (repeats of compiled queries, run without Apollo Server's request pipeline; also counted in orders_graphql_operations_total).",
    registers: [registry],
  });
  const label = operationLabeler();
  const operationCount = children((operation, type, outcome) => pendingOperations.cell(operations.labels(operation, type, outcome)));
  const operationTime = children((operation, type, outcome) => operationDuration.labels(operation, type, outcome));
  const callCount = children((vendor, route, outcome) => pendingCalls.cell(calls.labels(vendor, route, outcome)));
  const callTime = children((vendor, route, outcome) => duration.labels(vendor, route, outcome));
  /** The breaker state last set per vendor and origin: setting the gauge to the value it holds changes nothing. */
  const circuitShown = new Map<string, Map<string, number>>();
  const graphqlPlugin: ApolloServerPlugin<RequestContext> = {
    requestDidStart() {
      const started = performance.now();
      let type = 'unknown';
      let operation = '__anonymous';
      return Promise.resolve({
        didResolveOperation({ operation: node, operationName }) {
          type = node?.operation ?? 'unknown';
          operation = label(operationName);
          return Promise.resolve();
        },
        willSendResponse({ response, operationName }) {
          if (type === 'unknown') operation = label(operationName);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const errorList = body?.errors ?? [];
          const outcome = errorList.length > 0 ? 'error' : hasUserErrors(body?.data) ? 'user_error' : 'ok';
          operationCount(operation, type, outcome).pending++;
          operationTime(operation, type, outcome).observe((performance.now() - started) / 1000);
          for (const error of errorList) errors.inc({ operation, code: codeLabel(error.extensions?.code) });
          return Promise.resolve();
        },
      });
    },
  };
  return {
    onUnknownOutcomes(counts) {
      unknownOutcomes.set({ state: 'confirming' }, counts.confirming);
      unknownOutcomes.set({ state: 'operator' }, counts.operator);
    },
    graphqlPlugin,
    scrape: () => Registry.merge([processRegistry(), registry]).metrics(),
    contentType: registry.contentType,
    onAnswerPartDropped(vendor, part) {
      droppedParts.inc({ vendor, part });
    },
    onDirectOperation() {
      directOperations.inc();
    },
    onVendorCall(event) {
      callCount(event.vendor, event.route, event.outcome).pending++;
      if (event.attempts > 1) retries.inc({ vendor: event.vendor, route: event.route }, event.attempts - 1);
      callTime(event.vendor, event.route, event.outcome).observe(event.ms / 1000);
      const state = CIRCUIT_GAUGE[event.circuit];
      let byOrigin = circuitShown.get(event.vendor);
      if (!byOrigin) circuitShown.set(event.vendor, (byOrigin = new Map<string, number>()));
      if (byOrigin.get(event.origin) !== state) {
        circuit.set({ vendor: event.vendor, origin: event.origin }, state);
        byOrigin.set(event.origin, state);
      }
    },
  };
}
