import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { LookupCount, MAX_SOCKETS_PER_1000, naiveCalls, vendorCallLimit } from './counted';
import { BENCH_CALLER, BENCH_HEADERS, cartAliasQuery, GqlClient, operation } from './graphql';
import { closedLoop, LoadRequest, median, paced, percentile, saturate } from './traffic';
import { BenchChild, neutralEnv, SimStats } from './procs';
import { NODE_FLAGS } from '../src/node-flags';

/** The routes of the simulators as their stats name them. */
/** The documented Oracle read of one cart (an INCOMPLETE order): what P2, P3, P5 and P6 measure. */
export const ORACLE_READ = 'GET /ccagent/v1/orders/:id';
/** The documented AT&T read of orders, 25 ids to a query: what P4's orders batch through. */
export const ORDERS_QUERY = 'POST /omni-svcs/v1/orders/query';
/** AttAdapter.maxBatchSize: order ids per orders query. */
export const ATT_ORDERS_BATCH = 25;
/** The operation P2, P3, P5 and P6 name. */
export const P2_OPERATION = 'Oracle cart(id) (GET /ccagent/v1/orders/{id})';

/** One printed figure with its target beside it. `counted` rows decide the exit code; timed ones never do. */
export interface Row {
  id: string;
  figure: string;
  measured: string;
  target: string;
  verdict: 'ok' | 'MISS' | 'info';
  counted?: boolean;
}

export interface Bench {
  sim: BenchChild;
  subgraph: BenchChild;
  proxy?: BenchChild;
  /** The AT&T simulator's base URL (`…/omni-svcs/v1`). */
  simBaseUrl: string;
  /** The Oracle simulator's origin. */
  oracleBaseUrl: string;
  graphqlUrl: string;
  gql: GqlClient;
  rows: Row[];
  log(line: string): void;
}

/** Carts and orders created through the subgraph before anything is counted. */
export interface Seed {
  /** Opaque ids of distinct two-item Oracle carts of the bench caller: each read is one Oracle GET. */
  oracleCarts: string[];
  /** Oracle's order ids of the same carts, for the bare proxy. */
  oracleCartVendorIds: string[];
  /** Opaque ids of two-item AT&T carts of the bench caller: records of the subgraph's store, no vendor read. */
  attCarts: string[];
  /** Opaque ids of 30 submitted AT&T orders of the bench caller, and the opaque ids of their carts. */
  orders: string[];
  orderCarts: string[];
  orderCustomer: string;
}

const CART_QUERY = operation('BenchCart');
const ORDER_QUERY = operation('BenchOrder');
const ENTITIES = operation('BenchEntities');

/** The opaque id's vendor id. Documented in the README: base64url of `v1:<VENDOR>:<Kind>:<vendor id>`. */
export function vendorIdOf(opaqueId: string): string {
  return Buffer.from(opaqueId, 'base64url').toString('utf8').split(':').slice(3).join(':');
}

/** Both simulators' counters at one moment. */
export interface SimSnapshot {
  att: SimStats;
  oracle: SimStats;
}

export async function simSnapshot(b: Pick<Bench, 'sim'>): Promise<SimSnapshot> {
  const [att, oracle] = await Promise.all([b.sim.stats('att'), b.sim.stats('oracle')]);
  return { att, oracle };
}

export interface SimDelta {
  calls: number;
  sockets: number;
  /** Requests per route, keyed `<vendor> <METHOD template>`. */
  byRoute: Record<string, number>;
}

