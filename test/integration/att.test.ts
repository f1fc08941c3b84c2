import { Vendor } from '../../src/common/vendor';
import {
  CartCheckoutDocument,
  CartCreateDocument,
  CartDocument,
  CartItemsAddDocument,
  CartItemsRemoveDocument,
  CartSubmitDocument,
  CartTwentyTimesDocument,
  EntitiesDocument,
  ProductOrderDocument,
  ProductOrdersDocument,
} from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { attCheckoutChoices } from '../support/att-fixtures';

const SUBMIT = 'POST /omni-svcs/v1/carts/:cartId/express-submit';
const GET_CART = 'GET /omni-svcs/v1/carts/:cartId';
const ORDERS_QUERY = 'POST /omni-svcs/v1/orders/query';
const CHECKOUT = 'POST /omni-svcs/v1/checkout';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

afterEach(async () => {
  await t.sim(Vendor.ATT).clearFaults();
});

async function fiberCart(customerId = 'cust-1001') {
  const res = await t.as(customerId).gql(CartCreateDocument, {
    input: {
      vendor: 'ATT',
      customerId,
      items: [
        { offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 },
        { offeringId: 'gateway-bgw320', productType: 'Equipment', quantity: 1 },
      ],
    },
  });
  expect(res.errors).toBeUndefined();
  expect(res.data!.cartCreate.userErrors).toEqual([]);
  return res.data!.cartCreate.cart!;
}

async function submitInput(cartId: string, customerId = 'cust-1001') {
  const checkout = await t.as(customerId).gql(CartCheckoutDocument, { id: cartId });
  const options = checkout.data!.cart!.checkoutOptions!;
  return {
    ...attCheckoutChoices(options),
    autoPay: true,
    paperless: true,
    payments: [{ method: 'CARD' as const, cardToken: 'tok_visa_00000001', cardBrand: 'VISA', cardLast4: '4242' }],
  };
}

describe('AT&T lifecycle over HTTP', () => {
  it('creates a cart with two lines whose totals keep one-time and monthly apart', async () => {
    const cart = await fiberCart();
    expect(cart.vendor).toBe('ATT');
    expect(cart.state).toBe('DRAFT');
    expect(cart.vendorStatus).toBe('Draft');
    expect(cart.items.map((i) => [i.offeringId, i.quantity])).toEqual([
      ['fiber-1000', 1],
      ['gateway-bgw320', 1],
    ]);
    expect(cart.items[0].unitPrice.oneTime).toEqual({ amount: '99.00', currencyCode: 'USD' });
    expect(cart.items[0].unitPrice.recurring).toEqual({ amount: { amount: '80.00', currencyCode: 'USD' }, period: 'MONTH' });
    expect(cart.totals.oneTime).toEqual({ amount: '99.00', currencyCode: 'USD' });
    expect(cart.totals.recurring).toEqual([{ amount: { amount: '90.00', currencyCode: 'USD' }, period: 'MONTH' }]);
  });

  it('reads checkout options: fulfilment options, installation slots and required terms', async () => {
    const cart = await fiberCart();
    const res = await t.gql(CartCheckoutDocument, { id: cart.id });
    const options = res.data!.cart!.checkoutOptions!;
    expect(options.fulfillmentOptions.map((o) => o.method).sort()).toEqual(['C2S', 'DF']);
    expect(options.appointmentSlots.length).toBeGreaterThan(0);
    expect(new Date(options.appointmentSlots[0].end).getTime()).toBeGreaterThan(new Date(options.appointmentSlots[0].start).getTime());
    expect(
      options.terms
        .filter((term) => term.required)
        .map((term) => term.key)
        .sort(),
    ).toEqual(['CSA', 'HTPT']);
  });

  it('submits, reads the order back, and follows it to COMPLETED as the vendor clock moves', async () => {
    const cart = await fiberCart();
    const input = await submitInput(cart.id);
    const submitted = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input });
    expect(submitted.errors).toBeUndefined();
    const order = submitted.data!.cartSubmit.order!;
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    expect(order.state).toBe('SUBMITTED');
    expect(order.customerOrderId).toMatch(/^\d{2}-\d{14}$/);
    expect(order.pollAfter).toBeGreaterThan(0);
    expect(order.payments[0]).toMatchObject({ method: 'CARD', card: { brand: 'VISA', last4: '4242' } });

    const read = await t.gql(ProductOrderDocument, { id: order.id });
    expect(read.data!.productOrder).toMatchObject({ id: order.id, state: 'SUBMITTED', customerOrderId: order.customerOrderId, cart: { id: cart.id } });
    expect(read.data!.productOrder!.items.map((i) => i.offeringId).sort()).toEqual(['fiber-1000', 'gateway-bgw320']);

    const cartAfter = await t.gql(CartDocument, { id: cart.id });
    expect(cartAfter.data!.cart!.state).toBe('SUBMITTED');
    expect(cartAfter.data!.cart!.order!.id).toBe(order.id);

    await t.sim(Vendor.ATT).advanceClock(4000);
    const later = await t.gql(ProductOrderDocument, { id: order.id });
    expect(later.data!.productOrder!.state).toBe('COMPLETED');
    expect(later.data!.productOrder!.vendorStatus).toBe('Completed');
    expect(later.data!.productOrder!.pollAfter).toBeNull();
  });

  it('returns the same order for the same idempotency key, with one vendor submit', async () => {
    const cart = await fiberCart();
    const input = await submitInput(cart.id);
    const key = newKey();
    const before = await t.sim(Vendor.ATT).count(SUBMIT);
    const first = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key, input });
    const second = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key, input });
    expect(second.data!.cartSubmit.order!.id).toBe(first.data!.cartSubmit.order!.id);
    expect(await t.sim(Vendor.ATT).count(SUBMIT)).toBe(before + 1);
  });

  it('refuses a used key with a different payload as IDEMPOTENCY_KEY_REUSED, with no vendor call', async () => {
    const cart = await fiberCart();
    const input = await submitInput(cart.id);
    const key = newKey();
    await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key, input });
    const before = await t.sim(Vendor.ATT).count(SUBMIT);
    const reused = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key, input: { ...input, paperless: false } });
    expect(reused.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await t.sim(Vendor.ATT).count(SUBMIT)).toBe(before);
  });
});

