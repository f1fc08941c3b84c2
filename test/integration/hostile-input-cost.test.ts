import { Vendor } from '../../src/common/vendor';
import { DEFAULT_LIMITS, DEFAULT_SHAPE_LIMITS } from '../../src/server/limits';
import { CartCreateDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/test-app';

let t: TestApp;
let cartId: string;

beforeAll(async () => {
  t = await startTestApp();
  const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
  cartId = created.data!.cartCreate.cart!.id;
});

afterAll(async () => {
  await t.close();
});

async function vendorRequests(): Promise<number> {
  return (await t.sim(Vendor.ATT).stats()).requestsTotal;
}

describe('cost is bounded before validation and before execution', () => {
  it('G4: 550 same-name fields with different arguments are refused before validation runs, 400, zero vendor calls', async () => {
    const before = await vendorRequests();
    const fields = Array.from({ length: 550 }, (_, i) => `cart(id: "${cartId}${i % 2 ? '' : 'x'}${i}") { id }`).join(' ');
    const res = await t.post({ query: `{ ${fields} }` });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/same response name|fields in one selection set/);
    expect(await vendorRequests()).toBe(before);
  });

  it('same-name fields hidden in fragments count too; so do fields per selection set', async () => {
    const same = Array.from({ length: DEFAULT_SHAPE_LIMITS.maxSameResponseName + 1 }, (_, i) => `fragment F${i} on Cart { state }`);
    const spread = same.map((_, i) => `...F${i}`).join(' ');
    const viaFragments = await t.post({ query: `query Q($id: ID!) { cart(id: $id) { ${spread} } } ${same.join(' ')}`, variables: { id: cartId } });
    expect(viaFragments.status).toBe(400);
    expect(viaFragments.errors?.[0].message).toMatch(/same response name/);
    const wide = Array.from({ length: DEFAULT_SHAPE_LIMITS.maxFieldsPerSelectionSet + 1 }, (_, i) => `f${i}: __typename`).join(' ');
    const tooWide = await t.post({ query: `{ ${wide} }` });
    expect(tooWide.status).toBe(400);
    expect(tooWide.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('what the executor would run is counted with each fragment expanded at each use', async () => {
    const before = await vendorRequests();
    // Fragment C is 10 uses of A, A is 10 uses of B (7 fields): 1,400 executed fields (the limit is 500) from a short document.
    const uses = (name: string) => Array.from({ length: 10 }, () => `...${name}`).join(' ');
    const query = `query Q($id: ID!) { cart(id: $id) { ...C ...C } }
    fragment C on Cart { ${uses('A')} }
    fragment A on Cart { ${uses('B')} }
    fragment B on Cart { id vendor state customerId createdAt shippingMethod vendorStatus }`;
    const res = await t.post({ query, variables: { id: cartId } });
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.message).join(' ')).toMatch(new RegExp(`over ${DEFAULT_LIMITS.maxExpandedFields} fields`));
    expect(await vendorRequests()).toBe(before);
  });

  it('a document just under every limit still runs: expensive ones are admitted, not refused', async () => {
    const aliases = Array.from({ length: DEFAULT_LIMITS.maxQueryRootFields }, (_, i) => `c${i}: cart(id: $id) { ...F }`).join(' ');
    const res = await t.post({
      query: `query Q($id: ID!) { ${aliases} } fragment F on Cart { id vendor state customerId items { id quantity } totals { oneTime { amount } } }`,
      variables: { id: cartId },
    });
    expect(res.errors).toBeUndefined();
    expect(Object.keys(res.data as object)).toHaveLength(DEFAULT_LIMITS.maxQueryRootFields);
  });
});
