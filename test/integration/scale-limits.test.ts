import { CartCreateDocument, ProductOrderDocument } from '../generated/graphql';
import { Vendor } from '../../src/common/vendor';
import { describeWithRedis, startRedis } from '../support/redis';
import { GqlResponse, startTestApp, TestApp } from '../support/test-app';

const CREATE = 'POST /omni-svcs/v1/carts';
// An AT&T order read: one documented orders query per operation (the order is unknown there and reads as null).
const READ = 'POST /omni-svcs/v1/orders/query';
const ORDER_ID = Buffer.from('v1:ATT:ProductOrder:26-00000000000001').toString('base64url');
const FIRST = { 'x-customer-id': 'cust-1001' };
const SECOND = { 'x-customer-id': 'cust-1002' };

const create = (t: TestApp, customerId: string) =>
  t.gql(
    CartCreateDocument,
    { input: { vendor: 'ATT', customerId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] } },
    { 'x-customer-id': customerId },
  );

function code(res: GqlResponse<unknown>): string | undefined {
  const value = res.errors?.[0]?.extensions?.code;
  return typeof value === 'string' ? value : undefined;
}

/** The circuit gauge of the AT&T cart origin, from the app's own /metrics. */
async function attCircuit(t: TestApp): Promise<number[]> {
  const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
  return [...text.matchAll(/^orders_vendor_circuit_state\{vendor="ATT"[^}]*\} (\d+)$/gm)].map((m) => Number(m[1]));
}

describe('fair share of vendor writes per caller', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CALLER_WRITE_LIMIT: '3', CALLER_WRITE_WINDOW_S: '60', CALLER_CONCURRENCY_LIMIT: '0' });
  });
  afterAll(() => t?.close());

  it('a burst of failing writes from one caller is cut at its limit before the vendor; the circuit stays closed and a second caller writes', async () => {
    const sim = t.sim(Vendor.ATT);
    await sim.fault(CREATE, { type: 'status', status: 503 });
    const before = await sim.count(CREATE);
    const burst = await Promise.all(Array.from({ length: 12 }, () => create(t, 'cust-1001')));
    await sim.clearFaults();
    // Three writes reached the vendor and failed there (a 5xx to a write without a key: its outcome is unknown); the
    // other nine never left the subgraph.
    const unknown = burst.filter((r) => r.data?.cartCreate.userErrors.some((e) => e.code === 'VENDOR_OUTCOME_UNKNOWN'));
    expect(unknown).toHaveLength(3);
    const limited = burst.filter((r) => code(r) === 'RATE_LIMITED');
    expect(limited).toHaveLength(9);
    for (const res of limited) {
      expect(res.status).toBe(429);
      expect(res.errors![0].extensions).toMatchObject({ retryable: true });
      expect(res.errors![0].extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(res.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    expect((await sim.count(CREATE)) - before).toBe(3);
    expect(await attCircuit(t)).not.toContain(2);

    // The first caller is still throttled while the second one's writes succeed.
    expect(code(await create(t, 'cust-1001'))).toBe('RATE_LIMITED');
    for (let i = 0; i < 3; i++) {
      const res = await create(t, 'cust-1002');
      expect(res.errors).toBeUndefined();
      expect(res.data!.cartCreate.cart!.customerId).toBe('cust-1002');
    }
    expect(code(await create(t, 'cust-1002'))).toBe('RATE_LIMITED');
  });

  it('reads are not writes: a throttled caller still reads its carts', async () => {
    const res = await t.gql(ProductOrderDocument, { id: ORDER_ID }, FIRST);
    expect(code(res)).not.toBe('RATE_LIMITED');
  });
});

describe('operations in flight per caller', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CALLER_WRITE_LIMIT: '0', CALLER_CONCURRENCY_LIMIT: '2' });
  });
  afterAll(() => t?.close());

  it('a third concurrent operation of one caller is RATE_LIMITED; another caller is unaffected; the slots come back', async () => {
    const sim = t.sim(Vendor.ATT);
    await sim.fault(READ, { type: 'latency', ms: 800 }, 3);
    const slow = [t.gql(ProductOrderDocument, { id: ORDER_ID }, FIRST), t.gql(ProductOrderDocument, { id: ORDER_ID }, FIRST)];
    await new Promise((r) => setTimeout(r, 200)); // both hold their slot, waiting on the vendor
    const third = await t.gql(ProductOrderDocument, { id: ORDER_ID }, FIRST);
    expect(code(third)).toBe('RATE_LIMITED');
    expect(third.errors![0].extensions).toMatchObject({ retryable: true, retryAfterSeconds: 1 });
    const second = await t.gql(ProductOrderDocument, { id: ORDER_ID }, SECOND);
    expect(second.errors).toBeUndefined();
    for (const res of await Promise.all(slow)) expect(res.errors).toBeUndefined();
    const again = await t.gql(ProductOrderDocument, { id: ORDER_ID }, FIRST);
    expect(again.errors).toBeUndefined();
  });

  it('operations sending one x-request-id still count one slot each: a third of them is RATE_LIMITED', async () => {
    const sim = t.sim(Vendor.ATT);
    const reads = await sim.count(READ);
    await sim.fault(READ, { type: 'latency', ms: 800 }, 4);
    const same = { ...FIRST, 'x-request-id': 'one-request-id-for-all' };
    const all = await Promise.all(Array.from({ length: 4 }, () => t.gql(ProductOrderDocument, { id: ORDER_ID }, same)));
    expect(all.map(code).filter((c) => c === 'RATE_LIMITED')).toHaveLength(2);
    expect(await sim.count(READ)).toBe(reads + 2);
  });
});

describeWithRedis('limits kept in a shared Redis hold across replicas', () => {
  let redis: { url: string; stop(): Promise<void> };
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, CALLER_WRITE_LIMIT: '2', CALLER_WRITE_WINDOW_S: '60' };
    a = await startTestApp(env);
    b = await startTestApp({ ...env, ...a.simulators.env });
  }, 60000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('two writes on two replicas use up the limit: the third, on either, is RATE_LIMITED', async () => {
    // A caller of its own: CI shares one Redis between test files, and a window outlives this file.
    const caller = `cust-${Date.now().toString(36)}`;
    expect(code(await create(a, caller))).toBeUndefined();
    expect(code(await create(b, caller))).toBeUndefined();
    expect(code(await create(a, caller))).toBe('RATE_LIMITED');
    expect(code(await create(b, caller))).toBe('RATE_LIMITED');
    expect((await create(b, 'cust-1001')).errors).toBeUndefined();
  });
});