describe('AT&T refusals become userErrors with the vendor code kept', () => {
  it('missing terms and appointment: TERMS_NOT_ACCEPTED and APPOINTMENT_REQUIRED, and the key stays usable', async () => {
    const cart = await fiberCart();
    const key = newKey();
    const res = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key, input: {} });
    expect(res.data!.cartSubmit.order).toBeNull();
    const codes = res.data!.cartSubmit.userErrors.map((e) => [e.code, e.vendorCode]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['TERMS_NOT_ACCEPTED', 'SUBMITCHANGE_INVALID_TERMS_EXIST'],
        ['APPOINTMENT_REQUIRED', 'INSTALLATION_APPOINTMENT_REQUIRED'],
      ]),
    );
    // A refusal placed nothing and stored nothing, so the same key can carry the corrected submit.
    const retried = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key, input: await submitInput(cart.id) });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.cartSubmit.order!.state).toBe('SUBMITTED');
  });

  it('an empty cart cannot be submitted: CART_EMPTY', async () => {
    const created = await t.as('cust-1002').gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1002' } });
    const cart = created.data!.cartCreate.cart!;
    const res = await t.as('cust-1002').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input: { acceptedTerms: ['CSA'] } });
    expect(res.data!.cartSubmit.userErrors[0]).toMatchObject({ code: 'CART_EMPTY', vendorCode: 'EXTSALESOPS-ORDER_CREATE-SHOPPING_CART-0002' });
  });

  it('an unknown customer: CUSTOMER_NOT_FOUND', async () => {
    const res = await t.as('cust-9999').gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-9999' } });
    expect(res.data!.cartCreate.cart).toBeNull();
    expect(res.data!.cartCreate.userErrors[0]).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', field: ['input', 'customerId'] });
  });

  it('an unknown offering: OFFERING_NOT_FOUND, and the cart is unchanged', async () => {
    const cart = await fiberCart();
    const res = await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'no-such-offer', productType: 'Equipment', quantity: 1 }] });
    expect(res.data!.cartItemsAdd.userErrors[0].code).toBe('OFFERING_NOT_FOUND');
    const read = await t.gql(CartDocument, { id: cart.id });
    expect(read.data!.cart!.items).toHaveLength(2);
  });

  it('terminates an installed product, and refuses one the customer does not have', async () => {
    const cart = await fiberCart();
    const ok = await t.gql(CartItemsAddDocument, {
      cartId: cart.id,
      items: [{ action: 'TERMINATE', productId: 'prod-9001', productType: 'Fiber_Internet', quantity: 1 }],
    });
    expect(ok.data!.cartItemsAdd.userErrors).toEqual([]);
    expect(ok.data!.cartItemsAdd.cart!.items.find((i) => i.action === 'TERMINATE')).toMatchObject({ productId: 'prod-9001' });
    const bad = await t.gql(CartItemsAddDocument, {
      cartId: cart.id,
      items: [{ action: 'TERMINATE', productId: 'prod-0000', productType: 'Fiber_Internet', quantity: 1 }],
    });
    expect(bad.data!.cartItemsAdd.userErrors[0].code).toBe('PRODUCT_NOT_FOUND');
  });

  it('a submitted cart cannot change: CART_NOT_EDITABLE', async () => {
    const cart = await fiberCart();
    await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input: await submitInput(cart.id) });
    const res = await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'wifi-extender', productType: 'Equipment', quantity: 1 }] });
    expect(res.data!.cartItemsAdd.userErrors[0].code).toBe('CART_NOT_EDITABLE');
  });

  it('AT&T refusing the checkout read: checkoutOptions is null with VENDOR_REFUSED and the reason, never an internal error', async () => {
    const cart = await fiberCart();
    await t.sim(Vendor.ATT).fault('POST /omni-svcs/v1/checkout', { type: 'status', status: 409, body: {} });
    const res = await t.gql(CartCheckoutDocument, { id: cart.id });
    expect(res.data!.cart).toMatchObject({ id: cart.id, checkoutOptions: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].path).toEqual(['cart', 'checkoutOptions']);
    expect(res.errors![0].extensions).toMatchObject({ code: 'VENDOR_REFUSED', reason: 'VENDOR_REFUSED', vendorCode: null, retryable: false });
    expect(res.errors![0].message).toBe('AT&T could not accept the cart as it is');
  });

  it('aliases of a submitted cart share one checkout refusal: an error per alias, one log line with the count', async () => {
    const cart = await fiberCart();
    await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input: await submitInput(cart.id) });
    const query = `query ThreeAliases($id: ID!) { a: cart(id: $id) { checkoutOptions { valid } } b: cart(id: $id) { checkoutOptions { valid } } c: cart(id: $id) { order { cart { checkoutOptions { valid } } } } }`;
    const requestId = `aliases-${newKey()}`;
    const res = await t.post({ query, variables: { id: cart.id } }, { 'x-request-id': requestId });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.reason])).toEqual([
      [['a', 'checkoutOptions'], 'VENDOR_REFUSED', 'CART_NOT_EDITABLE'],
      [['b', 'checkoutOptions'], 'VENDOR_REFUSED', 'CART_NOT_EDITABLE'],
      [['c', 'order', 'cart', 'checkoutOptions'], 'VENDOR_REFUSED', 'CART_NOT_EDITABLE'],
    ]);
    const lines = t.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === requestId && line.code === 'VENDOR_REFUSED');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      count: 3,
      paths: [
        ['a', 'checkoutOptions'],
        ['b', 'checkoutOptions'],
        ['c', 'order', 'cart', 'checkoutOptions'],
      ],
    });
  });
});

