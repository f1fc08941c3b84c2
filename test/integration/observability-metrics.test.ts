import { Vendor } from '../../src/common/vendor';
import { CartCreateDocument, CartDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';

const GET_CART = 'GET /omni-svcs/v1/carts/:cartId';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function scrape(): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`http://127.0.0.1:${t.app.port}/metrics`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of one sample, found by metric name and an exact label set. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    if (
      match[2]
        .split(/,(?=[a-z_]+=")/)
        .sort()
        .join(',') === wanted
    )
      return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('counts vendor calls and their latency by vendor, route template and outcome', async () => {
    const created = await t.gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'fiber-300', productType: 'Fiber_Internet', quantity: 1 }] },
    });
    const cartId = created.data!.cartCreate.cart!.id;
    await t.sim(Vendor.ATT).fault(GET_CART, { type: 'status', status: 503 }, 1);
    const read = await t.gql(CartDocument, { id: cartId });
    expect(read.data?.cart?.id).toBe(cartId);

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(sample(text, 'orders_vendor_calls_total', { vendor: 'AT&T', route: 'POST /carts', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'orders_vendor_calls_total', { vendor: 'AT&T', route: 'GET /carts/{cartId}', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'orders_vendor_call_retries_total', { vendor: 'AT&T', route: 'GET /carts/{cartId}' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'orders_vendor_call_duration_seconds_count', { vendor: 'AT&T', route: 'POST /carts', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'orders_vendor_call_duration_seconds_bucket', { vendor: 'AT&T', route: 'POST /carts', outcome: 'ok', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain('process_resident_memory_bytes');
    // Route templates only: no cart id, customer id or vendor-side id appears in any label.
    expect(text).not.toContain(cartId);
    expect(text).not.toContain('cust-1001');
    expect(text).not.toMatch(/route="[^"]*\/carts\/(?!\{)/);
  });

  it('shows the circuit breaker of each vendor origin, and failed calls by failure kind', async () => {
    const created = await t.as('cust-1003').gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1003' } });
    const cartId = created.data!.cartCreate.cart!.id;
    const origin = new URL(t.simulators.byVendor[Vendor.ATT].baseUrl).origin;
    await t.sim(Vendor.ATT).fault(GET_CART, { type: 'status', status: 500 });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await t.as('cust-1003').gql(CartDocument, { id: cartId });
        expect(res.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
      }
    } finally {
      await t.sim(Vendor.ATT).clearFaults();
    }
    const { text } = await scrape();
    expect(sample(text, 'orders_vendor_calls_total', { vendor: 'AT&T', route: 'GET /carts/{cartId}', outcome: 'unavailable' })).toBeGreaterThanOrEqual(1);
    // Three attempts per call: the second call reaches the breaker's five consecutive failures and opens it.
    expect(sample(text, 'orders_vendor_circuit_state', { vendor: 'AT&T', origin })).toBe(2);
  });

  it('answers only GET on /metrics; other paths still reach the app', async () => {
    const post = await fetch(`http://127.0.0.1:${t.app.port}/metrics`, { method: 'POST' });
    expect(post.status).toBe(404);
    const health = await fetch(`http://127.0.0.1:${t.app.port}/health`);
    expect(health.status).toBe(200);
  });
});
