import { Vendor } from '../../src/common/vendor';
import {
  AdobeCartCreateDocument,
  AdobeCartItemsAddDocument,
  AdobeCartSubmitDocument,
  AdobeOrderDocument,
  CartCheckoutDocument,
  CartCreateDocument,
  CartItemsAddDocument,
  CartSubmitDocument,
  CartDocument,
  ProductOrderDocument,
} from '../generated/graphql';
import { PHONE } from '../support/oracle-fixtures';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { attCheckoutChoices } from '../support/att-fixtures';

// Tolerant reading: a vendor answer whose identity is sound but whose optional parts are malformed or carry an
// unknown value keeps the rest; each part dropped or kept raw is logged and counted on /metrics.
const METRIC = 'orders_vendor_answer_parts_dropped_total';
const ADOBE_GET_ORDER = 'GET /v3/customers/:customerId/orders/:orderId';
const ORACLE_GET_ORDER = 'GET /ccagent/v1/orders/:id';
const ATT_ORDERS_QUERY = 'POST /omni-svcs/v1/orders/query';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function scrape(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${t.app.port}/metrics`);
  return res.text();
}

/** The value of one sample of METRIC by its exact labels (0 when absent). */
function dropped(text: string, vendor: string, part: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${METRIC}{`) && l.includes(`vendor="${vendor}"`) && l.includes(`part="${part}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** The vendor id inside a graph id (`v1:VENDOR:Type:vendorId`, base64url). */
function vendorIdOf(graphId: string): string {
  return Buffer.from(graphId, 'base64url').toString('utf8').split(':').slice(3).join(':');
}

describe('tolerant reading of vendor answers, counted in metrics', () => {
  it('Adobe: an unknown status code and malformed pricing keep the order; each part is counted', async () => {
    const customer = 'cust-1001';
    const as = { 'x-customer-id': customer };
    const created = await t.gql(AdobeCartCreateDocument, { input: { vendor: 'ADOBE', customerId: customer } }, as);
    const cartId = created.data!.cartCreate.cart!.id;
    await t.gql(AdobeCartItemsAddDocument, { cartId, items: [{ offeringId: '65304470CA01A12', quantity: 3, currencyCode: 'USD' }] }, as);
    const submitted = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: newKey('tolerant-adobe') }, as);
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;
    const before = await scrape();

    await t.sim(Vendor.ADOBE).fault(
      ADOBE_GET_ORDER,
      {
        type: 'wrong-shape',
        body: {
          orderId: order.customerOrderId,
          customerId: customer,
          orderType: 'NEW',
          status: '1777',
          creationDate: 'not a date',
          lineItems: [{ extLineItemNumber: 1, offerId: '65304470CA01A12', quantity: 3, status: '1000', pricing: 'not an object' }],
          pricingSummary: 42,
        },
      },
      1,
    );
    const read = await t.gql(AdobeOrderDocument, { id: order.id }, as);
    expect(read.errors).toBeUndefined();
    expect(read.data!.productOrder).toMatchObject({ id: order.id, state: 'PENDING', vendorStatus: '1777', submittedAt: null });
    expect(read.data!.productOrder!.items).toEqual([expect.objectContaining({ id: '1', offeringId: '65304470CA01A12', quantity: 3, state: 'COMPLETED' })]);

    const after = await scrape();
    for (const part of ['order.status', 'order.creationDate', 'order.lineItems[].pricing', 'order.pricingSummary'])
      expect(dropped(after, 'Adobe', part) - dropped(before, 'Adobe', part)).toBe(1);
    expect(t.logs.some((l) => l.includes('vendor answer part dropped') && l.includes('"part":"order.status"') && l.includes('requestId'))).toBe(true);
  });

  it('Oracle: an unknown state and malformed payments, price and dynamic properties keep the cart; each part is counted', async () => {
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-1001', items: [PHONE] } });
    expect(created.data!.cartCreate.userErrors).toEqual([]);
    const cart = created.data!.cartCreate.cart!;
    const item = cart.items[0];
    const itemVendorId = vendorIdOf(item.id).split(':').pop()!;
    const before = await scrape();

    await t.sim(Vendor.ORACLE).fault(
      ORACLE_GET_ORDER,
      {
        type: 'wrong-shape',
        body: {
          id: vendorIdOf(cart.id),
          state: 'AWAITING_SOMETHING_NEW',
          orderProfileId: 'cust-1001',
          priceInfo: { currencyCode: 'USD', total: 'twelve', subTotal: '10.00' },
          shoppingCart: { items: [{ commerceItemId: itemVendorId, productId: item.offeringId, quantity: 1, listPrice: { odd: true } }] },
          payments: 'not a list',
          dynamicProperties: [{ id: 'giftWrap', value: 'yes' }, 'not an object'],
        },
      },
      1,
    );
    const read = await t.gql(CartDocument, { id: cart.id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.cart).toMatchObject({ id: cart.id, state: 'PENDING', vendorStatus: 'AWAITING_SOMETHING_NEW' });
    expect(read.data!.cart!.items).toEqual([expect.objectContaining({ offeringId: item.offeringId, quantity: 1 })]);
    expect(read.data!.cart!.totals.subtotal).toEqual({ amount: '10.00', currencyCode: 'USD' });
    expect(read.data!.cart!.totals.total).toBeNull();

    const after = await scrape();
    for (const part of ['order.state', 'order.priceInfo.total', 'order.shoppingCart.items[].listPrice', 'order.payments', 'order.dynamicProperties[]'])
      expect(dropped(after, 'Oracle', part) - dropped(before, 'Oracle', part)).toBe(1);
  });

  it('a vendor refusal met while reading a field is null beside the typed error VENDOR_REFUSED, never INTERNAL_SERVER_ERROR', async () => {
    const vendorCode = 'EXTSALESOPS-ORDER_QUERY-0400';
    await t.sim(Vendor.ATT).fault(ATT_ORDERS_QUERY, { type: 'status', status: 400, body: { code: vendorCode, reason: 'filter refused' } }, 1);
    const read = await t.gql(ProductOrderDocument, { id: Buffer.from('v1:ATT:ProductOrder:o-refused-read').toString('base64url') });
    expect(read.data?.productOrder ?? null).toBeNull();
    expect(read.errors?.[0].extensions).toMatchObject({ code: 'VENDOR_REFUSED', vendorCode, retryable: false });
    expect(read.raw).not.toContain('filter refused');
  });

  it('AT&T: after a lifecycle, an order read with an unknown state and malformed optional parts keeps the order; each part is counted', async () => {
    const customer = 'cust-1002';
    const created = await t.as(customer).gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: customer, items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    const cart = created.data!.cartCreate.cart!;
    const checkout = await t.as(customer).gql(CartCheckoutDocument, { id: cart.id });
    const options = checkout.data!.cart!.checkoutOptions!;
    const submitted = await t.as(customer).gql(CartSubmitDocument, {
      cartId: cart.id,
      idempotencyKey: newKey('tolerant-att'),
      input: {
        ...attCheckoutChoices(options),
      },
    });
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;
    const before = await scrape();

    const odd = {
      id: vendorIdOf(order.id),
      orderStatus: { status: 'Rerouted' },
      orderDate: 17,
      accounts: [{ accountNumber: customer }],
      orderPrice: { total: { nested: true } },
    };
    await t
      .sim(Vendor.ATT)
      .fault(ATT_ORDERS_QUERY, { type: 'wrong-shape', body: { data: { o0: { orders: [odd], pageInfo: { totalCount: 1, pageSize: 1, pageNumber: 1 } } } } }, 1);
    const read = await t.as(customer).gql(ProductOrderDocument, { id: order.id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.productOrder).toMatchObject({ id: order.id, state: 'PENDING', vendorStatus: 'Rerouted' });
    // Items come from the submit record, so a thin or odd answer keeps them.
    expect(read.data!.productOrder!.items.map((i) => i.offeringId)).toEqual(['fiber-1000']);

    const after = await scrape();
    expect(after).toContain(`# TYPE ${METRIC} counter`);
    for (const part of ['data.o0.orders[].orderStatus.status', 'data.o0.orders[].orderDate', 'data.o0.orders[].orderPrice.total']) {
      expect(dropped(after, 'AT&T', part) - dropped(before, 'AT&T', part)).toBe(1);
    }
  });

  it('AT&T: an add-items answer shaped as a full cart that cannot be read keeps the items sent, and is counted', async () => {
    const customer = 'cust-1002';
    const created = await t.as(customer).gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: customer, items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    const cart = created.data!.cartCreate.cart!;
    const before = await scrape();
    const unreadable = { id: vendorIdOf(cart.id), productOrderItem: [{ itemPrice: [{ price: { taxIncludedAmount: { value: 'ten' } } }] }] };
    await t.sim(Vendor.ATT).fault('POST /omni-svcs/v1/carts/:cartId/items', { type: 'wrong-shape', body: unreadable }, 1);
    const added = await t
      .as(customer)
      .gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'gateway-bgw320', productType: 'Equipment', quantity: 1 }] });
    expect(added.errors).toBeUndefined();
    expect(added.data!.cartItemsAdd.userErrors).toEqual([]);
    expect(added.data!.cartItemsAdd.cart!.items.map((i) => i.offeringId)).toEqual(['fiber-1000', 'gateway-bgw320']);
    const read = await t.as(customer).gql(CartDocument, { id: cart.id });
    expect(read.data!.cart!.items.map((i) => i.offeringId)).toEqual(['fiber-1000', 'gateway-bgw320']);
    expect(dropped(await scrape(), 'AT&T', 'cart') - dropped(before, 'AT&T', 'cart')).toBe(1);
  });
});
