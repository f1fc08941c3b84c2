import { CartCreateDocument, CartSubmitDocument } from '../generated/graphql';
import { IdempotencyRecords } from '../../src/service/idempotency';
import { RedisStore } from '../../src/store/redis-store';
import { storeKeys } from '../../src/store/keys';
import { Vendor } from '../../src/common/vendor';
import { describeWithRedisCluster, startRedisCluster, TestRedisCluster } from '../support/redis-cluster';
import { contract } from '../support/store-contract';
import { GqlResponse, newKey, startTestApp, TestApp } from '../support/test-app';

const SUBMIT = 'POST /omni-svcs/v1/carts/:cartId/express-submit';
const CALLER = { 'x-customer-id': 'cust-1001' };
/** What a submit may answer while a failover settles, besides the order itself. */
const SETTLING = ['IDEMPOTENCY_KEY_IN_PROGRESS', 'VENDOR_OUTCOME_UNKNOWN'];

type SubmitAnswer = GqlResponse<{ cartSubmit: { order?: { id: string } | null; userErrors: { code: string }[] } }>;

/** The order id of an answer, or the code that it carried instead. */
function outcome(answer: SubmitAnswer): { orderId?: string; code?: string } {
  const orderId = answer.data?.cartSubmit?.order?.id;
  if (orderId) return { orderId };
  const code = answer.errors?.[0]?.extensions?.code;
  return { code: typeof code === 'string' ? code : (answer.data?.cartSubmit?.userErrors?.[0]?.code ?? 'NONE') };
}

