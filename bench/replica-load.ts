/**
 * Load test: 200 concurrent clients mixing reads and submits for 60 s against two subgraph replicas that share one
 * Redis, on a loopback AT&T simulator. Every submit is sent twice with its key (once to each replica) to exercise
 * exactly-once under load. One loop in four places an Oracle order instead, while a share of Oracle's POST /orders
 * calls commit and then answer badly (malformed, HTML, wrong shape, reset): the client retries an unknown submit with
 * the same key (bounded; one in three is not retried, as by a client gone away), and what is still unknown is left to
 * the replicas' sweep. Prints orders created at the
 * simulators, distinct order ids received, unknowns resolved by retry and by the sweep, records left for an operator,
 * and checks created = received + left with none doubled; writes the report to bench/load-<date>.txt.
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
import { startOracleSimulator } from '../dev/simulators/oracle/oracle.simulator';
import {
  CartCreateDocument,
  CartCreateMutation,
  CartDocument,
  CartSubmitDocument,
  CartSubmitMutation,
  OracleCartPreAuthorizeDocument,
  OracleCartPreAuthorizeMutation,
  OutcomeCartDocument,
  OutcomeCartQuery,
  OutcomeCartSubmitDocument,
  OutcomeCartSubmitMutation,
  ProductOrderDocument,
} from '../test/generated/graphql';
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
  /** Oracle submits whose first answer was VENDOR_OUTCOME_UNKNOWN, and how each ended. */
  unknowns: number;
  resolvedByRetry: number;
  resolvedBySweep: number;
  leftForOperator: number;
  /** Unknown submits the client gave up retrying: settled after the run (sweep or operator). */
  pending: { url: string; cartId: string; key: string }[];
  /** Keyless writes (cart creation, pre-authorization) answered VENDOR_OUTCOME_UNKNOWN: the cart is abandoned. */
  keylessUnknown: number;
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
const OUTCOME_SUBMIT = print(OutcomeCartSubmitDocument);
const OUTCOME_CART = print(OutcomeCartDocument);
const PRE_AUTHORIZE = print(OracleCartPreAuthorizeDocument);
const ORACLE_WRITES = 'POST /ccagent/v1/orders';
const BAD_ANSWERS = ['malformed', 'html', 'wrong-shape', 'reset'] as const;
/** Retries of an unknown submit with the same key before the client leaves it to the sweep. */
const MAX_RETRIES = 3;
const PHONE = { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-128' }] };
const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '600 Dexter Avenue', city: 'Montgomery', state: 'AL', postalCode: '36130', country: 'US' };
const CARD = { method: 'CARD', cardToken: 'tok_visa_4242abcd', cardBrand: 'visa', cardLast4: '4242' };

const isUnknown = (errors: { code: string }[] | undefined): boolean => errors?.some((e) => e.code === 'VENDOR_OUTCOME_UNKNOWN') ?? false;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One Oracle order: create, pre-authorize, submit; an unknown submit is retried with the same key on either replica. */
async function oracleOrder(urls: string[], key: string, tally: Tally): Promise<void> {
  const created = await gql<CartCreateMutation>(urls[0], CREATE, { input: { vendor: 'ORACLE', customerId: 'cust-1001', items: [PHONE] } }, tally);
  if (isUnknown(created?.cartCreate.userErrors)) tally.keylessUnknown++;
  const cartId = created?.cartCreate?.cart?.id;
  if (!cartId) return;
  const authorized = await gql<OracleCartPreAuthorizeMutation>(
    urls[1],
    PRE_AUTHORIZE,
    { cartId, input: { shippingAddress: ADDRESS, payments: [CARD] } },
    tally,
  );
  if (isUnknown(authorized?.cartPreAuthorize.userErrors)) tally.keylessUnknown++;
  if (authorized?.cartPreAuthorize.userErrors.length !== 0) return;
  let answer = await gql<OutcomeCartSubmitMutation>(urls[0], OUTCOME_SUBMIT, { cartId, idempotencyKey: key }, tally);
  if (!isUnknown(answer?.cartSubmit.userErrors)) {
    if (answer?.cartSubmit.order) tally.orderIds.add(answer.cartSubmit.order.id);
    return;
  }
  tally.unknowns++;
  // One unknown in three is left alone, as a client that went away would, so that the sweep has work too.
  const retries = tally.unknowns % 3 === 0 ? 0 : MAX_RETRIES;
  for (let attempt = 1; attempt <= retries; attempt++) {
    await sleep(200 * attempt);
    answer = await gql<OutcomeCartSubmitMutation>(urls[attempt % 2], OUTCOME_SUBMIT, { cartId, idempotencyKey: key }, tally);
    if (answer?.cartSubmit.order) {
      tally.orderIds.add(answer.cartSubmit.order.id);
      tally.resolvedByRetry++;
      return;
    }
  }
  tally.pending.push({ url: urls[1], cartId, key });
}

/** After the run: a record the sweep settled shows no submission on its cart; the same key then answers the order. */
async function settlePending(tally: Tally): Promise<void> {
  for (const { url, cartId, key } of tally.pending) {
    const cart = await gql<OutcomeCartQuery>(url, OUTCOME_CART, { id: cartId }, tally);
    if (cart?.cart?.submission) {
      tally.leftForOperator++;
      continue;
    }
    const answer = await gql<OutcomeCartSubmitMutation>(url, OUTCOME_SUBMIT, { cartId, idempotencyKey: key }, tally);
    if (answer?.cartSubmit.order) {
      tally.orderIds.add(answer.cartSubmit.order.id);
      tally.resolvedBySweep++;
    } else tally.leftForOperator++;
  }
}

