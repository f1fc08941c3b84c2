import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { Vendor } from '../../src/common/vendor';
import { CartCreateDocument, CartDocument } from '../generated/graphql';
import { startReplica } from '../support/replica';
import { startTestApp, TestApp } from '../support/test-app';

const SECRET = 'router-secret-current-0123456789';
const PREVIOUS = 'router-secret-previous-012345678';
const CALLER = 'cust-1001';

let t: TestApp;
let cartId: string;
let base: string;

/** One raw HTTP exchange, so that a GET may carry a body and any Accept header may be sent. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = request(
      url,
      { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const PATHS = ['/', '/graphql', '/metrics'];
const METHODS = ['GET', 'POST'];
const ACCEPTS: (string | undefined)[] = [undefined, 'application/json', 'text/html', 'text/html;q=0.1, application/json', '*/*'];
const BODIES = ['query', 'persisted-query hash only', 'batched array'] as const;
type BodyKind = (typeof BODIES)[number];

/** The request of one matrix cell: an operation in the query string (GET) or in the body (POST; GET for a batch). */
function cell(method: string, path: string, accept: string | undefined, kind: BodyKind): { path: string; headers: Record<string, string>; body?: string } {
  const query = print(CartDocument);
  const variables = { id: cartId };
  const hash = createHash('sha256').update(query).digest('hex');
  const persisted = { persistedQuery: { version: 1, sha256Hash: hash } };
  const headers: Record<string, string> = { 'x-customer-id': CALLER, 'apollo-require-preflight': 'true', ...(accept ? { accept } : {}) };
  if (method === 'GET' && kind !== 'batched array') {
    const params = new URLSearchParams({ variables: JSON.stringify(variables), ...(kind === 'query' ? { query } : { extensions: JSON.stringify(persisted) }) });
    return { path: `${path}?${params.toString()}`, headers };
  }
  const one = kind === 'query' ? { query, variables } : { variables, extensions: persisted };
  const body = JSON.stringify(
    kind === 'batched array'
      ? [
          { query, variables },
          { query, variables },
        ]
      : one,
  );
  return { path, headers: { ...headers, 'content-type': 'application/json' }, body };
}

const MATRIX = PATHS.flatMap((path) => METHODS.flatMap((method) => ACCEPTS.flatMap((accept) => BODIES.map((kind) => ({ path, method, accept, kind })))));

beforeAll(async () => {
  t = await startTestApp({ NODE_ENV: 'production', ROUTER_SECRET: SECRET, ROUTER_SECRET_PREVIOUS: PREVIOUS });
  base = t.url.replace('/graphql', '/');
  const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: CALLER } }, { 'x-router-secret': SECRET });
  cartId = created.data!.cartCreate.cart!.id;
  // Registers the persisted query, so that a hash alone would run it.
  const registered = await send(
    'POST',
    '/graphql',
    { ...cell('POST', '/graphql', undefined, 'query').headers, 'x-router-secret': SECRET },
    JSON.stringify({
      query: print(CartDocument),
      variables: { id: cartId },
      extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(print(CartDocument)).digest('hex') } },
    }),
  );
  expect(registered.status).toBe(200);
});

afterAll(async () => {
  await t.close();
});