export function simDelta(before: SimSnapshot, after: SimSnapshot): SimDelta {
  const byRoute: Record<string, number> = {};
  let calls = 0;
  let sockets = 0;
  for (const [vendor, label] of [
    ['att', 'AT&T'],
    ['oracle', 'Oracle'],
  ] as const) {
    for (const [route, n] of Object.entries(after[vendor].requests)) {
      const d = n - (before[vendor].requests[route] ?? 0);
      if (d > 0) byRoute[`${label} ${route.replace('/omni-svcs/v1', '')}`] = d;
    }
    calls += after[vendor].requestsTotal - before[vendor].requestsTotal;
    sockets += after[vendor].socketsOpened - before[vendor].socketsOpened;
  }
  return { calls, sockets, byRoute };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 1048576, 1)} MB`;

/** A two-item AT&T cart: a record of the subgraph's own store (AT&T documents no cart read). */
export const ATT_CART_ITEMS = [
  { offeringId: 'mobile-unlimited', productType: 'Mobile_Plan', quantity: 1 },
  { offeringId: 'esim', productType: 'SIM', quantity: 1 },
];

/** Standard products of the Oracle simulator's catalogue (no add-ons, no shopper input), cycled to fill a cart. */
const ORACLE_PRODUCTS = [
  { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-128' }] },
  { offeringId: 'prod-case', quantity: 1 },
  { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-256' }] },
  { offeringId: 'prod-earbuds', quantity: 1 },
];

/** `n` Oracle cart items (Oracle takes at most 100 per order; the subgraph 50 per mutation). */
export function oracleItems(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ORACLE_PRODUCTS[i % ORACLE_PRODUCTS.length]);
}

/** `n` AT&T cart items (AT&T takes at most 100 per request; the subgraph 50 per mutation). */
export function attItems(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ATT_CART_ITEMS[i % ATT_CART_ITEMS.length]);
}

export async function createCart(b: Pick<Bench, 'gql'>, vendor: 'ATT' | 'ORACLE', customerId: string, items: unknown[]): Promise<string> {
  const data = await b.gql.as(customerId).must<{ cartCreate: { cart: { id: string } | null; userErrors: unknown[] } }>(operation('BenchCartCreate'), {
    input: { vendor, customerId, items },
  });
  if (!data.cartCreate.cart) throw new Error(`${vendor} cartCreate refused: ${JSON.stringify(data.cartCreate.userErrors)}`);
  return data.cartCreate.cart.id;
}

/** `count` submitted SIM-only AT&T orders of one customer (no installation, only the CSA terms): order and cart ids. */
export async function seedOrders(b: Pick<Bench, 'gql'>, customerId: string, count: number): Promise<{ orders: string[]; carts: string[] }> {
  const orders = new Array<string>(count);
  const carts = new Array<string>(count);
  await closedLoop(count, 4, async (i) => {
    const cartId = await createCart(b, 'ATT', customerId, [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }]);
    const submitted = await b.gql.as(customerId).must<{ cartSubmit: { order: { id: string } | null; userErrors: unknown[] } }>(operation('BenchCartSubmit'), {
      cartId,
      idempotencyKey: `bench-${process.pid}-${customerId}-${i}-${Date.now().toString(36)}`,
      input: {
        acceptedTerms: ['CSA'],
        autoPay: true,
        paperless: true,
        payments: [{ method: 'CARD', cardToken: 'tok_visa_bench0001', cardBrand: 'VISA', cardLast4: '4242' }],
      },
    });
    if (!submitted.cartSubmit.order) throw new Error(`cartSubmit refused: ${JSON.stringify(submitted.cartSubmit.userErrors)}`);
    orders[i] = submitted.cartSubmit.order.id;
    carts[i] = cartId;
  });
  return { orders, carts };
}

/** `count` two-item Oracle carts of one customer. */
export async function seedOracleCarts(b: Pick<Bench, 'gql'>, customerId: string, count: number): Promise<string[]> {
  const carts = new Array<string>(count);
  await closedLoop(count, 8, async (i) => {
    carts[i] = await createCart(b, 'ORACLE', customerId, oracleItems(2));
  });
  return carts;
}

export async function seed(b: Pick<Bench, 'gql'>, oracleCartCount: number): Promise<Seed> {
  const oracleCarts = await seedOracleCarts(b, BENCH_CALLER, oracleCartCount);
  const attCarts = new Array<string>(20);
  await closedLoop(attCarts.length, 8, async (i) => {
    attCarts[i] = await createCart(b, 'ATT', BENCH_CALLER, ATT_CART_ITEMS);
  });
  // The bench's one caller owns the carts and the orders, so that one operation may read both.
  const orderCustomer = BENCH_CALLER;
  const { orders, carts: orderCarts } = await seedOrders(b, orderCustomer, 30);
  return { oracleCarts, oracleCartVendorIds: oracleCarts.map(vendorIdOf), attCarts, orders, orderCarts, orderCustomer };
}

interface Scenario {
  name: string;
  lookups: number;
  uniqueIds: number;
  batchedUniqueIds?: number;
  /** One operation, as a client that lets the loaders work would send it. */
  batched(): Promise<void>;
  /** The same lookups one GraphQL request each: what a server without per-request loaders costs. */
  naive(): Promise<void>;
}

function expectAll(data: Record<string, unknown> | unknown[], what: string): void {
  const values = Array.isArray(data) ? data : Object.values(data);
  if (values.some((v) => v === null || v === undefined)) throw new Error(`${what}: some lookups answered null`);
}

/**
 * P1: vendor calls per operation, counted at both simulators. Oracle carts are read one GET each (no batch read);
 * AT&T orders 25 to an orders query; AT&T carts are the subgraph's own records (no vendor read at all).
 */
export async function p1(b: Bench, s: Seed, naive: boolean): Promise<LookupCount[]> {
  const carts5 = s.oracleCarts.slice(0, 5);
  const orders5 = s.orders.slice(0, 5);
  const cartRep = (id: string) => ({ __typename: 'Cart', id });
  const orderRep = (id: string) => ({ __typename: 'ProductOrder', id });
  const entities = async (representations: unknown[]) => {
    const data = await b.gql.must<{ _entities: unknown[] }>(ENTITIES, { representations });
    expectAll(data._entities, '_entities');
  };
  const one = async (id: string) => {
    const data = await b.gql.must<{ cart: unknown }>(CART_QUERY, { id });
    expectAll([data.cart], 'cart');
  };
  const mixed = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? cartRep(carts5[i % 5]) : orderRep(orders5[i % 5])));
  const orderReps = Array.from({ length: 60 }, (_, i) => orderRep(s.orders[i % 30]));
  const scenarios: Scenario[] = [
    {
      name: '20 Oracle cart(id) aliases over 5 ids',
      lookups: 20,
      uniqueIds: 5,
      batched: async () => {
        const data = await b.gql.must(cartAliasQuery(20, 5), Object.fromEntries(carts5.map((id, i) => [`id${i}`, id])));
        expectAll(data, 'aliases');
      },
      naive: async () => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => one(carts5[i % 5])));
      },
    },
    {
      name: '_entities: 25 Oracle Cart + 25 AT&T ProductOrder over 5 + 5 ids',
      lookups: 50,
      uniqueIds: 5,
      batchedUniqueIds: 5,
      batched: () => entities(mixed),
      naive: async () => {
        await Promise.all(mixed.map((rep) => entities([rep])));
      },
    },
    {
      name: '_entities: 60 AT&T ProductOrder over 30 ids',
      lookups: 60,
      uniqueIds: 0,
      batchedUniqueIds: 30,
      batched: () => entities(orderReps),
      naive: async () => {
        await Promise.all(orderReps.map((rep) => entities([rep])));
      },
    },
    {
      // AT&T lists orders through the orders query; each order's cart is a record of the subgraph (no vendor read).
      name: 'AT&T productOrders(first: 30) { cart } over 30 carts (carts from own records)',
      lookups: 30,
      uniqueIds: 30,
      batched: async () => {
        const data = await b.gql.must<{ productOrders: { edges: { node: { cart: unknown } }[] } }>(operation('BenchOrdersWithCarts'), {
          customerId: s.orderCustomer,
          first: 30,
        });
        if (data.productOrders.edges.length !== 30) throw new Error(`productOrders listed ${data.productOrders.edges.length} orders, expected 30`);
        expectAll(
          data.productOrders.edges.map((e) => e.node.cart),
          'productOrders cart',
        );
      },
      naive: async () => {
        const data = await b.gql.must<{ productOrders: { edges: { node: { id: string } }[] } }>(operation('BenchOrderIds'), {
          customerId: s.orderCustomer,
          first: 30,
        });
        const cartOf = new Map(s.orders.map((id, i) => [id, s.orderCarts[i]]));
        await Promise.all(data.productOrders.edges.map((e) => one(cartOf.get(e.node.id)!)));
      },
    },
  ];
  const counts: LookupCount[] = [];
  for (const scenario of scenarios) {
    const before = await simSnapshot(b);
    await (naive ? scenario.naive() : scenario.batched());
    const d = simDelta(before, await simSnapshot(b));
    const count: LookupCount = {
      name: scenario.name,
      lookups: scenario.lookups,
      uniqueIds: scenario.uniqueIds,
      ...(scenario.batchedUniqueIds ? { batchedUniqueIds: scenario.batchedUniqueIds, batchSize: ATT_ORDERS_BATCH } : {}),
      vendorCalls: d.calls,
    };
    const limit = vendorCallLimit(count);
    const routes = Object.entries(d.byRoute)
      .map(([route, n]) => `${n} ${route}`)
      .join(', ');
    b.log(`P1 ${scenario.name}${naive ? ' [--naive: one request per lookup]' : ''}: ${routes || 'no vendor call'}`);
    b.rows.push({
      id: 'P1',
      figure: `vendor calls: ${scenario.name}`,
      measured: `${d.calls} (naive 1 + N = ${naiveCalls(count)})`,
      target: `<= ${limit}`,
      verdict: d.calls <= limit ? 'ok' : 'MISS',
      counted: true,
    });
    counts.push(count);
  }
  return counts;
}

/** P2 / P3 load: one Oracle cart read each, through the bare proxy (the same GET) and through the subgraph. */
export function cartReadRequests(s: Seed): { proxy: LoadRequest[]; subgraph: LoadRequest[] } {
  return {
    // The GET the adapter sends, query string included.
    proxy: s.oracleCartVendorIds.map((id) => ({ method: 'GET', path: `/ccagent/v1/orders/${encodeURIComponent(id)}?includeResult=full` })),
    subgraph: s.oracleCarts.map((id) => ({
      method: 'POST',
      path: '/graphql',
      headers: BENCH_HEADERS,
      body: JSON.stringify({ query: CART_QUERY, variables: { id } }),
    })),
  };
}

/** P5: sockets the simulator accepts per 1,000 vendor calls once the pool is warm, at a steady concurrency. */
export async function p5(b: Bench, s: Seed, calls: number): Promise<number> {
  const concurrency = 16;
  const read = async (i: number) => {
    await b.gql.must(CART_QUERY, { id: s.oracleCarts[i % s.oracleCarts.length] });
  };
  await closedLoop(Math.max(200, calls / 4), concurrency, read);
  const before = await simSnapshot(b);
  await closedLoop(calls, concurrency, read);
  const d = simDelta(before, await simSnapshot(b));
  const per1000 = (d.sockets * 1000) / d.calls;
  b.log(`P5 ${fmt(d.calls)} vendor calls at ${concurrency} concurrent operations after a warm-up: ${d.sockets} new sockets`);
  b.rows.push({
    id: 'P5',
    figure: `new upstream connections per 1,000 vendor calls (steady, ${P2_OPERATION})`,
    measured: `${fmt(per1000, 2)} (${d.sockets} in ${fmt(d.calls)} calls)`,
    target: `≈ 0 (< ${MAX_SOCKETS_PER_1000})`,
    verdict: per1000 < MAX_SOCKETS_PER_1000 ? 'ok' : 'MISS',
    counted: true,
  });
  return per1000;
}

export interface P2Result {
  proxyRps: number;
  subgraphRps: number;
  /** Server CPU per answered request, µs. */
  proxyCpuUs: number;
  subgraphCpuUs: number;
}

/**
 * P2: the same closed-loop load on the bare proxy (a) and on the subgraph (b), in alternating rounds (a b b a …)
 * so that drift on a shared machine falls on both. `label` names a variant of the subgraph (the Redis store).
 */
export async function p2(
  b: Bench,
  s: Seed,
  opts: { connections: number; seconds: number; rounds: number; warmSeconds: number; label?: string },
): Promise<P2Result> {
  const proxyOrigin = b.proxy!.info.url;
  const subgraphOrigin = new URL(b.graphqlUrl).origin;
  const reqs = cartReadRequests(s);
  const label = opts.label ? `, ${opts.label}` : '';
  const run = (target: 'a' | 'b', seconds: number) =>
    target === 'a' ? saturate(proxyOrigin, reqs.proxy, opts.connections, seconds) : saturate(subgraphOrigin, reqs.subgraph, opts.connections, seconds);
  await run('a', opts.warmSeconds);
  await run('b', opts.warmSeconds);
  const totals = { a: { ok: 0, failed: 0, seconds: 0 }, b: { ok: 0, failed: 0, seconds: 0 } };
  // CPU per answered request of each process: on a machine this small, throughput is CPU divided among them.
  const cpu = { a: { server: 0, sim: 0, client: 0 }, b: { server: 0, sim: 0, client: 0 } };
  const used = (u: NodeJS.CpuUsage) => u.user + u.system;
  let subgraphCalls = 0;
  let subgraphSent = 0;
  const order: ('a' | 'b')[] = [];
  for (let r = 0; r < opts.rounds; r++) order.push(...(r % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)));
  for (const target of order) {
    const server = target === 'a' ? b.proxy! : b.subgraph;
    const before = await simSnapshot(b);
    const [serverCpu, simCpu, clientCpu] = [await server.cpu(), await b.sim.cpu(), process.cpuUsage()];
    const result = await run(target, opts.seconds);
    cpu[target].server += used(await server.cpu()) - used(serverCpu);
    cpu[target].sim += used(await b.sim.cpu()) - used(simCpu);
    cpu[target].client += used(process.cpuUsage(clientCpu));
    const d = simDelta(before, await simSnapshot(b));
    totals[target].ok += result.ok;
    totals[target].failed += result.failed;
    totals[target].seconds += result.seconds;
    if (target === 'b') {
      subgraphCalls += d.calls;
      subgraphSent += result.sent;
    }
    b.log(
      `P2${label} round ${target === 'a' ? '(a) proxy   ' : '(b) subgraph'}: ${fmt(result.rps)} req/s, ${result.failed} failed, ${fmt(d.calls)} vendor calls`,
    );
  }
  for (const target of ['a', 'b'] as const) {
    const per = (us: number) => `${fmt(us / totals[target].ok)} µs`;
    const c = cpu[target];
    b.log(
      `P2${label} CPU per answered request, ${target === 'a' ? '(a) proxy' : '(b) subgraph'}: server ${per(c.server)}, simulator ${per(c.sim)}, ` +
        `load generator ${per(c.client)}; total ${per(c.server + c.sim + c.client)}`,
    );
  }
  const proxyRps = totals.a.ok / totals.a.seconds;
  const subgraphRps = totals.b.ok / totals.b.seconds;
  const ratio = subgraphRps / proxyRps;
  const proxyCpuUs = cpu.a.server / totals.a.ok;
  const subgraphCpuUs = cpu.b.server / totals.b.ok;
  b.rows.push({
    id: 'P2',
    figure: `throughput subgraph ÷ bare proxy, ${P2_OPERATION}${label} (${opts.connections} connections, ${opts.rounds}×${opts.seconds} s each)`,
    measured: `${fmt(ratio, 2)} (${fmt(subgraphRps)} ÷ ${fmt(proxyRps)} req/s)`,
    target: '>= 0.5',
    verdict: ratio >= 0.5 ? 'ok' : 'MISS',
  });
  b.rows.push({
    id: 'P2',
    figure: `CPU per request: subgraph ÷ bare proxy (server process only${label})`,
    measured: `${fmt(subgraphCpuUs / proxyCpuUs, 1)}× (${fmt(subgraphCpuUs)} vs ${fmt(proxyCpuUs)} µs)`,
    target: '-',
    verdict: 'info',
  });
  if (totals.a.failed + totals.b.failed > 0) b.log(`P2${label} failed requests: proxy ${totals.a.failed}, subgraph ${totals.b.failed}`);
  b.rows.push({
    id: 'P2',
    figure: `vendor calls per subgraph operation under P2 load${label}`,
    measured: fmt(subgraphCalls / subgraphSent, 3),
    target: '1',
    verdict: 'info',
  });
  return { proxyRps, subgraphRps, proxyCpuUs, subgraphCpuUs };
}

/**
 * Beside P2, labelled as such: an AT&T `cart(id)` answered from the subgraph's own store (AT&T documents no cart
 * read, so no vendor call), against the same run's bare proxy of the Oracle read. One round of `seconds`.
 */
export async function p2Store(b: Bench, s: Seed, p2Result: P2Result, opts: { connections: number; seconds: number }): Promise<void> {
  const origin = new URL(b.graphqlUrl).origin;
  const requests: LoadRequest[] = s.attCarts.map((id) => ({
    method: 'POST',
    path: '/graphql',
    headers: BENCH_HEADERS,
    body: JSON.stringify({ query: CART_QUERY, variables: { id } }),
  }));
  await saturate(origin, requests, opts.connections, 1);
  const before = await simSnapshot(b);
  const cpu0 = await b.subgraph.cpu();
  const result = await saturate(origin, requests, opts.connections, opts.seconds);
  const cpu1 = await b.subgraph.cpu();
  const d = simDelta(before, await simSnapshot(b));
  const cpuUs = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / result.ok;
  b.log(
    `P2 AT&T cart(id) from the subgraph's store: ${fmt(result.rps)} req/s, ${result.failed} failed, ${d.calls} vendor calls, server CPU ${fmt(cpuUs)} µs per request`,
  );
  b.rows.push({
    id: 'P2',
    figure: `AT&T cart(id) served from the subgraph's store (no vendor read) ÷ bare proxy of the Oracle read (1×${opts.seconds} s)`,
    measured: `${fmt(result.rps / p2Result.proxyRps, 2)} (${fmt(result.rps)} ÷ ${fmt(p2Result.proxyRps)} req/s; ${fmt(cpuUs)} µs CPU per request, ${d.calls} vendor calls)`,
    target: '-',
    verdict: 'info',
  });
}

