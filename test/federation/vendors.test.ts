import { Vendor } from '../../src/common/vendor';
import {
  CartCreateDocument,
  CartPreAuthorizeDocument,
  CartSubmitDocument,
  CustomerOrdersByVendorDocument,
  CustomerOrdersByVendorQuery,
} from '../generated/graphql';
import { newKey, TestApp } from '../support/test-app';
import { startTestSupergraph, TestSupergraph } from './gateway';

let supergraph: TestSupergraph;
let t: TestApp;

beforeAll(async () => {
  supergraph = await startTestSupergraph({ 'x-customer-id': 'cust-1004' });
  t = supergraph.t;
});

afterAll(async () => {
  await supergraph.stop();
});

async function ordersThroughGateway(vendor: 'ORACLE' | 'ADOBE'): Promise<CustomerOrdersByVendorQuery> {
  const body = await supergraph.query(CustomerOrdersByVendorDocument, { id: 'cust-1004', vendor });
  expect(body.errors).toBeUndefined();
  return body.data;
}

const CALLER = { 'x-customer-id': 'cust-1004' };

describe('every vendor behind the same federated graph', () => {
  it('Customer.orders lists Oracle orders too, with their state moving on', async () => {
    const created = await t.gql(
      CartCreateDocument,
      { input: { vendor: 'ORACLE', customerId: 'cust-1004', items: [{ offeringId: 'prod-case', quantity: 2 }] } },
      CALLER,
    );
    const cartId = created.data!.cartCreate.cart!.id;
    const address = { line1: '600 Dexter Avenue', city: 'Montgomery', state: 'AL', postalCode: '36130', country: 'US' };
    const payments = [{ method: 'CARD' as const, cardToken: 'tok_visa_4242abcd', cardBrand: 'visa', cardLast4: '4242' }];
    const authorized = await t.gql(CartPreAuthorizeDocument, { cartId, input: { shippingAddress: address, payments } }, CALLER);
    expect(authorized.data!.cartPreAuthorize.userErrors).toEqual([]);
    const submitted = await t.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey('fed-oracle') }, CALLER);
    const order = submitted.data!.cartSubmit.order!;

    const listed = await ordersThroughGateway('ORACLE');
    expect(listed.customer!.name).toBeTruthy();
    const edge = listed.customer!.orders.edges.find((e) => e.node.id === order.id);
    expect(edge?.node).toMatchObject({ vendor: 'ORACLE', state: 'SUBMITTED', vendorStatus: 'SUBMITTED' });

    await t.sim(Vendor.ORACLE).advanceClock(2000);
    const later = await ordersThroughGateway('ORACLE');
    expect(later.customer!.orders.edges.find((e) => e.node.id === order.id)?.node).toMatchObject({ state: 'COMPLETED', pollAfter: null });
  });

  it('an Adobe order is pending with pollAfter, then complete with subscription ids, read through the gateway', async () => {
    const created = await t.gql(
      CartCreateDocument,
      { input: { vendor: 'ADOBE', customerId: 'cust-1004', items: [{ offeringId: '65304921CA01A12', quantity: 2, currencyCode: 'EUR' }] } },
      CALLER,
    );
    const cartId = created.data!.cartCreate.cart!.id;
    const submitted = await t.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey('fed-adobe') }, CALLER);
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;

    const pending = await ordersThroughGateway('ADOBE');
    const before = pending.customer!.orders.edges.find((e) => e.node.id === order.id)!.node;
    expect(before).toMatchObject({ vendor: 'ADOBE', state: 'SUBMITTED', vendorStatus: '1002' });
    expect(before.pollAfter).toBeGreaterThan(0);
    expect(before.items.every((i) => !i.subscriptionId)).toBe(true);

    await t.sim(Vendor.ADOBE).advanceClock(120);
    const complete = await ordersThroughGateway('ADOBE');
    const after = complete.customer!.orders.edges.find((e) => e.node.id === order.id)!.node;
    expect(after).toMatchObject({ state: 'COMPLETED', vendorStatus: '1000', pollAfter: null });
    expect(after.items.every((i) => Boolean(i.subscriptionId))).toBe(true);
  });
});
