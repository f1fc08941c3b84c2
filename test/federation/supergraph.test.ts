import { print } from 'graphql';
import { Vendor } from '../../src/common/vendor';
import { CartCheckoutDocument, CartCreateDocument, CartSubmitDocument, CustomerWithCartsAndOrdersDocument, CustomerWithCartsAndOrdersQuery } from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { startCustomersSubgraph } from '../../dev/customers-subgraph';
import { composeSupergraph, startGateway } from './gateway';

let t: TestApp;
let customers: { url: string; stop(): Promise<void> };
let gateway: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  t = await startTestApp();
  customers = await startCustomersSubgraph();
  gateway = await startGateway(composeSupergraph(t.url, customers.url));
});

afterAll(async () => {
  await gateway.stop();
  await customers.stop();
  await t.close();
});

async function queryGateway(id: string): Promise<{ data: CustomerWithCartsAndOrdersQuery; errors?: unknown[] }> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(CustomerWithCartsAndOrdersDocument), variables: { id } }),
  });
  return (await res.json()) as { data: CustomerWithCartsAndOrdersQuery; errors?: unknown[] };
}

describe('the orders subgraph in a supergraph', () => {
  it('composes with a customers subgraph that owns Customer', () => {
    const supergraph = composeSupergraph('http://orders.invalid/graphql', 'http://customers.invalid/graphql');
    expect(supergraph).toContain('join__type(graph: ORDERS, key: "id")');
    expect(supergraph).toMatch(/type Customer[\s\S]*carts\(/);
  });

  it('answers a query that starts at customer(id) there and reaches carts and orders here', async () => {
    const created = await t.gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: 'cust-1002', items: [{ offeringId: 'fiber-300', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    const cart = created.data!.cartCreate.cart!;
    const checkout = await t.gql(CartCheckoutDocument, { id: cart.id });
    const options = checkout.data!.cart!.checkoutOptions!;
    const submitted = await t.gql(CartSubmitDocument, {
      cartId: cart.id,
      idempotencyKey: newKey(),
      input: { acceptedTerms: options.terms.filter((x) => x.required).map((x) => x.key), installationAppointmentId: options.appointmentSlots[0].id },
    });
    const order = submitted.data!.cartSubmit.order!;

    const first = await queryGateway('cust-1002');
    expect(first.errors).toBeUndefined();
    const customer = first.data.customer!;
    expect(customer.name).toBe('Grace Hopper');
    const listed = customer.carts.nodes.find((c) => c.id === cart.id);
    expect(listed?.totals.oneTime).toEqual({ amount: '99.00', currencyCode: 'USD' });
    const edge = customer.orders.edges.find((e) => e.node.id === order.id);
    expect(edge?.node).toMatchObject({ vendor: 'ATT', state: 'SUBMITTED', customerOrderId: order.customerOrderId, cart: { id: cart.id } });
    expect(edge?.node.pollAfter).toBeGreaterThan(0);

    await t.sim(Vendor.ATT).advanceClock(4000);
    const later = await queryGateway('cust-1002');
    const laterEdge = later.data.customer!.orders.edges.find((e) => e.node.id === order.id);
    expect(laterEdge?.node.state).toBe('COMPLETED');
    expect(laterEdge?.node.pollAfter).toBeNull();
  });
});
