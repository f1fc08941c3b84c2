import { Trace } from '@apollo/usage-reporting-protobuf';
import { CartCreateDocument, CartDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';

describe('federated traces (ftv1) for the router and Studio', () => {
  let t: TestApp;
  let cartId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
    cartId = created.data!.cartCreate.cart!.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers `apollo-federation-include-trace: ftv1` with a trace of the resolved fields in extensions.ftv1', async () => {
    const res = await t.gql(CartDocument, { id: cartId }, { 'apollo-federation-include-trace': 'ftv1' });
    expect(res.errors).toBeUndefined();
    const ftv1 = (JSON.parse(res.raw) as { extensions?: { ftv1?: unknown } }).extensions?.ftv1;
    expect(typeof ftv1).toBe('string');
    const trace = Trace.decode(Buffer.from(ftv1 as string, 'base64'));
    expect(trace.root?.child?.map((c) => c.responseName)).toContain('cart');
    const cart = trace.root!.child!.find((c) => c.responseName === 'cart')!;
    expect(cart.child?.map((c) => c.responseName)).toEqual(expect.arrayContaining(['id', 'vendor', 'state']));
  });

  it('sends no trace when the router does not ask for one', async () => {
    const res = await t.gql(CartDocument, { id: cartId });
    expect(JSON.parse(res.raw)).not.toHaveProperty('extensions.ftv1');
  });
});

describe('the production landing page', () => {
  let t: TestApp;
  const saved = process.env.APOLLO_GRAPH_REF;

  beforeAll(async () => {
    process.env.APOLLO_GRAPH_REF = 'orders-supergraph@staging';
    t = await startTestApp({ NODE_ENV: 'production', ALLOW_NO_ROUTER_SECRET: 'true' });
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env.APOLLO_GRAPH_REF;
    else process.env.APOLLO_GRAPH_REF = saved;
    await t.close();
  });

  it('is the production page, pointing at the graph in Studio (APOLLO_GRAPH_REF)', async () => {
    const res = await fetch(`http://127.0.0.1:${t.app.port}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const config = /window\.landingPage = "([^"]+)"/.exec(html)?.[1];
    expect(JSON.parse(decodeURIComponent(config ?? '{}'))).toMatchObject({ isProd: true, graphRef: 'orders-supergraph@staging' });
  });
});
