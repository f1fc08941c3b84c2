import { ADOBE_REQUESTS } from '../../src/vendors/adobe/adobe.requests';
import {
  AdobeCartCreateDocument,
  AdobeCartItemsAddDocument,
  AdobeCartItemsRemoveDocument,
  AdobeCartPriceDocument,
  AdobeCartSubmitDocument,
  AdobeOrderDocument,
  AdobeOrderReturnDocument,
  AdobeRenewalPlaceDocument,
  AdobeRenewalPlaceLinesDocument,
  AdobeRenewalPreviewDocument,
  ProductOrdersDocument,
} from '../generated/graphql';
import { Vendor } from '../../src/common/vendor';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { clearLoggedRequests, loggedRequests, undocumented } from '../support/request-log';

describe.each([
  ['strict', { SIMULATOR_STRICT: '1' }],
  ['rich', {}],
])('Adobe lifecycle against the %s simulator, with only documented requests', (_mode, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(async () => {
    await t.close();
  });

  it('draft -> add -> remove -> price -> submit -> read -> list -> return -> renewal preview -> renewal; every request is in the Adobe table', async () => {
    const base = t.simulators.byVendor.ADOBE.baseUrl;
    await clearLoggedRequests(base);
    const customer = 'cust-1001';
    const as = { 'x-customer-id': customer };
    const created = await t.gql(AdobeCartCreateDocument, { input: { vendor: 'ADOBE', customerId: customer } }, as);
    const cartId = created.data!.cartCreate.cart!.id;
    const added = await t.gql(
      AdobeCartItemsAddDocument,
      {
        cartId,
        items: [
          { offeringId: '65304470CA01A12', quantity: 12, currencyCode: 'USD' },
          { offeringId: '65304921CA01A12', quantity: 2 },
        ],
      },
      as,
    );
    expect(added.data!.cartItemsAdd.userErrors).toEqual([]);
    const second = added.data!.cartItemsAdd.cart!.items[1];
    const removed = await t.gql(AdobeCartItemsRemoveDocument, { cartId, itemIds: [second.id] }, as);
    expect(removed.data!.cartItemsRemove.userErrors).toEqual([]);
    const priced = await t.gql(AdobeCartPriceDocument, { cartId }, as);
    expect(priced.errors).toBeUndefined();
    expect(priced.data!.cartPrice.userErrors).toEqual([]);
    const submitted = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: newKey('fidelity-adobe'), input: { externalReferenceId: 'PO-1' } }, as);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;
    const read = await t.gql(AdobeOrderDocument, { id: order.id }, as);
    expect(read.data!.productOrder!.id).toBe(order.id);
    const listed = await t.gql(ProductOrdersDocument, { customerId: customer, vendor: 'ADOBE', first: 5 }, as);
    expect(listed.errors).toBeUndefined();
    const returned = await t.gql(
      AdobeOrderReturnDocument,
      { orderId: order.id, lines: [{ lineId: '1', quantity: 1 }], idempotencyKey: newKey('fidelity-return') },
      as,
    );
    expect(returned.errors).toBeUndefined();

    const preview = await t.gql(AdobeRenewalPreviewDocument, { customerId: customer }, as);
    expect(preview.data!.renewalPreview.userErrors).toEqual([]);
    const renewing = preview.data!.renewalPreview.order!.items.filter((i) => i.vendorStatus === '1000');
    expect(renewing.length).toBeGreaterThan(0);
    const renewal = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: newKey('fidelity-renewal') }, as);
    expect(renewal.errors).toBeUndefined();
    expect(renewal.data!.renewalPlace.userErrors).toEqual([]);
    expect(renewal.data!.renewalPlace.order!.items.map((i) => i.offeringId)).toEqual(renewing.map((i) => i.offeringId));

    const logged = await loggedRequests(base);
    expect(logged.some((r) => r.body.includes('lineItems[].subscriptionId'))).toBe(true);
    expect(undocumented(ADOBE_REQUESTS, logged, { main: '', ims: '/ims' })).toEqual([]);
  });

  it('renewalPlace with lines renews only the subscriptions named; one that does not renew is INVALID_FIELD', async () => {
    const as = { 'x-customer-id': 'cust-1004' };
    const wrong = await t.gql(
      AdobeRenewalPlaceLinesDocument,
      { customerId: 'cust-1004', idempotencyKey: newKey('fidelity-lines-bad'), lines: [{ subscriptionId: 'nope' }] },
      as,
    );
    expect(wrong.data!.renewalPlace.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FIELD', field: ['lines', '0', 'subscriptionId'] })]);
    const res = await t.gql(
      AdobeRenewalPlaceLinesDocument,
      { customerId: 'cust-1004', idempotencyKey: newKey('fidelity-lines'), lines: [{ subscriptionId: '3a4b5c6d7e8f90a1b2c3d4e5f6071829', quantity: 2 }] },
      as,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.renewalPlace.userErrors).toEqual([]);
    expect(res.data!.renewalPlace.order!.items.map((i) => i.quantity)).toEqual([2]);
  });

  it('an unknown renewal placed without lines, retried with its key, replays the same lineItems and answers the vendor order; one order at the simulator', async () => {
    const customer = 'cust-1002';
    const as = { 'x-customer-id': customer };
    const sim = t.sim(Vendor.ADOBE);
    const base = t.simulators.byVendor.ADOBE.baseUrl;
    const ordersRoute = 'POST /v3/customers/:customerId/orders';
    const before = (await sim.stats()).ordersCreated;
    // The PREVIEW_RENEWAL goes through; the RENEWAL is committed and its answer spoilt.
    await sim.fault(ordersRoute, { type: 'commit-then', answer: 'malformed' }, 1, 1);
    const key = newKey('fidelity-renewal-unknown');
    const first = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as);
    expect(first.errors).toBeUndefined();
    expect(first.data!.renewalPlace.order).toBeNull();
    expect(first.data!.renewalPlace.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    expect((await sim.stats()).ordersCreated).toBe(before + 1);

    await clearLoggedRequests(base);
    const retried = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.renewalPlace.userErrors).toEqual([]);
    const order = retried.data!.renewalPlace.order!;
    expect(order).toMatchObject({ orderType: 'RENEWAL', customerId: customer });
    expect(order.items.map((i) => [i.offeringId, i.quantity])).toEqual([['65322651CA02A12', 15]]);
    // The retry asked no new preview (which would now be refused: the renewal is placed) and replayed one RENEWAL
    // with lineItems and their subscriptions, under the same correlation id: Adobe answered its stored order.
    const logged = await loggedRequests(base);
    expect(undocumented(ADOBE_REQUESTS, logged, { main: '', ims: '/ims' })).toEqual([]);
    const replays = logged.filter((r) => r.route === ordersRoute);
    expect(replays).toHaveLength(1);
    expect(replays[0].body).toEqual(expect.arrayContaining(['orderType', 'lineItems[].subscriptionId', 'lineItems[].offerId', 'lineItems[].quantity']));
    expect((await sim.stats()).ordersCreated).toBe(before + 1);
    const again = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as);
    expect(again.data!.renewalPlace.order!.id).toBe(order.id);
  });

  it('a renewal for a customer with nothing set to auto-renew is a user error (2136) and places nothing', async () => {
    const sim = t.simulators.byVendor.ADOBE.baseUrl;
    const before = ((await (await fetch(`${new URL(sim).origin}/__sim/stats`)).json()) as { ordersCreated: number }).ordersCreated;
    const res = await t.gql(AdobeRenewalPlaceDocument, { customerId: 'cust-1003', idempotencyKey: newKey('fidelity-2136') }, { 'x-customer-id': 'cust-1003' });
    expect(res.data!.renewalPlace.order).toBeNull();
    expect(res.data!.renewalPlace.userErrors).toEqual([expect.objectContaining({ vendorCode: '2136' })]);
    const after = ((await (await fetch(`${new URL(sim).origin}/__sim/stats`)).json()) as { ordersCreated: number }).ordersCreated;
    expect(after).toBe(before);
  });
});
