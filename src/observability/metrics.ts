import { CircuitState } from 'cockatiel';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { VendorCallEvent } from '../http/vendor-http';

/** Prometheus metrics of one app, on a registry of its own (several apps may share a process in tests). */
export interface Metrics {
  /** The app's metrics and the process metrics, in the Prometheus text format. */
  scrape(): Promise<string>;
  contentType: string;
  onVendorCall(event: VendorCallEvent): void;
  /** Records the unknown vendor-write outcomes the sweep last counted: still confirming, and left for an operator. */
  onUnknownOutcomes(counts: { confirming: number; operator: number }): void;
}

/** Gauge values of `orders_vendor_circuit_state`: the higher, the less traffic gets through. */
export const CIRCUIT_GAUGE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 3,
};

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
  const calls = new Counter({
    name: 'orders_vendor_calls_total',
    help: 'Vendor calls by vendor, route template and outcome (ok, unavailable, timeout, rate_limited, bad_response, error).',
    labelNames: ['vendor', 'route', 'outcome'] as const,
    registers: [registry],
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
  return {
    onUnknownOutcomes(counts) {
      unknownOutcomes.set({ state: 'confirming' }, counts.confirming);
      unknownOutcomes.set({ state: 'operator' }, counts.operator);
    },
    scrape: () => Registry.merge([processRegistry(), registry]).metrics(),
    contentType: registry.contentType,
    onVendorCall(event) {
      calls.inc({ vendor: event.vendor, route: event.route, outcome: event.outcome });
      if (event.attempts > 1) retries.inc({ vendor: event.vendor, route: event.route }, event.attempts - 1);
      duration.observe({ vendor: event.vendor, route: event.route, outcome: event.outcome }, event.ms / 1000);
      circuit.set({ vendor: event.vendor, origin: event.origin }, CIRCUIT_GAUGE[event.circuit]);
    },
  };
}
