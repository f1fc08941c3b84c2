import { startAttSimulator } from '../../dev/simulators/att/att.simulator';
import { startOracleSimulator } from '../../dev/simulators/oracle/oracle.simulator';
import { CartCreateDocument, CartPreAuthorizeDocument, OutcomeCartDocument, OutcomeCartSubmitDocument } from '../generated/graphql';
import { ATT_SIM_SUBMIT, ATT_SUBMIT, attNewestOrderId, attSimCart } from '../support/att-fixtures';
import { ADDRESS, CARD } from '../support/oracle-fixtures';
import { describeWithRedis, startRedis } from '../support/redis';
import { Replica, startReplica } from '../support/replica';
import { SimControl } from '../support/sim-control';
import { newKey } from '../support/test-app';
import { expectConfirming, gqlAt, vendorIdOf } from '../support/unknown-outcome';

const POST_ORDERS = 'POST /ccagent/v1/orders';
const CALLER = { 'x-customer-id': 'cust-1005' };

describeWithRedis('an unknown submit on one replica, retried on another (shared Redis)', () => {
  let redis: { url: string; stop(): Promise<void> };
  let oracle: Awaited<ReturnType<typeof startOracleSimulator>>;
  let att: Awaited<ReturnType<typeof startAttSimulator>>;
  let sim: SimControl;
  let attSim: SimControl;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    redis = await startRedis();
    oracle = await startOracleSimulator(0);
    // AT&T in strict mode: only its documented routes, so the retry can rely on nothing else.
    att = await startAttSimulator(0, { strict: true });
    sim = new SimControl(oracle.baseUrl);
    attSim = new SimControl(att.baseUrl);
    const env = {
      REDIS_URL: redis.url,
      VENDORS: 'ORACLE,ATT',
      ORACLE_BASE_URL: oracle.baseUrl,
      ORACLE_USERNAME: oracle.credentials.username,
      ORACLE_PASSWORD: oracle.credentials.password,
      ATT_BASE_URL: att.baseUrl,
      ATT_ORDERS_BASE_URL: att.ordersBaseUrl,
      ATT_AUTH: 'none',
      VENDOR_TIMEOUT_MS: '1000',
    };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  }, 60000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await oracle?.close();
    await att?.close();
    await redis?.stop();
  });

  it('Oracle: the other replica sees CONFIRMING on the cart, and its retry answers the order Oracle holds; one order created', async () => {
    const created = await gqlAt(
      a.url,
      CartCreateDocument,
      { input: { vendor: 'ORACLE', customerId: CALLER['x-customer-id'], items: [{ offeringId: 'prod-case', quantity: 1 }] } },
      CALLER,
    );
    const cartId = created.data!.cartCreate.cart!.id;
    await gqlAt(a.url, CartPreAuthorizeDocument, { cartId, input: { shippingAddress: ADDRESS, payments: [CARD] } }, CALLER);
    const key = newKey('replica-unknown');
    const before = (await sim.stats()).ordersCreated;
    await sim.fault(POST_ORDERS, { type: 'commit-then', answer: 'reset' }, 1, 1);

    const first = await gqlAt(a.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, CALLER);
    expectConfirming(first.data?.cartSubmit);
    expect((await gqlAt(b.url, OutcomeCartDocument, { id: cartId }, CALLER)).data!.cart!.submission).toMatchObject({ state: 'CONFIRMING' });

    const retried = await gqlAt(b.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, CALLER);
    expect(retried.data!.cartSubmit.userErrors).toEqual([]);
    const orderId = retried.data!.cartSubmit.order!.id;
    // Oracle's order keeps the cart's own id.
    expect(vendorIdOf(orderId)).toBe(vendorIdOf(cartId));
    expect((await gqlAt(a.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key }, CALLER)).data!.cartSubmit.order!.id).toBe(orderId);
    expect((await sim.stats()).ordersCreated).toBe(before + 1);
  });

  it.each(['reset', 'hang', 'another-id'])(
    'AT&T (%s after commit): the other replica sends express-submit again, its 409 names the order AT&T holds; one order created',
    async (answer) => {
      const customerId = CALLER['x-customer-id'];
      const cartId = await attSimCart((doc, variables) => gqlAt(a.url, doc, variables, CALLER), customerId);
      const key = newKey(`replica-att-${answer}`);
      const before = await attSim.stats();
      await attSim.fault(ATT_SUBMIT, { type: 'commit-then', answer }, 1);

      const first = await gqlAt(a.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: ATT_SIM_SUBMIT }, CALLER);
      expectConfirming(first.data?.cartSubmit);
      expect((await gqlAt(b.url, OutcomeCartDocument, { id: cartId }, CALLER)).data!.cart!.submission).toMatchObject({ state: 'CONFIRMING' });

      const retried = await gqlAt(b.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: ATT_SIM_SUBMIT }, CALLER);
      expect(retried.data!.cartSubmit.userErrors).toEqual([]);
      const orderId = retried.data!.cartSubmit.order!.id;
      expect(vendorIdOf(orderId)).toBe(await attNewestOrderId(att.baseUrl, customerId));
      const again = await gqlAt(a.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key, input: ATT_SIM_SUBMIT }, CALLER);
      expect(again.data!.cartSubmit.order!.id).toBe(orderId);
      const after = await attSim.stats();
      expect(after.ordersCreated).toBe(before.ordersCreated + 1);
      expect(after.requests[ATT_SUBMIT]).toBe((before.requests[ATT_SUBMIT] ?? 0) + 2);
    },
  );
});
