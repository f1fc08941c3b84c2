import { ATT_REQUESTS } from '../../src/vendors/att/att.requests';
import {
  CartCheckoutDocument,
  CartCreateDocument,
  CartDocument,
  CartItemsAddDocument,
  CartItemsRemoveDocument,
  CartPriceDocument,
  CartSubmitDocument,
  ProductOrderDocument,
  ProductOrdersDocument,
} from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { clearLoggedRequests, loggedRequests, undocumented } from '../support/request-log';
import { attCheckoutChoices } from '../support/att-fixtures';

const BASES = { main: '/omni-svcs/v1', orders: '/omni-svcs/v1' };

describe.each([
  ['strict', { SIMULATOR_STRICT: '1' }],
  ['rich', {}],
])('AT&T lifecycle against the %s simulator, with only documented requests', (mode, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(async () => {
    await t.close();
  });

  it('create -> add -> checkout options -> submit -> order read -> customer order list; every request is in the AT&T table', async () => {
    const base = t.simulators.byVendor.ATT.baseUrl;
    await clearLoggedRequests(base);
    const customerId = mode === 'strict' ? 'cust-1002' : 'cust-1003';
    const created = await t.as(customerId).gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId, items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.cartCreate.userErrors).toEqual([]);
    const cart = created.data!.cartCreate.cart!;
    expect(cart.items.map((i) => i.offeringId)).toEqual(['fiber-1000']);

    const added = await t
      .as(customerId)
      .gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'gateway-bgw320', productType: 'Equipment', quantity: 1 }] });
    expect(added.data!.cartItemsAdd.userErrors).toEqual([]);
    expect(added.data!.cartItemsAdd.cart!.items.map((i) => i.offeringId)).toEqual(['fiber-1000', 'gateway-bgw320']);

    // AT&T documents no pricing call: the cart's prices come with its answers, and cartPrice sends nothing.
    const priced = await t.as(customerId).gql(CartPriceDocument, { cartId: cart.id });
    expect(priced.errors).toBeUndefined();
    expect(priced.data!.cartPrice.userErrors).toEqual([]);

    const read = await t.as(customerId).gql(CartDocument, { id: cart.id });
    expect(read.data!.cart!.items).toHaveLength(2);

    const removed = await t.as(customerId).gql(CartItemsRemoveDocument, { cartId: cart.id, itemIds: [cart.items[0].id] });
    expect(removed.data!.cartItemsRemove.userErrors.map((e) => e.code)).toEqual(['NOT_SUPPORTED_BY_VENDOR']);

    const checkout = await t.as(customerId).gql(CartCheckoutDocument, { id: cart.id });
    expect(checkout.errors).toBeUndefined();
    const options = checkout.data!.cart!.checkoutOptions!;
    expect(options.appointmentSlots.length).toBeGreaterThan(0);

    const submitted = await t.as(customerId).gql(CartSubmitDocument, {
      cartId: cart.id,
      idempotencyKey: newKey(),
      input: {
        ...attCheckoutChoices(options),
        autoPay: true,
        payments: [{ method: 'CARD', cardToken: 'tok_visa_00000001', cardBrand: 'VISA', cardLast4: '4242' }],
      },
    });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;

    const again = await t.as(customerId).gql(ProductOrderDocument, { id: order.id });
    expect(again.errors).toBeUndefined();
    const got = again.data!.productOrder!;
    expect(got.items).toHaveLength(2);
    expect(got.payments[0]).toMatchObject({ method: 'CARD', card: { brand: 'VISA', last4: '4242' } });

    const list = await t.as(customerId).gql(ProductOrdersDocument, { customerId, vendor: 'ATT', first: 5 }, { 'x-customer-id': customerId });
    expect(list.errors).toBeUndefined();
    expect(list.data!.productOrders.edges.map((e) => e.node.id)).toContain(order.id);

    // A submitted cart has no checkout: the field is null beside a typed error, with no vendor call.
    const callsBefore = (await loggedRequests(base)).length;
    const late = await t.as(customerId).gql(CartCheckoutDocument, { id: cart.id });
    expect(late.data!.cart!.checkoutOptions).toBeNull();
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'VENDOR_REFUSED', reason: 'CART_NOT_EDITABLE' });
    expect((await loggedRequests(base)).length).toBe(callsBefore);

    const logged = await loggedRequests(base);
    expect(logged.length).toBeGreaterThanOrEqual(6);
    expect(logged.map((r) => r.route)).not.toContain('GET /omni-svcs/v1/carts/:cartId');
    expect(undocumented(ATT_REQUESTS, logged, BASES)).toEqual([]);
  });
});

describe('ATT_LIST_ORDERS_BY_ACCOUNT (strict simulator)', () => {
  it("lists the customer's orders with the orders query's accountNumber, documented fields only", async () => {
    const t = await startTestApp({ SIMULATOR_STRICT: '1', ATT_LIST_ORDERS_BY_ACCOUNT: 'true' });
    try {
      const base = t.simulators.byVendor.ATT.baseUrl;
      const customerId = 'cust-1002';
      const client = t.as(customerId);
      const created = await client.gql(CartCreateDocument, {
        input: { vendor: 'ATT', customerId, items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
      });
      const cart = created.data!.cartCreate.cart!;
      const options = (await client.gql(CartCheckoutDocument, { id: cart.id })).data!.cart!.checkoutOptions!;
      const submitted = await client.gql(CartSubmitDocument, {
        cartId: cart.id,
        idempotencyKey: newKey('fidelity-att-account'),
        input: {
          ...attCheckoutChoices(options),
        },
      });
      expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
      const order = submitted.data!.cartSubmit.order!;

      await clearLoggedRequests(base);
      const list = await client.gql(ProductOrdersDocument, { customerId, vendor: 'ATT', first: 5 });
      expect(list.errors).toBeUndefined();
      const listed = list.data!.productOrders.edges.map((e) => e.node);
      expect(listed.map((o) => o.id)).toContain(order.id);
      expect(listed.find((o) => o.id === order.id)).toMatchObject({ vendor: 'ATT', state: order.state });
      const logged = await loggedRequests(base);
      expect(logged.map((r) => r.route)).toEqual(['POST /omni-svcs/v1/orders/query']);
      expect(undocumented(ATT_REQUESTS, logged, BASES, ['ATT_LIST_ORDERS_BY_ACCOUNT'])).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
