/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- assertions walk loosely typed JSON answers */
import { startAttSimulator } from '../../../dev/simulators/att/att.simulator';
import { startOracleSimulator } from '../../../dev/simulators/oracle/oracle.simulator';
import { startAdobeSimulator } from '../../../dev/simulators/adobe/adobe.simulator';
import { checkStrict, fieldPaths } from '../../../dev/simulators/kit';

/** A JSON answer, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

const ORDER_HEADERS = { 'idp-trace-id': 't-1', 'idpctx-session-id': 's-1', servicetype: 'FIBER', topics: 'ORDER_STATUS' };

describe('strict mode in the simulator kit', () => {
  it('lists field paths with arrays as []', () => {
    expect(fieldPaths({ a: { b: [{ c: 1 }, { d: 2 }] }, e: 'x' }).sort()).toEqual(['a', 'a.b', 'a.b[].c', 'a.b[].d', 'e']);
  });

  it('refuses unknown fields, unknown query parameters and missing headers; open containers accept anything below', () => {
    const route = { source: 'test', body: { a: 't', 'a.*': 't' }, query: { q: 't' }, requiredHeaders: { 'x-h': 't' } };
    const ok = { headers: { 'x-h': 'v' }, query: new URLSearchParams('q=1'), body: { a: { deep: [1] } } };
    expect(checkStrict(route, ok)).toBeUndefined();
    expect(checkStrict(route, { ...ok, body: { b: 1 } })).toEqual({ kind: 'unknown-field', name: 'b' });
    expect(checkStrict(route, { ...ok, query: new URLSearchParams('z=1') })).toEqual({ kind: 'unknown-query', name: 'z' });
    expect(checkStrict(route, { ...ok, headers: {} })).toEqual({ kind: 'missing-header', name: 'x-h' });
  });
});

describe('the strict AT&T simulator', () => {
  let sim: Awaited<ReturnType<typeof startAttSimulator>>;
  beforeAll(async () => {
    sim = await startAttSimulator(0, { strict: true });
  });
  afterAll(async () => {
    await sim.close();
  });
  const createBody = { channel: { id: 'IND', name: 'IND' }, relatedParty: [{ referredType: 'customer', role: 'customer', id: 'cust-1001' }] };

  it('answers create with {id} and add-items with {externalId}, as the seeds show', async () => {
    const created = await call(`${sim.baseUrl}/carts`, 'POST', createBody);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id']);
    const added = await call(`${sim.baseUrl}/carts/${created.body.id}/items`, 'POST', {
      items: [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim' }],
    });
    expect(added.status).toBe(200);
    expect(Object.keys(added.body)).toEqual(['externalId']);
  });

  it('has no cart read and no item removal; refuses undocumented fields and a submit without appname', async () => {
    const created = await call(`${sim.baseUrl}/carts`, 'POST', createBody);
    expect((await call(`${sim.baseUrl}/carts/${created.body.id}`, 'GET')).status).toBe(404);
    expect((await call(`${sim.baseUrl}/carts/${created.body.id}/items/1`, 'DELETE')).status).toBe(404);
    const unknown = await call(`${sim.baseUrl}/carts`, 'POST', { ...createBody, items: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual({ field: 'items' });
    const quantity = await call(`${sim.baseUrl}/carts/${created.body.id}/items`, 'POST', {
      items: [{ action: 'add', productOfferingType: 'SIM', productOfferingId: 'esim', quantity: 1 }],
    });
    expect(quantity.body.details).toEqual({ field: 'items[].quantity' });
    const submit = await call(`${sim.baseUrl}/carts/${created.body.id}/express-submit`, 'POST', {});
    expect(submit.status).toBe(400);
  });

  it('validates the orders query against the documented selection and requires its documented headers', async () => {
    const documented = {
      query: '{ getOrders(filter: { orderId: "x" }) { orders { id orderId orderStatus { status } orderPrice { total } } pageInfo { totalCount } } }',
    };
    const ok = await call(`${sim.ordersBaseUrl}/orders/query`, 'POST', documented, ORDER_HEADERS);
    expect(ok.status).toBe(200);
    expect(ok.body.data.getOrders.orders).toEqual([]);
    const extra = await call(
      `${sim.ordersBaseUrl}/orders/query`,
      'POST',
      { query: '{ getOrders(filter: { orderId: "x" }) { orders { id payments { type } } } }' },
      ORDER_HEADERS,
    );
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].message).toMatch(/payments/);
    const noHeaders = await call(`${sim.ordersBaseUrl}/orders/query`, 'POST', documented);
    expect(noHeaders.status).toBe(400);
  });

  it('logs every request at GET /__sim/requests', async () => {
    await call(`${new URL(sim.baseUrl).origin}/__sim/requests`, 'DELETE');
    await call(`${sim.baseUrl}/carts`, 'POST', createBody);
    const log = await call(`${new URL(sim.baseUrl).origin}/__sim/requests`, 'GET');
    expect(log.body.strict).toBe(true);
    expect(log.body.requests).toEqual([
      expect.objectContaining({
        route: 'POST /omni-svcs/v1/carts',
        body: expect.arrayContaining(['channel.id', 'relatedParty[].role']),
        headers: expect.arrayContaining(['accept', 'content-type']),
      }),
    ]);
  });
});

describe('the strict Oracle simulator', () => {
  let sim: Awaited<ReturnType<typeof startOracleSimulator>>;
  beforeAll(async () => {
    sim = await startOracleSimulator(0, { strict: true });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('has no order list, requires a bearer token and refuses a payment field no doc shows', async () => {
    const login = await fetch(`${sim.baseUrl}/ccagent/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: sim.credentials.username, password: sim.credentials.password }).toString(),
    });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const auth = { authorization: `Bearer ${token}` };
    expect((await call(`${sim.baseUrl}/ccagent/v1/orders?q=x`, 'GET', undefined, auth)).status).toBe(405); // only POST exists on that path
    expect((await call(`${sim.baseUrl}/ccagent/v1/orders`, 'POST', { op: 'createNewCart', profileId: 'cust-1001' })).status).toBe(401);
    const undocumented = await call(
      `${sim.baseUrl}/ccagent/v1/orders`,
      'POST',
      { op: 'submitOrder', id: 'o1', payments: [{ type: 'card', cardToken: 'tok_12345678' }] },
      auth,
    );
    expect(undocumented.status).toBe(400);
    expect(undocumented.body['o:errorPath']).toBe('payments[].cardToken');
    const created = await call(`${sim.baseUrl}/ccagent/v1/orders`, 'POST', { op: 'createNewCart', profileId: 'cust-1001', dynamicPropertyNote: 'ok' }, auth);
    expect(created.status).toBe(200);
  });
});

describe('the strict Adobe simulator', () => {
  let sim: Awaited<ReturnType<typeof startAdobeSimulator>>;
  beforeAll(async () => {
    sim = await startAdobeSimulator(0, { strict: true });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers 1121 to an unexpected field and 4119 without a correlation id', async () => {
    const token = await fetch(`${sim.imsUrl}/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.credentials.clientId,
        client_secret: sim.credentials.clientSecret,
      }).toString(),
    });
    const bearer = ((await token.json()) as { access_token: string }).access_token;
    const headers = { authorization: `Bearer ${bearer}`, 'x-api-key': sim.credentials.apiKey, 'x-correlation-id': 'c-1' };
    const unexpected = await call(`${sim.baseUrl}/v3/customers/cust-1001/orders`, 'POST', { orderType: 'PREVIEW', lineItems: [], notes: 'x' }, headers);
    expect(unexpected.status).toBe(400);
    expect(unexpected.body).toMatchObject({ code: '1121', additionalDetails: ['notes'] });
    const without = { authorization: headers.authorization, 'x-api-key': headers['x-api-key'] };
    const missing = await call(`${sim.baseUrl}/v3/customers/cust-1001/orders`, 'GET', undefined, without);
    expect(missing.body.code).toBe('4119');
  });
});
