import { Agent, request } from 'undici';
import { LEAKY_ERROR_BODY, SimServer } from '../../../dev/simulators/kit';
import type { SimStatsSnapshot } from '../../../dev/simulators/kit';

/** A tiny vendor-neutral simulator built on the kit, as a vendor module would build one. */
function buildTestSim(): SimServer {
  const sim = new SimServer({
    name: 'kit-test',
    errorBody: (status, message) => ({ errorCode: `E${status}`, message }),
    maxBodyBytes: 4096,
  });
  let created = 0;
  sim.route('GET', '/v1/things/:id', (req) => ({ status: 200, body: { id: req.params.id, q: req.query.get('q') } }));
  sim.route('POST', '/v1/orders', () => {
    created += 1;
    sim.stats.ordersCreated += 1;
    return { status: 201, body: { orderNo: created } };
  });
  sim.route('POST', '/v1/echo', (req) => ({
    status: 200,
    body: { body: req.body ?? null, bodyError: req.bodyError ?? null, rawBody: req.rawBody, template: req.template },
  }));
  sim.route('GET', '/v1/report', () => ({ status: 200, body: { lines: Array.from({ length: 20 }, (_, i) => `line-${i}`) } }));
  sim.route('GET', '/v1/text', () => ({ status: 200, headers: { 'x-custom': 'yes' }, body: 'plain words' }));
  sim.route('GET', '/v1/boom', () => {
    throw new Error('handler bug');
  });
  return sim;
}

