import { expect } from '@jest/globals';
import { Vendor } from '../../src/common/vendor';
import {
  AdobeCartCreateDocument,
  AdobeCartDocument,
  AdobeCartItemsAddDocument,
  AdobeCartItemsRemoveDocument,
  AdobeCartPriceDocument,
  AdobeCartSubmitDocument,
  AdobeOrderDocument,
  AdobeOrderReturnDocument,
  AdobeRenewalPlaceDocument,
  AdobeRenewalPreviewDocument,
  CartItemInput,
  ProductOrdersDocument,
} from '../generated/graphql';
import { SimControl } from '../support/sim-control';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const ORDERS_POST = 'POST /v3/customers/:customerId/orders';
const ORDERS_LIST = 'GET /v3/customers/:customerId/orders';
const IMS_TOKEN = 'POST /ims/token/v3';
const DAY = 86_400;

describe('Adobe VIP Marketplace through the graph', () => {
  let t: TestApp;
  let sim: SimControl;
  const as = (customerId: string): Record<string, string> => ({ 'x-customer-id': customerId });
  const ordersCreated = async (): Promise<number> => (await sim.stats()).ordersCreated;
  const requestsTotal = async (): Promise<number> => (await sim.stats()).requestsTotal;

  async function newDraft(customerId: string, items: CartItemInput[] = []): Promise<string> {
    const res = await t.gql(AdobeCartCreateDocument, { input: { vendor: 'ADOBE', customerId, ...(items.length ? { items } : {}) } }, as(customerId));
    expect(res.errors).toBeUndefined();
    expect(res.data!.cartCreate.userErrors).toEqual([]);
    return res.data!.cartCreate.cart!.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    sim = t.sim(Vendor.ADOBE);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('draft cart to order, return and renewal', () => {
    const customer = 'cust-1001';
    const submitKey = newKey('adobe-submit');
    let cartId: string;
    let orderId: string;

    it('cartCreate makes a DRAFT held by the subgraph, with no call to Adobe', async () => {
      const before = await requestsTotal();
      const res = await t.gql(AdobeCartCreateDocument, { input: { vendor: 'ADOBE', customerId: customer } }, as(customer));
      expect(res.errors).toBeUndefined();
      const cart = res.data!.cartCreate.cart!;
      expect(cart).toMatchObject({ vendor: 'ADOBE', customerId: customer, state: 'DRAFT', items: [] });
      cartId = cart.id;
      expect(await requestsTotal()).toBe(before);
    });

    it('cartItemsAdd keeps Adobe line fields and numbers lines given none, still with no call to Adobe', async () => {
      const before = await requestsTotal();
      const res = await t.gql(
        AdobeCartItemsAddDocument,
        {
          cartId,
          items: [
            { offeringId: '65304470CA01A12', quantity: 12, currencyCode: 'USD' },
            { offeringId: '65304921CA01A12', quantity: 2, lineNumber: 7, deploymentId: '12345', discountCode: 'HVD_L18_PRE' },
          ],
        },
        as(customer),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.cartItemsAdd.userErrors).toEqual([]);
      const items = res.data!.cartItemsAdd.cart!.items;
      expect(items.map((i) => [i.lineNumber, i.offeringId, i.quantity, i.currencyCode, i.deploymentId, i.discountCode])).toEqual([
        [1, '65304470CA01A12', 12, 'USD', null, null],
        [7, '65304921CA01A12', 2, null, '12345', 'HVD_L18_PRE'],
      ]);
      expect(items[0].unitPrice.oneTime).toBeNull();
      expect(await requestsTotal()).toBe(before);
    });

    it('cartPrice runs a PREVIEW: prices, the better volume offer as suggestedOfferingId, no tax, nothing placed', async () => {
      const [posts, placed] = [await sim.count(ORDERS_POST), await ordersCreated()];
      const res = await t.gql(AdobeCartPriceDocument, { cartId }, as(customer));
      expect(res.errors).toBeUndefined();
      expect(res.data!.cartPrice.userErrors).toEqual([]);
      const cart = res.data!.cartPrice.cart!;
      expect(cart.items.map((i) => [i.lineNumber, i.suggestedOfferingId, i.unitPrice.oneTime?.amount, i.totalPrice.oneTime?.amount])).toEqual([
        [1, '65304470CA02A12', '324.79', '3897.48'],
        [7, null, '193.71', '387.42'],
      ]);
      expect(cart.totals).toEqual({
        oneTime: { amount: '4284.90', currencyCode: 'USD' },
        subtotal: { amount: '4353.26', currencyCode: 'USD' },
        tax: null,
        discount: { amount: '68.36', currencyCode: 'USD' },
        total: { amount: '4284.90', currencyCode: 'USD' },
      });
      expect(await sim.count(ORDERS_POST)).toBe(posts + 1);
      expect(await ordersCreated()).toBe(placed);
      const read = await t.gql(AdobeCartDocument, { id: cartId }, as(customer));
      expect(read.data!.cart!.items[0].suggestedOfferingId).toBe('65304470CA02A12');
    });

    it('cartSubmit places one NEW order: SUBMITTED (1002) with pollAfter and no subscriptions yet', async () => {
      const placed = await ordersCreated();
      const res = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: submitKey, input: { externalReferenceId: 'PO-4711' } }, as(customer));
      expect(res.errors).toBeUndefined();
      expect(res.data!.cartSubmit.userErrors).toEqual([]);
      const order = res.data!.cartSubmit.order!;
      expect(order).toMatchObject({
        vendor: 'ADOBE',
        customerId: customer,
        state: 'SUBMITTED',
        vendorStatus: '1002',
        pollAfter: 30,
        orderType: 'NEW',
        externalReferenceId: 'PO-4711',
        customerOrderId: expect.stringMatching(/^\d{10}$/),
        cart: { id: cartId, state: 'SUBMITTED' },
      });
      expect(order.items.map((i) => [i.id, i.offeringId, i.quantity, i.subscriptionId])).toEqual([
        ['1', '65304470CA02A12', 12, null],
        ['7', '65304921CA01A12', 2, null],
      ]);
      expect(order.totals.total).toEqual({ amount: '4284.90', currencyCode: 'USD' });
      orderId = order.id;
      expect(await ordersCreated()).toBe(placed + 1);
    });

    it('the same cartSubmit key again answers the same order; Adobe saw one order', async () => {
      const [placed, posts] = [await ordersCreated(), await sim.count(ORDERS_POST)];
      const res = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: submitKey, input: { externalReferenceId: 'PO-4711' } }, as(customer));
      expect(res.data!.cartSubmit.order!.id).toBe(orderId);
      expect(await ordersCreated()).toBe(placed);
      expect(await sim.count(ORDERS_POST)).toBe(posts);
    });

    it('the cart shows SUBMITTED with its order, and refuses changes and another submit', async () => {
      const read = await t.gql(AdobeCartDocument, { id: cartId }, as(customer));
      expect(read.data!.cart).toMatchObject({ state: 'SUBMITTED', order: { id: orderId } });
      const add = await t.gql(AdobeCartItemsAddDocument, { cartId, items: [{ offeringId: '65304479CA01A12', quantity: 1 }] }, as(customer));
      expect(add.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'CART_NOT_EDITABLE' })]);
      const again = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: newKey('adobe-other') }, as(customer));
      expect(again.data!.cartSubmit.order).toBeNull();
      expect(again.data!.cartSubmit.userErrors).toEqual([expect.objectContaining({ code: 'CART_NOT_EDITABLE', field: ['cartId'] })]);
    });

    it('productOrder moves from SUBMITTED to COMPLETED with subscription ids once the sim clock passes', async () => {
      const early = await t.gql(AdobeOrderDocument, { id: orderId }, as(customer));
      expect(early.data!.productOrder).toMatchObject({ state: 'SUBMITTED', pollAfter: 30, cart: { id: cartId } });
      await sim.advanceClock(61);
      const later = await t.gql(AdobeOrderDocument, { id: orderId }, as(customer));
      const order = later.data!.productOrder!;
      expect(order).toMatchObject({ state: 'COMPLETED', vendorStatus: '1000', pollAfter: null });
      expect(order.items.map((i) => i.state)).toEqual(['COMPLETED', 'COMPLETED']);
      for (const item of order.items) expect(item.subscriptionId).toMatch(/^[0-9a-f]{32}$/);
    });

    let returnId: string;

    it('orderReturn returns part of a line; the return refers to its order, once per key', async () => {
      const key = newKey('adobe-return');
      const placed = await ordersCreated();
      const res = await t.gql(AdobeOrderReturnDocument, { orderId, lines: [{ lineId: '1', quantity: 2 }], idempotencyKey: key }, as(customer));
      expect(res.errors).toBeUndefined();
      expect(res.data!.orderReturn.userErrors).toEqual([]);
      const ret = res.data!.orderReturn.order!;
      expect(ret).toMatchObject({ orderType: 'RETURN', state: 'SUBMITTED', referenceOrder: { id: orderId, orderType: 'NEW' } });
      expect(ret.items.map((i) => [i.id, i.action, i.offeringId, i.quantity])).toEqual([['1', 'TERMINATE', '65304470CA02A12', 2]]);
      returnId = ret.id;
      const again = await t.gql(AdobeOrderReturnDocument, { orderId, lines: [{ lineId: '1', quantity: 2 }], idempotencyKey: key }, as(customer));
      expect(again.data!.orderReturn.order!.id).toBe(returnId);
      expect(await ordersCreated()).toBe(placed + 1);
      const read = await t.gql(AdobeOrderDocument, { id: returnId }, as(customer));
      expect(read.data!.productOrder!.referenceOrder).toEqual({ id: orderId, orderType: 'NEW' });
    });

    it('a return of more than the line has left is a userError on its quantity; an unknown line never reaches Adobe', async () => {
      const over = await t.gql(
        AdobeOrderReturnDocument,
        { orderId, lines: [{ lineId: '1', quantity: 11 }], idempotencyKey: newKey('adobe-over') },
        as(customer),
      );
      expect(over.data!.orderReturn.order).toBeNull();
      expect(over.data!.orderReturn.userErrors).toEqual([
        { code: 'INVALID_FIELD', field: ['lines', '0', 'quantity'], vendorCode: 'RETURN_QTY_EXCEEDS_REMAINING', message: expect.any(String) },
      ]);
      const posts = await sim.count(ORDERS_POST);
      const unknown = await t.gql(
        AdobeOrderReturnDocument,
        { orderId, lines: [{ lineId: '99', quantity: 1 }], idempotencyKey: newKey('adobe-unknown') },
        as(customer),
      );
      expect(unknown.data!.orderReturn.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_FIELD', field: ['lines', '0', 'lineId'], vendorCode: null }),
      ]);
      expect(await sim.count(ORDERS_POST)).toBe(posts);
    });

    it('renewalPreview shows what would renew and its price, placing nothing', async () => {
      const placed = await ordersCreated();
      const res = await t.gql(AdobeRenewalPreviewDocument, { customerId: customer }, as(customer));
      expect(res.errors).toBeUndefined();
      const preview = res.data!.renewalPreview.order!;
      expect(preview).toMatchObject({ orderType: 'PREVIEW_RENEWAL', state: 'DRAFT', pollAfter: null, customerOrderId: null });
      expect(preview.items.map((i) => [i.offeringId, i.quantity, i.state])).toEqual([
        ['65304470CA01A12', 5, 'DRAFT'],
        ['65304921CA01A12', 3, 'DRAFT'],
        ['65304479CA01A12', 2, 'REJECTED'],
      ]);
      expect(preview.items[0].subscriptionId).toMatch(/^[0-9a-f]{32}$/);
      expect(preview.totals.total).toEqual({ amount: '2393.12', currencyCode: 'USD' });
      expect(await ordersCreated()).toBe(placed);
      const read = await t.gql(AdobeOrderDocument, { id: preview.id }, as(customer));
      expect(read.data!.productOrder).toBeNull();
    });

    it('renewalPlace places the renewal once per key', async () => {
      const key = newKey('adobe-renewal');
      const placed = await ordersCreated();
      const res = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as(customer));
      expect(res.errors).toBeUndefined();
      const renewal = res.data!.renewalPlace.order!;
      expect(renewal).toMatchObject({ orderType: 'RENEWAL', state: 'SUBMITTED', vendorStatus: '1002', customerId: customer });
      expect(renewal.items.map((i) => i.offeringId)).toEqual(['65304470CA01A12', '65304921CA01A12']);
      const again = await t.gql(AdobeRenewalPlaceDocument, { customerId: customer, idempotencyKey: key }, as(customer));
      expect(again.data!.renewalPlace.order!.id).toBe(renewal.id);
      expect(await ordersCreated()).toBe(placed + 1);
    });

    it("renewalPreview for a customer with nothing set to auto-renew is a userError with Adobe's 2136", async () => {
      const res = await t.gql(AdobeRenewalPreviewDocument, { customerId: 'cust-1003' }, as('cust-1003'));
      expect(res.data!.renewalPreview.order).toBeNull();
      expect(res.data!.renewalPreview.userErrors).toEqual([expect.objectContaining({ code: 'VENDOR_REFUSED', vendorCode: '2136', field: ['customerId'] })]);
    });

    it('an expired token is renewed once on 401, and the return window closes after 14 days (2134)', async () => {
      const tokens = await sim.count(IMS_TOKEN);
      await sim.advanceClock(15 * DAY);
      const res = await t.gql(AdobeOrderReturnDocument, { orderId, lines: [{ lineId: '7', quantity: 1 }], idempotencyKey: newKey('adobe-late') }, as(customer));
      expect(res.errors).toBeUndefined();
      expect(res.data!.orderReturn.userErrors).toEqual([expect.objectContaining({ code: 'VENDOR_REFUSED', vendorCode: '2134', field: ['orderId'] })]);
      expect(await sim.count(IMS_TOKEN)).toBe(tokens + 1);
    });
  });

  describe('bad input is refused before any call to Adobe, and leaves the draft as it was', () => {
    const customer = 'cust-1002';
    let cartId: string;
    let snapshot: unknown;

    beforeAll(async () => {
      cartId = await newDraft(customer, [{ offeringId: '65304470CA01A12', quantity: 2, lineNumber: 3, currencyCode: 'USD' }]);
      snapshot = (await t.gql(AdobeCartDocument, { id: cartId }, as(customer))).data!.cart;
      await sim.resetStats();
    });

    afterEach(async () => {
      const stats = await sim.stats();
      expect(stats.requestsTotal).toBe(0);
      expect((await t.gql(AdobeCartDocument, { id: cartId }, as(customer))).data!.cart).toEqual(snapshot);
    });

    const add = (items: CartItemInput[]) => t.gql(AdobeCartItemsAddDocument, { cartId, items }, as(customer));

    it('repeated line numbers, in the input or against the cart, are userErrors on the line number', async () => {
      const twice = await add([
        { offeringId: '65304921CA01A12', quantity: 1, lineNumber: 5 },
        { offeringId: '65304479CA01A12', quantity: 1, lineNumber: 5 },
      ]);
      expect(twice.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FIELD', field: ['items', '1', 'lineNumber'] })]);
      const taken = await add([{ offeringId: '65304921CA01A12', quantity: 1, lineNumber: 3 }]);
      expect(taken.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FIELD', field: ['items', '0', 'lineNumber'] })]);
    });

    it.each([
      ['a line number out of range', { offeringId: '65304921CA01A12', quantity: 1, lineNumber: 1_000_000 }, 'lineNumber'],
      ['a negative line number', { offeringId: '65304921CA01A12', quantity: 1, lineNumber: -1 }, 'lineNumber'],
      ['quantity 0', { offeringId: '65304921CA01A12', quantity: 0 }, 'quantity'],
      ['quantity above 599,000 (the enterprise limit)', { offeringId: '65304921CA01A12', quantity: 599_001 }, 'quantity'],
      ['currency usd', { offeringId: '65304921CA01A12', quantity: 1, currencyCode: 'usd' }, 'currencyCode'],
      ['currency XX1', { offeringId: '65304921CA01A12', quantity: 1, currencyCode: 'XX1' }, 'currencyCode'],
    ] as [string, CartItemInput, string][])('G10: %s is BAD_USER_INPUT with the field path', async (_name, item, field) => {
      const res = await add([{ offeringId: '65304479CA01A12', quantity: 1 }, item]);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items', '1', field] });
    });

    it('an enterprise line of more than 10,000 units (Adobe documents up to 599,000) is kept, for Adobe to price or refuse', async () => {
      const own = await newDraft(customer);
      const res = await t.gql(AdobeCartItemsAddDocument, { cartId: own, items: [{ offeringId: '65304921CA01A12', quantity: 250_000 }] }, as(customer));
      expect(res.errors).toBeUndefined();
      expect(res.data!.cartItemsAdd.userErrors).toEqual([]);
      expect(res.data!.cartItemsAdd.cart!.items.map((i) => i.quantity)).toContain(250_000);
    });

    it("a currency that is no ISO 4217 code, or differs from the cart's, is a userError on the currency", async () => {
      const unknown = await add([{ offeringId: '65304921CA01A12', quantity: 1, currencyCode: 'ABC' }]);
      expect(unknown.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FIELD', field: ['items', '0', 'currencyCode'] })]);
      const mixed = await add([{ offeringId: '65304921CA01A12', quantity: 1, currencyCode: 'EUR' }]);
      expect(mixed.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FIELD', field: ['items', '0', 'currencyCode'] })]);
    });

    it('an item that is not a plain ADD is a userError', async () => {
      const res = await add([{ action: 'TERMINATE', offeringId: '65304921CA01A12', productId: 'sub-1', quantity: 1 }]);
      expect(res.data!.cartItemsAdd.userErrors).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'INVALID_FIELD', field: ['items', '0', 'action'] })]),
      );
    });

    it('an externalReferenceId of 36 characters is BAD_USER_INPUT on input.externalReferenceId', async () => {
      const res = await t.gql(
        AdobeCartSubmitDocument,
        { cartId, idempotencyKey: newKey('adobe-bad'), input: { externalReferenceId: 'R'.repeat(36) } },
        as(customer),
      );
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'externalReferenceId'] });
    });

    it('removing an item of another cart is a userError', async () => {
      const other = await newDraft(customer, [{ offeringId: '65304921CA01A12', quantity: 1 }]);
      const otherItem = (await t.gql(AdobeCartDocument, { id: other }, as(customer))).data!.cart!.items[0].id;
      const res = await t.gql(AdobeCartItemsRemoveDocument, { cartId, itemIds: [otherItem] }, as(customer));
      expect(res.data!.cartItemsRemove.userErrors).toEqual([expect.objectContaining({ code: 'ITEM_NOT_FOUND', field: ['itemIds', '0'] })]);
    });
  });

  describe('draft edits and refusals from Adobe', () => {
    it('cartItemsRemove drops a line and the stale preview prices with it', async () => {
      const customer = 'cust-1001';
      const cartId = await newDraft(customer, [
        { offeringId: '65304470CA01A12', quantity: 1 },
        { offeringId: '65304921CA01A12', quantity: 1 },
      ]);
      const priced = await t.gql(AdobeCartPriceDocument, { cartId }, as(customer));
      expect(priced.data!.cartPrice.cart!.totals.total).toEqual({ amount: '569.78', currencyCode: 'USD' });
      const itemId = priced.data!.cartPrice.cart!.items[1].id;
      const res = await t.gql(AdobeCartItemsRemoveDocument, { cartId, itemIds: [itemId] }, as(customer));
      expect(res.data!.cartItemsRemove.userErrors).toEqual([]);
      const cart = res.data!.cartItemsRemove.cart!;
      expect(cart.items.map((i) => i.lineNumber)).toEqual([1]);
      expect(cart.items[0].unitPrice.oneTime).toBeNull();
      expect(cart.totals.total).toBeNull();
    });

    it('an offer Adobe does not know: the preview refusal names the item, and a refused submit leaves the cart a DRAFT', async () => {
      const customer = 'cust-1001';
      const cartId = await newDraft(customer, [
        { offeringId: '65304470CA01A12', quantity: 1 },
        { offeringId: '99999999CA01A12', quantity: 1 },
      ]);
      const price = await t.gql(AdobeCartPriceDocument, { cartId }, as(customer));
      expect(price.data!.cartPrice.userErrors).toEqual([
        { code: 'OFFERING_NOT_FOUND', field: ['items', '1', 'offeringId'], vendorCode: '2122', message: expect.any(String) },
      ]);
      const placed = await ordersCreated();
      const key = newKey('adobe-refused');
      const submit = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: key }, as(customer));
      expect(submit.data!.cartSubmit.userErrors).toEqual([expect.objectContaining({ code: 'OFFERING_NOT_FOUND', vendorCode: '2122' })]);
      expect(await ordersCreated()).toBe(placed);
      const cart = (await t.gql(AdobeCartDocument, { id: cartId }, as(customer))).data!.cart!;
      expect(cart.state).toBe('DRAFT');
      // Fixed, then submitted again under the same key: a new body gets a new correlation id and is placed.
      await t.gql(AdobeCartItemsRemoveDocument, { cartId, itemIds: [cart.items[1].id] }, as(customer));
      const fixed = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: key }, as(customer));
      expect(fixed.data!.cartSubmit.order).toMatchObject({ state: 'SUBMITTED', orderType: 'NEW' });
      expect(await ordersCreated()).toBe(placed + 1);
    });

    it('F5: a connection reset after Adobe placed the order: the retry replays it, and Adobe counts one order', async () => {
      const customer = 'cust-1004';
      const cartId = await newDraft(customer, [{ offeringId: '65304921CA01A12', quantity: 2, currencyCode: 'EUR' }]);
      await sim.fault(ORDERS_POST, { type: 'reset-after' }, 1);
      const [placed, posts] = [await ordersCreated(), await sim.count(ORDERS_POST)];
      const res = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: newKey('adobe-reset') }, as(customer));
      expect(res.errors).toBeUndefined();
      expect(res.data!.cartSubmit.order).toMatchObject({ state: 'SUBMITTED', orderType: 'NEW', customerId: customer });
      expect(await sim.count(ORDERS_POST)).toBe(posts + 2);
      expect(await ordersCreated()).toBe(placed + 1);
    });

    it('F5: every attempt reset after commit: VENDOR_OUTCOME_UNKNOWN (Adobe may have placed it), the cart keeps its pending submit, and the retry finishes that one order', async () => {
      const customer = 'cust-1004';
      const key = newKey('adobe-reset-all');
      const cartId = await newDraft(customer, [{ offeringId: '65304470CA01A12', quantity: 1 }]);
      await sim.fault(ORDERS_POST, { type: 'reset-after' }, 3);
      const [placed, posts] = [await ordersCreated(), await sim.count(ORDERS_POST)];
      const failed = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: key }, as(customer));
      // Safe to repeat is not proof of nothing placed: every reset came after Adobe could have acted.
      expect(failed.errors).toBeUndefined();
      expect(failed.data!.cartSubmit.order).toBeNull();
      expect(failed.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
      expect(await sim.count(ORDERS_POST)).toBe(posts + 3);
      expect(await ordersCreated()).toBe(placed + 1);
      // The outcome is unknown to the cart: it cannot change until the pending submit is finished.
      const edit = await t.gql(AdobeCartItemsAddDocument, { cartId, items: [{ offeringId: '65304921CA01A12', quantity: 1 }] }, as(customer));
      expect(edit.data!.cartItemsAdd.userErrors).toEqual([expect.objectContaining({ code: 'CART_NOT_EDITABLE' })]);
      const retried = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: key }, as(customer));
      expect(retried.errors).toBeUndefined();
      const order = retried.data!.cartSubmit.order!;
      expect(order).toMatchObject({ state: 'SUBMITTED', orderType: 'NEW', cart: { id: cartId, state: 'SUBMITTED' } });
      expect(await ordersCreated()).toBe(placed + 1);
      const cart = await t.gql(AdobeCartDocument, { id: cartId }, as(customer));
      expect(cart.data!.cart!.order).toEqual({ id: order.id, state: 'SUBMITTED' });
    });
  });

  describe("paging a customer's Adobe orders", () => {
    it("productOrders pages with Adobe's limit and offset, never fetching everything", async () => {
      const customer = 'cust-1002';
      const lists = await sim.count(ORDERS_LIST);
      const first = await t.gql(ProductOrdersDocument, { customerId: customer, vendor: 'ADOBE', first: 3 }, as(customer));
      expect(first.errors).toBeUndefined();
      const page1 = first.data!.productOrders;
      expect(page1.totalCount).toBe(7);
      expect(page1.nodes).toHaveLength(3);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const second = await t.gql(ProductOrdersDocument, { customerId: customer, vendor: 'ADOBE', first: 3, after: page1.pageInfo.endCursor }, as(customer));
      const page2 = second.data!.productOrders;
      expect(page2.nodes).toHaveLength(3);
      expect(page2.pageInfo.hasPreviousPage).toBe(true);
      const ids = new Set([...page1.nodes, ...page2.nodes].map((n) => n.id));
      expect(ids.size).toBe(6);
      const dates = [...page1.edges, ...page2.edges].map((e) => Date.parse(e.node.submittedAt as string));
      expect([...dates].sort((a, b) => b - a)).toEqual(dates);
      expect(await sim.count(ORDERS_LIST)).toBe(lists + 2);
      const res = await fetch(`${sim.origin}/__sim/adobe/list-queries`);
      const { queries } = (await res.json()) as { queries: { customerId: string; limit: number; offset: number }[] };
      expect(queries.filter((q) => q.customerId === customer).slice(-2)).toEqual([
        { customerId: customer, limit: 3, offset: 0 },
        { customerId: customer, limit: 3, offset: 3 },
      ]);
    });
  });
});
