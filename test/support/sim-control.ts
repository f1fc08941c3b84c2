/** Drives a simulator's `/__sim/` control surface over HTTP, as tests and benchmarks do. */
export class SimControl {
  readonly origin: string;

  constructor(readonly baseUrl: string) {
    this.origin = new URL(baseUrl).origin;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Request counts by "METHOD template", sockets opened and orders created. */
  stats(): Promise<{ requests: Record<string, number>; requestsTotal: number; socketsOpened: number; ordersCreated: number }> {
    return this.call('GET', '/__sim/stats') as never;
  }

  /** Requests to one route so far. */
  async count(route: string): Promise<number> {
    return (await this.stats()).requests[route] ?? 0;
  }

  resetStats(): Promise<unknown> {
    return this.call('POST', '/__sim/stats/reset');
  }

  /** Injects a fault on a route, `times` times (until cleared when omitted), after letting `skip` requests through. */
  fault(route: string, fault: Record<string, unknown>, times?: number, skip?: number): Promise<unknown> {
    return this.call('POST', '/__sim/faults', { route, fault, ...(times === undefined ? {} : { times }), ...(skip === undefined ? {} : { skip }) });
  }

  /** The faults still armed, each with its route and how many matching requests it still applies to. */
  faults(): Promise<{ faults: { id: string; route: string; remaining: number | null; skip: number }[] }> {
    return this.call('GET', '/__sim/faults') as never;
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/__sim/faults');
  }

  advanceClock(seconds: number): Promise<unknown> {
    return this.call('POST', '/__sim/clock', { advanceSeconds: seconds });
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.call('POST', path, body);
  }
}