describe('AT&T cart items', () => {
  it('removal is NOT_SUPPORTED_BY_VENDOR with no vendor call; a quantity above one is INVALID_FIELD (the docs show no quantity)', async () => {
    const cart = await fiberCart();
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const removed = await t.gql(CartItemsRemoveDocument, { cartId: cart.id, itemIds: [cart.items[0].id] });
    expect(removed.data!.cartItemsRemove.userErrors).toEqual([expect.objectContaining({ code: 'NOT_SUPPORTED_BY_VENDOR', field: ['cartId'] })]);
    expect(removed.data!.cartItemsRemove.cart!.items).toHaveLength(2);
    const two = await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'wifi-extender', productType: 'Equipment', quantity: 2 }] });
    expect(two.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FIELD', field: ['items', '0', 'quantity'] })]);
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('works end to end with the thin documented answers ({id}, {externalId}) and never reads a cart back', async () => {
    await t.sim(Vendor.ATT).post('/__sim/att/thin', { thin: true });
    try {
      const cart = await fiberCart('cust-1003');
      expect(cart.items.map((i) => i.offeringId)).toEqual(['fiber-1000', 'gateway-bgw320']);
      const added = await t.as('cust-1003').gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] });
      expect(added.data!.cartItemsAdd.cart!.items).toHaveLength(3);
      const read = await t.as('cust-1003').gql(CartDocument, { id: cart.id });
      expect(read.data!.cart!.items).toHaveLength(3);
      const submitted = await t
        .as('cust-1003')
        .gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input: await submitInput(cart.id, 'cust-1003') });
      expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
      const order = await t.as('cust-1003').gql(ProductOrderDocument, { id: submitted.data!.cartSubmit.order!.id });
      expect(order.data!.productOrder!.items).toHaveLength(3);
      expect(await t.sim(Vendor.ATT).count(GET_CART)).toBe(0);
    } finally {
      await t.sim(Vendor.ATT).post('/__sim/att/thin', { thin: false });
    }
  });
});

