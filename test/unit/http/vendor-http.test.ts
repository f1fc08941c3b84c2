import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { VendorCallEvent, VendorHttpClient, VendorHttpOptions } from '../../../src/http/vendor-http';
import { VendorCallError } from '../../../src/http/vendor-call-error';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback vendor whose answer to each path the test decides; it records the sockets it saw close. */
async function startVendor(routes: Record<string, Route>): Promise<{ server: Server; baseUrl: string; closedSockets: () => number }> {
  let closedSockets = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const route = routes[(req.url ?? '').split('?')[0].replace(/^\/api/, '')];
      if (route) return route(req, res);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.on('connection', (socket: Socket) => socket.on('close', () => closedSockets++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, closedSockets: () => closedSockets };
}

/** The error a call failed with; fails the test when the call succeeded or threw something else. */
async function failure(call: Promise<unknown>): Promise<VendorCallError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof VendorCallError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

const MAX_BYTES = 64 * 1024;

describe('VendorHttpClient against a loopback vendor', () => {
  let vendor: Awaited<ReturnType<typeof startVendor>>;
  const clients: VendorHttpClient[] = [];
  const events: VendorCallEvent[] = [];

  function client(options: Partial<VendorHttpOptions> = {}): VendorHttpClient {
    const http = new VendorHttpClient({
      vendor: 'Loopback',
      baseUrl: vendor.baseUrl,
      attemptTimeoutMs: 10000,
      maxResponseBytes: MAX_BYTES,
      breakerThreshold: 1000,
      onCall: (event) => events.push(event),
      ...options,
    });
    clients.push(http);
    return http;
  }

  beforeAll(async () => {
    vendor = await startVendor({
      // The answer in one-byte chunks with no length: 'é' and '€' are split across chunks.
      '/drip-utf8': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': ['a=1', 'b=2'], 'Retry-After': '7', 'X-Vendor-Id': 'v-1' });
        const bytes = Buffer.from(JSON.stringify({ name: 'café', price: '9 €', list: [1, 2, 3] }), 'utf8');
        let i = 0;
        const next = () => {
          if (i >= bytes.length) return res.end();
          res.write(bytes.subarray(i, ++i));
          setImmediate(next);
        };
        next();
      },
      // Chunked, with no declared length, growing past the cap; it would go on far beyond it if not stopped.
      '/grows': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
        let sent = 0;
        const chunk = `"${'x'.repeat(8 * 1024)}",`;
        const next = () => {
          if (res.destroyed || sent > 50 * MAX_BYTES) return res.end('0]');
          sent += chunk.length;
          if (res.write(chunk)) setImmediate(next);
          else res.once('drain', next);
        };
        next();
      },
      '/declared-huge': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_BYTES + 1) });
        res.write('[');
      },
      // Headers and part of the body, then nothing: only the attempt deadline ends it.
      '/stalls-mid-body': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"id":"half');
      },
      '/echo-url': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: req.url }));
      },
      '/ok': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
      '/orders/o-1': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"o-1","orderId":"o-1"}');
      },
    });
  });

  afterEach(() => {
    events.length = 0;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()));
    vendor.server.closeAllConnections();
    await new Promise((resolve) => vendor.server.close(resolve));
  });

  it('reads an answer that arrives a byte at a time, multi-byte characters split across chunks, with lower-case response headers', async () => {
    const res = await client().request({ method: 'GET', path: '/drip-utf8', route: 'GET /drip-utf8', idempotent: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'café', price: '9 €', list: [1, 2, 3] });
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-vendor-id']).toBe('v-1');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('refuses a body that grows past the cap while it streams, without retrying, and stops reading it', async () => {
    const http = client();
    const closedBefore = vendor.closedSockets();
    const error = await failure(http.request({ method: 'GET', path: '/grows', route: 'GET /grows', idempotent: true }));
    expect(error).toMatchObject({ kind: 'bad_response', maybeCommitted: false, status: 200, detail: `body over ${MAX_BYTES} bytes` });
    expect(events).toMatchObject([{ outcome: 'bad_response', attempts: 1 }]);
    // The connection is closed rather than drained of the rest of the body.
    await waitFor(() => vendor.closedSockets() > closedBefore);
    // The client goes on working on a fresh connection.
    await expect(http.request({ method: 'GET', path: '/ok', route: 'GET /ok', idempotent: true })).resolves.toMatchObject({ status: 200, body: { ok: true } });
  });

  it('refuses an answer whose declared length is over the cap as soon as its headers arrive', async () => {
    const error = await failure(client().request({ method: 'GET', path: '/declared-huge', route: 'GET /declared-huge', idempotent: true }));
    expect(error).toMatchObject({ kind: 'bad_response', maybeCommitted: false, status: 200, detail: `declared body of ${MAX_BYTES + 1} bytes over the cap` });
    expect(events).toMatchObject([{ outcome: 'bad_response', attempts: 1 }]);
  });

  it('aborts a write whose body stops mid-way at the attempt deadline: a timeout that may have been committed, not retried', async () => {
    const error = await failure(
      client({ attemptTimeoutMs: 300, overallTimeoutMs: 5000 }).request({
        method: 'POST',
        path: '/stalls-mid-body',
        route: 'POST /stalls-mid-body',
        body: { a: 1 },
        idempotent: false,
      }),
    );
    expect(error).toMatchObject({ kind: 'timeout', maybeCommitted: true });
    expect(error.detail).toMatch(/AbortError/);
    expect(events).toMatchObject([{ outcome: 'timeout', attempts: 1, write: true }]);
  });

  it('tells its observer which calls may have changed something: every call but a GET and a POST that only reads', async () => {
    const http = client();
    const route = 'POST /orders/{orderId}';
    await http.request({ method: 'POST', path: '/orders/o-1', route, body: {}, idempotent: false });
    await http.request({ method: 'POST', path: '/orders/o-1', route, body: {}, idempotent: true, onlyReads: true });
    await http.request({ method: 'GET', path: '/orders/o-1', route: 'GET /orders/{orderId}', idempotent: true });
    expect(events.map((e) => [e.route, e.write, e.vendorIds])).toEqual([
      [route, true, { orderId: 'o-1', 'answer.id': 'o-1', 'answer.orderId': 'o-1' }],
      [route, false, undefined],
      ['GET /orders/{orderId}', false, undefined],
    ]);
  });

  it('retries a read whose body stops mid-way, each attempt aborted at its deadline', async () => {
    const error = await failure(
      client({ attemptTimeoutMs: 200, overallTimeoutMs: 10000, maxAttempts: 2 }).request({
        method: 'GET',
        path: '/stalls-mid-body',
        route: 'GET /stalls-mid-body',
        idempotent: true,
      }),
    );
    expect(error).toMatchObject({ kind: 'timeout', maybeCommitted: false });
    expect(events).toMatchObject([{ outcome: 'timeout', attempts: 2 }]);
  });

  it('encodes the query exactly as URLSearchParams does, leaving out undefined values', async () => {
    const query = { plain: 'full', spaced: 'a b', marks: "!'()~*-._", amp: 'x&y=z', unicode: 'café €', n: 42, gone: undefined, 'odd key': 'v' };
    const res = await client().request({ method: 'GET', path: '/echo-url', route: 'GET /echo-url', query, idempotent: true });
    const expected = new URLSearchParams({ plain: 'full', spaced: 'a b', marks: "!'()~*-._", amp: 'x&y=z', unicode: 'café €', n: '42', 'odd key': 'v' });
    expect(res.body).toEqual({ url: `/api/echo-url?${expected.toString()}` });
  });

  it('fails a call on a closed client as unavailable', async () => {
    const http = client();
    await http.close();
    const error = await failure(http.request({ method: 'GET', path: '/ok', route: 'GET /ok', idempotent: true }));
    expect(error).toMatchObject({ kind: 'unavailable', maybeCommitted: false });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
