/**
 * Load test: 200 concurrent clients mixing reads and submits for 60 s against two subgraph replicas that share one
 * Redis, on loopback AT&T, Oracle and Adobe simulators. Every AT&T submit is sent twice with its key (once to each
 * replica) to exercise exactly-once under load; one loop in four places an Oracle order and one in four an Adobe
 * order. One in ten of every vendor's placing calls commits and then answers badly (malformed, HTML, wrong shape, reset,
 * and for AT&T and Oracle an answer naming another order): the client retries an unknown submit with the same key
 * (bounded; one in three is not retried, as by a client gone away), and what is still unknown is left to the
 * replicas' sweep, or to an operator. Prints, per vendor and in total, orders created at the simulators, distinct
 * order ids received, unknowns resolved by retry and by the sweep, records left for an operator, and checks
 * created = received + left with none doubled; writes the report to bench/load-<date>.txt.
 *
 *   npm run load -- [--seconds 60] [--clients 200]
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { Agent, request } from 'undici';
import { startAdobeSimulator } from '../dev/simulators/adobe/adobe.simulator';
import { startAttSimulator } from '../dev/simulators/att/att.simulator';
import { startOracleSimulator } from '../dev/simulators/oracle/oracle.simulator';
import {
  CartCreateDocument,
  CartCreateMutation,
  CartDocument,
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

type LoadVendor = 'ATT' | 'ORACLE' | 'ADOBE';
const VENDORS: LoadVendor[] = ['ATT', 'ORACLE', 'ADOBE'];

/** What one vendor's submits gave: the order ids received, and how each unknown submit ended. */
interface VendorTally {
  orderIds: Set<string>;
  /** Submits whose first answer was VENDOR_OUTCOME_UNKNOWN, and how each ended. */
  unknowns: number;
  resolvedByRetry: number;
  resolvedBySweep: number;
  leftForOperator: number;
  /** Unknown submits the client gave up retrying: settled after the run (sweep or operator). */
  pending: { url: string; cartId: string; key: string; input: unknown }[];
}

interface Tally {
  requests: number;
  errors: number;
  errorCodes: Record<string, number>;
  submitsAcknowledged: number;
  mismatchedReplays: number;
  latencies: number[];
  vendors: Record<LoadVendor, VendorTally>;
  /** Keyless writes (cart creation, pre-authorization) answered VENDOR_OUTCOME_UNKNOWN: the cart is abandoned. */
  keylessUnknown: number;
}

