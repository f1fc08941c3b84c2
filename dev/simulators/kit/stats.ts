/** The shape of `GET /__sim/stats`. */
export interface SimStatsSnapshot {
  /** Requests per vendor route, keyed `"METHOD template"`; faulted requests count too. */
  requests: Record<string, number>;
  /** Every request outside `/__sim/`, including those that matched no route. */
  requestsTotal: number;
  /** Requests that matched no vendor route (404 / 405). */
  unmatched: number;
  /** TCP connections accepted; with keep-alive clients this stays near the pool size. */
  socketsOpened: number;
  /** Orders the vendor module reports as created (a submit that committed, even if its response was lost). */
  ordersCreated: number;
}

/** Counters a simulator keeps for tests and benchmarks. Vendor modules bump `ordersCreated` directly. */
export class SimStats {
  ordersCreated = 0;
  socketsOpened = 0;
  requestsTotal = 0;
  unmatched = 0;
  private readonly byRoute = new Map<string, number>();

  countRoute(routeKey: string): void {
    this.requestsTotal += 1;
    this.byRoute.set(routeKey, (this.byRoute.get(routeKey) ?? 0) + 1);
  }

  countUnmatched(): void {
    this.requestsTotal += 1;
    this.unmatched += 1;
  }

  /** Requests seen on one route so far. */
  count(routeKey: string): number {
    return this.byRoute.get(routeKey) ?? 0;
  }

  reset(): void {
    this.ordersCreated = 0;
    this.socketsOpened = 0;
    this.requestsTotal = 0;
    this.unmatched = 0;
    this.byRoute.clear();
  }

  snapshot(): SimStatsSnapshot {
    return {
      requests: Object.fromEntries(this.byRoute),
      requestsTotal: this.requestsTotal,
      unmatched: this.unmatched,
      socketsOpened: this.socketsOpened,
      ordersCreated: this.ordersCreated,
    };
  }
}
