import { Vendor } from '../../src/common/vendor';
import { AdobeRenewalPlaceDocument, AdobeRenewalPreviewDocument, CartCreateDocument } from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const WRONG_PASSWORD = 'Wrong-Oracle-Passw0rd-7731';
const WRONG_SECRET = 'wrong-adobe-secret-7731';
const CALLER = { 'x-customer-id': 'cust-1001' };

describe('vendor credentials the vendor refuses', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ORACLE_PASSWORD: WRONG_PASSWORD, ADOBE_CLIENT_SECRET: WRONG_SECRET });
  });

  afterAll(async () => {
    await t.close();
  });

  it('Oracle: VENDOR_AUTH_FAILED, not retryable, naming the vendor and the variables, never their values', async () => {
    const res = await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-1001' } }, CALLER);
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'VENDOR_AUTH_FAILED', retryable: false, variables: ['ORACLE_USERNAME', 'ORACLE_PASSWORD'] });
    expect(error?.message).toContain('Oracle');
    expect(error?.message).toContain('ORACLE_PASSWORD');
    expect(res.raw).not.toContain(WRONG_PASSWORD);
    expect(t.logs.join('\n')).not.toContain(WRONG_PASSWORD);
  });

  it('Adobe: VENDOR_AUTH_FAILED naming the IMS variables, never the secret', async () => {
    const res = await t.gql(AdobeRenewalPreviewDocument, { customerId: 'cust-1001' }, CALLER);
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({
      code: 'VENDOR_AUTH_FAILED',
      retryable: false,
      variables: ['ADOBE_CLIENT_ID', 'ADOBE_CLIENT_SECRET', 'ADOBE_IMS_URL'],
    });
    expect(error?.message).toContain('Adobe');
    expect(res.raw).not.toContain(WRONG_SECRET);
    expect(t.logs.join('\n')).not.toContain(WRONG_SECRET);
  });
});

describe('an Adobe X-Api-Key the partner API refuses (HTTP 403, code 4115)', () => {
  const WRONG_KEY = 'wrong-adobe-api-key-7731';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ADOBE_API_KEY: WRONG_KEY });
  });

  afterAll(async () => {
    await t.close();
  });

  it('is VENDOR_AUTH_FAILED, not retryable, naming the API key variables and never the key', async () => {
    // The simulator checks the key as Adobe documents: 403 with code 4115.
    const direct = await fetch(`${t.simulators.byVendor.ADOBE.baseUrl}/v3/customers/cust-1001/orders`, {
      headers: { 'x-api-key': WRONG_KEY, 'x-request-id': 'r-1', 'x-correlation-id': 'c-1' },
    });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { code: string }).code).toBe('4115');

    const res = await t.gql(AdobeRenewalPreviewDocument, { customerId: 'cust-1001' }, CALLER);
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'VENDOR_AUTH_FAILED', retryable: false, variables: ['ADOBE_API_KEY', 'ADOBE_CLIENT_ID'] });
    expect(error?.message).toContain('Adobe');
    expect(error?.message).toContain('ADOBE_API_KEY');
    expect(res.raw).not.toContain(WRONG_KEY);
    expect(t.logs.join('\n')).not.toContain(WRONG_KEY);

    // A placing write is refused the same way, and its key stays free: nothing was placed.
    const as = { 'x-customer-id': 'cust-1001' };
    const before = (await t.sim(Vendor.ADOBE).stats()).ordersCreated;
    const key = newKey('auth-renewal');
    const renewal = await t.gql(AdobeRenewalPlaceDocument, { customerId: 'cust-1001', idempotencyKey: key }, as);
    expect(renewal.errors?.[0].extensions).toMatchObject({ code: 'VENDOR_AUTH_FAILED', retryable: false });
    expect((await t.sim(Vendor.ADOBE).stats()).ordersCreated).toBe(before);
  });
});

describe('AT&T credentials the partner API refuses (HTTP 401 or 403)', () => {
  const KEY = 'att-api-key-7731';
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ATT_AUTH: 'api_key', ATT_API_KEY: KEY, ATT_API_KEY_HEADER: 'x-partner-key' });
  });

  afterAll(async () => {
    await t.close();
  });

  it.each([401, 403])('HTTP %i is VENDOR_AUTH_FAILED naming ATT_AUTH and the key variables, never the key', async (status) => {
    // The AT&T simulator takes any credential: the refusal is injected as AT&T would send it.
    await t.sim(Vendor.ATT).fault('POST /omni-svcs/v1/carts', { type: 'status', status, body: { code: 'UNAUTHORIZED', reason: 'invalid credentials' } }, 1);
    const res = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, CALLER);
    expect(res.data?.cartCreate ?? null).toBeNull();
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'VENDOR_AUTH_FAILED', retryable: false, variables: ['ATT_AUTH', 'ATT_API_KEY', 'ATT_API_KEY_HEADER'] });
    expect(error?.message).toContain('AT&T');
    expect(res.raw).not.toContain(KEY);
    expect(t.logs.join('\n')).not.toContain(KEY);
  });
});