/** Keeps one commit-then-bad-answer fault armed on Oracle's write route while the run lasts. */
async function injectFaults(oracle: SimControl, until: number): Promise<void> {
  let i = 0;
  while (Date.now() < until) {
    await oracle.fault(ORACLE_WRITES, { type: 'commit-then', answer: BAD_ANSWERS[i++ % BAD_ANSWERS.length] }, 1);
    await sleep(250);
  }
  await oracle.clearFaults();
}

async function client(id: number, urls: string[], until: number, tally: Tally): Promise<void> {
  let n = 0;
  while (Date.now() < until) {
    const [mine, other] = n++ % 2 ? [urls[0], urls[1]] : [urls[1], urls[0]];
    if (n % 4 === 0) {
      await oracleOrder([mine, other], `load-oracle-${process.pid}-${id}-${n}`, tally);
      continue;
    }
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
  const oracle = await startOracleSimulator(0);
  const oracleSim = new SimControl(oracle.baseUrl);
  const env = {
    REDIS_URL: redis.url,
    ATT_AUTH: 'none',
    VENDORS: 'ATT,ORACLE',
    ORACLE_BASE_URL: oracle.baseUrl,
    ORACLE_USERNAME: oracle.credentials.username,
    ORACLE_PASSWORD: oracle.credentials.password,
    // The sweep runs every quarter of this (2 s), so that it settles what the clients gave up on within the run.
    UNKNOWN_MAX_AGE_S: '8',
    ATT_BASE_URL: vendor.baseUrl,
    ATT_ORDERS_BASE_URL: vendor.ordersBaseUrl,
    VENDOR_TIMEOUT_MS: '10000',
    VENDOR_QUEUE_LIMIT: '5000',
    // Every simulated client is the one seeded customer: the per-caller limits would measure themselves.
    CALLER_WRITE_LIMIT: '0',
    CALLER_CONCURRENCY_LIMIT: '0',
  };
  const replicas = await Promise.all([startReplica(env), startReplica(env)]);
  const tally: Tally = {
    requests: 0,
    errors: 0,
    errorCodes: {},
    submitsAcknowledged: 0,
    orderIds: new Set(),
    mismatchedReplays: 0,
    latencies: [],
    unknowns: 0,
    resolvedByRetry: 0,
    resolvedBySweep: 0,
    leftForOperator: 0,
    pending: [],
    keylessUnknown: 0,
  };
  try {
    const before = (await sim.stats()).ordersCreated + (await oracleSim.stats()).ordersCreated;
    const started = Date.now();
    const faults = injectFaults(oracleSim, started + SECONDS * 1000);
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
    await faults;
    // Two sweep periods, then what the sweep settled is read back; the rest is left for an operator.
    await sleep(4500);
    await settlePending(tally);
    const after = (await sim.stats()).ordersCreated + (await oracleSim.stats()).ordersCreated;
    const ordersCreated = after - before;
    const balanced = ordersCreated === tally.orderIds.size + tally.leftForOperator && tally.mismatchedReplays === 0;
    const sorted = tally.latencies.sort((x, y) => x - y);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const lines = [
      `orders subgraph load test — ${new Date().toISOString()} — commit ${commit}`,
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
      `setup: 2 replicas, 1 Redis, AT&T and Oracle simulators on loopback; ${CLIENTS} concurrent clients for ${SECONDS} s; one loop in four an Oracle order, one Oracle write every 250 ms committed then answered badly`,
      `requests: ${tally.requests} in ${elapsed.toFixed(1)} s (${(tally.requests / elapsed).toFixed(0)} req/s)`,
      `latency ms: p50 ${percentile(sorted, 50).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}`,
      `errors: ${tally.errors} ${JSON.stringify(tally.errorCodes)}`,
      `orders created at the simulators: ${ordersCreated}`,
      `distinct order ids received: ${tally.orderIds.size} (AT&T intents acknowledged: ${tally.submitsAcknowledged})`,
      `unknown submits: ${tally.unknowns}; resolved by retry with the same key: ${tally.resolvedByRetry}; resolved by the sweep: ${tally.resolvedBySweep}`,
      `records left for an operator: ${tally.leftForOperator}`,
      `keyless writes answered VENDOR_OUTCOME_UNKNOWN (cart abandoned, never retried): ${tally.keylessUnknown}`,
      `replays answering another order: ${tally.mismatchedReplays}`,
      `created = received + left, none doubled: ${balanced ? 'yes' : `NO (${ordersCreated} created vs ${tally.orderIds.size} received + ${tally.leftForOperator} left)`}`,
    ];
    const report = `${lines.join('\n')}\n`;
    process.stdout.write(report);
    const file = join(__dirname, `load-${new Date().toISOString().slice(0, 10)}.txt`);
    writeFileSync(file, report);
    process.stdout.write(`report written to ${file}\n`);
    if (!balanced) process.exitCode = 1;
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await vendor.close();
    await oracle.close();
    await redis.stop();
    await dispatcher.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
