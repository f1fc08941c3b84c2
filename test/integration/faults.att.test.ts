import { createServer } from 'node:net';
import { Vendor } from '../../src/common/vendor';
import { CartCheckoutDocument, CartCreateDocument, CartItemsAddDocument, CartSubmitDocument, ProductOrderDocument } from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';
import { SimControl } from '../support/sim-control';
import { startAttSimulator } from '../../dev/simulators/att/att.simulator';
import { attCheckoutChoices } from '../support/att-fixtures';

// AT&T documents no cart read: read faults are injected on the orders query, the documented read (README §1.1).
const READ = 'POST /omni-svcs/v1/orders/query';
const ADD_ITEMS = 'POST /omni-svcs/v1/carts/:cartId/items';
const SUBMIT = 'POST /omni-svcs/v1/carts/:cartId/express-submit';

let t: TestApp;
let sim: SimControl;

beforeAll(async () => {
  // Short deadlines keep the timeout tests quick: 1.5 s per attempt, 3 s per call.
  t = await startTestApp({ VENDOR_TIMEOUT_MS: '1500' });
  sim = t.sim(Vendor.ATT);
});

afterAll(async () => {
  await t.close();
});

afterEach(async () => {
  await sim.clearFaults();
});

async function aCart(customerId = 'cust-1001'): Promise<string> {
  const res = await t.as(customerId).gql(CartCreateDocument, {
    input: { vendor: 'ATT', customerId, items: [{ offeringId: 'fiber-300', productType: 'Fiber_Internet', quantity: 1 }] },
  });
  return res.data!.cartCreate.cart!.id;
}

/** An order read: one documented orders query (the id need not exist; an unknown order reads as null). */
function readOrder(app: TestApp = t, requestId?: string) {
  return app.gql(
    ProductOrderDocument,
    { id: Buffer.from('v1:ATT:ProductOrder:o-fault-read').toString('base64url') },
    requestId ? { 'x-request-id': requestId } : {},
  );
}

async function submitInput(cartId: string, customerId = 'cust-1001') {
  const res = await t.as(customerId).gql(CartCheckoutDocument, { id: cartId });
  const options = res.data!.cart!.checkoutOptions!;
  return attCheckoutChoices(options);
}