/** P3: latency of (b) minus (a) at a fixed moderate rate, well under both servers' capacity. */
export async function p3(b: Bench, s: Seed, p2Result: P2Result, opts: { connections: number; seconds: number; rounds: number }): Promise<void> {
  const rate = Math.max(50, Math.min(300, Math.round((0.3 * Math.min(p2Result.proxyRps, p2Result.subgraphRps)) / 10) * 10));
  const reqs = cartReadRequests(s);
  const proxyOrigin = b.proxy!.info.url;
  const subgraphOrigin = new URL(b.graphqlUrl).origin;
  const samples: Record<'a' | 'b', Float64Array[]> = { a: [], b: [] };
  await paced(proxyOrigin, reqs.proxy, opts.connections, rate, 1);
  await paced(subgraphOrigin, reqs.subgraph, opts.connections, rate, 1);
  for (let r = 0; r < opts.rounds; r++) {
    for (const target of r % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      const result = await paced(
        target === 'a' ? proxyOrigin : subgraphOrigin,
        target === 'a' ? reqs.proxy : reqs.subgraph,
        opts.connections,
        rate,
        opts.seconds,
      );
      if (result.failed) b.log(`P3 ${target}: ${result.failed} failed requests`);
      samples[target].push(result.latencies);
    }
  }
  const pooled = (arrays: Float64Array[]) => {
    const all = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      all.set(a, at);
      at += a.length;
    }
    return all.sort();
  };
  const a = pooled(samples.a);
  const bLat = pooled(samples.b);
  const ms = (v: number) => `${fmt(v, 2)} ms`;
  b.log(
    `P3 ${P2_OPERATION} at ${rate} req/s over ${opts.connections} connections: proxy p50 ${ms(percentile(a, 50))} p99 ${ms(percentile(a, 99))}; subgraph p50 ${ms(percentile(bLat, 50))} p99 ${ms(percentile(bLat, 99))} (${a.length} + ${bLat.length} samples)`,
  );
  for (const [p, limit] of [
    [50, 2],
    [99, 8],
  ] as const) {
    const added = percentile(bLat, p) - percentile(a, p);
    b.rows.push({
      id: 'P3',
      figure: `added latency p${p}, ${P2_OPERATION} (${rate} req/s, ${opts.connections} connections)`,
      measured: `${ms(added)} (${ms(percentile(bLat, p))} vs ${ms(percentile(a, p))})`,
      target: `<= ${limit} ms`,
      verdict: added <= limit ? 'ok' : 'MISS',
    });
  }
}

