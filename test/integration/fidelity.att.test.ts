import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
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

/**
 * An orders host whose filter `orderId` matches an order's `orderId` field only (the customer order id), the natural
 * reading of README §1.1, which leaves open which id the filter matches. It forwards each query to the simulator (which
 * matches either id) and keeps, under each alias, only the orders whose `orderId` is the one its filter named.
 */
async function ordersHostMatchingOrderIdOnly(): Promise<{ url: string; target: string; close(): Promise<void> }> {
  const host = { url: '', target: '', close: (): Promise<void> => Promise.resolve() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const query = (JSON.parse(text) as { query: string }).query;
      const asked = new Map([...query.matchAll(/(o\d+): getOrders\(filter: \{ orderId: "([^"]+)"/g)].map((m) => [m[1], m[2]]));
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<
        string,
        string
      >;
      // undici's request adds no header of its own (fetch would add accept-language and sec-fetch-mode).
      void request(`${host.target}${req.url!.replace(/^\/orders-host/, '')}`, { method: 'POST', headers, body: text }).then(async (answer) => {
        const body = (await answer.body.json()) as { data?: Record<string, { orders: { orderId?: string }[] }> };
        for (const [alias, orderId] of asked) {
          const result = body.data?.[alias];
          if (result) result.orders = result.orders.filter((o) => o.orderId === orderId);
        }
        res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders-host`;
  host.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return host;
}

describe.each([
  ['strict', { SIMULATOR_STRICT: '1' }, false],
  ['rich', {}, false],
  ['rich (orders filter matching orderId only)', {}, true],
])('AT&T lifecycle against the %s simulator, with only documented requests', (mode, env, orderIdOnly) => {
  let t: TestApp;
  let ordersHost: Awaited<ReturnType<typeof ordersHostMatchingOrderIdOnly>> | undefined;
  beforeAll(async () => {
    ordersHost = orderIdOnly ? await ordersHostMatchingOrderIdOnly() : undefined;
    t = await startTestApp(ordersHost ? { ...env, ATT_ORDERS_BASE_URL: ordersHost.url } : env);
    if (ordersHost) ordersHost.target = t.simulators.byVendor.ATT.env.ATT_ORDERS_BASE_URL;
  });
  afterAll(async () => {
    await t.close();
    await ordersHost?.close();
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
