import { readFileSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { startCustomersSubgraph } from '../../dev/customers-subgraph';
import { CartCreateDocument, CustomerWithCartsAndOrdersDocument, RouterCartDocument, RouterCustomersCartsDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';
import { composeSupergraph } from './gateway';
import { composeWithGuild, RunningRouter, startApolloGateway, startHiveGateway } from './routers';

const SECRET = 'router-secret-routers-0123456789';
const ORDERS_SDL = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');

let t: TestApp;
let customers: { url: string; stop(): Promise<void> };
const routers: RunningRouter[] = [];
/** Requests the orders subgraph received, with the headers that matter here. */
const seen: { requestId?: string; callerId?: string; traceparent?: string; secret: boolean }[] = [];
let cartOf1002: string;

function send<TData, TVars>(router: RunningRouter, doc: TypedDocumentNode<TData, TVars>, variables: TVars, headers: Record<string, string>) {
  return fetch(router.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(doc), variables }),
  }).then(async (res) => (await res.json()) as { data?: TData; errors?: { message: string }[] });
}

beforeAll(async () => {
  t = await startTestApp({ ROUTER_SECRET: SECRET });
  t.app.server.on('request', (req: IncomingMessage) => {
    seen.push({
      requestId: req.headers['x-request-id'] as string | undefined,
      callerId: req.headers['x-customer-id'] as string | undefined,
      traceparent: req.headers.traceparent as string | undefined,
      secret: req.headers['x-router-secret'] === SECRET,
    });
  });
  customers = await startCustomersSubgraph();
  routers.push(await startApolloGateway(composeSupergraph(t.url, customers.url, ORDERS_SDL), SECRET));
  routers.push(await startHiveGateway(await composeWithGuild({ orders: { url: t.url, sdl: ORDERS_SDL }, customers: { url: customers.url } }), SECRET));

  const created = await t.gql(
    CartCreateDocument,
    { input: { vendor: 'ATT', customerId: 'cust-1002', items: [{ offeringId: 'fiber-300', productType: 'Fiber_Internet', quantity: 1 }] } },
    { 'x-router-secret': SECRET, 'x-customer-id': 'cust-1002' },
  );
  cartOf1002 = created.data!.cartCreate.cart!.id;
});

afterAll(async () => {
  for (const router of routers) await router.stop();
  await customers?.stop();
  await t?.close();
});

describe("The Guild's composer and Hive Gateway beside Apollo's", () => {
  it('both composers accept the committed subgraph SDL with the customers subgraph', async () => {
    const guild = await composeWithGuild({ orders: { url: t.url, sdl: ORDERS_SDL }, customers: { url: customers.url } });
    expect(guild).toMatch(/type Customer[\s\S]*carts\(/);
    expect(composeSupergraph(t.url, customers.url, ORDERS_SDL)).toMatch(/type Customer[\s\S]*carts\(/);
  });

  it('the same query gives the same answer through each router', async () => {
    const answers = [];
    for (const router of routers) {
      const res = await send(router, CustomerWithCartsAndOrdersDocument, { id: 'cust-1002' }, { 'x-customer-id': 'cust-1002' });
      expect(res.errors).toBeUndefined();
      expect(res.data?.customer?.carts.nodes.map((c) => c.id)).toContain(cartOf1002);
      answers.push(res.data);
    }
    expect(answers[1]).toEqual(answers[0]);
  });

  it.each(['@apollo/gateway', 'Hive Gateway'])('%s: the caller header, request id, trace context and router secret arrive at the subgraph', async (name) => {
    const router = routers.find((r) => r.name === name)!;
    const requestId = `routers-caller-${router.name.replace(/\W+/g, '-')}-${Date.now()}`;
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const own = await send(router, RouterCartDocument, { id: cartOf1002 }, { 'x-customer-id': 'cust-1002', 'x-request-id': requestId, traceparent });
    expect(own.errors).toBeUndefined();
    expect(own.data?.cart).toMatchObject({ id: cartOf1002, customerId: 'cust-1002' });
    // The subgraph hides another customer's cart: only a caller header that arrived can make it null.
    const other = await send(router, RouterCartDocument, { id: cartOf1002 }, { 'x-customer-id': 'cust-1001' });
    expect(other.errors).toBeUndefined();
    expect(other.data?.cart).toBeNull();
    expect(seen.filter((s) => s.requestId === requestId)).toEqual([{ requestId, callerId: 'cust-1002', traceparent, secret: true }]);
  });

  it.each(['@apollo/gateway', 'Hive Gateway'])('%s: carts of a list of customers come from one batched _entities call', async (name) => {
    const router = routers.find((r) => r.name === name)!;
    const requestId = `routers-batch-${router.name.replace(/\W+/g, '-')}-${Date.now()}`;
    const res = await send(
      router,
      RouterCustomersCartsDocument,
      { ids: ['cust-1002', 'cust-1003', 'cust-1004'] },
      { 'x-customer-id': 'cust-1002', 'x-request-id': requestId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.customers.map((c) => c?.id)).toEqual(['cust-1002', 'cust-1003', 'cust-1004']);
    expect(res.data?.customers[0]?.carts.nodes.map((c) => c.id)).toContain(cartOf1002);
    expect(seen.filter((s) => s.requestId === requestId)).toHaveLength(1);
  });
});