/** The floor under P4: the same 100 Oracle reads, all at once, through the bare proxy (no GraphQL at all). */
async function proxyFloor(proxyUrl: string, vendorIds: string[], rounds: number): Promise<number> {
  const pool = new Pool(proxyUrl, { connections: 100, pipelining: 1, keepAliveTimeout: 60000 });
  try {
    const round = async () => {
      const t0 = performance.now();
      await Promise.all(
        vendorIds.map(async (id) =>
          (await pool.request({ method: 'GET', path: `/ccagent/v1/orders/${encodeURIComponent(id)}?includeResult=full` })).body.text(),
        ),
      );
      return performance.now() - t0;
    };
    await round();
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) times.push(await round());
    return median(times);
  } finally {
    await pool.close();
  }
}

interface P4Kind {
  typename: 'Cart' | 'ProductOrder';
  /** Vendor and read, for the printed figure. */
  what: string;
  ids: string[];
  single: string;
  field: 'cart' | 'productOrder';
  /** The customer who owns the ids, named as the caller. */
  caller: string;
}

/** Rounds of each way P4 runs before it measures. */
const P4_WARM_ROUNDS = 30;

/** Times one `_entities` of 100 representations against the same 100 lookups as concurrent single queries. */
async function entitiesVsSingles(b: Bench, pool: GqlClient, kind: P4Kind, rounds: number) {
  const client = pool.as(kind.caller);
  const reps = kind.ids.map((id) => ({ __typename: kind.typename, id }));
  const entities = async () => expectAll((await client.must<{ _entities: unknown[] }>(ENTITIES, { representations: reps }))._entities, '_entities');
  const singles = async () => {
    await Promise.all(kind.ids.map(async (id) => expectAll([(await client.must<Record<string, unknown>>(kind.single, { id }))[kind.field]], kind.field)));
  };
  const cpuMs = async (child: BenchChild) => {
    const u = await child.cpu();
    return (u.user + u.system) / 1000;
  };
  const timed = async (fn: () => Promise<void>) => {
    const [before, subgraphCpu, simCpu] = [await simSnapshot(b), await cpuMs(b.subgraph), await cpuMs(b.sim)];
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    return {
      ms,
      calls: simDelta(before, await simSnapshot(b)).calls,
      subgraphCpu: (await cpuMs(b.subgraph)) - subgraphCpu,
      simCpu: (await cpuMs(b.sim)) - simCpu,
    };
  };
  // Both ways warm alike, round for round: the same 100 lookups each. Three rounds left `_entities` half-warm (its
  // CPU per operation still falling from 15 to 5 ms over its first 30 or so, as V8 optimises the batch path) while
  // the single queries had already run 300 times, so the figure measured warm-up rather than batching.
  for (let i = 0; i < P4_WARM_ROUNDS; i++) {
    await singles();
    await entities();
  }
  const runs = { entities: [] as Awaited<ReturnType<typeof timed>>[], singles: [] as Awaited<ReturnType<typeof timed>>[] };
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 === 0 ? (['entities', 'singles'] as const) : (['singles', 'entities'] as const)) {
      runs[which].push(await timed(which === 'entities' ? entities : singles));
    }
  }
  const summary = (list: Awaited<ReturnType<typeof timed>>[]) => ({
    ms: median(list.map((t) => t.ms)),
    subgraphCpu: median(list.map((t) => t.subgraphCpu)),
    simCpu: median(list.map((t) => t.simCpu)),
    calls: list[list.length - 1].calls,
  });
  return { entities: summary(runs.entities), singles: summary(runs.singles) };
}

