import { expect } from '@jest/globals';
import { Vendor } from '../../src/common/vendor';
import { encodeId, tryDecodeId } from '../../src/common/ids';
import { ORACLE_TOKEN_TTL_SECONDS } from '../../dev/simulators/oracle/oracle.simulator';
import {
  CartCouponsApplyDocument,
  CartCreateDocument,
  CartItemInput,
  CartItemsRemoveDocument,
  CartPriceDocument,
  CartPreAuthorizeDocument,
  CartSubmitDocument,
  CartTwentyTimesDocument,
  OracleCartDocument,
  OracleCartItemsAddDocument,
  OracleCartPreAuthorizeDocument,
  OracleCustomerCartsAndOrdersDocument,
  OracleOrderDocument,
  OracleProductOrderTwentyTimesDocument,
  OrderResendForFulfillmentDocument,
  ProductOrdersDocument,
} from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { SimControl } from '../support/sim-control';
import { PHONE, ADDRESS, CARD } from '../support/oracle-fixtures';

const GET_ORDER = 'GET /ccagent/v1/orders/:id';
const PUT_ORDER = 'PUT /ccagent/v1/orders/:id';
const POST_ORDERS = 'POST /ccagent/v1/orders';
const LOGIN = 'POST /ccagent/v1/login';

