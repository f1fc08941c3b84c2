import { Trace } from '@apollo/usage-reporting-protobuf';
import { print } from 'graphql';
import { CartCreateDocument, CartDocument, EntitiesDocument, OracleCartDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';
import { Vendor } from '../../src/common/vendor';
import { loadConfig } from '../../src/config';
import { PHONE } from '../support/oracle-fixtures';

const ORACLE_GET_ORDER = 'GET /ccagent/v1/orders/:id';
/** More runs than the executor makes on graphql-js before compiling a document, so the later ones run compiled. */
const RUNS = 5;

async function repeat<T>(runs: number, fn: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await fn());
  return results;
}

describe.each(['direct', 'jit', 'graphql'] as const)('GRAPHQL_EXECUTOR=%s', (executor) => {
  let t: TestApp;
  let attCart: string;
  let oracleCart: string;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_EXECUTOR: executor });
    attCart = (await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } })).data!.cartCreate.cart!.id;
    oracleCart = (await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-1001', items: [PHONE] } })).data!.cartCreate.cart!.id;
  });

  afterAll(() => t?.close());

  it('a repeated query answers the same every time, fragments and nested lists included', async () => {
    const answers = await repeat(RUNS, () => t.gql(OracleCartDocument, { id: oracleCart }));
    expect(answers[0].errors).toBeUndefined();
    expect(answers[0].data!.cart!.items).toHaveLength(1);
    for (const answer of answers) expect(answer.raw).toBe(answers[0].raw);
  });

  it('repeated `_entities` keep the caller rule: another customer reads null, the owner reads the carts', async () => {
    const representations = [
      { __typename: 'Cart', id: attCart },
      { __typename: 'Cart', id: oracleCart },
    ];
    const own = await repeat(RUNS, () => t.gql(EntitiesDocument, { representations }));
    const other = await repeat(RUNS, () => t.as('cust-1002').gql(EntitiesDocument, { representations }));
    for (const answer of own) expect(answer.data!._entities.map((e) => (e && 'id' in e ? e.id : null))).toEqual([attCart, oracleCart]);
    for (const answer of other) expect(answer.data!._entities).toEqual([null, null]);
  });

  it('a repeated bad id is BAD_USER_INPUT with its field every time', async () => {
    const answers = await repeat(RUNS, () => t.gql(CartDocument, { id: '../etc/passwd' }));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'] });
      expect(answer.data).toEqual({ cart: null });
    }
  });

  it('a repeated query whose variable does not coerce is 400 BAD_USER_INPUT in graphql-js words every time', async () => {
    const answers = await repeat(RUNS, () => t.post({ query: print(OracleCartDocument), variables: {} }));
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]).toMatchObject({ message: 'Variable "$id" of required type "ID!" was not provided.', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('a vendor fault on a repeated query is the typed, masked VENDOR_BAD_RESPONSE every time, with no vendor text', async () => {
    const sim = t.sim(Vendor.ORACLE);
    await sim.fault(ORACLE_GET_ORDER, { type: 'status', status: 418, body: { message: 'internal host db-7.corp' } });
    try {
      const answers = await repeat(RUNS, () => t.gql(OracleCartDocument, { id: oracleCart }));
      for (const answer of answers) {
        expect(answer.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
        expect(answer.errors?.[0].path).toEqual(['cart']);
        expect(answer.raw).not.toContain('db-7');
      }
    } finally {
      await sim.clearFaults();
    }
  });

  it('a query that has run many times still answers an inline trace when the router asks for one', async () => {
    await repeat(RUNS, () => t.gql(CartDocument, { id: attCart }));
    const traced = await t.gql(CartDocument, { id: attCart }, { 'apollo-federation-include-trace': 'ftv1' });
    const ftv1 = (JSON.parse(traced.raw) as { extensions?: { ftv1?: string } }).extensions?.ftv1;
    const trace = Trace.decode(Buffer.from(ftv1!, 'base64'));
    expect(trace.root?.child?.map((c) => c.responseName)).toEqual(['cart']);
    const untraced = await t.gql(CartDocument, { id: attCart });
    expect(JSON.parse(untraced.raw)).not.toHaveProperty('extensions');
    expect(untraced.data).toEqual(traced.data);
  });
});

describe('GRAPHQL_EXECUTOR configuration', () => {
  it('defaults to direct and refuses an unknown executor, naming the variable', () => {
    const env = { NODE_ENV: 'test', VENDORS: 'ORACLE', ORACLE_BASE_URL: 'https://shop.example.com', ORACLE_USERNAME: 'agent', ORACLE_PASSWORD: 'secret' };
    expect(loadConfig(env).executor).toBe('direct');
    expect(loadConfig({ ...env, GRAPHQL_EXECUTOR: 'jit' }).executor).toBe('jit');
    expect(loadConfig({ ...env, GRAPHQL_EXECUTOR: 'graphql' }).executor).toBe('graphql');
    expect(() => loadConfig({ ...env, GRAPHQL_EXECUTOR: 'fast' })).toThrow(/GRAPHQL_EXECUTOR/);
  });
});