/** AT&T orders of the customer P4 and the growth table read (100 for P4, 200 for `_entities` of 200). */
export const P4_ORDER_CUSTOMER = 'cust-1003';

/**
 * P4: 100 entities as one `_entities` operation vs as 100 concurrent single queries, for Oracle carts (no batch
 * read: 100 GETs either way) and for AT&T orders (read 25 to an orders query). `orders` are P4_ORDER_CUSTOMER's.
 */
export async function p4(b: Bench, s: Seed, orders: string[], rounds: number, label?: string): Promise<void> {
  const client = new GqlClient(b.graphqlUrl, 100);
  const suffix = label ? `, ${label}` : '';
  try {
    const kinds: P4Kind[] = [
      { typename: 'Cart', what: 'Oracle Cart', ids: s.oracleCarts.slice(0, 100), single: CART_QUERY, field: 'cart', caller: BENCH_CALLER },
      { typename: 'ProductOrder', what: 'AT&T ProductOrder', ids: orders.slice(0, 100), single: ORDER_QUERY, field: 'productOrder', caller: P4_ORDER_CUSTOMER },
    ];
    for (const kind of kinds) {
      const { entities: e, singles: one } = await entitiesVsSingles(b, client, kind, rounds);
      const floor = kind.typename === 'Cart' && b.proxy ? await proxyFloor(b.proxy.info.url, kind.ids.map(vendorIdOf), rounds) : undefined;
      const single = kind.field === 'cart' ? 'Oracle cart(id)' : 'AT&T productOrder(id)';
      const cpu = (t: typeof e) => `CPU subgraph ${fmt(t.subgraphCpu, 1)} ms, simulator ${fmt(t.simCpu, 1)} ms`;
      b.log(
        `P4${suffix} ${kind.what}, medians of ${rounds}: _entities(100) ${fmt(e.ms, 1)} ms (${cpu(e)}); 100 concurrent ${single} ${fmt(one.ms, 1)} ms (${cpu(one)})` +
          (floor === undefined ? '' : `; the same 100 vendor reads through the bare proxy ${fmt(floor, 1)} ms`),
      );
      const batched = kind.typename === 'ProductOrder';
      const expected = batched ? Math.ceil(100 / ATT_ORDERS_BATCH) : 100;
      b.rows.push({
        id: 'P4',
        figure: `vendor calls: _entities with 100 ${kind.what} vs 100 ${single}${suffix}`,
        measured: `${e.calls} in 1 operation vs ${one.calls} in 100`,
        target: batched ? `1 operation; <= ⌈100 / ${ATT_ORDERS_BATCH}⌉ = ${expected}` : '1 operation; reads = 100 unique ids',
        verdict: e.calls <= expected ? 'ok' : 'MISS',
      });
      b.rows.push({
        id: 'P4',
        figure: `speed-up: 100 ${single} ÷ _entities(100 ${kind.what})${suffix}`,
        measured: `${fmt(one.ms / e.ms, 1)}× (${fmt(one.ms, 1)} ms vs ${fmt(e.ms, 1)} ms; subgraph CPU ${fmt(one.subgraphCpu / e.subgraphCpu, 1)}×)`,
        target: '>= 5×',
        verdict: one.ms / e.ms >= 5 ? 'ok' : 'MISS',
      });
      if (floor !== undefined) {
        // With no batch read, `_entities(100)` makes the same 100 GETs: their time through the bare proxy is about the
        // least it can take, so the speed-up stays near 100 single queries over that time, and falls as they get cheaper.
        const gap = e.ms - floor;
        b.rows.push({
          id: 'P4',
          figure: `reference: 100 ${single} ÷ the same 100 vendor GETs through the bare proxy (no batch read)${suffix}`,
          measured: `${fmt(one.ms / floor, 1)}× (${fmt(one.ms, 1)} ms vs ${fmt(floor, 1)} ms; _entities(100) ${fmt(Math.abs(gap), 1)} ms ${gap < 0 ? 'under' : 'over'} the proxy's time)`,
          target: '-',
          verdict: 'info',
        });
      }
    }
  } finally {
    await client.close();
  }
}

