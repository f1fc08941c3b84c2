import { CartCreateDocument, AdobeRenewalPreviewDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';

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