/** Requests the simulator saw on a route while `fn` ran. */
async function counted<T>(route: string, fn: () => Promise<T>): Promise<{ result: T; requests: number }> {
  const before = await sim.count(route);
  const result = await fn();
  return { result, requests: (await sim.count(route)) - before };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('AT&T upstream faults', () => {
  it('F1: connection refused fails with VENDOR_UNAVAILABLE and no host or port in the message', async () => {
    const port = await closedPort();
    const refused = await startTestApp({ ATT_BASE_URL: `http://127.0.0.1:${port}/omni-svcs/v1`, ATT_ORDERS_BASE_URL: `http://127.0.0.1:${port}/omni-svcs/v1` });
    try {
      const res = await readOrder(refused);
      expect(res.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
      expect(res.errors?.[0].message).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${port}|ECONNREFUSED`));
      expect(res.raw).not.toContain(String(port));
    } finally {
      await refused.close();
    }
  });

  it('F2: headers that never arrive hit the per-attempt timeout; a POST is not retried blindly', async () => {
    const cartId = await aCart();
    await sim.fault(ADD_ITEMS, { type: 'hang' });
    const { result, requests } = await counted(ADD_ITEMS, () =>
      t.gql(CartItemsAddDocument, { cartId, items: [{ offeringId: 'wifi-extender', productType: 'Equipment', quantity: 1 }] }),
    );
    // The items may have reached AT&T: a write without a key whose answer never came is an unknown outcome, as data.
    expect(result.data?.cartItemsAdd.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    expect(requests).toBe(1);
    await sim.fault(READ, { type: 'hang' });
    const read = await counted(READ, () => readOrder());
    expect(read.result.errors?.[0].extensions?.code).toBe('VENDOR_TIMEOUT');
    // A read is retried within the overall deadline: 3 s allows two 1.5 s attempts.
    expect(read.requests).toBe(2);
  });

  it('F3: a body that drips slowly is aborted by the overall deadline', async () => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, { type: 'drip', intervalMs: 400, chunks: 100 });
    const { result, requests } = await counted(READ, () => readOrder());
    expect(result.errors?.[0].extensions?.code).toBe('VENDOR_TIMEOUT');
    expect(requests).toBeGreaterThanOrEqual(1);
    expect(requests).toBeLessThanOrEqual(2);
  });

  it('F4: a reset read is retried with backoff, and the attempts are bounded', async () => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, { type: 'reset-before' }, 2);
    const recovered = await counted(READ, () => readOrder());
    expect(recovered.result.errors).toBeUndefined();
    expect(recovered.requests).toBe(3);
    await sim.fault(READ, { type: 'reset-before' });
    const exhausted = await counted(READ, () => readOrder());
    expect(exhausted.result.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
    expect(exhausted.requests).toBe(3);
  });

  it('F5: a reset after the vendor committed a submit: no blind retry; the retry with the key sends express-submit once more, whose 409 names the order; exactly one order', async () => {
    const cartId = await aCart('cust-1003');
    const input = await submitInput(cartId, 'cust-1003');
    const key = newKey('f5');
    const ordersBefore = (await sim.stats()).ordersCreated;
    await sim.fault(SUBMIT, { type: 'reset-after' }, 1);
    const first = await counted(SUBMIT, () => t.as('cust-1003').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input }));
    // The reset may have come after AT&T placed it: an unknown outcome, answered as data.
    expect(first.result.data?.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    expect(first.requests).toBe(1);
    // No documented read tells, but express-submit does: for a submitted cart it answers 409 with the order (seed 000).
    const retry = await counted(SUBMIT, () => t.as('cust-1003').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input }));
    expect(retry.requests).toBe(1);
    expect(retry.result.data?.cartSubmit.userErrors).toEqual([]);
    expect(retry.result.data?.cartSubmit.order?.state).toBe('SUBMITTED');
    const again = await counted(SUBMIT, () => t.as('cust-1003').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input }));
    expect(again.requests).toBe(0);
    expect(again.result.data?.cartSubmit.order?.id).toBe(retry.result.data?.cartSubmit.order?.id);
    expect((await sim.stats()).ordersCreated).toBe(ordersBefore + 1);
  });

  it.each([500, 502, 503, 504])('F6: %i — reads retried up to 3 attempts, writes not retried, then a typed error', async (status) => {
    const cartId = await aCart();
    await sim.fault(READ, { type: 'status', status });
    const read = await counted(READ, () => readOrder());
    expect(read.result.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
    expect(read.requests).toBe(3);
    await sim.clearFaults();
    await sim.fault(ADD_ITEMS, { type: 'status', status });
    const write = await counted(ADD_ITEMS, () => t.gql(CartItemsAddDocument, { cartId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] }));
    // A 5xx to a write does not prove it was not applied: without a key it is an unknown outcome, never repeated.
    expect(write.result.data?.cartItemsAdd.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    expect(write.requests).toBe(1);
  });

  it('F7: 429 with Retry-After in seconds and as an HTTP-date is waited out within the deadline; beyond it, VENDOR_RATE_LIMITED at once', async () => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, { type: 'rate-limit', retryAfter: 1 }, 1);
    const seconds = await counted(READ, () => readOrder());
    expect(seconds.result.errors).toBeUndefined();
    expect(seconds.requests).toBe(2);
    await sim.fault(READ, { type: 'rate-limit', retryAfter: 'http-date', seconds: 1 }, 1);
    const date = await counted(READ, () => readOrder());
    expect(date.result.errors).toBeUndefined();
    expect(date.requests).toBe(2);
    await sim.fault(READ, { type: 'rate-limit', retryAfter: 120 });
    const tooLong = await counted(READ, () => readOrder());
    expect(tooLong.result.errors?.[0].extensions?.code).toBe('VENDOR_RATE_LIMITED');
    expect(tooLong.requests).toBe(1);
    // A 429 is not an order: a submit throttled this way placed nothing and can be retried with its key.
  });

  it.each([
    ['malformed JSON', { type: 'malformed' }],
    ['a wrong content type', { type: 'wrong-content-type' }],
    ['a truncated body', { type: 'truncated' }],
  ])('F9: %s is VENDOR_BAD_RESPONSE with no parser text or vendor body', async (_label, fault) => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, fault);
    const { result, requests } = await counted(READ, () => readOrder());
    expect(result.errors?.[0].extensions?.code).toMatch(/VENDOR_BAD_RESPONSE|VENDOR_UNAVAILABLE/);
    expect(result.errors?.[0].message).not.toMatch(/JSON|Unexpected|position|token|html/i);
    expect(requests).toBeGreaterThanOrEqual(1);
    expect(requests).toBeLessThanOrEqual(3);
  });

  it('F10: an answer without its identity field is VENDOR_BAD_RESPONSE; a malformed optional part keeps the rest, never a null in a non-null field', async () => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, {
      type: 'wrong-shape',
      body: { data: { o0: { orders: [{ orderId: '26-00000000000001' }], pageInfo: { totalCount: 1, pageSize: 1, pageNumber: 1 } } } },
    });
    const missing = await counted(READ, () => readOrder());
    expect(missing.result.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
    expect(missing.result.data?.productOrder ?? null).toBeNull();
    expect(missing.requests).toBe(1);
    await sim.clearFaults();
    // The caller's own order (accounts name the customer), with an unknown state and malformed optional parts.
    const odd = {
      id: 'o-fault-read',
      orderStatus: { status: 'Rerouted' },
      orderDate: 17,
      accounts: [{ accountNumber: 'cust-1001' }],
      fulfillments: 'not a list',
      orderPrice: { total: { nested: true } },
    };
    await sim.fault(READ, { type: 'wrong-shape', body: { data: { o0: { orders: [odd], pageInfo: { totalCount: 1, pageSize: 1, pageNumber: 1 } } } } });
    const kept = await counted(READ, () => readOrder());
    expect(kept.result.errors).toBeUndefined();
    expect(kept.result.data!.productOrder).toMatchObject({ state: 'PENDING', vendorStatus: 'Rerouted', submittedAt: null });
    expect(kept.requests).toBe(1);
  });

  it('F11: a huge body is refused above the size cap and memory stays flat', async () => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, { type: 'huge', bytes: 200 * 1024 * 1024 });
    const rssBefore = process.memoryUsage().rss;
    const { result, requests } = await counted(READ, () => readOrder());
    expect(result.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
    expect(requests).toBe(1);
    // Reading 200 MB would show in RSS; the cap stops the read at 2 MB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('F12: a redirect to another host is not followed', async () => {
    await aCart(); // a success first, so failures of earlier tests do not add up in the circuit breaker
    await sim.fault(READ, { type: 'redirect', location: 'http://127.0.0.2:1/omni-svcs/v1/carts/x' });
    const { result, requests } = await counted(READ, () => readOrder());
    expect(result.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
    expect(result.raw).not.toContain('127.0.0.2');
    expect(requests).toBe(1);
  });

  it('F13: the same submit twice at once makes one vendor call; both get the same order', async () => {
    const cartId = await aCart('cust-1004');
    const input = await submitInput(cartId, 'cust-1004');
    const key = newKey('f13');
    await sim.fault(SUBMIT, { type: 'latency', ms: 300 }, 1);
    const { result, requests } = await counted(SUBMIT, () =>
      Promise.all([
        t.as('cust-1004').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input }),
        t.as('cust-1004').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input }),
      ]),
    );
    expect(requests).toBe(1);
    const [a, b] = result;
    expect(a.data!.cartSubmit.order!.id).toBe(b.data!.cartSubmit.order!.id);
  });

  it('F14: the same key with a different payload is IDEMPOTENCY_KEY_REUSED with no vendor call', async () => {
    const cartId = await aCart('cust-1005');
    const input = await submitInput(cartId, 'cust-1005');
    const key = newKey('f14');
    await t.as('cust-1005').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input });
    const { result, requests } = await counted(SUBMIT, () =>
      t.as('cust-1005').gql(CartSubmitDocument, { cartId, idempotencyKey: key, input: { ...input, autoPay: true } }),
    );
    expect(result.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(requests).toBe(0);
  });
});

describe('AT&T circuit breaker and bulkhead', () => {
  it('F8: persistent failure opens the circuit; later calls fail without reaching the vendor; a half-open probe closes it', async () => {
    const app = await startTestApp({ VENDOR_TIMEOUT_MS: '1500' });
    const s = app.sim(Vendor.ATT);
    try {
      await s.fault(READ, { type: 'status', status: 503 });
      // Two reads of three attempts each: six consecutive failures, over the breaker's threshold of five.
      await readOrder(app);
      await readOrder(app, 'second');
      const before = await s.count(READ);
      const open = await readOrder(app, 'third');
      expect(open.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
      expect(await s.count(READ)).toBe(before);
      await s.clearFaults();
      await new Promise((r) => setTimeout(r, 5200)); // the breaker's half-open delay
      const probe = await readOrder(app, 'probe');
      expect(probe.errors).toBeUndefined();
      expect(await s.count(READ)).toBe(before + 1);
    } finally {
      await app.close();
    }
  });

  it('F16: more concurrent operations than pool connections queue up to a bound, then get a typed error', async () => {
    const app = await startTestApp({ VENDOR_MAX_CONNECTIONS: '2', VENDOR_QUEUE_LIMIT: '3', VENDOR_TIMEOUT_MS: '5000' });
    const s = app.sim(Vendor.ATT);
    try {
      await s.fault(READ, { type: 'latency', ms: 500 });
      const before = await s.count(READ);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => readOrder(app, `f16-${i}`)));
      const served = results.filter((r) => r.errors === undefined);
      const refused = results.filter((r) => r.errors?.[0].extensions?.code === 'VENDOR_UNAVAILABLE');
      expect(served).toHaveLength(5);
      expect(refused).toHaveLength(5);
      expect((await s.count(READ)) - before).toBe(5);
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('F15: an operation in flight at SIGTERM finishes within the drain window, and the vendor has exactly its order', async () => {
    const vendor = await startAttSimulator(0);
    const app = await startTestApp({ SHUTDOWN_GRACE_MS: '3000', ATT_BASE_URL: vendor.baseUrl, ATT_ORDERS_BASE_URL: vendor.ordersBaseUrl });
    const s = new SimControl(vendor.baseUrl);
    try {
      const created = await app.gql(CartCreateDocument, {
        input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] },
      });
      const cartId = created.data!.cartCreate.cart!.id;
      await s.fault(SUBMIT, { type: 'latency', ms: 600 });
      const ordersBefore = (await s.stats()).ordersCreated;
      const inFlight = app.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey('f15'), input: { acceptedTerms: ['CSA'] } });
      await new Promise((r) => setTimeout(r, 150));
      const closing = app.close();
      const res = await inFlight;
      await closing;
      expect(res.data!.cartSubmit.userErrors).toEqual([]);
      expect(res.data!.cartSubmit.order!.state).toBe('SUBMITTED');
      expect((await s.stats()).ordersCreated).toBe(ordersBefore + 1);
      await expect(fetch(app.url)).rejects.toThrow();
    } finally {
      await vendor.close();
    }
  });
});

describe("AT&T's documented error answers that are not what their status suggests", () => {
  it('F6: a 500 carrying EXTSALESOPS-CART_CREATE-OAV-0013 ("pending order") is AT&T\'s refusal: a userError, not an unknown outcome; any other 500 stays unknown', async () => {
    const route = 'POST /omni-svcs/v1/carts';
    const create = () => t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
    await sim.fault(route, { type: 'status', status: 500, body: { code: 'EXTSALESOPS-CART_CREATE-OAV-0013', reason: 'pending order', status: '500' } }, 1);
    const pending = await counted(route, create);
    expect(pending.requests).toBe(1);
    expect(pending.result.data!.cartCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'VENDOR_REFUSED', vendorCode: 'EXTSALESOPS-CART_CREATE-OAV-0013', field: ['input', 'customerId'] }),
    ]);
    await sim.fault(route, { type: 'status', status: 500, body: { code: 'SOMETHING_ELSE', status: '500' } }, 1);
    const other = await counted(route, create);
    expect(other.requests).toBe(1);
    expect(other.result.data!.cartCreate.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
  });

  it('F6: a 417 SHOPPING_SUBMIT_CART_BACKEND_CART_API_FAILURE to express-submit leaves the outcome unknown (never a refusal that frees the key)', async () => {
    const cartId = await aCart();
    const input = await submitInput(cartId);
    const key = newKey('att-417');
    await sim.fault(SUBMIT, { type: 'status', status: 417, body: { code: 'SHOPPING_SUBMIT_CART_BACKEND_CART_API_FAILURE', status: '417' } }, 1);
    const first = await counted(SUBMIT, () => t.gql(CartSubmitDocument, { cartId, idempotencyKey: key, input }));
    expect(first.requests).toBe(1);
    expect(first.result.data!.cartSubmit.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    // The retry with the key sends express-submit again: nothing was placed, so it places the order now, once.
    const placed = (await sim.stats()).ordersCreated;
    const retried = await t.gql(CartSubmitDocument, { cartId, idempotencyKey: key, input });
    expect(retried.data!.cartSubmit.userErrors).toEqual([]);
    expect(retried.data!.cartSubmit.order).toBeTruthy();
    expect((await sim.stats()).ordersCreated).toBe(placed + 1);
  });
});