describe('AT&T reads', () => {
  it('an unknown cart or order id reads as null; a mutation on it is CART_NOT_FOUND', async () => {
    const res = await t.gql(CartDocument, { id: Buffer.from('v1:ATT:Cart:00000000-0000-1000-8000-000000000000').toString('base64url') });
    expect(res.errors).toBeUndefined();
    expect(res.data!.cart).toBeNull();
    const order = await t.gql(ProductOrderDocument, { id: Buffer.from('v1:ATT:ProductOrder:no-such-order').toString('base64url') });
    expect(order.data!.productOrder).toBeNull();
    const mutation = await t.gql(CartItemsAddDocument, {
      cartId: Buffer.from('v1:ATT:Cart:00000000-0000-1000-8000-000000000000').toString('base64url'),
      items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }],
    });
    expect(mutation.data!.cartItemsAdd.userErrors[0].code).toBe('CART_NOT_FOUND');
  });

  it("another customer's cart reads as null for the caller named by x-customer-id", async () => {
    const cart = await fiberCart('cust-1001');
    const own = await t.gql(CartDocument, { id: cart.id }, { 'x-customer-id': 'cust-1001' });
    expect(own.data!.cart!.id).toBe(cart.id);
    const other = await t.gql(CartDocument, { id: cart.id }, { 'x-customer-id': 'cust-1002' });
    expect(other.data!.cart).toBeNull();
  });

  it("pages a customer's orders with the vendor's own offset and limit", async () => {
    for (let i = 0; i < 3; i++) {
      const cart = await fiberCart('cust-1004');
      await t.as('cust-1004').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input: await submitInput(cart.id, 'cust-1004') });
    }
    const queries = await t.sim(Vendor.ATT).count(ORDERS_QUERY);
    const first = await t.as('cust-1004').gql(ProductOrdersDocument, { customerId: 'cust-1004', vendor: 'ATT', first: 2 });
    const page1 = first.data!.productOrders;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await t.as('cust-1004').gql(ProductOrdersDocument, { customerId: 'cust-1004', vendor: 'ATT', first: 2, after: page1.pageInfo.endCursor });
    const page2 = second.data!.productOrders;
    expect(page2.edges).toHaveLength(1);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.pageInfo.hasPreviousPage).toBe(true);
    const ids = [...page1.edges, ...page2.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(3);
    expect(await t.sim(Vendor.ATT).count(ORDERS_QUERY)).toBe(queries + 2);
  });

  it('a bad cursor or page size is BAD_USER_INPUT', async () => {
    const cursor = await t.gql(ProductOrdersDocument, { customerId: 'cust-1001', after: 'not a cursor' });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'] });
    const size = await t.gql(ProductOrdersDocument, { customerId: 'cust-1001', first: 500 });
    expect(size.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['first'] });
  });
});

