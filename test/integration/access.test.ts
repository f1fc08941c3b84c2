import { Vendor } from '../../src/common/vendor';
import { CartCreateDocument, CartDocument, EntitiesDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';

const SECRET = 'router-secret-0123456789';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ ROUTER_SECRET: SECRET, CORS_ORIGINS: 'https://shop.example.com' });
});

afterAll(async () => {
  await t.close();
});

describe('who may call', () => {
  it('without the router secret: HTTP 401 UNAUTHENTICATED before any resolver, _entities and _service included', async () => {
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    for (const send of [
      () => t.gql(CartDocument, { id: 'x' }),
      () => t.gql(EntitiesDocument, { representations: [{ __typename: 'Cart', id: 'x' }] }),
      () => t.post({ query: '{ _service { sdl } }' }),
      () => t.gql(CartDocument, { id: 'x' }, { 'x-router-secret': 'router-secret-0123456788' }),
    ]) {
      const res = await send();
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('with the secret the graph answers, and /health and /ready stay open without it', async () => {
    const res = await t.post({ query: '{ _service { sdl } }' }, { 'x-router-secret': SECRET });
    expect(res.status).toBe(200);
    expect(res.raw).toContain('type Cart');
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, { 'x-router-secret': SECRET });
    expect(created.data!.cartCreate.cart!.state).toBe('DRAFT');
    const base = t.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });

  it('CORS: an allowed origin is answered with its own origin; others get no allow header', async () => {
    const preflight = await fetch(t.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-router-secret',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    // The enabled vendors' own request headers come from their folders (Oracle's site and organization).
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-ccsite');
    const allowed = await t.post({ query: '{ __typename }' }, { origin: 'https://shop.example.com', 'x-router-secret': SECRET });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await t.post({ query: '{ __typename }' }, { origin: 'https://evil.example.net', 'x-router-secret': SECRET });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('landing page and probes', () => {
  it('GET / and GET /graphql serve the GraphiQL page pointed at /graphql, with the examples and the caller header', async () => {
    const base = t.url.replace('/graphql', '');
    for (const path of ['/', '/graphql']) {
      const res = await fetch(`${base}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      const html = await res.text();
      expect(html).toContain('/ide/assets/graphiql.min.js');
      expect(html).toContain('cust-1001');
      expect(html).toContain('new URL(config.endpointPath, location.href)');
    }
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
  });
});
