import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Pool } from 'undici';

/** One request of a load run, as autocannon and undici both take it. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** 2xx answers per second. */
  rps: number;
  ok: number;
  /** Requests written, including those still unanswered when the run stopped. */
  sent: number;
  failed: number;
  seconds: number;
}

/** Nearest-rank percentile of an ascending array, in its unit. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Closed-loop saturation with autocannon: `connections` keep one request each in flight for `seconds`. */
export async function saturate(origin: string, requests: LoadRequest[], connections: number, seconds: number): Promise<LoadResult> {
  let next = 0;
  const instance = autocannon({
    url: origin,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 20,
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[next++ % requests.length];
          return { ...req, method: r.method, path: r.path, headers: { ...req.headers, ...r.headers }, body: r.body };
        },
      },
    ],
  });
  const result = await instance;
  return {
    rps: result['2xx'] / result.duration,
    ok: result['2xx'],
    sent: result.requests.sent,
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
  };
}

/**
 * Open-loop load at a fixed rate over a pool of `connections`, with each request's latency (ms, to the last byte)
 * taken with the high-resolution clock. Unlike autocannon's rate limit, which sends a second's quota in a burst,
 * requests are spread evenly, so that latency is service time and not the queue of a burst.
 */
export async function paced(
  origin: string,
  requests: LoadRequest[],
  connections: number,
  rate: number,
  seconds: number,
): Promise<{ latencies: Float64Array; failed: number; sent: number }> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60000 });
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total);
  let done = 0;
  let failed = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const fire = (i: number) => {
    const r = requests[i % requests.length];
    const t0 = performance.now();
    const p: Promise<void> = pool
      .request({ method: r.method, path: r.path, headers: r.headers, body: r.body })
      .then(async (res) => {
        await res.body.text();
        if (res.statusCode >= 200 && res.statusCode < 300) latencies[done++] = performance.now() - t0;
        else failed++;
      })
      .catch(() => {
        failed++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const start = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    while (sent < due) fire(sent++);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  await pool.close();
  return { latencies: latencies.slice(0, done).sort(), failed, sent };
}

/** Runs `total` calls of `fn` with at most `concurrency` at once. */
export async function closedLoop(total: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await fn(next++);
    }),
  );
}
