import { createServer } from 'node:net';
import { Vendor } from '../../src/common/vendor';
import { CartCreateDocument, OracleCartDocument, OracleCartItemsAddDocument, OracleCartPreAuthorizeDocument } from '../generated/graphql';
import { SimControl } from '../support/sim-control';
import { startTestApp, TestApp } from '../support/test-app';
import { PHONE, ADDRESS, CARD } from '../support/oracle-fixtures';

/**
 * Writes without an idempotency key (cartCreate, cartItemsAdd, Oracle cartPreAuthorize, which holds money on a card)
 * whose answer cannot be read after the vendor acted: the payload answers VENDOR_OUTCOME_UNKNOWN (cart null, or the
 * cart as last known), the write is sent once and never repeated, and a call that provably never left stays a fault.
 */
const ORACLE_POST_ORDERS = 'POST /ccagent/v1/orders';
const ORACLE_PUT_ORDER = 'PUT /ccagent/v1/orders/:id';

describe.each([
  ['rich', {}],
  ['strict', { SIMULATOR_STRICT: '1' }],
])('unknown outcomes of writes without a key (%s simulators)', (_mode, env) => {
  let t: TestApp;
  let sim: SimControl;
  const customer = 'cust-1005';
  const as = { 'x-customer-id': customer };

  beforeAll(async () => {
    t = await startTestApp({ VENDOR_TIMEOUT_MS: '1000', ...env });
    sim = t.sim(Vendor.ORACLE);
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await sim.clearFaults();
  });

  async function newCart(): Promise<string> {
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: customer, items: [PHONE] } }, as);
    expect(created.data?.cartCreate.userErrors).toEqual([]);
    return created.data!.cartCreate.cart!.id;
  }

  it.each(['malformed', 'html', 'reset', 'hang'] as const)(
    'cartCreate answered %s after Oracle created it: VENDOR_OUTCOME_UNKNOWN, sent once',
    async (answer) => {
      const before = await sim.count(ORACLE_POST_ORDERS);
      await sim.fault(ORACLE_POST_ORDERS, { type: 'commit-then', answer }, 1);
      const created = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: customer, items: [PHONE] } }, as);
      expect(created.errors).toBeUndefined();
      expect(created.data!.cartCreate.cart).toBeNull();
      const [error] = created.data!.cartCreate.userErrors;
      expect(error.code).toBe('VENDOR_OUTCOME_UNKNOWN');
      expect(error.message).toMatch(/read the cart/);
      expect(await sim.count(ORACLE_POST_ORDERS)).toBe(before + 1);
    },
  );

  it('cartItemsAdd answered badly after Oracle changed the cart: the cart as last known with VENDOR_OUTCOME_UNKNOWN, sent once', async () => {
    const cartId = await newCart();
    const before = await sim.count(ORACLE_PUT_ORDER);
    await sim.fault(ORACLE_PUT_ORDER, { type: 'commit-then', answer: 'malformed' }, 1);
    const added = await t.gql(OracleCartItemsAddDocument, { cartId, items: [PHONE] }, as);
    expect(added.errors).toBeUndefined();
    expect(added.data!.cartItemsAdd.cart?.id).toBe(cartId);
    expect(added.data!.cartItemsAdd.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    expect(await sim.count(ORACLE_PUT_ORDER)).toBe(before + 1);
    // The cart's state says what happened: the items were added.
    const read = await t.gql(OracleCartDocument, { id: cartId }, as);
    expect(read.data!.cart!.items.reduce((n, item) => n + item.quantity, 0)).toBe(2);
  });

  it.each(['malformed', 'reset', 'hang'] as const)(
    'cartPreAuthorize answered %s after Oracle authorized: VENDOR_OUTCOME_UNKNOWN, never sent twice',
    async (answer) => {
      const cartId = await newCart();
      const before = await sim.count(ORACLE_POST_ORDERS);
      // The pre-authorization's calls on this route are priceOrder, then preAuthorizeOrder: spoil the second.
      await sim.fault(ORACLE_POST_ORDERS, { type: 'commit-then', answer }, 1, 1);
      const authorized = await t.gql(OracleCartPreAuthorizeDocument, { cartId, input: { shippingAddress: ADDRESS, payments: [CARD] } }, as);
      expect(authorized.errors).toBeUndefined();
      expect(authorized.data!.cartPreAuthorize.cart?.id).toBe(cartId);
      expect(authorized.data!.cartPreAuthorize.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      expect(await sim.count(ORACLE_POST_ORDERS)).toBe(before + 2);
    },
  );
});

/** A loopback port with nothing listening: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a write without a key that provably never left', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ORACLE_BASE_URL: `http://127.0.0.1:${await closedPort()}`, ORACLE_USERNAME: 'agent', ORACLE_PASSWORD: 'unused-password' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('cartCreate against a refused connection stays a GraphQL fault, nothing to reconcile', async () => {
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-1005', items: [PHONE] } }, { 'x-customer-id': 'cust-1005' });
    expect(created.errors?.[0]?.extensions?.code).toBe('VENDOR_UNAVAILABLE');
    expect(created.data?.cartCreate ?? null).toBeNull();
  });
});