function vendorTally(): VendorTally {
  return { orderIds: new Set(), unknowns: 0, resolvedByRetry: 0, resolvedBySweep: 0, leftForOperator: 0, pending: [] };
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
const READ_ORDER = print(ProductOrderDocument);
const OUTCOME_SUBMIT = print(OutcomeCartSubmitDocument);
const OUTCOME_CART = print(OutcomeCartDocument);
const PRE_AUTHORIZE = print(OracleCartPreAuthorizeDocument);
/** Each vendor's placing route, and the bad answers its commit-then faults rotate through. */
const WRITE_FAULTS: Record<LoadVendor, { route: string; answers: string[] }> = {
  ATT: { route: 'POST /omni-svcs/v1/carts/:cartId/express-submit', answers: ['malformed', 'html', 'wrong-shape', 'reset', 'another-id'] },
  ORACLE: { route: 'POST /ccagent/v1/orders', answers: ['malformed', 'html', 'wrong-shape', 'reset', 'another-id'] },
  // Adobe assigns the id of a NEW order itself, so an answer naming another id cannot be told from the right one.
  ADOBE: { route: 'POST /v3/customers/:customerId/orders', answers: ['malformed', 'html', 'wrong-shape', 'reset'] },
};
/** Retries of an unknown submit with the same key before the client leaves it to the sweep. */
const MAX_RETRIES = 3;
const PHONE = { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-128' }] };
const ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '600 Dexter Avenue', city: 'Montgomery', state: 'AL', postalCode: '36130', country: 'US' };
const CARD = { method: 'CARD', cardToken: 'tok_visa_4242abcd', cardBrand: 'visa', cardLast4: '4242' };
const ATT_SUBMIT_INPUT = { acceptedTerms: ['CSA'] };

const isUnknown = (errors: { code: string }[] | undefined): boolean => errors?.some((e) => e.code === 'VENDOR_OUTCOME_UNKNOWN') ?? false;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After a submit answered VENDOR_OUTCOME_UNKNOWN: retries with the same key on either replica, up to MAX_RETRIES
 * times (one unknown in three is left alone, as a client that went away would, so that the sweep has work too).
 */
async function retryUnknown(vendor: VendorTally, urls: string[], cartId: string, key: string, input: unknown, tally: Tally): Promise<void> {
  vendor.unknowns++;
  const retries = vendor.unknowns % 3 === 0 ? 0 : MAX_RETRIES;
  for (let attempt = 1; attempt <= retries; attempt++) {
    await sleep(200 * attempt);
    const answer = await gql<OutcomeCartSubmitMutation>(urls[attempt % 2], OUTCOME_SUBMIT, { cartId, idempotencyKey: key, input }, tally);
    if (answer?.cartSubmit.order) {
      vendor.orderIds.add(answer.cartSubmit.order.id);
      vendor.resolvedByRetry++;
      return;
    }
  }
  vendor.pending.push({ url: urls[1], cartId, key, input });
}

/** Submits once with a key; an unknown answer is retried with the same key. */
async function submitOnce(vendor: VendorTally, urls: string[], cartId: string, key: string, input: unknown, tally: Tally): Promise<void> {
  const answer = await gql<OutcomeCartSubmitMutation>(urls[0], OUTCOME_SUBMIT, { cartId, idempotencyKey: key, input }, tally);
  if (isUnknown(answer?.cartSubmit.userErrors)) return retryUnknown(vendor, urls, cartId, key, input, tally);
  if (answer?.cartSubmit.order) vendor.orderIds.add(answer.cartSubmit.order.id);
}

/** One Oracle order: create, pre-authorize, submit. */
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
  await submitOnce(tally.vendors.ORACLE, urls, cartId, key, undefined, tally);
}

/** One Adobe order: create the draft, submit it as a NEW order. */
async function adobeOrder(urls: string[], key: string, tally: Tally): Promise<void> {
  const created = await gql<CartCreateMutation>(
    urls[0],
    CREATE,
    { input: { vendor: 'ADOBE', customerId: 'cust-1001', items: [{ offeringId: '65304470CA01A12', quantity: 1, currencyCode: 'USD' }] } },
    tally,
  );
  if (isUnknown(created?.cartCreate.userErrors)) tally.keylessUnknown++;
  const cartId = created?.cartCreate?.cart?.id;
  if (!cartId) return;
  await submitOnce(tally.vendors.ADOBE, urls, cartId, key, undefined, tally);
}

/** One AT&T order: create, read on both replicas, submit with one key to both replicas at once, read the order. */
async function attOrder([mine, other]: string[], key: string, tally: Tally): Promise<void> {
  const created = await gql<CartCreateMutation>(
    mine,
    CREATE,
    { input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] } },
    tally,
  );
  if (isUnknown(created?.cartCreate.userErrors)) tally.keylessUnknown++;
  const cartId = created?.cartCreate?.cart?.id;
  if (!cartId) return;
  await gql(other, READ_CART, { id: cartId }, tally);
  await gql(mine, READ_CART, { id: cartId }, tally);
  const variables = { cartId, idempotencyKey: key, input: ATT_SUBMIT_INPUT };
  const answers = await Promise.all([mine, other].map((url) => gql<OutcomeCartSubmitMutation>(url, OUTCOME_SUBMIT, variables, tally)));
  const ids = answers.map((r) => r?.cartSubmit?.order?.id).filter(Boolean) as string[];
  const unknown = answers.some((r) => isUnknown(r?.cartSubmit.userErrors));
  if (ids.length > 0) {
    tally.submitsAcknowledged++;
    tally.vendors.ATT.orderIds.add(ids[0]);
    if (unknown) {
      // One replica answered unknown; the same key on the other, waiting behind it, reconciled and answered the order.
      tally.vendors.ATT.unknowns++;
      tally.vendors.ATT.resolvedByRetry++;
    }
    if (ids.length === 2 && ids[0] !== ids[1]) tally.mismatchedReplays++;
    await gql(other, READ_ORDER, { id: ids[0] }, tally);
    return;
  }
  if (unknown) await retryUnknown(tally.vendors.ATT, [mine, other], cartId, key, ATT_SUBMIT_INPUT, tally);
}