const CASES: CartItemInput = { offeringId: 'prod-case', quantity: 2 };
const BUNDLE: CartItemInput = {
  offeringId: 'prod-starter-bundle',
  quantity: 1,
  children: [
    { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-256' }] },
    { offeringId: 'prod-plan-unl', quantity: 1 },
    { offeringId: 'prod-gift-wrap', quantity: 1, shopperInput: [{ name: 'message', value: 'Happy Birthday' }] },
  ],
};
const CARD_NUMBER = '4111111111111111';

const usd = (amount: string): { amount: string; currencyCode: string } => ({ amount, currencyCode: 'USD' });

describe('Oracle Commerce through the graph', () => {
  let t: TestApp;
  let sim: SimControl;

  const ops = async (): Promise<Record<string, number>> => {
    const res = await fetch(`${sim.origin}/__sim/oracle/ops`);
    return ((await res.json()) as { ops: Record<string, number> }).ops;
  };
  const counts = async (): Promise<{ requests: Record<string, number>; requestsTotal: number; ordersCreated: number }> => sim.stats();
  const count = (stats: { requests: Record<string, number> }, route: string): number => stats.requests[route] ?? 0;

  async function createCart(customerId = 'cust-1001', items?: CartItemInput[], headers?: Record<string, string>) {
    const res = await t.as(customerId).gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId, ...(items ? { items } : {}) } }, headers);
    expect(res.errors).toBeUndefined();
    expect(res.data?.cartCreate.userErrors).toEqual([]);
    return res.data!.cartCreate.cart!;
  }

  /** A cart with a phone and two cases, pre-authorized with a card and shipping address: ready to submit. */
  async function readyCart(customerId = 'cust-1001') {
    const cart = await createCart(customerId, [PHONE, CASES]);
    const res = await t.as(customerId).gql(CartPreAuthorizeDocument, { cartId: cart.id, input: { shippingAddress: ADDRESS, payments: [CARD] } });
    expect(res.data?.cartPreAuthorize.userErrors).toEqual([]);
    return cart;
  }

  async function submittedOrder(customerId = 'cust-1001') {
    const cart = await readyCart(customerId);
    const res = await t.as(customerId).gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey('oracle') });
    expect(res.data?.cartSubmit.userErrors).toEqual([]);
    return res.data!.cartSubmit.order!;
  }

  beforeAll(async () => {
    t = await startTestApp();
    sim = t.sim(Vendor.ORACLE);
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await sim.clearFaults();
    await fetch(`${sim.origin}/__sim/oracle/op-faults`, { method: 'DELETE' });
  });

  it('carries a cart from creation to a completed order: add, remove, coupon, price, pre-authorize, submit', async () => {
    const before = await counts();
    const created = await createCart('cust-1001');
    expect(created).toMatchObject({ vendor: 'ORACLE', customerId: 'cust-1001', state: 'DRAFT', vendorStatus: 'INCOMPLETE', items: [] });
    expect(created.totals.total).toEqual(usd('0.00'));

    const added = await t.gql(OracleCartItemsAddDocument, { cartId: created.id, items: [PHONE, CASES, BUNDLE] });
    expect(added.data?.cartItemsAdd.userErrors).toEqual([]);
    const items = added.data!.cartItemsAdd.cart!.items;
    expect(items.map((i) => [i.offeringId, i.quantity, i.totalPrice.oneTime?.amount])).toEqual([
      ['prod-phone-x', 1, '699.00'],
      ['prod-case', 2, '59.98'],
      ['prod-starter-bundle', 1, '749.00'],
    ]);
    expect(items[0].characteristics).toEqual([{ name: 'catRefId', value: 'sku-phone-x-128' }]);
    expect(items[2].unitPrice.recurring).toEqual({ amount: usd('40.00'), period: 'MONTH' });
    expect(items[2].children.map((c) => [c.offeringId, c.unitPrice.oneTime?.amount])).toEqual([
      ['prod-phone-x', '0.00'],
      ['prod-plan-unl', '0.00'],
      ['prod-gift-wrap', '4.99'],
    ]);
    expect(items[2].children[2].shopperInput).toEqual([{ name: 'message', value: 'Happy Birthday' }]);
    expect(added.data!.cartItemsAdd.cart!.totals.subtotal).toEqual(usd('1512.97'));

    const removed = await t.gql(CartItemsRemoveDocument, { cartId: created.id, itemIds: [items[1].id] });
    expect(removed.data?.cartItemsRemove.userErrors).toEqual([]);
    expect(removed.data!.cartItemsRemove.cart!.items.map((i) => i.id)).toEqual([items[0].id, items[2].id]);

    const coupon = await t.gql(CartCouponsApplyDocument, { cartId: created.id, codes: ['SAVE10'] });
    expect(coupon.data?.cartCouponsApply.userErrors).toEqual([]);
    expect(coupon.data!.cartCouponsApply.cart!.coupons).toEqual([
      { code: 'SAVE10', status: 'claimed', description: expect.any(String), discount: usd('145.30') },
    ]);

    // 699.00 + 749.00 + 4.99 = 1452.99; SAVE10 takes 145.30; tax 8% of 1307.69 = 104.62; ground shipping 5.00.
    const priced = await t.gql(CartPriceDocument, { cartId: created.id });
    expect(priced.data?.cartPrice.userErrors).toEqual([]);
    expect(priced.data!.cartPrice.cart!.totals).toEqual({
      oneTime: usd('1452.99'),
      subtotal: usd('1452.99'),
      discount: usd('145.30'),
      shipping: usd('5.00'),
      tax: usd('104.62'),
      total: usd('1417.31'),
      recurring: [{ amount: usd('40.00'), period: 'MONTH' }],
    });

    const preAuth = await t.gql(OracleCartPreAuthorizeDocument, { cartId: created.id, input: { shippingAddress: ADDRESS, payments: [CARD] } });
    expect(preAuth.data?.cartPreAuthorize.userErrors).toEqual([]);
    expect(preAuth.data!.cartPreAuthorize.cart).toMatchObject({
      state: 'DRAFT',
      shippingMethod: 'ground',
      shippingAddress: { line1: '600 Dexter Avenue', postalCode: '36130' },
    });

    const opsBefore = await ops();
    const key = newKey('oracle-lifecycle');
    const submitted = await t.gql(CartSubmitDocument, {
      cartId: created.id,
      idempotencyKey: key,
      input: { dynamicProperties: [{ name: 'dynamicPropertyShippingInstructions', value: 'Leave at the door' }] },
    });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;
    expect(order).toMatchObject({
      vendor: 'ORACLE',
      customerId: 'cust-1001',
      state: 'SUBMITTED',
      vendorStatus: 'SUBMITTED',
      customerOrderId: expect.stringMatching(/^o\d+$/),
      pollAfter: 60,
      payments: [{ method: 'CARD', status: 'AUTHORIZED', amount: usd('1417.31'), card: { brand: 'visa', last4: '4242' } }],
    });
    expect(order.totals.total).toEqual(usd('1417.31'));
    expect(order.items.map((i) => i.offeringId)).toEqual(['prod-phone-x', 'prod-starter-bundle', 'prod-phone-x', 'prod-plan-unl', 'prod-gift-wrap']);
    expect((await ops()).submitOrder).toBe((opsBefore.submitOrder ?? 0) + 1);
    expect((await counts()).ordersCreated).toBe(before.ordersCreated + 1);

    const read = await t.gql(OracleOrderDocument, { id: order.id });
    expect(read.data?.productOrder).toMatchObject({
      id: order.id,
      state: 'SUBMITTED',
      dynamicProperties: [{ name: 'dynamicPropertyShippingInstructions', value: 'Leave at the door' }],
      shippingAddress: { line1: '600 Dexter Avenue', city: 'Montgomery', state: 'AL', postalCode: '36130', country: 'US' },
      totals: { subtotal: usd('1452.99'), tax: usd('104.62'), shipping: usd('5.00'), discount: usd('145.30') },
      cart: { id: created.id, state: 'SUBMITTED' },
    });
    const cartNow = await t.gql(OracleCartDocument, { id: created.id });
    expect(cartNow.data?.cart).toMatchObject({ state: 'SUBMITTED', order: { id: order.id, state: 'SUBMITTED' } });

    await sim.advanceClock(120);
    const processing = await t.gql(OracleOrderDocument, { id: order.id });
    expect(processing.data?.productOrder).toMatchObject({ state: 'IN_PROGRESS', vendorStatus: 'PROCESSING', pollAfter: 600 });
    await sim.advanceClock(1680);
    const completed = await t.gql(OracleOrderDocument, { id: order.id });
    expect(completed.data?.productOrder).toMatchObject({ state: 'COMPLETED', vendorStatus: 'NO_PENDING_ACTION', pollAfter: null });

    const again = await t.gql(CartSubmitDocument, {
      cartId: created.id,
      idempotencyKey: key,
      input: { dynamicProperties: [{ name: 'dynamicPropertyShippingInstructions', value: 'Leave at the door' }] },
    });
    expect(again.data?.cartSubmit.order?.id).toBe(order.id);
    expect((await ops()).submitOrder).toBe((opsBefore.submitOrder ?? 0) + 1);
    expect((await counts()).ordersCreated).toBe(before.ordersCreated + 1);

    const listed = await t.gql(ProductOrdersDocument, { customerId: 'cust-1001', vendor: 'ORACLE', first: 50 });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.productOrders.nodes.map((n) => n.id)).toContain(order.id);
  });

  it('renews the agent token once on a 401 and repeats the call (token expired by the simulator clock)', async () => {
    const cart = await createCart('cust-1002');
    const before = await counts();
    await sim.advanceClock(ORACLE_TOKEN_TTL_SECONDS + 10);
    const res = await t.as('cust-1002').gql(OracleCartDocument, { id: cart.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.cart?.id).toBe(cart.id);
    const after = await counts();
    expect(count(after, LOGIN)).toBe(count(before, LOGIN) + 1);
    expect(count(after, GET_ORDER)).toBe(count(before, GET_ORDER) + 2);
  });

  it('lets concurrent callers share one login after the token was revoked', async () => {
    const carts = [];
    for (let i = 0; i < 5; i += 1) carts.push(await createCart('cust-1002'));
    await sim.post('/__sim/oracle/tokens/revoke', {});
    const before = await counts();
    const answers = await Promise.all(carts.map((c) => t.as('cust-1002').gql(OracleCartDocument, { id: c.id })));
    expect(answers.map((a) => a.data?.cart?.id)).toEqual(carts.map((c) => c.id));
    const after = await counts();
    expect(count(after, LOGIN)).toBe(count(before, LOGIN) + 1);
    // Each read is sent once, plus once more when it left with the revoked token.
    expect(count(after, GET_ORDER)).toBeGreaterThanOrEqual(count(before, GET_ORDER) + 6);
    expect(count(after, GET_ORDER)).toBeLessThanOrEqual(count(before, GET_ORDER) + 10);
  });

  it('P1: reads one Oracle order once however often a request names it', async () => {
    const order = await submittedOrder('cust-1003');
    const cartId = encodeId(Vendor.ORACLE, 'Cart', order.customerOrderId!);
    let before = await counts();
    const carts = await t.as('cust-1003').gql(CartTwentyTimesDocument, { id: cartId });
    expect(carts.errors).toBeUndefined();
    expect(Object.values(carts.data!).every((c) => c?.id === cartId)).toBe(true);
    expect(count(await counts(), GET_ORDER)).toBe(count(before, GET_ORDER) + 1);
    before = await counts();
    const orders = await t.as('cust-1003').gql(OracleProductOrderTwentyTimesDocument, { id: order.id });
    expect(orders.errors).toBeUndefined();
    expect(Object.values(orders.data!).every((o) => o?.id === order.id)).toBe(true);
    const after = await counts();
    expect(count(after, GET_ORDER)).toBe(count(before, GET_ORDER) + 1);
    expect(after.requestsTotal).toBe(before.requestsTotal + 1);
  });

  describe('refusals come back as userErrors with stable codes and Oracle codes', () => {
    it('CUSTOMER_NOT_FOUND for a customer Oracle has no profile for', async () => {
      const res = await t.as('cust-9999').gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-9999' } });
      expect(res.data?.cartCreate.cart).toBeNull();
      expect(res.data?.cartCreate.userErrors).toEqual([
        { code: 'CUSTOMER_NOT_FOUND', field: ['input', 'customerId'], message: expect.any(String), vendorCode: '22000' },
      ]);
    });

    it('OFFERING_NOT_FOUND and INVALID_FIELD for bad items, each naming the argument that holds it', async () => {
      const cart = await createCart('cust-1001', [PHONE]);
      const res = await t.gql(OracleCartItemsAddDocument, {
        cartId: cart.id,
        items: [
          { offeringId: 'prod-nope', quantity: 1 },
          { offeringId: 'prod-case', quantity: 1000 },
          { offeringId: 'prod-earbuds', quantity: 1, children: [{ offeringId: 'prod-gift-wrap', quantity: 1 }] },
          { offeringId: 'prod-phone-x', quantity: 1 },
        ],
      });
      const errors = res.data?.cartItemsAdd.userErrors.map((e) => [e.code, e.field, e.vendorCode]);
      expect(errors).toHaveLength(4);
      expect(errors).toEqual(
        expect.arrayContaining([
          ['OFFERING_NOT_FOUND', ['items', '0', 'offeringId'], '20031'],
          ['INVALID_FIELD', ['items', '1', 'quantity'], '28012'],
          ['OFFERING_NOT_FOUND', ['items', '3', 'characteristics'], '28011'],
          ['INVALID_FIELD', ['items', '2', 'children', '0', 'shopperInput'], '28014'],
        ]),
      );
      const unchanged = await t.gql(OracleCartDocument, { id: cart.id });
      expect(unchanged.data?.cart?.items).toHaveLength(1);
    });

    it('INVALID_FIELD for what Oracle cannot take, refused before any change is sent', async () => {
      const cart = await createCart('cust-1001');
      const before = await counts();
      const terminate = await t.gql(OracleCartItemsAddDocument, { cartId: cart.id, items: [{ action: 'TERMINATE', productId: 'asset-1', quantity: 1 }] });
      expect(terminate.data?.cartItemsAdd.userErrors).toEqual([
        { code: 'INVALID_FIELD', field: ['items', '0', 'action'], message: expect.any(String), vendorCode: null },
      ]);
      const bank = await t.gql(CartPreAuthorizeDocument, { cartId: cart.id, input: { payments: [{ method: 'BANK', paymentProfileId: 'bank-1' }] } });
      expect(bank.data?.cartPreAuthorize.userErrors).toEqual([
        { code: 'INVALID_FIELD', field: ['input', 'payments', '0', 'method'], message: expect.any(String), vendorCode: null },
      ]);
      const after = await counts();
      expect(count(after, PUT_ORDER)).toBe(count(before, PUT_ORDER));
      expect(count(after, POST_ORDERS)).toBe(count(before, POST_ORDERS));
    });

    it('INVALID_FIELD for coupons Oracle does not know, named by their place in the codes argument', async () => {
      const cart = await createCart('cust-1001', [PHONE]);
      await t.gql(CartCouponsApplyDocument, { cartId: cart.id, codes: ['SAVE10'] });
      const res = await t.gql(CartCouponsApplyDocument, { cartId: cart.id, codes: ['SAVE10', 'NOPE', 'EXPIRED2020'] });
      expect(res.data?.cartCouponsApply.userErrors.map((e) => [e.code, e.field, e.vendorCode])).toEqual([
        ['INVALID_FIELD', ['codes', '1'], '28020'],
        ['INVALID_FIELD', ['codes', '2'], '28021'],
      ]);
      expect(res.data?.cartCouponsApply.cart?.coupons.map((c) => c.code)).toEqual(['SAVE10']);
    });

    it('INVALID_FIELD for an address Oracle refuses, one error per field, and for a missing address', async () => {
      const cart = await readyCart('cust-1004');
      const before = await counts();
      const bad = await t.as('cust-1004').gql(CartSubmitDocument, {
        cartId: cart.id,
        idempotencyKey: newKey('oracle-address'),
        input: { shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: 'ABCDE', country: 'US' } },
      });
      expect(bad.data?.cartSubmit.order).toBeNull();
      expect(bad.data?.cartSubmit.userErrors.map((e) => [e.code, e.field, e.vendorCode])).toEqual([
        ['INVALID_FIELD', ['input', 'shippingAddress', 'state'], '28031'],
        ['INVALID_FIELD', ['input', 'shippingAddress', 'postalCode'], '28031'],
      ]);
      expect((await counts()).ordersCreated).toBe(before.ordersCreated);

      const bare = await createCart('cust-1004', [CASES]);
      const noAddress = await t
        .as('cust-1004')
        .gql(CartSubmitDocument, { cartId: bare.id, idempotencyKey: newKey('oracle-noaddr'), input: { payments: [CARD] } });
      expect(noAddress.data?.cartSubmit.userErrors).toEqual([
        { code: 'INVALID_FIELD', field: ['input', 'shippingAddress'], message: expect.any(String), vendorCode: '28032' },
      ]);
    });

    it('PAYMENT_REFUSED for a declined card and for a submit with no payment', async () => {
      const cart = await createCart('cust-1004', [CASES]);
      const declined = await t.as('cust-1004').gql(CartPreAuthorizeDocument, {
        cartId: cart.id,
        input: { shippingAddress: ADDRESS, payments: [{ ...CARD, cardToken: 'tok_decline_0001' }] },
      });
      expect(declined.data?.cartPreAuthorize.userErrors).toEqual([
        { code: 'PAYMENT_REFUSED', field: ['input', 'payments', '0', 'cardToken'], message: expect.any(String), vendorCode: '28044' },
      ]);
      const unpaid = await t
        .as('cust-1004')
        .gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey('oracle-unpaid'), input: { shippingAddress: ADDRESS } });
      expect(unpaid.data?.cartSubmit.userErrors).toEqual([
        { code: 'PAYMENT_REFUSED', field: ['input', 'payments'], message: expect.any(String), vendorCode: '28043' },
      ]);
      const mismatch = await t.as('cust-1004').gql(CartPreAuthorizeDocument, { cartId: cart.id, input: { payments: [{ ...CARD, amount: '1.00' }] } });
      expect(mismatch.data?.cartPreAuthorize.userErrors[0]).toMatchObject({ code: 'PAYMENT_REFUSED', vendorCode: '28042' });
    });

    it('CART_EMPTY, CART_NOT_EDITABLE, CART_NOT_FOUND and ITEM_NOT_FOUND', async () => {
      const empty = await createCart('cust-1005');
      const emptySubmit = await t.as('cust-1005').gql(CartSubmitDocument, {
        cartId: empty.id,
        idempotencyKey: newKey('oracle-empty'),
        input: { shippingAddress: ADDRESS, payments: [CARD] },
      });
      expect(emptySubmit.data?.cartSubmit.userErrors).toEqual([{ code: 'CART_EMPTY', field: ['cartId'], message: expect.any(String), vendorCode: '28005' }]);

      const order = await submittedOrder('cust-1005');
      const cartId = encodeId(Vendor.ORACLE, 'Cart', order.customerOrderId!);
      const late = await t.as('cust-1005').gql(OracleCartItemsAddDocument, { cartId, items: [CASES] });
      expect(late.data?.cartItemsAdd.userErrors).toEqual([{ code: 'CART_NOT_EDITABLE', field: ['cartId'], message: expect.any(String), vendorCode: '28004' }]);

      const missing = await t.as('cust-1005').gql(CartPriceDocument, { cartId: encodeId(Vendor.ORACLE, 'Cart', 'o99999') });
      expect(missing.data?.cartPrice.userErrors).toEqual([{ code: 'CART_NOT_FOUND', field: ['cartId'], message: expect.any(String), vendorCode: null }]);

      const other = await createCart('cust-1005', [CASES]);
      const foreignItem = other.items[0].id;
      const wrong = await t.as('cust-1005').gql(CartItemsRemoveDocument, { cartId: empty.id, itemIds: [foreignItem] });
      expect(wrong.data?.cartItemsRemove.userErrors).toEqual([
        { code: 'ITEM_NOT_FOUND', field: ['itemIds', '0'], message: expect.any(String), vendorCode: null },
      ]);
    });

    it('resends submitted orders for fulfilment, and refuses orders past fulfilment', async () => {
      const order = await submittedOrder('cust-1003');
      const opsBefore = await ops();
      const res = await t.as('cust-1003').gql(OrderResendForFulfillmentDocument, { orderIds: [order.id] });
      expect(res.data?.orderResendForFulfillment).toMatchObject({ orders: [{ id: order.id, state: 'SUBMITTED' }], userErrors: [] });
      expect((await ops()).resendOrdersForFulfillment).toBe((opsBefore.resendOrdersForFulfillment ?? 0) + 1);
      await sim.advanceClock(1800);
      const late = await t.as('cust-1003').gql(OrderResendForFulfillmentDocument, { orderIds: [order.id] });
      expect(late.data?.orderResendForFulfillment.orders).toEqual([]);
      expect(late.data?.orderResendForFulfillment.userErrors).toEqual([
        { code: 'VENDOR_REFUSED', field: ['orderIds'], message: expect.stringContaining(order.id), vendorCode: null },
      ]);
      const cart = await createCart('cust-1003');
      const stillACart = encodeId(Vendor.ORACLE, 'ProductOrder', tryDecodeId(cart.id, 'Cart')!.vendorId);
      const notAnOrder = await t.as('cust-1003').gql(OrderResendForFulfillmentDocument, { orderIds: [stillACart] });
      expect(notAnOrder.data?.orderResendForFulfillment.userErrors[0]).toMatchObject({ code: 'ORDER_NOT_FOUND', field: ['orderIds', '0'] });
    });
  });

  describe('bad input is refused before any vendor call', () => {
    it('G11, G12, G10, G15: malformed ids, unsafe header values, negative quantities, malformed addresses, card numbers', async () => {
      const cart = await createCart('cust-1002');
      const before = await counts();
      const badIds = [
        'not an id!',
        Buffer.from('v1:ORACLE:Cart:../o30001').toString('base64url'),
        Buffer.from('v1:ORACLE:Cart:o1%2Fx').toString('base64url'),
        'a'.repeat(300),
      ];
      for (const id of badIds) {
        const res = await t.as('cust-1002').gql(OracleCartDocument, { id });
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
      for (const site of ['../siteUS', 'site/US', 'site%2FUS', 'site\tUS', 'siteUS?x=1', 'siteUS#x']) {
        const res = await t.as('cust-1002').gql(OracleCartDocument, { id: cart.id }, { 'x-ccsite': site });
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.raw).not.toContain(site);
      }
      const org = await t.as('cust-1002').gql(OracleCartDocument, { id: cart.id }, { 'x-ccorganization': 'or-1/../admin' });
      expect(org.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

      const negative = await t.as('cust-1002').gql(OracleCartItemsAddDocument, { cartId: cart.id, items: [{ ...CASES, quantity: -1 }] });
      expect(negative.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items', '0', 'quantity'] });

      const address = await t.as('cust-1002').gql(CartSubmitDocument, {
        cartId: cart.id,
        idempotencyKey: newKey('oracle-bad'),
        input: { shippingAddress: { ...ADDRESS, country: 'USA' } },
      });
      expect(address.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'shippingAddress', 'country'] });

      const carded = await t.as('cust-1002').gql(CartPreAuthorizeDocument, { cartId: cart.id, input: { payments: [{ ...CARD, cardToken: CARD_NUMBER }] } });
      expect(carded.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // Named from the argument, whichever guard caught it first (the variables guard prefixes "variables").
      expect((carded.errors?.[0].extensions?.field as string[]).slice(-4)).toEqual(['input', 'payments', '0', 'cardToken']);
      const cardInAddress = await t.as('cust-1002').gql(CartPreAuthorizeDocument, {
        cartId: cart.id,
        input: { shippingAddress: { ...ADDRESS, line1: `${CARD_NUMBER} Main St` }, payments: [CARD] },
      });
      expect(cardInAddress.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      for (const res of [carded, cardInAddress]) expect(res.raw).not.toContain(CARD_NUMBER);

      const badKey = await t.as('cust-1002').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: 'short' });
      expect(badKey.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

      const after = await counts();
      expect(after.requestsTotal).toBe(before.requestsTotal);
      expect(t.logs.join('\n')).not.toContain(CARD_NUMBER);
    });

    it('G15: a card number in a dynamic property never reaches Oracle, a response or a log', async () => {
      const cart = await createCart('cust-1002', [CASES]);
      const before = await counts();
      const res = await t.as('cust-1002').gql(CartSubmitDocument, {
        cartId: cart.id,
        idempotencyKey: newKey('oracle-card'),
        input: {
          shippingAddress: ADDRESS,
          payments: [CARD],
          dynamicProperties: [{ name: 'dynamicPropertyShippingInstructions', value: `card ${CARD_NUMBER}` }],
        },
      });
      // The graph's input guard refuses it first; the adapter's own check (INVALID_FIELD) stands behind it.
      const byGraph = res.errors?.[0].extensions?.code === 'BAD_USER_INPUT';
      const byAdapter =
        res.data?.cartSubmit.userErrors.some((e) => e.code === 'INVALID_FIELD' && e.field?.join('.') === 'input.dynamicProperties.0.value') === true;
      expect(byGraph || byAdapter).toBe(true);
      expect(res.data?.cartSubmit.order ?? null).toBeNull();
      const after = await counts();
      expect(count(after, PUT_ORDER)).toBe(count(before, PUT_ORDER));
      expect(count(after, POST_ORDERS)).toBe(count(before, POST_ORDERS));
      expect(res.raw).not.toContain(CARD_NUMBER);
      expect(t.logs.join('\n')).not.toContain(CARD_NUMBER);
    });
  });

  describe('site and organization headers', () => {
    it('forwards x-ccsite: a cart made on siteCA is priced in CAD', async () => {
      const cart = await createCart('cust-1001', [{ offeringId: 'prod-earbuds', quantity: 1 }], { 'x-ccsite': 'siteCA' });
      expect(cart.totals.subtotal).toEqual({ amount: '169.00', currencyCode: 'CAD' });
      expect(cart.totals.tax).toEqual({ amount: '21.97', currencyCode: 'CAD' });
    });

    it('answers BAD_USER_INPUT naming the header when Oracle knows no such site or organization', async () => {
      const site = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-1001' } }, { 'x-ccsite': 'siteXX' });
      expect(site.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['x-ccsite'] });
      const cart = await createCart('cust-1004');
      const org = await t.as('cust-1004').gql(OracleCartDocument, { id: cart.id }, { 'x-ccorganization': 'or-999999' });
      expect(org.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['x-ccorganization'] });
      const inactive = await t.as('cust-1004').gql(OracleCartDocument, { id: cart.id }, { 'x-ccorganization': 'or-100003' });
      expect(inactive.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['x-ccorganization'] });
    });
  });

  it("lists a customer's Oracle carts from the index and orders from Oracle's list", async () => {
    const cart = await createCart('cust-1003');
    const order = await submittedOrder('cust-1003');
    const res = await t
      .as('cust-1003')
      .gql(OracleCustomerCartsAndOrdersDocument, { representations: [{ __typename: 'Customer', id: 'cust-1003' }], vendor: 'ORACLE' });
    expect(res.errors).toBeUndefined();
    const customer = res.data!._entities[0] as {
      carts: { nodes: { id: string; state: string }[] };
      orders: { totalCount: number; nodes: { id: string; state: string }[] };
    };
    expect(customer.carts.nodes.map((c) => c.id)).toEqual(expect.arrayContaining([cart.id]));
    expect(customer.orders.nodes.map((o) => o.id)).toContain(order.id);
    expect(customer.orders.nodes.every((o) => o.state !== 'DRAFT')).toBe(true);
  });

  describe('upstream faults are GraphQL errors, not refusals', () => {
    it('F6: a read that keeps failing with 503 is retried a bounded number of times, then VENDOR_UNAVAILABLE', async () => {
      const cart = await createCart('cust-1005');
      await sim.fault(GET_ORDER, { type: 'status', status: 503 }, 3);
      const before = await counts();
      const res = await t.as('cust-1005').gql(OracleCartDocument, { id: cart.id });
      expect(res.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
      expect(res.raw).not.toMatch(/127\.0\.0\.1|localhost/);
      expect(count(await counts(), GET_ORDER)).toBe(count(before, GET_ORDER) + 3);
    });

    it('F9, F10: malformed JSON and valid JSON of the wrong shape are VENDOR_BAD_RESPONSE, not retried', async () => {
      const cart = await createCart('cust-1005');
      for (const fault of [{ type: 'malformed' }, { type: 'wrong-shape', body: { id: 42, state: 'INCOMPLETE' } }]) {
        await sim.fault(GET_ORDER, fault, 1);
        const before = await counts();
        const res = await t.as('cust-1005').gql(OracleCartDocument, { id: cart.id });
        expect(res.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
        expect(res.data?.cart ?? null).toBeNull();
        expect(count(await counts(), GET_ORDER)).toBe(count(before, GET_ORDER) + 1);
      }
    });

    it('F5: a submit whose answer is lost after Oracle committed reconciles to exactly one order', async () => {
      const cart = await readyCart('cust-1005');
      const key = newKey('oracle-f5');
      const before = await counts();
      await fetch(`${sim.origin}/__sim/oracle/op-faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'submitOrder', status: 500, when: 'after' }),
      });
      const lost = await t.as('cust-1005').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
      expect(lost.data?.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      const opsAfterLoss = await ops();
      expect((await counts()).ordersCreated).toBe(before.ordersCreated + 1);

      const retried = await t.as('cust-1005').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
      expect(retried.errors).toBeUndefined();
      expect(retried.data?.cartSubmit.order).toMatchObject({ state: 'SUBMITTED', customerOrderId: expect.stringMatching(/^o\d+$/) });
      expect((await ops()).submitOrder).toBe(opsAfterLoss.submitOrder);
      expect((await counts()).ordersCreated).toBe(before.ordersCreated + 1);
    });

    it('F6: a submit answered 503 before Oracle acted is reconciled, then placed once on the retry', async () => {
      const cart = await readyCart('cust-1005');
      const key = newKey('oracle-f6');
      const before = await counts();
      await fetch(`${sim.origin}/__sim/oracle/op-faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'submitOrder', status: 503, when: 'before' }),
      });
      const failed = await t.as('cust-1005').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
      // A 503 to a write cannot prove that Oracle did not act: unknown, and the retry reads INCOMPLETE first.
      expect(failed.data?.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      expect((await counts()).ordersCreated).toBe(before.ordersCreated);
      const retried = await t.as('cust-1005').gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
      expect(retried.data?.cartSubmit.order?.state).toBe('SUBMITTED');
      expect((await counts()).ordersCreated).toBe(before.ordersCreated + 1);
    });

    it('F14: the same key with a different payload is refused with no vendor call', async () => {
      const key = newKey('oracle-f14');
      const other = await readyCart('cust-1005');
      const placed = await t.as('cust-1005').gql(CartSubmitDocument, { cartId: other.id, idempotencyKey: key });
      expect(placed.data?.cartSubmit.order?.state).toBe('SUBMITTED');
      const before = await counts();
      const reused = await t.as('cust-1005').gql(CartSubmitDocument, { cartId: other.id, idempotencyKey: key, input: { shippingMethod: 'express' } });
      expect(reused.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await counts()).requestsTotal).toBe(before.requestsTotal);
    });
  });
});
