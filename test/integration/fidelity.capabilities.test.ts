import { Vendor } from '../../src/common/vendor';
import {
  CartCreateDocument,
  CartItemsRemoveDocument,
  CartSupportedOperationsDocument,
  ProductOrderDocument,
  VendorCapabilitiesDocument,
} from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';

describe('vendor capabilities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIMULATOR_STRICT: '1', VENDORS: 'ATT,ORACLE' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('vendorCapabilities lists what each vendor supports, from its adapter, with no vendor call', async () => {
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const att = await t.gql(VendorCapabilitiesDocument, { vendor: 'ATT' });
    expect(att.errors).toBeUndefined();
    expect(att.data!.vendorCapabilities).toEqual({
      vendor: 'ATT',
      enabled: true,
      operations: ['CART_CREATE', 'CART_ITEMS_ADD', 'CART_PRICE', 'CART_SUBMIT'],
    });
    const oracle = await t.gql(VendorCapabilitiesDocument, { vendor: 'ORACLE' });
    expect(oracle.data!.vendorCapabilities.operations).toEqual(
      expect.arrayContaining(['CART_ITEMS_REMOVE', 'CART_COUPONS_APPLY', 'CART_PRE_AUTHORIZE', 'ORDER_RESEND_FOR_FULFILLMENT']),
    );
    expect(oracle.data!.vendorCapabilities.operations).not.toContain('ORDER_RETURN');
    const adobe = await t.gql(VendorCapabilitiesDocument, { vendor: 'ADOBE' });
    expect(adobe.data!.vendorCapabilities).toEqual({ vendor: 'ADOBE', enabled: false, operations: [] });
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('Cart.supportedOperations shows the cart mutations of its vendor; an unsupported one is NOT_SUPPORTED_BY_VENDOR with no vendor call', async () => {
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, { 'x-customer-id': 'cust-1001' });
    const cart = created.data!.cartCreate.cart!;
    const ops = await t.gql(CartSupportedOperationsDocument, { id: cart.id });
    expect(ops.data!.cart!.supportedOperations).toEqual(['CART_ITEMS_ADD', 'CART_PRICE', 'CART_SUBMIT']);
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const removed = await t.gql(CartItemsRemoveDocument, { cartId: cart.id, itemIds: [Buffer.from(`v1:ATT:CartItem:${cart.id}:i1`).toString('base64url')] });
    expect(removed.errors).toBeUndefined();
    expect(removed.data!.cartItemsRemove.userErrors.map((e) => e.code)).toEqual(['NOT_SUPPORTED_BY_VENDOR']);
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });
});

describe('AT&T assumption switches', () => {
  it('ATT_ASSUME_ITEM_REMOVAL and ATT_ASSUME_ITEM_QUANTITY turn on the undocumented removal and quantity (rich simulator)', async () => {
    const t = await startTestApp({ ATT_ASSUME_ITEM_REMOVAL: 'true', ATT_ASSUME_ITEM_QUANTITY: 'true' });
    try {
      const caps = await t.gql(VendorCapabilitiesDocument, { vendor: 'ATT' });
      expect(caps.data!.vendorCapabilities.operations).toContain('CART_ITEMS_REMOVE');
      const created = await t.gql(CartCreateDocument, {
        input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'wifi-extender', productType: 'Equipment', quantity: 2 }] },
      });
      expect(created.data!.cartCreate.userErrors).toEqual([]);
      const cart = created.data!.cartCreate.cart!;
      expect(cart.items[0].quantity).toBe(2);
      const before = await t.sim(Vendor.ATT).count('DELETE /omni-svcs/v1/carts/:cartId/items/:itemId');
      const removed = await t.gql(CartItemsRemoveDocument, { cartId: cart.id, itemIds: [cart.items[0].id] });
      expect(removed.data!.cartItemsRemove.userErrors).toEqual([]);
      expect(removed.data!.cartItemsRemove.cart!.items).toEqual([]);
      expect(await t.sim(Vendor.ATT).count('DELETE /omni-svcs/v1/carts/:cartId/items/:itemId')).toBe(before + 1);
      // The item is gone: removing it again is ITEM_NOT_FOUND (the cart exists), with no vendor call.
      const again = await t.gql(CartItemsRemoveDocument, { cartId: cart.id, itemIds: [cart.items[0].id] });
      expect(again.data!.cartItemsRemove.userErrors).toEqual([expect.objectContaining({ code: 'ITEM_NOT_FOUND', field: ['itemIds', '0'] })]);
      expect(await t.sim(Vendor.ATT).count('DELETE /omni-svcs/v1/carts/:cartId/items/:itemId')).toBe(before + 1);
    } finally {
      await t.close();
    }
  });
});