describe('the router secret, route x method x Accept x body', () => {
  it(`without the secret every one of the ${MATRIX.length} requests carrying an operation is 401 UNAUTHENTICATED, and nothing reaches a vendor`, async () => {
    const before = (await t.sim(Vendor.ATT).stats()).requestsTotal;
    const answered: string[] = [];
    for (const { path, method, accept, kind } of MATRIX) {
      for (const secret of [undefined, 'router-secret-wrong-012345678901', SECRET.slice(0, -1)]) {
        const req = cell(method, path, accept, kind);
        const res = await send(method, req.path, { ...req.headers, ...(secret ? { 'x-router-secret': secret } : {}) }, req.body);
        const code = res.status === 401 ? (JSON.parse(res.text) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code : '';
        if (res.status !== 401 || code !== 'UNAUTHENTICATED' || res.text.includes('"data"'))
          answered.push(`${method} ${path} accept=${accept} ${kind}: ${res.status}`);
      }
    }
    expect(answered).toEqual([]);
    expect((await t.sim(Vendor.ATT).stats()).requestsTotal).toBe(before);
  });

  it('the bug: a GET with only a persisted-query hash and Accept text/html;q=0.1 runs nothing without the secret', async () => {
    const req = cell('GET', '/graphql', 'text/html;q=0.1, application/json', 'persisted-query hash only');
    const before = await t.sim(Vendor.ATT).count('GET /productOrderManagement/v4/productOrderCart/{id}');
    const res = await send('GET', req.path, req.headers);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(cartId);
    expect(await t.sim(Vendor.ATT).count('GET /productOrderManagement/v4/productOrderCart/{id}')).toBe(before);
    const allowed = await send('GET', req.path, { ...req.headers, 'x-router-secret': SECRET });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text)).toMatchObject({ data: { cart: { id: cartId } } });
  });

  it('with the current or the previous secret (rotation) no request of the matrix is refused as unauthenticated; /graphql runs the operation', async () => {
    for (const secret of [SECRET, PREVIOUS]) {
      for (const { path, method, accept, kind } of MATRIX) {
        const req = cell(method, path, accept, kind);
        const res = await send(method, req.path, { ...req.headers, 'x-router-secret': secret }, req.body);
        expect({ path, method, accept, kind, status: res.status === 401 ? 401 : 'not 401' }).toEqual({ path, method, accept, kind, status: 'not 401' });
        // Accept: text/html alone accepts no GraphQL response (406), so only the others can show the data.
        if (path === '/graphql' && kind !== 'batched array' && accept !== 'text/html') {
          expect({ path, method, accept, kind, data: (JSON.parse(res.text) as { data?: { cart?: { id: string } } }).data?.cart?.id }).toEqual({
            path,
            method,
            accept,
            kind,
            data: cartId,
          });
        }
        if (kind === 'batched array' && path === '/graphql' && method === 'POST') expect(res.status).toBe(400);
      }
    }
  });

  it('open without the secret: /health, /ready, and the landing page of a request with no operation; /metrics is not', async () => {
    expect((await send('GET', '/health', {})).status).toBe(200);
    expect((await send('GET', '/ready', {})).status).toBe(200);
    for (const path of ['/', '/graphql']) {
      const page = await send('GET', path, { accept: 'text/html' });
      expect(page.status).toBe(200);
      expect(page.text).toContain('<html');
    }
    // The same page request carrying anything that could be an operation is not a page request.
    expect((await send('GET', '/graphql?extensions=%7B%7D', { accept: 'text/html' })).status).toBe(401);
    expect((await send('GET', '/graphql', { accept: 'text/html', 'content-type': 'application/json' }, JSON.stringify({ query: '{__typename}' }))).status).toBe(
      401,
    );
    expect((await send('GET', '/metrics', {})).status).toBe(401);
    const metrics = await send('GET', '/metrics', { 'x-router-secret': SECRET });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE');
  });
});

describe('metrics on their own port (METRICS_PORT)', () => {
  it('serve /metrics there without the secret, and the main port has no /metrics at all', async () => {
    const app = await startTestApp({ ROUTER_SECRET: SECRET, METRICS_PORT: '0' });
    try {
      expect(app.app.metricsPort).toBeGreaterThan(0);
      expect(app.app.metricsPort).not.toBe(app.app.port);
      const own = await fetch(`http://127.0.0.1:${app.app.metricsPort}/metrics`);
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('# TYPE');
      const main = await fetch(`http://127.0.0.1:${app.app.port}/metrics`, { headers: { 'x-router-secret': SECRET } });
      expect(main.status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${app.app.metricsPort}/graphql`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('production boot', () => {
  it('a production process without ROUTER_SECRET exits with one line naming it, unless ALLOW_NO_ROUTER_SECRET=true', async () => {
    await expect(
      startReplica({ NODE_ENV: 'production', VENDORS: 'ORACLE', ORACLE_BASE_URL: 'http://127.0.0.1:9', ORACLE_USERNAME: 'a', ORACLE_PASSWORD: 'b' }),
    ).rejects.toThrow(/exited with 1: Invalid configuration: ROUTER_SECRET must be set in production[^\n]*\n?$/);
    const trusted = await startReplica({
      NODE_ENV: 'production',
      ALLOW_NO_ROUTER_SECRET: 'true',
      VENDORS: 'ORACLE',
      ORACLE_BASE_URL: 'http://127.0.0.1:9',
      ORACLE_USERNAME: 'a',
      ORACLE_PASSWORD: 'b',
    });
    expect((await fetch(trusted.url.replace('/graphql', '/health'))).status).toBe(200);
    expect(await trusted.stop()).toBe(0);
  });
});