describeWithRedisCluster('on a Redis Cluster of three masters and three replicas', () => {
  let cluster: TestRedisCluster;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    // A generous vendor deadline: this file runs six Redis processes beside the apps on a shared machine.
    a = await startTestApp({ REDIS_CLUSTER_NODES: cluster.nodesEnv, VENDORS: 'ATT', VENDOR_TIMEOUT_MS: '8000' });
    // A second replica on the same cluster and the same simulators.
    b = await startTestApp({ REDIS_CLUSTER_NODES: cluster.nodesEnv, VENDORS: 'ATT', VENDOR_TIMEOUT_MS: '8000', ...a.simulators.env });
  }, 60000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await cluster?.stop();
  });

  contract(
    'the store contract',
    () => Promise.resolve(RedisStore.cluster(cluster.nodes, { prefix: `contract:${Date.now()}:` })),
    () => Promise.resolve(),
  );

  async function cart(t: TestApp): Promise<string> {
    const res = await t.gql(
      CartCreateDocument,
      { input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] } },
      CALLER,
    );
    return res.data!.cartCreate.cart!.id;
  }

  const submit = (t: TestApp, cartId: string, key: string): Promise<SubmitAnswer> =>
    t.gql(CartSubmitDocument, { cartId, idempotencyKey: key, input: { acceptedTerms: ['CSA'] } }, CALLER);

  it('/ready reports the cluster store', async () => {
    const res = await fetch(a.url.replace('/graphql', '/ready'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, store: 'redis-cluster' });
  });

  it('idempotency records on the durable view: concurrent runs of one key place once, across slots', async () => {
    const store = RedisStore.cluster(cluster.nodes, { prefix: `idem-unit:${Date.now()}:` });
    try {
      const records = new IdempotencyRecords(store.durable(), { waitMs: 3000, pollMs: 10, staleMs: 60000 });
      let placed = 0;
      const work = { place: async () => (await new Promise((r) => setTimeout(r, 50)), `order-${++placed}`), reconcile: () => Promise.resolve(null) };
      const keys = Array.from({ length: 6 }, (_, i) => `key-${Date.now()}-${i}`);
      const results = await Promise.all(
        keys.flatMap((key) => [records.run('cust-1001', key, { key }, 60000, work), records.run('cust-1001', key, { key }, 60000, work)]),
      );
      expect(placed).toBe(keys.length);
      for (let i = 0; i < keys.length; i++) expect(results[2 * i]).toBe(results[2 * i + 1]);
      await expect(records.run('cust-1001', keys[0], { other: true }, 60000, work)).rejects.toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    } finally {
      await store.close();
    }
  });

  it('the same cartSubmit sent to two replicas at once, 12 keys over: one vendor order per key, one order id per key', async () => {
    const carts: string[] = [];
    for (let i = 0; i < 12; i++) carts.push(await cart(i % 2 ? a : b));
    const sim = a.sim(Vendor.ATT);
    const before = await sim.stats();
    const pairs = await Promise.all(
      carts.map((cartId) => {
        const key = newKey('cluster');
        return Promise.all([submit(a, cartId, key), submit(b, cartId, key)]);
      }),
    );
    const after = await sim.stats();
    expect(after.ordersCreated - before.ordersCreated).toBe(12);
    expect((after.requests[SUBMIT] ?? 0) - (before.requests[SUBMIT] ?? 0)).toBe(12);
    for (const [fromA, fromB] of pairs) {
      expect(fromA.errors).toBeUndefined();
      expect(fromB.errors).toBeUndefined();
      expect(outcome(fromA).orderId).toBe(outcome(fromB).orderId);
    }
  }, 60000);

  /**
   * Submits with one key while `trigger` fails over the master holding its record, then checks that the vendor
   * got one order, every answer was that order or one of `acceptable`, and the key answers the order once settled.
   */
  async function submitsThroughFailover(
    trigger: (recordKey: string) => Promise<{ oldMaster: number; newMaster: number }>,
    acceptable: string[],
  ): Promise<void> {
    const cartId = await cart(a);
    const key = newKey('failover');
    const sim = a.sim(Vendor.ATT);
    const before = await sim.stats();
    await sim.fault(SUBMIT, { type: 'latency', ms: 1500 }, 1);

    const answers: Promise<SubmitAnswer>[] = [submit(a, cartId, key)];
    await new Promise((r) => setTimeout(r, 300)); // the record is claimed and the vendor call is in flight
    const failover = trigger(`orders:${storeKeys.idempotency('cust-1001', key)}`);
    for (let i = 0; i < 6; i++) {
      answers.push(submit(i % 2 ? a : b, cartId, key));
      await new Promise((r) => setTimeout(r, 150));
    }
    const { oldMaster, newMaster } = await failover;
    expect(newMaster).not.toBe(oldMaster);
    const during = (await Promise.all(answers)).map(outcome);
    await cluster.settled();

    // Once it settles, the key answers the one order.
    let final: { orderId?: string; code?: string } = {};
    for (let attempt = 0; attempt < 20 && !final.orderId; attempt++) {
      final = outcome(await submit(attempt % 2 ? a : b, cartId, key));
      if (!final.orderId) await new Promise((r) => setTimeout(r, 500));
    }
    expect(final.orderId).toBeDefined();
    for (const answer of during) {
      if (answer.orderId) expect(answer.orderId).toBe(final.orderId);
      else expect(acceptable).toContain(answer.code);
    }
    const after = await sim.stats();
    expect(after.ordersCreated - before.ordersCreated).toBe(1);
    expect((after.requests[SUBMIT] ?? 0) - (before.requests[SUBMIT] ?? 0)).toBe(1);
  }

  it('a failover of the master holding the record while submits with its key are in flight: one order at the vendor', async () => {
    await submitsThroughFailover((recordKey) => cluster.failover(recordKey), SETTLING);
  }, 90000);

  it('the master holding the record killed while submits with its key are in flight: still one order at the vendor', async () => {
    // Until the replica is promoted (about two seconds) and the killed node is back as its replica, the store cannot
    // take or confirm a record: those answers are STORE_UNAVAILABLE, and none of them placed anything.
    await submitsThroughFailover((recordKey) => cluster.killMaster(recordKey), [...SETTLING, 'STORE_UNAVAILABLE']);
  }, 90000);
});
