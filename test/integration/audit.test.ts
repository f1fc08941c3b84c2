import {
  AdobeCartCreateDocument,
  AdobeCartPriceDocument,
  AdobeCartSubmitDocument,
  CartCheckoutDocument,
  CartCreateDocument,
  CartItemsAddDocument,
  CartSubmitDocument,
  ProductOrderDocument,
} from '../generated/graphql';
import { Vendor } from '../../src/common/vendor';
import { createHash, createHmac } from 'node:crypto';
import { GqlResponse, newKey, startTestApp, TestApp } from '../support/test-app';
import { attCheckoutChoices } from '../support/att-fixtures';

const CALLER = { 'x-customer-id': 'cust-1001' };
const CARD_TOKEN = 'tok_visa_00000001';
const KEY_HASH_SECRET = 'audit-test-key-hash-secret';

interface AuditLine {
  audit: string;
  requestId: string;
  caller: string | null;
  operation: string | null;
  keyHash: string | null;
  vendor: string;
  route: string;
  vendorIds: Record<string, string>;
  outcome: string;
  status: number | null;
  durationMs: number;
}

function auditLines(t: TestApp): AuditLine[] {
  return t.logs.map((line) => JSON.parse(line) as Partial<AuditLine>).filter((line): line is AuditLine => line.audit === 'vendor_write');
}

/** AT&T's documented order status query: a POST that only reads. */
const ATT_ORDERS_QUERY = 'POST /omni-svcs/v1/orders/query';

/** Vendor calls other than GETs and the orders query that the AT&T simulator saw. */
async function writesAtSimulator(t: TestApp): Promise<number> {
  const { requests } = await t.sim(Vendor.ATT).stats();
  return Object.entries(requests)
    .filter(([route]) => !route.startsWith('GET ') && route !== ATT_ORDERS_QUERY)
    .reduce((sum, [, n]) => sum + n, 0);
}

/** The vendor's own id inside an opaque graph id (`v1:ATT:ProductOrder:<id>`). */
function vendorIdOf(graphId: string): string {
  return Buffer.from(graphId, 'base64url').toString('utf8').split(':').slice(3).join(':');
}

