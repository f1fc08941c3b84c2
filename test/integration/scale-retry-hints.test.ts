import { ErrorCode, hasRetryRule, retryHint } from '../../src/common/errors';
import { UserErrorCode } from '../../src/common/user-error.type';
import { PUBLIC_CODES } from '../../src/server/format-error';
import { CartDocument, CartSubmitWithRetryHintsDocument } from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const CALLER = { 'x-customer-id': 'cust-1001' };

describe('retry hints: one rule per code', () => {
  it('every public error code, the masked one and every userError code has a rule of its own', () => {
    const codes = [...PUBLIC_CODES, ...Object.values(ErrorCode), ...Object.values(UserErrorCode), 'VENDOR_OUTCOME_UNKNOWN'];
    expect(codes.filter((code) => !hasRetryRule(code))).toEqual([]);
    for (const code of codes) {
      const hint = retryHint(code);
      // A retryable code says when; one that is not says nothing about when.
      expect(hint.retryAfterSeconds === null).toBe(!hint.retryable);
    }
  });

  it('the rules that clients rely on', () => {
    expect(retryHint(ErrorCode.BAD_USER_INPUT)).toEqual({ retryable: false, retryAfterSeconds: null });
    expect(retryHint(ErrorCode.IDEMPOTENCY_KEY_REUSED).retryable).toBe(false);
    expect(retryHint(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS)).toEqual({ retryable: true, retryAfterSeconds: 1 });
    expect(retryHint(ErrorCode.VENDOR_UNAVAILABLE).retryable).toBe(true);
    expect(retryHint(ErrorCode.STORE_UNAVAILABLE).retryable).toBe(true);
    expect(retryHint('VENDOR_OUTCOME_UNKNOWN').retryable).toBe(true);
    expect(retryHint('SOMETHING_ELSE')).toEqual({ retryable: false, retryAfterSeconds: null });
  });
});

describe('retry hints on the wire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VENDORS: 'ATT' });
  });
  afterAll(() => t?.close());

  it('a GraphQL error carries extensions.retryable (and no retryAfterSeconds when it is not retryable)', async () => {
    const res = await t.gql(CartDocument, { id: '../etc' }, CALLER);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false });
    expect(res.errors![0].extensions).not.toHaveProperty('retryAfterSeconds');
  });

  it('a retryable GraphQL error says when: the vendor is down', async () => {
    const t2 = await startTestApp({ VENDORS: 'ATT', ATT_BASE_URL: 'http://127.0.0.1:9/omni-svcs/v1', ATT_ORDERS_BASE_URL: 'http://127.0.0.1:9/omni-svcs/v1' });
    try {
      const res = await t2.gql(CartDocument, { id: 'djE6QVRUOkNhcnQ6YWJj' }, CALLER);
      expect(res.errors![0].extensions).toMatchObject({ code: 'VENDOR_UNAVAILABLE', retryable: true, retryAfterSeconds: 5 });
    } finally {
      await t2.close();
    }
  });

  it('an error answered before GraphQL runs (no router secret) carries the hint too', async () => {
    const t3 = await startTestApp({ VENDORS: 'ATT', ROUTER_SECRET: 'a-router-secret-of-some-length' });
    try {
      const res = await t3.gql(CartDocument, { id: 'djE6QVRUOkNhcnQ6YWJj' }, CALLER);
      expect(res.status).toBe(401);
      expect(res.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    } finally {
      await t3.close();
    }
  });

  it('a userError carries retryable and retryAfterSeconds from the same rule', async () => {
    const res = await t.gql(CartSubmitWithRetryHintsDocument, { cartId: 'djE6QVRUOkNhcnQ6bm8tc3VjaC1jYXJ0', idempotencyKey: newKey('hint') }, CALLER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.cartSubmit.userErrors).toEqual([{ code: 'CART_NOT_FOUND', retryable: false, retryAfterSeconds: null }]);
  });
});