/** After the run: a record the sweep settled shows no submission on its cart; the same key then answers the order. */
async function settlePending(tally: Tally): Promise<void> {
  for (const vendor of Object.values(tally.vendors)) {
    for (const { url, cartId, key, input } of vendor.pending) {
      const cart = await gql<OutcomeCartQuery>(url, OUTCOME_CART, { id: cartId }, tally);
      if (cart?.cart?.submission) {
        vendor.leftForOperator++;
        continue;
      }
      const answer = await gql<OutcomeCartSubmitMutation>(url, OUTCOME_SUBMIT, { cartId, idempotencyKey: key, input }, tally);
      if (answer?.cartSubmit.order) {
        vendor.orderIds.add(answer.cartSubmit.order.id);
        vendor.resolvedBySweep++;
      } else vendor.leftForOperator++;
    }
  }
}

/** Placing calls let through between two that commit and then answer badly, on each vendor's placing route. */
const CALLS_BETWEEN_FAULTS = 9;

/**
 * Keeps one commit-then-bad-answer fault armed on each vendor's placing route while the run lasts: nine calls go
 * through, the tenth commits and answers badly, then the next fault is armed. A share of calls rather than a rate, so
 * that a slower machine does not fault a larger part of the traffic.
 */
async function injectFaults(sims: Record<LoadVendor, SimControl>, until: number): Promise<void> {
  const armed: Record<LoadVendor, number> = { ATT: 0, ORACLE: 0, ADOBE: 0 };
  while (Date.now() < until) {
    for (const vendor of VENDORS) {
      if ((await sims[vendor].faults()).faults.length > 0) continue;
      const { route, answers } = WRITE_FAULTS[vendor];
      await sims[vendor].fault(route, { type: 'commit-then', answer: answers[armed[vendor]++ % answers.length] }, 1, CALLS_BETWEEN_FAULTS);
    }
    await sleep(100);
  }
  await Promise.all(VENDORS.map((vendor) => sims[vendor].clearFaults()));
}