describe('per-vendor id rules', () => {
  const orderId = (vendor: string, vendorId: string) => Buffer.from(`v1:${vendor}:ProductOrder:${vendorId}`).toString('base64url');

  it("by default a structurally possible id is asked for; with ATT_ASSUME_ID_PATTERNS / ORACLE_ASSUME_ID_PATTERNS another vendor's shape reads as null with no call", async () => {
    const plain = await startTestApp({});
    try {
      const before = (await plain.sim(Vendor.ATT).stats()).requestsTotal;
      const res = await plain.gql(ProductOrderDocument, { id: orderId('ATT', 'o90417') });
      expect(res.data!.productOrder).toBeNull();
      expect((await plain.sim(Vendor.ATT).stats()).requestsTotal).toBe(before + 1);
    } finally {
      await plain.close();
    }
    const strict = await startTestApp({ ATT_ASSUME_ID_PATTERNS: 'true', ORACLE_ASSUME_ID_PATTERNS: 'true' });
    try {
      const att = (await strict.sim(Vendor.ATT).stats()).requestsTotal;
      const oracle = (await strict.sim(Vendor.ORACLE).stats()).requestsTotal;
      const foreignAtAtt = await strict.gql(ProductOrderDocument, { id: orderId('ATT', 'o90417') });
      const foreignAtOracle = await strict.gql(ProductOrderDocument, { id: orderId('ORACLE', 'dea79fb0-21c4-11f1-8527-67c36c11d002') });
      expect(foreignAtAtt.errors).toBeUndefined();
      expect(foreignAtAtt.data!.productOrder).toBeNull();
      expect(foreignAtOracle.data!.productOrder).toBeNull();
      expect((await strict.sim(Vendor.ATT).stats()).requestsTotal).toBe(att);
      expect((await strict.sim(Vendor.ORACLE).stats()).requestsTotal).toBe(oracle);
    } finally {
      await strict.close();
    }
  });

  it('by default what is surely not the vendor id (charset, length) reads as null with no vendor call, at each vendor', async () => {
    const t = await startTestApp({});
    try {
      const total = async (): Promise<number[]> =>
        Promise.all([Vendor.ATT, Vendor.ORACLE, Vendor.ADOBE].map(async (v) => (await t.sim(v).stats()).requestsTotal));
      const before = await total();
      const ids = [
        orderId('ATT', 'a'.repeat(65)), // longer than 64
        orderId('ATT', 'dea79fb0:21c4'), // ':' is no AT&T id character
        orderId('ORACLE', 'o90417.1'), // '.' is no Oracle id character
        orderId('ORACLE', `o${'1'.repeat(40)}`), // longer than 40
        orderId('ADOBE', 'cust-1001:0123_456'), // '_' is no Adobe order id character
        orderId('ADOBE', `cust-1001:${'1'.repeat(41)}`), // longer than 40
      ];
      for (const id of ids) {
        const res = await t.gql(ProductOrderDocument, { id });
        expect(res.errors).toBeUndefined();
        expect(res.data!.productOrder).toBeNull();
      }
      expect(await total()).toEqual(before);
    } finally {
      await t.close();
    }
  });

  it("ADOBE_ASSUME_ID_PATTERNS: an Adobe order id that is not digits (another vendor's shape) reads as null with no call; digits are asked for", async () => {
    const t = await startTestApp({ ADOBE_ASSUME_ID_PATTERNS: 'true', ATT_ASSUME_ID_PATTERNS: 'true' });
    try {
      const adobe = t.sim(Vendor.ADOBE);
      const route = 'GET /v3/customers/:customerId/orders/:orderId';
      const before = await adobe.count(route);
      for (const foreign of ['o90417', 'dea79fb0-21c4-11f1-8527-67c36c11d002', '26-46236265737394']) {
        const res = await t.gql(ProductOrderDocument, { id: orderId('ADOBE', `cust-1001:${foreign}`) });
        expect(res.data!.productOrder).toBeNull();
      }
      expect(await adobe.count(route)).toBe(before);
      const digits = await t.gql(ProductOrderDocument, { id: orderId('ADOBE', 'cust-1001:0123456789') });
      expect(digits.data!.productOrder).toBeNull();
      expect(await adobe.count(route)).toBe(before + 1);

      // AT&T's switch takes both doc-example shapes: UUID-v1-like and NN-<14 digits>.
      const att = t.sim(Vendor.ATT);
      const attBefore = (await att.stats()).requestsTotal;
      const numbered = await t.gql(ProductOrderDocument, { id: orderId('ATT', '26-46236265737394') });
      expect(numbered.errors).toBeUndefined();
      expect((await att.stats()).requestsTotal).toBe(attBefore + 1);
    } finally {
      await t.close();
    }
  });
});
