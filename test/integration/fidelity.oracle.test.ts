import { Vendor } from '../../src/common/vendor';
import { ORACLE_REQUESTS } from '../../src/vendors/oracle/oracle.requests';
import {
  CartCouponsApplyDocument,
  CartCreateDocument,
  CartItemsRemoveDocument,
  CartPriceDocument,
  CartSubmitDocument,
  OracleCartItemsAddDocument,
  OracleCartPreAuthorizeDocument,
  OracleOrderDocument,
  OrderResendForFulfillmentDocument,
  ProductOrdersDocument,
} from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { clearLoggedRequests, loggedRequests, undocumented } from '../support/request-log';
import { ADDRESS } from '../support/oracle-fixtures';

describe.each([
  ['strict', { SIMULATOR_STRICT: '1' }],
  ['rich', {}],
])('Oracle lifecycle against the %s simulator, with only documented requests', (_mode, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(async () => {
    await t.close();
  });

  it('create -> add -> remove -> coupon -> price -> pre-authorize -> submit -> read -> list -> resend; every request is in the Oracle table', async () => {
    const base = t.simulators.byVendor.ORACLE.baseUrl;
    await clearLoggedRequests(base);
    const customerId = 'cust-1002';
    const created = await t.as(customerId).gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId } });
    expect(created.data!.cartCreate.userErrors).toEqual([]);
    const cart = created.data!.cartCreate.cart!;
    const added = await t.as(customerId).gql(OracleCartItemsAddDocument, {
      cartId: cart.id,
      items: [
        { offeringId: 'prod-phone-x', quantity: 1, characteristics: [{ name: 'catRefId', value: 'sku-phone-x-128' }] },
        { offeringId: 'prod-case', quantity: 2 },
      ],
    });
    expect(added.data!.cartItemsAdd.userErrors).toEqual([]);
    const items = added.data!.cartItemsAdd.cart!.items;
    const removed = await t.as(customerId).gql(CartItemsRemoveDocument, { cartId: cart.id, itemIds: [items[1].id] });
    expect(removed.data!.cartItemsRemove.userErrors).toEqual([]);
    const coupon = await t.as(customerId).gql(CartCouponsApplyDocument, { cartId: cart.id, codes: ['SAVE10'] });
    expect(coupon.data!.cartCouponsApply.userErrors).toEqual([]);
    const priced = await t.as(customerId).gql(CartPriceDocument, { cartId: cart.id });
    expect(priced.data!.cartPrice.userErrors).toEqual([]);
    const preAuth = await t.as(customerId).gql(OracleCartPreAuthorizeDocument, {
      cartId: cart.id,
      input: {
        shippingAddress: ADDRESS,
        payments: [
          {
            method: 'CARD',
            cardToken: 'tok_visa_4242abcd',
            cardBrand: 'visa',
            cardLast4: '4242',
            nameOnCard: 'Ada Lovelace',
            cardExpiryMonth: 12,
            cardExpiryYear: 2030,
          },
        ],
      },
    });
    expect(preAuth.errors).toBeUndefined();
    expect(preAuth.data!.cartPreAuthorize.userErrors).toEqual([]);
    const submitted = await t.as(customerId).gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey('fidelity-oracle') });
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;
    expect(order.payments[0]).toMatchObject({ method: 'CARD', card: { brand: 'visa', last4: '4242' } });

    const read = await t.as(customerId).gql(OracleOrderDocument, { id: order.id });
    expect(read.data!.productOrder!.id).toBe(order.id);
    const listed = await t.as(customerId).gql(ProductOrdersDocument, { customerId, vendor: 'ORACLE', first: 10 }, { 'x-customer-id': customerId });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.productOrders.nodes.map((n) => n.id)).toContain(order.id);
    const resent = await t.as(customerId).gql(OrderResendForFulfillmentDocument, { orderIds: [order.id] });
    expect(resent.errors).toBeUndefined();

    // An invoice with a purchase order number travels in the documented fields and reads back.
    const second = await t
      .as(customerId)
      .gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId, items: [{ offeringId: 'prod-case', quantity: 1 }] } });
    const invoiced = await t.as(customerId).gql(CartSubmitDocument, {
      cartId: second.data!.cartCreate.cart!.id,
      idempotencyKey: newKey('fidelity-oracle-invoice'),
      input: { shippingAddress: ADDRESS, payments: [{ method: 'INVOICE', purchaseOrderNumber: 'PO-2026-0042' }] },
    });
    expect(invoiced.errors).toBeUndefined();
    expect(invoiced.data!.cartSubmit.userErrors).toEqual([]);
    expect(invoiced.data!.cartSubmit.order!.payments[0]).toMatchObject({ method: 'INVOICE', paymentType: 'invoice', purchaseOrderNumber: 'PO-2026-0042' });

    const logged = await loggedRequests(base);
    expect(logged.length).toBeGreaterThanOrEqual(10);
    expect(logged.some((r) => r.body.includes('payments[].customProperties.cardToken'))).toBe(true);
    expect(logged.some((r) => r.body.includes('payments[].PONumber'))).toBe(true);
    expect(undocumented(ORACLE_REQUESTS, logged, { main: '' })).toEqual([]);
  });
});

describe('Oracle switches', () => {
  it('ORACLE_LIST_ORDERS_QUERY lists orders with the agent list call; off, the list comes from the own index', async () => {
    const t = await startTestApp({ ORACLE_LIST_ORDERS_QUERY: 'true' });
    try {
      const sim = t.sim(Vendor.ORACLE);
      const before = await sim.count('GET /ccagent/v1/orders');
      const listed = await t.gql(ProductOrdersDocument, { customerId: 'cust-1001', vendor: 'ORACLE', first: 5 });
      expect(listed.errors).toBeUndefined();
      expect(await sim.count('GET /ccagent/v1/orders')).toBe(before + 1);
    } finally {
      await t.close();
    }
  });
});
