/**
 * Load test: 200 concurrent clients mixing reads and submits for 60 s against two subgraph replicas that share one
 * Redis, on a loopback AT&T simulator. Every submit is sent twice with its key (once to each replica) to exercise
 * exactly-once under load. Prints requests, errors, and vendor orders created against distinct orders acknowledged,
 * which must be equal, and writes the report with the commit id to bench/load-<date>.txt.
 *
 *   npm run load -- [--seconds 60] [--clients 200]
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { Agent, request } from 'undici';
import { startAttSimulator } from '../dev/simulators/att/att.simulator';
import { CartCreateDocument, CartCreateMutation, CartDocument, CartSubmitDocument, CartSubmitMutation, ProductOrderDocument } from '../test/generated/graphql';
import { startRedis } from '../test/support/redis';
import { startReplica } from '../test/support/replica';
import { SimControl } from '../test/support/sim-control';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const SECONDS = arg('seconds', 60);
const CLIENTS = arg('clients', 200);
const dispatcher = new Agent({ connections: CLIENTS, keepAliveTimeout: 10000 });

interface Tally {
  requests: number;
  errors: number;
  errorCodes: Record<string, number>;
  submitsAcknowledged: number;
  orderIds: Set<string>;
  mismatchedReplays: number;
  latencies: number[];
}

async function gql<T = unknown>(url: string, query: string, variables: unknown, tally: Tally): Promise<T | null> {
  const started = performance.now();
  tally.requests++;
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json', 'x-customer-id': 'cust-1001' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.body.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
    tally.latencies.push(performance.now() - started);
    if (res.statusCode !== 200 || body.errors) {
      tally.errors++;
      const code = body.errors?.[0]?.extensions?.code ?? `HTTP_${res.statusCode}`;
      tally.errorCodes[code] = (tally.errorCodes[code] ?? 0) + 1;
      return null;
    }
    return body.data ?? null;
  } catch (error) {
    tally.errors++;
    const code = (error as { code?: string }).code ?? 'NETWORK';
    tally.errorCodes[code] = (tally.errorCodes[code] ?? 0) + 1;
    return null;
  }
}

const CREATE = print(CartCreateDocument);
const READ_CART = print(CartDocument);
const SUBMIT = print(CartSubmitDocument);
const READ_ORDER = print(ProductOrderDocument);

async function client(id: number, urls: string[], until: number, tally: Tally): Promise<void> {
  let n = 0;
  while (Date.now() < until) {
    const [mine, other] = n++ % 2 ? [urls[0], urls[1]] : [urls[1], urls[0]];
    const created = await gql<CartCreateMutation>(
      mine,
      CREATE,
      { input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] } },
      tally,
    );
    const cartId = created?.cartCreate?.cart?.id;
    if (!cartId) continue;
    await gql(other, READ_CART, { id: cartId }, tally);
    await gql(mine, READ_CART, { id: cartId }, tally);
    const variables = { cartId, idempotencyKey: `load-${process.pid}-${id}-${n}`, input: { acceptedTerms: ['CSA'] } };
    const [a, b] = await Promise.all([gql<CartSubmitMutation>(mine, SUBMIT, variables, tally), gql<CartSubmitMutation>(other, SUBMIT, variables, tally)]);
    const ids = [a, b].map((r) => r?.cartSubmit?.order?.id).filter(Boolean) as string[];
    if (ids.length > 0) {
      tally.submitsAcknowledged++;
      tally.orderIds.add(ids[0]);
      if (ids.length === 2 && ids[0] !== ids[1]) tally.mismatchedReplays++;
      await gql(other, READ_ORDER, { id: ids[0] }, tally);
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const vendor = await startAttSimulator(0);
  const sim = new SimControl(vendor.baseUrl);
  const env = {
    REDIS_URL: redis.url,
    VENDORS: 'ATT',
    ATT_BASE_URL: vendor.baseUrl,
    ATT_ORDERS_BASE_URL: vendor.ordersBaseUrl,
    VENDOR_TIMEOUT_MS: '10000',
    VENDOR_QUEUE_LIMIT: '5000',
    // Every simulated client is the one seeded customer: the per-caller limits would measure themselves.
    CALLER_WRITE_LIMIT: '0',
    CALLER_CONCURRENCY_LIMIT: '0',
  };
  const replicas = await Promise.all([startReplica(env), startReplica(env)]);
  const tally: Tally = { requests: 0, errors: 0, errorCodes: {}, submitsAcknowledged: 0, orderIds: new Set(), mismatchedReplays: 0, latencies: [] };
  try {
    const before = await sim.stats();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        client(
          i,
          replicas.map((r) => r.url),
          started + SECONDS * 1000,
          tally,
        ),
      ),
    );
    const elapsed = (Date.now() - started) / 1000;
    const after = await sim.stats();
    const ordersCreated = after.ordersCreated - before.ordersCreated;
    const sorted = tally.latencies.sort((x, y) => x - y);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const lines = [
      `orders subgraph load test — ${new Date().toISOString()} — commit ${commit}`,
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
      `setup: 2 replicas, 1 Redis, AT&T simulator on loopback; ${CLIENTS} concurrent clients for ${SECONDS} s`,
      `requests: ${tally.requests} in ${elapsed.toFixed(1)} s (${(tally.requests / elapsed).toFixed(0)} req/s)`,
      `latency ms: p50 ${percentile(sorted, 50).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}`,
      `errors: ${tally.errors} ${JSON.stringify(tally.errorCodes)}`,
      `submits acknowledged (distinct orders): ${tally.orderIds.size} (intents acknowledged: ${tally.submitsAcknowledged})`,
      `vendor orders created: ${ordersCreated}`,
      `replays answering another order: ${tally.mismatchedReplays}`,
      `lost or doubled orders: ${ordersCreated === tally.orderIds.size && tally.mismatchedReplays === 0 ? 'none' : `MISMATCH (${ordersCreated} created vs ${tally.orderIds.size} acknowledged)`}`,
    ];
    const report = `${lines.join('\n')}\n`;
    process.stdout.write(report);
    const file = join(__dirname, `load-${new Date().toISOString().slice(0, 10)}.txt`);
    writeFileSync(file, report);
    process.stdout.write(`report written to ${file}\n`);
    if (tally.errors > 0 || ordersCreated !== tally.orderIds.size || tally.mismatchedReplays > 0) process.exitCode = 1;
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await vendor.close();
    await redis.stop();
    await dispatcher.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