describe('SimServer kit', () => {
  let sim: SimServer;
  let base: string;

  const stats = async (): Promise<SimStatsSnapshot> => (await (await fetch(`${base}/__sim/stats`)).json()) as SimStatsSnapshot;
  const addFault = async (route: string, fault: Record<string, unknown>, times?: number): Promise<Response> =>
    fetch(`${base}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(times === undefined ? { route, fault } : { route, fault, times }),
    });
  const postOrder = (): Promise<Response> => fetch(`${base}/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  beforeAll(async () => {
    sim = buildTestSim();
    base = (await sim.listen()).url;
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(async () => {
    const res = await fetch(`${base}/__sim/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
  });

  describe('routing and bodies', () => {
    it('decodes path params and exposes the query', async () => {
      const res = await fetch(`${base}/v1/things/a%20b%2Fc?q=42`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: 'a b/c', q: '42' });
    });

    it('answers an unknown route with 404 built by the vendor error body, and a wrong method with 405', async () => {
      const missing = await fetch(`${base}/v1/nothing`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ errorCode: 'E404' });
      const wrongMethod = await fetch(`${base}/v1/things/1`, { method: 'DELETE' });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('GET');
      expect((await stats()).unmatched).toBe(2);
    });

    it('lets a vendor module replace the not-found answer', async () => {
      const custom = new SimServer({ name: 'nf', notFound: (req) => ({ status: 404, body: { missing: req.path } }) });
      const { url } = await custom.listen();
      try {
        const res = await fetch(`${url}/x/y`);
        expect(await res.json()).toEqual({ missing: '/x/y' });
      } finally {
        await custom.close();
      }
    });

    it('parses JSON, forms and text, and reports invalid JSON as bodyError instead of failing', async () => {
      const echo = async (contentType: string, body: string): Promise<Record<string, unknown>> =>
        (await (await fetch(`${base}/v1/echo`, { method: 'POST', headers: { 'content-type': contentType }, body })).json()) as Record<string, unknown>;
      expect(await echo('application/json; charset=utf-8', '{"a":[1,2]}')).toMatchObject({ body: { a: [1, 2] }, bodyError: null });
      expect(await echo('application/x-www-form-urlencoded', 'a=1&b=two%20words')).toMatchObject({ body: { a: '1', b: 'two words' } });
      expect(await echo('text/plain', 'hello')).toMatchObject({ body: 'hello', rawBody: 'hello' });
      const broken = await echo('application/json', '{"a":');
      expect(broken.body).toBeNull();
      expect(broken.bodyError).toMatch(/invalid JSON/);
      expect(broken.rawBody).toBe('{"a":');
      expect(broken.template).toBe('/v1/echo');
    });

    it('sends string bodies as they are, with the handler headers', async () => {
      const res = await fetch(`${base}/v1/text`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.headers.get('x-custom')).toBe('yes');
      expect(await res.text()).toBe('plain words');
    });

    it('refuses a body over the size limit with 413', async () => {
      const res = await fetch(`${base}/v1/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ errorCode: 'E413' });
    });

    it('turns a throwing handler into a 500 with the vendor error body and keeps serving', async () => {
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const res = await fetch(`${base}/v1/boom`);
        expect(res.status).toBe(500);
        expect(await res.json()).toMatchObject({ errorCode: 'E500' });
      } finally {
        spy.mockRestore();
      }
      expect((await fetch(`${base}/v1/things/still-up`)).status).toBe(200);
    });

    it('refuses to register a vendor route under /__sim', () => {
      expect(() => new SimServer({ name: 'x' }).route('GET', '/__sim/mine', () => ({ status: 200 }))).toThrow(/control/);
    });
  });

  describe('stats and clock', () => {
    it('counts requests per route template, in total, and resets', async () => {
      await fetch(`${base}/v1/things/1`).then((r) => r.text());
      await fetch(`${base}/v1/things/2`).then((r) => r.text());
      await postOrder().then((r) => r.text());
      await fetch(`${base}/v1/nowhere`).then((r) => r.text());
      const s = await stats();
      expect(s.requests).toEqual({ 'GET /v1/things/:id': 2, 'POST /v1/orders': 1 });
      expect(s.requestsTotal).toBe(4);
      expect(s.ordersCreated).toBe(1);
      const reset = await fetch(`${base}/__sim/stats/reset`, { method: 'POST' });
      expect(((await reset.json()) as SimStatsSnapshot).requestsTotal).toBe(0);
      expect((await stats()).requests).toEqual({});
    });

    it('counts sockets, so a keep-alive client reuses one connection', async () => {
      const fresh = buildTestSim();
      const { url } = await fresh.listen();
      const agent = new Agent({ connections: 1 });
      try {
        for (let i = 0; i < 5; i += 1) {
          const res = await request(`${url}/v1/things/${i}`, { dispatcher: agent });
          await res.body.json();
        }
        expect(fresh.stats.socketsOpened).toBe(1);
        expect(fresh.stats.count('GET /v1/things/:id')).toBe(5);
      } finally {
        await agent.close();
        await fresh.close();
      }
    });

    it('moves the clock forward only', async () => {
      const before = sim.clock.now().getTime();
      const res = await fetch(`${base}/__sim/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: 3600 }),
      });
      expect(res.status).toBe(200);
      const { now } = (await res.json()) as { now: string };
      expect(Date.parse(now) - before).toBeGreaterThanOrEqual(3600 * 1000);
      expect(sim.clock.now().getTime() - Date.now()).toBeGreaterThanOrEqual(3599 * 1000);
      const backwards = await fetch(`${base}/__sim/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: -5 }),
      });
      expect(backwards.status).toBe(400);
    });
  });

  describe('fault control surface', () => {
    it('lists, validates and clears faults', async () => {
      const created = await addFault('GET /v1/things/:id', { type: 'status', status: 503 }, 3);
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ route: 'GET /v1/things/:id', remaining: 3, fault: { type: 'status', status: 503 } });
      expect((await addFault('GET /v1/typo', { type: 'hang' })).status).toBe(400);
      expect((await addFault('*', { type: 'explode' })).status).toBe(400);
      expect((await addFault('*', { type: 'latency', ms: -1 })).status).toBe(400);
      const listed = (await (await fetch(`${base}/__sim/faults`)).json()) as { faults: unknown[] };
      expect(listed.faults).toHaveLength(1);
      await fetch(`${base}/__sim/faults`, { method: 'DELETE' });
      expect(((await (await fetch(`${base}/__sim/faults`)).json()) as { faults: unknown[] }).faults).toHaveLength(0);
      expect((await fetch(`${base}/v1/things/1`)).status).toBe(200);
    });

    it('applies a fault only `times` times, then drops it', async () => {
      await addFault('GET /v1/things/:id', { type: 'status', status: 502 }, 2);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await fetch(`${base}/v1/things/${i}`);
        await res.text();
        statuses.push(res.status);
      }
      expect(statuses).toEqual([502, 502, 200]);
      expect(((await (await fetch(`${base}/__sim/faults`)).json()) as { faults: unknown[] }).faults).toHaveLength(0);
      expect((await stats()).requests['GET /v1/things/:id']).toBe(3);
    });

    it('matches every vendor route with "*", but never the control routes', async () => {
      await addFault('*', { type: 'status', status: 500 });
      expect((await fetch(`${base}/v1/things/1`)).status).toBe(500);
      expect((await postOrder()).status).toBe(500);
      expect((await fetch(`${base}/__sim/stats`)).status).toBe(200);
    });
  });

  describe('fault kinds', () => {
    it('latency: answers normally after the delay', async () => {
      await addFault('GET /v1/things/:id', { type: 'latency', ms: 150 });
      const started = Date.now();
      const res = await fetch(`${base}/v1/things/slow`);
      expect(await res.json()).toMatchObject({ id: 'slow' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    });

    it('hang: never sends headers, the client gives up, and the request is still counted', async () => {
      await addFault('GET /v1/things/:id', { type: 'hang' });
      await expect(fetch(`${base}/v1/things/1`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
      expect((await stats()).requests['GET /v1/things/:id']).toBe(1);
    });

    it('refuse: drops the connection without an answer and without running the handler', async () => {
      await addFault('POST /v1/orders', { type: 'refuse' }, 1);
      await expect(postOrder()).rejects.toThrow();
      const s = await stats();
      expect(s.ordersCreated).toBe(0);
      expect(s.requests['POST /v1/orders']).toBe(1);
    });

    it('reset-before: nothing is committed', async () => {
      await addFault('POST /v1/orders', { type: 'reset-before' }, 1);
      await expect(postOrder()).rejects.toThrow();
      expect((await stats()).ordersCreated).toBe(0);
    });

    it('reset-after: the handler commits, then the connection dies without an answer', async () => {
      await addFault('POST /v1/orders', { type: 'reset-after' }, 1);
      await expect(postOrder()).rejects.toThrow();
      expect((await stats()).ordersCreated).toBe(1);
      const next = await postOrder();
      expect(next.status).toBe(201);
      expect((await stats()).ordersCreated).toBe(2);
    });

    it('status: uses the vendor error body by default, or the given body verbatim', async () => {
      await addFault('GET /v1/things/:id', { type: 'status', status: 503 }, 1);
      const first = await fetch(`${base}/v1/things/1`);
      expect(first.status).toBe(503);
      expect(await first.json()).toEqual({ errorCode: 'E503', message: 'simulated fault' });

      const leak = { error: 'java.sql.SQLException: ORA-00942 at db-internal-7.corp.example:1521', stack: 'at com.vendor.Cart(Cart.java:42)' };
      await addFault('GET /v1/things/:id', { type: 'status', status: 500, body: leak }, 1);
      const second = await fetch(`${base}/v1/things/1`);
      expect(second.status).toBe(500);
      expect(await second.json()).toEqual(leak);
    });

    it('status with leak: a 500 carrying SQL, an internal host and a stack trace', async () => {
      await addFault('GET /v1/things/:id', { type: 'status', status: 500, leak: true }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual(LEAKY_ERROR_BODY);
      expect(LEAKY_ERROR_BODY.stack).toContain('CartRepository.java');
    });

    it('rate-limit: 429 with Retry-After in seconds', async () => {
      await addFault('GET /v1/things/:id', { type: 'rate-limit', retryAfter: 7 }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toMatchObject({ errorCode: 'E429' });
    });

    it('rate-limit: 429 with Retry-After as an HTTP-date in the future', async () => {
      await addFault('GET /v1/things/:id', { type: 'rate-limit', retryAfter: 'http-date', seconds: 5 }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      await res.text();
      expect(res.status).toBe(429);
      const header = res.headers.get('retry-after') ?? '';
      expect(header).toMatch(/GMT$/);
      const waitMs = Date.parse(header) - Date.now();
      expect(waitMs).toBeGreaterThan(2000);
      expect(waitMs).toBeLessThanOrEqual(6000);
    });

    it('malformed: 200 JSON content type with a body that does not parse', async () => {
      await addFault('GET /v1/things/:id', { type: 'malformed' }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      // Errors from fetch come from another realm, so match on the message rather than the class.
      await expect(res.json()).rejects.toThrow(/JSON/);
    });

    it('wrong-content-type: 200 text/html', async () => {
      await addFault('GET /v1/things/:id', { type: 'wrong-content-type' }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<html>');
    });

    it('truncated: the body ends before the declared content-length', async () => {
      await addFault('GET /v1/things/:id', { type: 'truncated' }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(Number(res.headers.get('content-length'))).toBeGreaterThan(4096);
      await expect(res.text()).rejects.toThrow();
    });

    it('wrong-shape: valid JSON of another shape, default or given', async () => {
      await addFault('GET /v1/things/:id', { type: 'wrong-shape' }, 1);
      expect(await (await fetch(`${base}/v1/things/1`)).json()).toEqual({ unexpected: true, id: 42 });
      await addFault('GET /v1/things/:id', { type: 'wrong-shape', body: [{ id: null }] }, 1);
      expect(await (await fetch(`${base}/v1/things/1`)).json()).toEqual([{ id: null }]);
    });

    it('huge: streams exactly the requested number of bytes of valid JSON', async () => {
      const bytes = 3 * 1024 * 1024;
      await addFault('GET /v1/things/:id', { type: 'huge', bytes }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(res.headers.get('content-length')).toBeNull();
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let total = 0;
      let head = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (head.length < 12) head += Buffer.from(value.subarray(0, 12)).toString();
        total += value.length;
      }
      expect(total).toBe(bytes);
      expect(head.startsWith('{"padding":"')).toBe(true);
    });

    it('huge: a client can stop reading at its cap and the simulator carries on', async () => {
      await addFault('GET /v1/things/:id', { type: 'huge', bytes: 50 * 1024 * 1024, contentLength: true }, 1);
      const res = await fetch(`${base}/v1/things/1`);
      expect(Number(res.headers.get('content-length'))).toBe(50 * 1024 * 1024);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let read = 0;
      while (read < 256 * 1024) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.length;
      }
      await reader.cancel();
      expect(read).toBeGreaterThanOrEqual(256 * 1024);
      expect((await fetch(`${base}/v1/things/after`)).status).toBe(200);
    });

    it('drip: headers at once, then the real body in several pieces', async () => {
      await addFault('GET /v1/report', { type: 'drip', intervalMs: 40, chunks: 4 }, 1);
      const res = await fetch(`${base}/v1/report`);
      expect(res.status).toBe(200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const parts: Buffer[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(Buffer.from(value));
      }
      expect(parts.length).toBeGreaterThanOrEqual(2);
      const body = JSON.parse(Buffer.concat(parts).toString()) as { lines: string[] };
      expect(body.lines).toHaveLength(20);
    });

    it('redirect: 302 to another host by default, or the given location and status', async () => {
      await addFault('GET /v1/things/:id', { type: 'redirect' }, 1);
      const res = await fetch(`${base}/v1/things/1`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('http://127.0.0.2:1/elsewhere');
      await addFault('GET /v1/things/:id', { type: 'redirect', status: 307, location: 'http://example.invalid/x' }, 1);
      const second = await fetch(`${base}/v1/things/1`, { redirect: 'manual' });
      expect(second.status).toBe(307);
      expect(second.headers.get('location')).toBe('http://example.invalid/x');
    });
  });

  it('closes promptly even with a hung request open', async () => {
    const fresh = buildTestSim();
    const { url } = await fresh.listen();
    fresh.faults.add('GET /v1/things/:id', { type: 'hang' });
    const pending = fetch(`${url}/v1/things/1`).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    await fresh.close();
    expect(String(await pending)).toMatch(/fetch failed/);
  });
});
