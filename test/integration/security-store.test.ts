import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { Vendor } from '../../src/common/vendor';
import { STORE_RETRY_AFTER_SECONDS } from '../../src/server/store-guard';
import { CartCreateDocument, CartDocument, CartSubmitDocument, OracleCustomerCartsAndOrdersDocument } from '../generated/graphql';
import { describeWithRedis, startRedis } from '../support/redis';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Requests the AT&T simulator saw that could change something (anything but a GET or the orders query, a POST read). */
async function attWrites(t: TestApp): Promise<number> {
  const { requests } = await t.sim(Vendor.ATT).stats();
  return Object.entries(requests)
    .filter(([route]) => !route.startsWith('GET ') && !route.endsWith('/orders/query'))
    .reduce((sum, [, n]) => sum + n, 0);
}

describe('persisted queries: misses and malformed hashes get the documented APQ answers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('an unknown or malformed hash alone is PERSISTED_QUERY_NOT_FOUND; a hash that does not match its query is BAD_REQUEST, 400', async () => {
    for (const hash of [sha256('never registered'), 'garbage', 'x'.repeat(300), '<script>']) {
      const res = await t.post({ variables: { id: 'x' }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
      expect({ hash, code: res.errors?.[0].extensions?.code }).toEqual({ hash, code: 'PERSISTED_QUERY_NOT_FOUND' });
      expect(res.raw).not.toContain('<script>');
    }
    const mismatch = await t.post({
      query: print(CartDocument),
      variables: { id: 'x' },
      extensions: { persistedQuery: { version: 1, sha256Hash: 'garbage' } },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    const badVersion = await t.post({ variables: { id: 'x' }, extensions: { persistedQuery: { version: 2, sha256Hash: sha256('x') } } });
    expect(badVersion.status).toBe(400);
    expect(badVersion.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });
});

describeWithRedis('the store (Redis) stops mid-test', () => {
  let redis: { url: string; stop(): Promise<void> };
  let t: TestApp;
  let cartId: string;
  let ready: string;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestApp({ REDIS_URL: redis.url });
    ready = t.url.replace('/graphql', '/ready');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('while Redis answers, carts are created and indexed and /ready is 200', async () => {
    const created = await t.gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] },
    });
    expect(created.data!.cartCreate.userErrors).toEqual([]);
    cartId = created.data!.cartCreate.cart!.id;
    expect((await fetch(ready)).status).toBe(200);
  });

  it('with Redis stopped: STORE_UNAVAILABLE (typed, retryable), /ready 503, and no vendor write starts (no orphan cart or order)', async () => {
    await redis.stop();
    const writes = await attWrites(t);
    const ordersCreated = (await t.sim(Vendor.ATT).stats()).ordersCreated;

    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
    expect(created.errors?.[0].extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, retryAfterSeconds: STORE_RETRY_AFTER_SECONDS });
    expect(created.raw).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|ioredis|MaxRetries/i);

    const submitted = await t.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey(), input: { acceptedTerms: ['CSA'] } });
    expect(submitted.errors?.[0].extensions?.code).toBe('STORE_UNAVAILABLE');

    const listed = await t.gql(OracleCustomerCartsAndOrdersDocument, { representations: [{ __typename: 'Customer', id: 'cust-1001' }], vendor: 'ATT' });
    expect(listed.errors?.[0].extensions?.code).toBe('STORE_UNAVAILABLE');

    expect(await attWrites(t)).toBe(writes);
    expect((await t.sim(Vendor.ATT).stats()).ordersCreated).toBe(ordersCreated);
    expect((await fetch(ready)).status).toBe(503);

    // A persisted query cannot be looked up either: the documented miss, so the client sends the full query.
    const query = print(CartDocument);
    const byHash = await t.post({ variables: { id: cartId }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
    expect(byHash.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
