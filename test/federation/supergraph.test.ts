import { Vendor } from '../../src/common/vendor';
import {
  CartCheckoutDocument,
  CartCreateDocument,
  CartSubmitDocument,
  CustomerWithCartsAndOrdersDocument,
  CustomerWithCartsAndOrdersQuery,
} from '../generated/graphql';
import { newKey, TestApp } from '../support/test-app';
import { composeSupergraph, startTestSupergraph, TestSupergraph } from './gateway';
import { attCheckoutChoices } from '../support/att-fixtures';

let supergraph: TestSupergraph;
let t: TestApp;

beforeAll(async () => {
  supergraph = await startTestSupergraph({ 'x-customer-id': 'cust-1002' });
  t = supergraph.t;
});

afterAll(async () => {
  await supergraph.stop();
});

function queryGateway(id: string): Promise<{ data: CustomerWithCartsAndOrdersQuery; errors?: unknown[] }> {
  return supergraph.query(CustomerWithCartsAndOrdersDocument, { id });
}

describe('the orders subgraph in a supergraph', () => {
  it('composes with a customers subgraph that owns Customer', () => {
    const supergraph = composeSupergraph('http://orders.invalid/graphql', 'http://customers.invalid/graphql');
    expect(supergraph).toContain('join__type(graph: ORDERS, key: "id")');
    expect(supergraph).toMatch(/type Customer[\s\S]*carts\(/);
  });

  it('answers a query that starts at customer(id) there and reaches carts and orders here', async () => {
    const created = await t.as('cust-1002').gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: 'cust-1002', items: [{ offeringId: 'fiber-300', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    const cart = created.data!.cartCreate.cart!;
    const checkout = await t.as('cust-1002').gql(CartCheckoutDocument, { id: cart.id });
    const options = checkout.data!.cart!.checkoutOptions!;
    const submitted = await t.as('cust-1002').gql(CartSubmitDocument, {
      cartId: cart.id,
      idempotencyKey: newKey(),
      input: attCheckoutChoices(options),
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