describe('AT&T batching, counted at the simulator', () => {
  it("a query naming the same cart 20 times makes no vendor read: AT&T carts are the subgraph's own records", async () => {
    const cart = await fiberCart();
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const res = await t.gql(CartTwentyTimesDocument, { id: cart.id });
    expect(Object.values(res.data!).every((c) => (c as { id: string }).id === cart.id)).toBe(true);
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('_entities with 50 Cart and ProductOrder representations: no cart read, orders in one query', async () => {
    const carts: string[] = [];
    const orders: string[] = [];
    for (let i = 0; i < 5; i++) {
      const cart = await fiberCart('cust-1005');
      carts.push(cart.id);
      const submitted = await t
        .as('cust-1005')
        .gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey(), input: await submitInput(cart.id, 'cust-1005') });
      orders.push(submitted.data!.cartSubmit.order!.id);
    }
    const representations = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0 ? { __typename: 'Cart', id: carts[i % 5] } : { __typename: 'ProductOrder', id: orders[i % 5] },
    );
    const stats = await t.sim(Vendor.ATT).stats();
    const res = await t.as('cust-1005').gql(EntitiesDocument, { representations });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toHaveLength(50);
    expect(res.data!._entities.every((e) => e !== null)).toBe(true);
    const after = await t.sim(Vendor.ATT).stats();
    expect(after.requests[GET_CART]).toBeUndefined();
    expect((after.requests[ORDERS_QUERY] ?? 0) - (stats.requests[ORDERS_QUERY] ?? 0)).toBe(1);
  });
});

describe('AT&T bad input is refused before any vendor call', () => {
  const malformed = [
    '',
    '../carts',
    'djE6QVRUOkNhcnQ6Li4vY2FydHM',
    'a%2Fb',
    'a?b',
    'a#b',
    'a\r\nb',
    'a\u0000b',
    'x'.repeat(500),
    Buffer.from('v1:NOPE:Cart:abc').toString('base64url'),
  ];

  it.each(malformed.map((id) => [JSON.stringify(id).slice(0, 40), id]))('cart id %s is BAD_USER_INPUT', async (_label, id) => {
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const query = await t.gql(CartDocument, { id });
    expect(query.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const mutation = await t.gql(CartItemsAddDocument, { cartId: id, items: [{ offeringId: 'esim', quantity: 1 }] });
    expect(mutation.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('a quantity of zero or less is BAD_USER_INPUT with the field path', async () => {
    const cart = await fiberCart();
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    for (const quantity of [0, -3]) {
      const res = await t.gql(CartItemsAddDocument, {
        cartId: cart.id,
        items: [
          { offeringId: 'esim', quantity: 1 },
          { offeringId: 'esim', quantity },
        ],
      });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items', '1', 'quantity'] });
    }
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('a missing required field is BAD_USER_INPUT with the field path', async () => {
    const cart = await fiberCart();
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const noType = await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'esim', quantity: 1 }] });
    expect(noType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items', '0', 'productType'] });
    const res = await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ action: 'ADD', quantity: 1 }] });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items', '0', 'offeringId'] });
    const terminate = await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ action: 'TERMINATE', quantity: 1 }] });
    expect(terminate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items', '0', 'productId'] });
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('a malformed idempotency key is BAD_USER_INPUT', async () => {
    const cart = await fiberCart();
    for (const key of ['short', 'has space in it', 'x'.repeat(200), 'bad\r\nkey-0001']) {
      const res = await t.gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['idempotencyKey'] });
    }
  });
});

describe('AT&T faults become typed GraphQL errors without vendor details', () => {
  it('a vendor 500 with internals in its body: VENDOR_UNAVAILABLE, no body, host or stack in the answer', async () => {
    const cart = await fiberCart();
    await t.sim(Vendor.ATT).fault(CHECKOUT, { type: 'status', status: 500, leak: true });
    const res = await t.gql(CartCheckoutDocument, { id: cart.id });
    expect(res.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
    expect(res.raw).not.toMatch(/127\.0\.0\.1|SELECT|at [A-Za-z]+ \(|stack|internal/i);
  });

  it('a vendor that never answers: VENDOR_TIMEOUT', async () => {
    const cart = await fiberCart();
    await t.sim(Vendor.ATT).fault(CHECKOUT, { type: 'hang' });
    const res = await t.gql(CartCheckoutDocument, { id: cart.id });
    expect(res.errors?.[0].extensions?.code).toBe('VENDOR_TIMEOUT');
    expect(res.errors?.[0].message).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}/);
  });

  it('every response carries x-request-id, taken from the request when given', async () => {
    const res = await t.gql(CartDocument, { id: 'bad' }, { 'x-request-id': 'req-abc-123' });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    const generated = await t.gql(CartDocument, { id: 'bad' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