describe('the audit trail of vendor writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VENDORS: 'ATT', KEY_HASH_SECRET });
  });
  afterAll(() => t?.close());

  it('a lifecycle leaves one line per vendor write, with request id, caller, operation, key hash, vendor ids, outcome and duration', async () => {
    const writesBefore = await writesAtSimulator(t);
    const linesBefore = auditLines(t).length;
    const requestIds: string[] = [];
    const track = <T>(res: GqlResponse<T>): GqlResponse<T> => {
      expect(res.errors).toBeUndefined();
      requestIds.push(res.headers.get('x-request-id')!);
      return res;
    };

    const created = track(
      await t.gql(
        CartCreateDocument,
        { input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'fiber-1000', productType: 'Fiber_Internet', quantity: 1 }] } },
        CALLER,
      ),
    );
    const cart = created.data!.cartCreate.cart!;
    track(await t.gql(CartItemsAddDocument, { cartId: cart.id, items: [{ offeringId: 'gateway-bgw320', productType: 'Equipment', quantity: 1 }] }, CALLER));
    const checkout = track(await t.gql(CartCheckoutDocument, { id: cart.id }, CALLER));
    const options = checkout.data!.cart!.checkoutOptions!;
    const key = newKey('audit');
    const submitted = track(
      await t.gql(
        CartSubmitDocument,
        {
          cartId: cart.id,
          idempotencyKey: key,
          input: {
            ...attCheckoutChoices(options),
            payments: [{ method: 'CARD', cardToken: CARD_TOKEN, cardBrand: 'VISA', cardLast4: '4242' }],
          },
        },
        CALLER,
      ),
    );
    const order = submitted.data!.cartSubmit.order!;

    const lines = auditLines(t).slice(linesBefore);
    // Every write the vendor saw has its line, and no line is for something the vendor did not see.
    expect(lines).toHaveLength((await writesAtSimulator(t)) - writesBefore);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(requestIds).toContain(line.requestId);
      expect(line).toMatchObject({ caller: 'cust-1001', outcome: 'ok' });
      expect(line.route).not.toMatch(/^GET /);
      expect(typeof line.durationMs).toBe('number');
      expect(line.vendor).toBeTruthy();
      expect(line.operation).toBeTruthy();
    }
    const cartVendorId = vendorIdOf(cart.id);
    expect(lines.find((l) => l.operation === 'cartCreate')).toMatchObject({ route: 'POST /carts', vendorIds: { 'answer.id': cartVendorId }, keyHash: null });
    expect(lines.find((l) => l.operation === 'cartItemsAdd')).toMatchObject({ vendorIds: { cartId: cartVendorId } });
    const submit = lines.find((l) => l.operation === 'cartSubmit');
    // The key hash is an HMAC under KEY_HASH_SECRET: a plain digest of a guessable key could be reversed by trying keys.
    const keyHash = createHmac('sha256', KEY_HASH_SECRET).update(`cust-1001:${key}`).digest('hex').slice(0, 16);
    expect(keyHash).not.toBe(createHash('sha256').update(`cust-1001:${key}`).digest('hex').slice(0, 16));
    expect(submit).toMatchObject({
      keyHash,
      vendorIds: { cartId: cartVendorId, 'answer.id': vendorIdOf(order.id) },
    });
    expect(submit!.status).toBeLessThan(300);

    // Reading the order back is AT&T's orders query, a POST that only reads: the vendor saw it, the trail has no line.
    const readsBefore = await t.sim(Vendor.ATT).count(ATT_ORDERS_QUERY);
    const linesBeforeRead = auditLines(t).length;
    const read = await t.gql(ProductOrderDocument, { id: order.id }, CALLER);
    expect(read.errors).toBeUndefined();
    expect(read.data!.productOrder!.id).toBe(order.id);
    expect(await t.sim(Vendor.ATT).count(ATT_ORDERS_QUERY)).toBeGreaterThan(readsBefore);
    expect(auditLines(t).slice(linesBeforeRead)).toEqual([]);
    expect(lines.map((l) => l.route)).not.toContain('POST /orders/query');

    // Never a card number, token or secret; never the idempotency key itself.
    const text = JSON.stringify(lines);
    expect(text).not.toContain(CARD_TOKEN);
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/secret|password|authorization|bearer/i);
  });

  it('a write that failed at the vendor has its line too, with the failure as outcome', async () => {
    const sim = t.sim(Vendor.ATT);
    await sim.fault('POST /omni-svcs/v1/carts', { type: 'status', status: 503 }, 1);
    const before = auditLines(t).length;
    const res = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, CALLER);
    // A 5xx to a write without a key may come after the vendor acted: the payload says the outcome is unknown.
    expect(res.data!.cartCreate.userErrors.map((e) => e.code)).toEqual(['VENDOR_OUTCOME_UNKNOWN']);
    const [line] = auditLines(t).slice(before);
    expect(line).toMatchObject({ operation: 'cartCreate', outcome: 'unavailable', status: 503, requestId: res.headers.get('x-request-id') });
  });
});

describe('the audit trail leaves out what only reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VENDORS: 'ADOBE', KEY_HASH_SECRET });
  });
  afterAll(() => t?.close());

  it('an Adobe PREVIEW places nothing and has no line; the NEW order that follows has one', async () => {
    const sim = t.sim(Vendor.ADOBE);
    const ordersPost = 'POST /v3/customers/:customerId/orders';
    const created = await t.gql(
      AdobeCartCreateDocument,
      { input: { vendor: 'ADOBE', customerId: 'cust-1001', items: [{ offeringId: '65304470CA01A12', quantity: 12, currencyCode: 'USD' }] } },
      CALLER,
    );
    expect(created.data!.cartCreate.userErrors).toEqual([]);
    const cartId = created.data!.cartCreate.cart!.id;

    const [posts, placed, before] = [await sim.count(ordersPost), (await sim.stats()).ordersCreated, auditLines(t).length];
    const priced = await t.gql(AdobeCartPriceDocument, { cartId }, CALLER);
    expect(priced.errors).toBeUndefined();
    expect(priced.data!.cartPrice.userErrors).toEqual([]);
    expect(await sim.count(ordersPost)).toBe(posts + 1);
    expect((await sim.stats()).ordersCreated).toBe(placed);
    expect(auditLines(t).slice(before)).toEqual([]);

    const submitted = await t.gql(AdobeCartSubmitDocument, { cartId, idempotencyKey: newKey('audit-adobe') }, CALLER);
    expect(submitted.data!.cartSubmit.userErrors).toEqual([]);
    const order = submitted.data!.cartSubmit.order!;
    expect((await sim.stats()).ordersCreated).toBe(placed + 1);
    const lines = auditLines(t).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      operation: 'cartSubmit',
      vendor: 'Adobe',
      route: 'POST /v3/customers/{customerId}/orders',
      outcome: 'ok',
      // An Adobe order's graph id holds `customer:orderId`; Adobe answers the order id alone.
      vendorIds: { customerId: 'cust-1001', 'answer.orderId': vendorIdOf(order.id).split(':').at(-1) },
    });
  });
});