async function client(id: number, urls: string[], until: number, tally: Tally): Promise<void> {
  let n = 0;
  while (Date.now() < until) {
    const pair = n++ % 2 ? [urls[0], urls[1]] : [urls[1], urls[0]];
    const key = `load-${process.pid}-${id}-${n}`;
    if (n % 4 === 0) await oracleOrder(pair, key, tally);
    else if (n % 4 === 2) await adobeOrder(pair, key, tally);
    else await attOrder(pair, key, tally);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const att = await startAttSimulator(0);
  const oracle = await startOracleSimulator(0);
  const adobe = await startAdobeSimulator(0);
  const sims: Record<LoadVendor, SimControl> = {
    ATT: new SimControl(att.baseUrl),
    ORACLE: new SimControl(oracle.baseUrl),
    ADOBE: new SimControl(adobe.baseUrl),
  };
  const env = {
    REDIS_URL: redis.url,
    ATT_AUTH: 'none',
    VENDORS: 'ATT,ORACLE,ADOBE',
    ORACLE_BASE_URL: oracle.baseUrl,
    ORACLE_USERNAME: oracle.credentials.username,
    ORACLE_PASSWORD: oracle.credentials.password,
    ADOBE_BASE_URL: adobe.baseUrl,
    ADOBE_IMS_URL: adobe.imsUrl,
    ADOBE_API_KEY: adobe.credentials.apiKey,
    ADOBE_CLIENT_ID: adobe.credentials.clientId,
    ADOBE_CLIENT_SECRET: adobe.credentials.clientSecret,
    // The sweep runs every quarter of this (2 s), so that it settles what the clients gave up on within the run.
    UNKNOWN_MAX_AGE_S: '8',
    ATT_BASE_URL: att.baseUrl,
    ATT_ORDERS_BASE_URL: att.ordersBaseUrl,
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
    mismatchedReplays: 0,
    latencies: [],
    vendors: { ATT: vendorTally(), ORACLE: vendorTally(), ADOBE: vendorTally() },
    keylessUnknown: 0,
  };
  const created = async (): Promise<Record<LoadVendor, number>> => {
    const counts = await Promise.all(VENDORS.map(async (vendor) => (await sims[vendor].stats()).ordersCreated));
    return { ATT: counts[0], ORACLE: counts[1], ADOBE: counts[2] };
  };
  try {
    const before = await created();
    const started = Date.now();
    const faults = injectFaults(sims, started + SECONDS * 1000);
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
    const after = await created();
    const sum = (f: (vendor: LoadVendor) => number): number => VENDORS.reduce((total, vendor) => total + f(vendor), 0);
    const createdBy = (vendor: LoadVendor): number => after[vendor] - before[vendor];
    const balancedFor = (vendor: LoadVendor): boolean => createdBy(vendor) === tally.vendors[vendor].orderIds.size + tally.vendors[vendor].leftForOperator;
    const balanced = VENDORS.every(balancedFor) && tally.mismatchedReplays === 0;
    const total = {
      created: sum(createdBy),
      received: sum((v) => tally.vendors[v].orderIds.size),
      unknowns: sum((v) => tally.vendors[v].unknowns),
      byRetry: sum((v) => tally.vendors[v].resolvedByRetry),
      bySweep: sum((v) => tally.vendors[v].resolvedBySweep),
      left: sum((v) => tally.vendors[v].leftForOperator),
    };
    const sorted = tally.latencies.sort((x, y) => x - y);
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const row = (name: string, c: number, r: number, u: number, byRetry: number, bySweep: number, left: number, ok: boolean): string =>
      `${name.padEnd(7)} ${String(c).padStart(8)} ${String(r).padStart(9)} ${String(u).padStart(8)} ${String(byRetry).padStart(9)} ${String(bySweep).padStart(9)} ${String(left).padStart(5)}  ${ok ? 'yes' : 'NO'}`;
    const lines = [
      `orders subgraph load test — ${new Date().toISOString()} — commit ${commit}`,
      `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average at the end ${loadavg()[0].toFixed(1)} (the machine is shared)`,
      `setup: 2 replicas, 1 Redis, AT&T, Oracle and Adobe simulators on loopback; ${CLIENTS} concurrent clients for ${SECONDS} s; loops alternate AT&T (half), Oracle and Adobe (a quarter each) orders; on each vendor's placing route one call in ${CALLS_BETWEEN_FAULTS + 1} committed then answered badly (${VENDORS.map((v) => `${v}: ${WRITE_FAULTS[v].answers.join('/')}`).join('; ')})`,
      `requests: ${tally.requests} in ${elapsed.toFixed(1)} s (${(tally.requests / elapsed).toFixed(0)} req/s)`,
      `latency ms: p50 ${percentile(sorted, 50).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}`,
      `errors: ${tally.errors} ${JSON.stringify(tally.errorCodes)}`,
      '',
      'vendor   created  received  unknown  by retry  by sweep  left  created = received + left',
      ...VENDORS.map((v) => {
        const t = tally.vendors[v];
        return row(v, createdBy(v), t.orderIds.size, t.unknowns, t.resolvedByRetry, t.resolvedBySweep, t.leftForOperator, balancedFor(v));
      }),
      row('total', total.created, total.received, total.unknowns, total.byRetry, total.bySweep, total.left, total.created === total.received + total.left),
      '',
      `orders created at the simulators: ${total.created}`,
      `distinct order ids received: ${total.received} (AT&T intents acknowledged by both replicas' first answers: ${tally.submitsAcknowledged})`,
      `unknown submits: ${total.unknowns}; resolved by retry with the same key: ${total.byRetry}; resolved by the sweep: ${total.bySweep}`,
      `records left for an operator: ${total.left}`,
      `keyless writes answered VENDOR_OUTCOME_UNKNOWN (cart abandoned, never retried): ${tally.keylessUnknown}`,
      `replays answering another order: ${tally.mismatchedReplays}`,
      `created = received + left, none doubled: ${balanced ? 'yes' : `NO (${total.created} created vs ${total.received} received + ${total.left} left)`}`,
    ];
    const report = `${lines.join('\n')}\n`;
    process.stdout.write(report);
    const file = join(__dirname, `load-${new Date().toISOString().slice(0, 10)}.txt`);
    writeFileSync(file, report);
    process.stdout.write(`report written to ${file}\n`);
    if (!balanced) process.exitCode = 1;
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await att.close();
    await oracle.close();
    await adobe.close();
    await redis.stop();
    await dispatcher.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
