import { performance } from 'node:perf_hooks';
import { Bench, attItems, createCart, fmt, oracleItems, P4_ORDER_CUSTOMER, Seed } from './figures';
import { BENCH_CALLER, GqlClient, operation } from './graphql';
import { closedLoop, percentile } from './traffic';

/**
 * The growth table: the cost of one operation as the work it names grows (items in a cart, orders in a page,
 * representations in `_entities`), and the embedded store's heap as carts accumulate. Each size beside its ratio to
 * the smallest; a step whose cost grows more than 1.5 times faster than its size is flagged.
 */

/** One measured size of a series. */
export interface GrowthPoint {
  size: number;
  /** Median latency of one operation sent alone, ms (memory series: undefined). */
  p50Ms?: number;
  /** Subgraph CPU per operation, µs; for the memory series, heap bytes grown. */
  cost: number;
}

export interface GrowthSeries {
  name: string;
  /** What `cost` is, for the table's header of the series. */
  costUnit: 'cpu' | 'heap';
  points: GrowthPoint[];
}

/** A step is flagged when cost grew more than this many times faster than size between consecutive sizes. */
export const SUPERLINEAR_STEP = 1.5;

/** For each step between consecutive sizes: cost growth ÷ size growth, and whether it exceeds SUPERLINEAR_STEP. Pure. */
export function growthSteps(points: GrowthPoint[], pick: (p: GrowthPoint) => number | undefined = (p) => p.cost): { factor: number; flagged: boolean }[] {
  return points.slice(1).map((p, i) => {
    const prev = points[i];
    const [a, b] = [pick(prev), pick(p)];
    if (a === undefined || b === undefined || a <= 0) return { factor: NaN, flagged: false };
    const factor = b / a / (p.size / prev.size);
    return { factor, flagged: factor > SUPERLINEAR_STEP };
  });
}

/** The table as printed, with the flagged steps listed below it. */
export function formatGrowth(series: GrowthSeries[]): string {
  const lines: string[] = [];
  const head = ['series', 'size', 'p50', 'cost', 'p50 ×', 'cost ×', 'size ×', 'step (cost growth ÷ size growth)'];
  const rows: string[][] = [];
  const flagged: string[] = [];
  for (const s of series) {
    const base = s.points[0];
    const steps = growthSteps(s.points);
    const p50Steps = growthSteps(s.points, (p) => p.p50Ms);
    s.points.forEach((p, i) => {
      const step = i === 0 ? undefined : steps[i - 1];
      const p50Step = i === 0 ? undefined : p50Steps[i - 1];
      const flag = [step?.flagged ? 'cost' : '', p50Step?.flagged ? 'p50' : ''].filter(Boolean);
      if (flag.length) flagged.push(`${s.name}: ${s.points[i - 1].size} → ${p.size} (${flag.join(', ')} grew worse than linearly)`);
      rows.push([
        i === 0 ? s.name : '',
        fmt(p.size),
        p.p50Ms === undefined ? '-' : `${fmt(p.p50Ms, 2)} ms`,
        s.costUnit === 'cpu' ? `${fmt(p.cost)} µs CPU` : `${fmt(p.cost / 1048576, 2)} MB heap`,
        p.p50Ms === undefined || base.p50Ms === undefined ? '-' : `${fmt(p.p50Ms / base.p50Ms, 2)}`,
        fmt(p.cost / base.cost, 2),
        fmt(p.size / base.size, 0),
        step
          ? `${fmt(step.factor, 2)} cost${p50Step && !Number.isNaN(p50Step.factor) ? `, ${fmt(p50Step.factor, 2)} p50` : ''}${flag.length ? '  WORSE THAN LINEAR' : ''}`
          : '',
      ]);
    });
  }
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === 1 || (c >= 2 && c <= 6) ? v.padStart(width[c]) : v.padEnd(width[c]))).join('  ');
  lines.push(line(head), ...rows.map(line));
  lines.push(
    flagged.length
      ? `steps growing worse than linearly (cost growth > ${SUPERLINEAR_STEP} × size growth): ${flagged.join('; ')}`
      : `no step grows worse than linearly (cost growth ≤ ${SUPERLINEAR_STEP} × size growth between consecutive sizes)`,
  );
  return lines.join('\n');
}

/** Median latency of `count` operations sent one at a time after `warm` more, and the subgraph's CPU per operation. */
async function measure(b: Bench, count: number, warm: number, send: (i: number) => Promise<void>): Promise<{ p50Ms: number; cpuUs: number }> {
  for (let i = 0; i < warm; i++) await send(i);
  const latencies: number[] = [];
  const cpu0 = await b.subgraph.cpu();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await send(warm + i);
    latencies.push(performance.now() - t0);
  }
  const cpu1 = await b.subgraph.cpu();
  latencies.sort((x, y) => x - y);
  return { p50Ms: percentile(latencies, 50), cpuUs: (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / count };
}

/** Operations per size: enough for a median at the small end, fewer where one operation is large. */
const samplesFor = (size: number) => (size >= 100 ? 15 : size >= 50 ? 30 : 60);

async function series(b: Bench, name: string, sizes: number[], run: (size: number) => Promise<{ p50Ms: number; cpuUs: number }>): Promise<GrowthSeries> {
  const points: GrowthPoint[] = [];
  for (const size of sizes) {
    const m = await run(size);
    points.push({ size, p50Ms: m.p50Ms, cost: m.cpuUs });
  }
  b.log(`growth ${name}: ${points.map((p) => `${p.size} → p50 ${fmt(p.p50Ms!, 2)} ms, ${fmt(p.cost)} µs CPU`).join('; ')}`);
  return { name, costUnit: 'cpu', points };
}

