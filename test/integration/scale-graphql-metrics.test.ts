import { CartCreateDocument, CartDocument, CartSubmitWithRetryHintsDocument } from '../generated/graphql';
import { operationLabeler } from '../../src/observability/metrics';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const CALLER = { 'x-customer-id': 'cust-1001' };

/** The value of one sample, found by metric name and an exact label set. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
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

describe('GraphQL metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ VENDORS: 'ATT' });
  });
  afterAll(() => t?.close());

  it('count operations by name, type and outcome, errors by code, and time them, beside the vendor metrics', async () => {
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, CALLER);
    expect(created.errors).toBeUndefined();
    const bad = await t.gql(CartDocument, { id: '../etc' }, CALLER);
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const refused = await t.gql(CartSubmitWithRetryHintsDocument, { cartId: 'djE6QVRUOkNhcnQ6bm8tc3VjaC1jYXJ0', idempotencyKey: newKey('metrics') }, CALLER);
    expect(refused.data!.cartSubmit.userErrors[0].code).toBe('CART_NOT_FOUND');
    const unparsable = await t.post({ query: '{ cart(' }, CALLER);
    expect(unparsable.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    const longName = `Q${'x'.repeat(80)}`;
    await t.post({ query: `query ${longName} { __typename }`, operationName: longName }, CALLER);

    const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
    expect(sample(text, 'orders_graphql_operations_total', { operation: 'CartCreate', type: 'mutation', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'orders_graphql_operations_total', { operation: 'Cart', type: 'query', outcome: 'error' })).toBe(1);
    expect(sample(text, 'orders_graphql_errors_total', { operation: 'Cart', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'orders_graphql_operations_total', { operation: 'CartSubmitWithRetryHints', type: 'mutation', outcome: 'user_error' })).toBe(1);
    expect(sample(text, 'orders_graphql_errors_total', { operation: '__anonymous', code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(sample(text, 'orders_graphql_operations_total', { operation: '__other', type: 'query', outcome: 'ok' })).toBe(1);
    expect(text).not.toContain(longName);
    expect(sample(text, 'orders_graphql_operation_duration_seconds_count', { operation: 'CartCreate', type: 'mutation', outcome: 'ok' })).toBe(1);
    // The same registry as the vendor calls.
    expect(text).toMatch(/^orders_vendor_calls_total\{/m);
  });

  it('keep the operation label bounded: past the cap, new names fold into __other; known names stay', () => {
    const label = operationLabeler(3);
    expect(['A', 'B', 'C', 'D', 'A', null, 'bad name'].map(label)).toEqual(['A', 'B', 'C', '__other', 'A', '__anonymous', '__other']);
  });
});