/** Arms (or with no body clears) faults on one simulator through its control routes. */
async function simFaults(origin: string, method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const r = await fetch(`${origin}/__sim/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status >= 400) throw new Error(`sim faults ${method}: ${r.status} ${await r.text()}`);
}

/** P6: 1,000 operations held in flight by a 1 s vendor latency on the Oracle read; memory in flight and after the drain. */
export async function p6(b: Bench, s: Seed): Promise<void> {
  const oracleOrigin = new URL(b.oracleBaseUrl).origin;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await pause(300);
  const gcAvailable = await b.subgraph.gc();
  const idle = await b.subgraph.memory();
  await simFaults(oracleOrigin, 'POST', { route: ORACLE_READ, fault: { type: 'latency', ms: 1000 } });
  const origin = new URL(b.graphqlUrl);
  const client = new Pool(origin.origin, { connections: 1000, pipelining: 1, keepAliveTimeout: 60000, headersTimeout: 120000, bodyTimeout: 120000 });
  const peak = { rss: idle.rss, heapUsed: idle.heapUsed };
  let refused = 0;
  let failed = 0;
  let inFlight = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = await b.subgraph.memory();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
      await pause(200);
    }
  })();
  const before = await simSnapshot(b);
  const t0 = performance.now();
  const all = Promise.all(
    Array.from({ length: 1000 }, async (_, i) => {
      inFlight++;
      try {
        const res = await client.request({
          method: 'POST',
          path: origin.pathname,
          headers: BENCH_HEADERS,
          body: JSON.stringify({ query: CART_QUERY, variables: { id: s.oracleCarts[i % s.oracleCarts.length] } }),
        });
        const body = JSON.parse(await res.body.text()) as { data?: { cart: unknown }; errors?: { extensions?: { code?: string } }[] };
        if (body.errors?.length) {
          if (body.errors[0].extensions?.code === 'VENDOR_UNAVAILABLE') refused++;
          else failed++;
        } else if (!body.data?.cart) failed++;
      } catch {
        failed++;
      } finally {
        inFlight--;
      }
    }),
  );
  let live: { heapUsed: number; rss: number; inFlight: number } | undefined;
  try {
    // Garbage aside, what the queued operations hold: collect while they wait.
    await pause(2500);
    if (inFlight > 0) {
      await b.subgraph.gc();
      live = { ...(await b.subgraph.memory()), inFlight };
    }
    await all;
  } finally {
    sampling = false;
    await sampler;
    await simFaults(oracleOrigin, 'DELETE');
  }
  const drainMs = performance.now() - t0;
  const d = simDelta(before, await simSnapshot(b));
  await client.close();
  await pause(300);
  await b.subgraph.gc();
  const after = await b.subgraph.memory();
  const perOp = live ? `${fmt((live.heapUsed - idle.heapUsed) / live.inFlight / 1024, 1)} KB of heap per operation in flight` : 'drained before the sample';
  b.log(
    `P6 1,000 concurrent ${P2_OPERATION} with 1 s latency on the Oracle read: drained in ${fmt(drainMs / 1000, 1)} s, ${d.calls} vendor calls, ${refused} refused, ${failed} failed; ` +
      `heap idle ${mb(idle.heapUsed)}, live with ${live?.inFlight ?? 0} in flight ${live ? mb(live.heapUsed) : '-'} (${perOp}), peak sampled ${mb(peak.heapUsed)}, after ${mb(after.heapUsed)}` +
      (gcAvailable ? '' : ' [no --expose-gc: heap figures without forced GC]'),
  );
  b.rows.push({
    id: 'P6',
    figure: `memory with 1,000 ${P2_OPERATION} in flight vs idle`,
    measured: `RSS ${mb(peak.rss)} vs ${mb(idle.rss)}; live heap ${live ? mb(live.heapUsed) : '-'} vs ${mb(idle.heapUsed)}; ${refused} refused`,
    target: 'bounded; refused count printed',
    verdict: failed === 0 ? 'ok' : 'MISS',
  });
  const growth = after.heapUsed / idle.heapUsed - 1;
  b.rows.push({
    id: 'P6',
    figure: 'heap after drain + GC vs idle',
    measured: `${growth >= 0 ? '+' : ''}${fmt(growth * 100, 1)}% (${mb(after.heapUsed)} vs ${mb(idle.heapUsed)}; RSS ${mb(after.rss)})`,
    target: '<= +10%',
    verdict: growth <= 0.1 ? 'ok' : 'MISS',
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** P7: `node dist/main.js` from spawn to the first query answered with data (one vendor round trip). */
export async function p7(b: Bench, runs: number, extraEnv: Record<string, string>): Promise<void> {
  const repo = path.resolve(__dirname, '..');
  const times: number[] = [];
  const stuck: number[] = [];
  const body = JSON.stringify({ query: operation('BenchOrderIds'), variables: { customerId: 'cust-1001', first: 1 } });
  for (let r = 0; r < runs; r++) {
    const port = await freePort();
    // One process on the in-process store, as the other figures run.
    const env = { ...neutralEnv(), ALLOW_NO_ROUTER_SECRET: 'true', SINGLE_REPLICA: 'true', ...extraEnv, PORT: String(port), NODE_ENV: 'production' };
    const t0 = performance.now();
    const child = spawn(process.execPath, [...NODE_FLAGS, path.join(repo, 'dist', 'main.js')], { cwd: repo, env, stdio: 'ignore' });
    const exited = once(child, 'exit');
    try {
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`dist/main.js exited (${child.exitCode ?? child.signalCode}) before answering`);
        if (performance.now() - t0 > 30000) throw new Error('dist/main.js did not answer within 30 s');
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: BENCH_HEADERS,
          body,
          signal: AbortSignal.timeout(5000),
        }).catch(() => undefined);
        if (res) {
          const json = (await res.json().catch(() => ({}))) as { data?: unknown };
          if (res.status === 200 && json.data) break;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      times.push(performance.now() - t0);
    } finally {
      child.kill('SIGTERM');
      const t1 = performance.now();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL') stuck.push(performance.now() - t1);
    }
  }
  const m = median(times);
  b.log(`P7 start-up runs: ${times.map((t) => `${fmt(t)} ms`).join(', ')}`);
  b.rows.push({
    id: 'P7',
    figure: `start-up: spawn node dist/main.js to first answered AT&T productOrders (median of ${runs})`,
    measured: `${fmt(m)} ms (max ${fmt(Math.max(...times))} ms)`,
    target: '< 1,500 ms',
    verdict: m < 1500 ? 'ok' : 'MISS',
  });
  b.rows.push({
    id: 'F15',
    figure: 'idle dist/main.js exits on SIGTERM (seen while measuring P7)',
    measured: stuck.length ? `${stuck.length} of ${runs} still running 5 s after SIGTERM (killed)` : `${runs} of ${runs} exited`,
    target: 'exits within the drain window',
    verdict: stuck.length ? 'MISS' : 'ok',
  });
}
