import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { composeServices } from '@apollo/composition';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { RunningSupergraph, startSupergraph, SUPERGRAPH_PORTS } from '../../scripts/supergraph';
import { CheckoutOptionsDocument, CheckoutPlaceOrderDocument, CheckoutStartDocument, MyOrdersDocument } from '../generated/docs-operations';
import { newKey } from '../support/test-app';
import { attCheckoutChoices } from '../support/att-fixtures';

const ROOT = join(__dirname, '..', '..');

interface SupergraphYaml {
  federation_version: string;
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

describe('supergraph.yaml (what rover reads)', () => {
  const config = parseYaml(readFileSync(join(ROOT, 'supergraph.yaml'), 'utf8')) as SupergraphYaml;

  it('pins the composition release the tests compose with', () => {
    const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@apollo', 'composition', 'package.json'), 'utf8')) as { version: string }).version;
    expect(config.federation_version).toBe(`=${installed}`);
  });

  it('routes to the ports that `npm run supergraph` serves, and its schema files compose', () => {
    expect(new URL(config.subgraphs.orders.routing_url)).toMatchObject({ port: String(SUPERGRAPH_PORTS.orders), pathname: '/graphql' });
    expect(new URL(config.subgraphs.customers.routing_url).port).toBe(String(SUPERGRAPH_PORTS.customers));
    expect(config.subgraphs.orders.schema.file).toBe('./schema/schema.graphql');
    const services = Object.entries(config.subgraphs).map(([name, s]) => {
      const file = join(ROOT, s.schema.file);
      expect(existsSync(file)).toBe(true);
      return { name, url: s.routing_url, typeDefs: parse(readFileSync(file, 'utf8')) };
    });
    const composed = composeServices(services);
    expect(composed.errors).toBeUndefined();
  });
});

describe('npm run supergraph', () => {
  let supergraph: RunningSupergraph;

  beforeAll(async () => {
    supergraph = await startSupergraph({
      ports: { gateway: 0, orders: 0, customers: 0 },
      env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', VENDOR_TIMEOUT_MS: '2000', SHUTDOWN_GRACE_MS: '2000' },
    });
  });

  afterAll(async () => {
    await supergraph.stop();
  });

  async function gateway<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<{ data?: TData; errors?: unknown[] }> {
    const res = await fetch(supergraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-customer-id': 'cust-1003' },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    return (await res.json()) as { data?: TData; errors?: unknown[] };
  }

  it("runs the README's checkout through the gateway, and the order shows under the customer of the other subgraph", async () => {
    const started = await gateway(CheckoutStartDocument, {
      input: { vendor: 'ATT', customerId: 'cust-1003', items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    expect(started.errors).toBeUndefined();
    const cart = started.data!.cartCreate.cart!;
    expect(cart.totals.oneTime).toEqual({ amount: '99.00', currencyCode: 'USD' });

    const options = (await gateway(CheckoutOptionsDocument, { cartId: cart.id })).data!.cart!.checkoutOptions!;
    const placed = await gateway(CheckoutPlaceOrderDocument, {
      cartId: cart.id,
      idempotencyKey: newKey('readme'),
      input: attCheckoutChoices(options),
    });
    expect(placed.data?.cartSubmit.userErrors).toEqual([]);
    const order = placed.data!.cartSubmit.order!;

    const mine = await gateway(MyOrdersDocument, { customerId: 'cust-1003' });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.customer!.name).toBe('Alan Turing');
    expect(mine.data!.customer!.orders.edges.map((e) => e.node)).toContainEqual(expect.objectContaining({ id: order.id, state: 'SUBMITTED', vendor: 'ATT' }));
  });

  it('serves Apollo Sandbox on the gateway', async () => {
    const res = await fetch(supergraph.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('embeddable-sandbox');
  });
});
