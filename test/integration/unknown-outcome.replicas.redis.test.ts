import { print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { startOracleSimulator } from '../../dev/simulators/oracle/oracle.simulator';
import { CartCreateDocument, CartPreAuthorizeDocument, OutcomeCartDocument, OutcomeCartSubmitDocument } from '../generated/graphql';
import { describeWithRedis, startRedis } from '../support/redis';
import { Replica, startReplica } from '../support/replica';
import { SimControl } from '../support/sim-control';
import { newKey } from '../support/test-app';

const POST_ORDERS = 'POST /ccagent/v1/orders';
const CALLER = { 'x-customer-id': 'cust-1005' };

async function gql<TData, TVars>(url: string, doc: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<{ data?: TData }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CALLER },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return (await res.json()) as { data?: TData };
}

describeWithRedis('an unknown submit on one replica, retried on another (shared Redis)', () => {
  let redis: { url: string; stop(): Promise<void> };
  let oracle: Awaited<ReturnType<typeof startOracleSimulator>>;
  let sim: SimControl;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    redis = await startRedis();
    oracle = await startOracleSimulator(0);
    sim = new SimControl(oracle.baseUrl);
    const env = {
      REDIS_URL: redis.url,
      VENDORS: 'ORACLE',
      ORACLE_BASE_URL: oracle.baseUrl,
      ORACLE_USERNAME: oracle.credentials.username,
      ORACLE_PASSWORD: oracle.credentials.password,
    };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  }, 60000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await oracle?.close();
    await redis?.stop();
  });

  it('the other replica sees CONFIRMING on the cart, and its retry answers the order Oracle holds; one order created', async () => {
    const created = await gql(a.url, CartCreateDocument, {
      input: { vendor: 'ORACLE', customerId: CALLER['x-customer-id'], items: [{ offeringId: 'prod-case', quantity: 1 }] },
    });
    const cartId = created.data!.cartCreate.cart!.id;
    await gql(a.url, CartPreAuthorizeDocument, {
      cartId,
      input: {
        shippingAddress: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          line1: '600 Dexter Avenue',
          city: 'Montgomery',
          state: 'AL',
          postalCode: '36130',
          country: 'US',
        },
        payments: [{ method: 'CARD', cardToken: 'tok_visa_4242abcd', cardBrand: 'visa', cardLast4: '4242' }],
      },
    });
    const key = newKey('replica-unknown');
    const before = (await sim.stats()).ordersCreated;
    await sim.fault(POST_ORDERS, { type: 'commit-then', answer: 'reset' }, 1, 1);

    const first = await gql(a.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key });
    expect(first.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    expect((await gql(b.url, OutcomeCartDocument, { id: cartId })).data!.cart!.submission).toMatchObject({ state: 'CONFIRMING' });

    const retried = await gql(b.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key });
    expect(retried.data!.cartSubmit.userErrors).toEqual([]);
    const orderId = retried.data!.cartSubmit.order!.id;
    // Oracle's order keeps the cart's own id.
    expect(Buffer.from(orderId, 'base64url').toString().split(':')[3]).toBe(Buffer.from(cartId, 'base64url').toString().split(':')[3]);
    expect((await gql(a.url, OutcomeCartSubmitDocument, { cartId, idempotencyKey: key })).data!.cartSubmit.order!.id).toBe(orderId);
    expect((await sim.stats()).ordersCreated).toBe(before + 1);
  });
});
