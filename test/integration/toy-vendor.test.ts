import { Writable } from 'node:stream';
import { print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { RunningApp, startApp } from '../../src/app';
import { VENDOR_MODULES } from '../../src/vendors/modules';
import {
  CartCreateDocument,
  CartDocument,
  CartItemsAddDocument,
  CartSubmitDocument,
  ProductOrderDocument,
  ProductOrdersDocument,
  Vendor,
} from '../generated/graphql';
import { toyModule } from '../fixtures/toy-vendor/toy.module';
import { startToyShop, RunningToyShop } from '../fixtures/toy-vendor/toy.server';
import { newKey } from '../support/test-app';

/**
 * The proof that a vendor is one folder and one registry line: the toy shop in `test/fixtures/toy-vendor/` is added
 * to the compiled-in list here only, the schema built in this test process carries it in the `Vendor` enum, and a
 * cart lifecycle runs through the real service, loaders, HTTP client and HTTP server against the toy shop's own
 * HTTP API.
 */
describe('a fourth vendor from one folder and one registry line', () => {
  const TOY = 'TOY' as Vendor; // not in the committed SDL: the toy shop exists only in this test's schema
  const customer = 'cust-1001';
  const as = { 'x-customer-id': customer };
  let shop: RunningToyShop;
  let app: RunningApp;

  async function gql<TData, TVars>(
    doc: TypedDocumentNode<TData, TVars>,
    variables: TVars,
  ): Promise<{ data?: TData; errors?: { extensions?: { code?: string } }[] }> {
    const res = await fetch(`http://127.0.0.1:${app.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    return (await res.json()) as { data?: TData; errors?: { extensions?: { code?: string } }[] };
  }

  async function shopStats(): Promise<{ requests: number; ordersCreated: number }> {
    return (await (await fetch(`${shop.baseUrl}/__stats`)).json()) as { requests: number; ordersCreated: number };
  }

  beforeAll(async () => {
    shop = await startToyShop();
    const registry = [...VENDOR_MODULES, toyModule];
    const config = loadConfig({ PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'silent', VENDORS: 'TOY', TOY_BASE_URL: shop.baseUrl }, registry);
    app = await startApp(config, createLogger('silent', new Writable({ write: (_c, _e, done) => done() })));
  });

  afterAll(async () => {
    await app?.close();
    await shop?.close();
  });

  it('refuses to boot with the toy shop enabled and no TOY_BASE_URL, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', VENDORS: 'TOY' }, [...VENDOR_MODULES, toyModule])).toThrow(/TOY_BASE_URL/);
  });

  it('creates a cart, adds items, submits it once per key and reads the order back, all over HTTP', async () => {
    const created = await gql(CartCreateDocument, { input: { vendor: TOY, customerId: customer } });
    expect(created.errors).toBeUndefined();
    const cart = created.data!.cartCreate.cart!;
    expect(cart).toMatchObject({ vendor: 'TOY', customerId: customer, state: 'DRAFT', items: [] });

    const added = await gql(CartItemsAddDocument, {
      cartId: cart.id,
      items: [
        { action: 'ADD', offeringId: 'toy-robot', quantity: 2 },
        { action: 'ADD', offeringId: 'toy-kite', quantity: 1 },
      ],
    });
    expect(added.errors).toBeUndefined();
    expect(added.data!.cartItemsAdd.userErrors).toEqual([]);
    expect(added.data!.cartItemsAdd.cart!.items.map((i) => [i.offeringId, i.quantity])).toEqual([
      ['toy-robot', 2],
      ['toy-kite', 1],
    ]);
    expect(added.data!.cartItemsAdd.cart!.totals.total).toEqual({ amount: '47.48', currencyCode: 'EUR' });

    const refused = await gql(CartItemsAddDocument, { cartId: cart.id, items: [{ action: 'ADD', offeringId: 'toy-unicorn', quantity: 1 }] });
    expect(refused.data!.cartItemsAdd.userErrors).toMatchObject([{ code: 'OFFERING_NOT_FOUND', vendorCode: 'UNKNOWN_SKU' }]);

    const key = newKey('toy-submit');
    const submitted = await gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
    expect(submitted.errors).toBeUndefined();
    const order = submitted.data!.cartSubmit.order!;
    expect(order).toMatchObject({ vendor: 'TOY', state: 'SUBMITTED', pollAfter: 60, totals: { total: { amount: '47.48', currencyCode: 'EUR' } } });

    const replay = await gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: key });
    expect(replay.data!.cartSubmit.order!.id).toBe(order.id);
    expect((await shopStats()).ordersCreated).toBe(1);

    const again = await gql(CartSubmitDocument, { cartId: cart.id, idempotencyKey: newKey('toy-other') });
    expect(again.data!.cartSubmit.userErrors).toMatchObject([{ code: 'CART_NOT_EDITABLE', vendorCode: 'ALREADY_CHECKED_OUT' }]);

    const read = await gql(ProductOrderDocument, { id: order.id });
    expect(read.data!.productOrder).toMatchObject({ id: order.id, state: 'SUBMITTED', cart: { id: cart.id, state: 'SUBMITTED' } });
    const readCart = await gql(CartDocument, { id: cart.id });
    expect(readCart.data!.cart!.order).toEqual({ id: order.id, state: 'SUBMITTED' });

    const listed = await gql(ProductOrdersDocument, { customerId: customer, vendor: TOY });
    expect(listed.data!.productOrders.edges.map((e) => e.node.id)).toEqual([order.id]);
    expect((await shopStats()).ordersCreated).toBe(1);
  });

  it('a vendor left out of VENDORS answers VENDOR_NOT_ENABLED, with no call anywhere', async () => {
    const before = await shopStats();
    const res = await gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: customer } });
    expect(res.errors?.[0].extensions?.code).toBe('VENDOR_NOT_ENABLED');
    expect((await shopStats()).requests).toBe(before.requests);
  });
});