/**
 * Every series of the growth table. `orders` are at least 200 AT&T orders of P4_ORDER_CUSTOMER; `s.oracleCarts`
 * at least 200 Oracle carts of the bench caller. `storeCarts` is the largest count of the memory series.
 */
export async function growth(b: Bench, s: Seed, orders: string[], storeCarts: number): Promise<GrowthSeries[]> {
  if (s.oracleCarts.length < 200 || orders.length < 200) throw new Error('growth needs 200 Oracle carts and 200 AT&T orders');
  const client = new GqlClient(b.graphqlUrl, 16);
  const out: GrowthSeries[] = [];
  try {
    const cartPage = operation('BenchCartPage');
    const entities = operation('BenchEntities');
    const itemSizes = [1, 10, 50];
    for (const vendor of ['ORACLE', 'ATT'] as const) {
      const label = vendor === 'ORACLE' ? 'Oracle' : 'AT&T';
      const items = vendor === 'ORACLE' ? oracleItems : attItems;
      out.push(
        await series(b, `${label} cartCreate with N items (one mutation)`, itemSizes, (n) =>
          measure(b, 20, 3, async () => {
            await createCart({ gql: client }, vendor, BENCH_CALLER, items(n));
          }),
        ),
      );
      const carts = new Map<number, string>();
      for (const n of itemSizes) carts.set(n, await createCart({ gql: client }, vendor, BENCH_CALLER, items(n)));
      out.push(
        await series(b, `${label} cart(id) of N items (cart page query${vendor === 'ATT' ? ', from the subgraph store' : ''})`, itemSizes, (n) =>
          measure(b, samplesFor(n) * 2, 10, async () => {
            const data = await client.must<{ cart: { items: unknown[] } | null }>(cartPage, { id: carts.get(n) });
            if (data.cart?.items.length !== n) throw new Error(`${label} cart of ${n} items answered ${data.cart?.items.length ?? 'null'}`);
          }),
        ),
      );
    }
    const ordersClient = client.as(P4_ORDER_CUSTOMER);
    out.push(
      await series(b, 'AT&T productOrders(first: N)', [1, 10, 50], (n) =>
        measure(b, samplesFor(n), 5, async () => {
          const data = await ordersClient.must<{ productOrders: { edges: unknown[] } }>(operation('BenchOrderIds'), {
            customerId: P4_ORDER_CUSTOMER,
            first: n,
          });
          if (data.productOrders.edges.length !== n) throw new Error(`productOrders(first: ${n}) listed ${data.productOrders.edges.length}`);
        }),
      ),
    );
    const entitySizes = [1, 10, 100, 200];
    for (const [typename, what, ids, caller] of [
      ['Cart', 'Oracle Cart', s.oracleCarts, client],
      ['ProductOrder', 'AT&T ProductOrder', orders, ordersClient],
    ] as const) {
      out.push(
        await series(b, `_entities of N ${what}`, entitySizes, (n) =>
          measure(b, samplesFor(n), 3, async (i) => {
            // A different window of ids each time, so that no answer is a repeat of the last.
            const reps = Array.from({ length: n }, (_, j) => ({ __typename: typename, id: ids[(i * n + j) % ids.length] }));
            const data = await caller.must<{ _entities: unknown[] }>(entities, { representations: reps });
            if (data._entities.some((e) => e === null)) throw new Error(`_entities of ${n} ${what}: a null`);
          }),
        ),
      );
    }
    out.push(await storeMemory(b, client, storeCarts));
  } finally {
    await client.close();
  }
  return out;
}

/**
 * Heap of the subgraph (after a full GC) as AT&T carts accumulate in the embedded store: AT&T carts are records of
 * the subgraph (plus a customer index entry), so the heap grown is the store's. Sizes: a tenth of `total`, then `total`.
 */
async function storeMemory(b: Bench, client: GqlClient, total: number): Promise<GrowthSeries> {
  // A customer no other figure lists, so that its index grows alone.
  const customer = 'cust-1002';
  const heap = async () => {
    await new Promise((r) => setTimeout(r, 200));
    if (!(await b.subgraph.gc())) throw new Error('the subgraph runs without --expose-gc');
    return (await b.subgraph.memory()).heapUsed;
  };
  const idle = await heap();
  const points: GrowthPoint[] = [];
  let made = 0;
  const t0 = performance.now();
  for (const size of [total / 10, total]) {
    await closedLoop(size - made, 16, async () => {
      await createCart({ gql: client }, 'ATT', customer, attItems(2));
    });
    made = size;
    points.push({ size, cost: (await heap()) - idle });
  }
  const per10k = (points[points.length - 1].cost / total) * 10000;
  b.log(
    `growth embedded store: ${fmt(total)} two-item AT&T carts in ${fmt((performance.now() - t0) / 1000, 1)} s; heap +${points.map((p) => `${fmt(p.cost / 1048576, 2)} MB at ${fmt(p.size)}`).join(', ')}; ${fmt(per10k / 1048576, 2)} MB per 10,000 carts (${fmt(per10k / 10000)} bytes per cart)`,
  );
  return { name: 'embedded store heap per N two-item AT&T carts', costUnit: 'heap', points };
}
