import { Vendor } from '../../src/common/vendor';
import { MAX_REPRESENTATIONS } from '../../src/server/limits';
import {
  CartCreateDocument,
  CartDocument,
  CartItemsAddDocument,
  CartSubmitDocument,
  CustomerOrdersDeepDocument,
  EntitiesDocument,
  ProductOrderDocument,
} from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const PAN = '4111111111111111';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function vendorRequests(): Promise<number> {
  return (await t.sim(Vendor.ATT).stats()).requestsTotal;
}

async function aCart(): Promise<string> {
  const res = await t.gql(CartCreateDocument, {
    input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] },
  });
  return res.data!.cartCreate.cart!.id;
}

describe('hostile GraphQL input is refused before any resolver or vendor call', () => {
  it('G1: a very deep query is refused at validation with HTTP 400', async () => {
    const before = await vendorRequests();
    const res = await t.gql(CustomerOrdersDeepDocument, { id: 'x' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/too deep/);
    expect(await vendorRequests()).toBe(before);
  });

  it('G2: hundreds of aliases of one field or mutation are refused, zero vendor calls', async () => {
    const before = await vendorRequests();
    const cartId = await aCart();
    const afterCreate = await vendorRequests();
    const queries = Array.from({ length: 300 }, (_, i) => `a${i}: cart(id: "${cartId}") { id }`).join(' ');
    const query = await t.post({ query: `{ ${queries} }` });
    expect(query.status).toBe(400);
    expect(query.errors?.[0].message).toMatch(/aliases|fields in one selection set/);
    const mutations = Array.from({ length: 10 }, (_, i) => `m${i}: cartPrice(cartId: "${cartId}") { userErrors { code } }`).join(' ');
    const mutation = await t.post({ query: `mutation { ${mutations} }` });
    expect(mutation.status).toBe(400);
    expect(mutation.errors?.map((e) => e.message).join(' ')).toMatch(/root fields/);
    expect(await vendorRequests()).toBe(afterCreate);
    expect(afterCreate).toBeGreaterThan(before);
  });

  it('G3: fragment fan-out is bounded', async () => {
    const fragments = ['fragment F0 on Cart { id state vendor customerId }'];
    for (let i = 1; i <= 12; i++) fragments.push(`fragment F${i} on Cart { ...F${i - 1} order { cart { ...F${i - 1} } } }`);
    const res = await t.post({ query: `query Q($id: ID!) { cart(id: $id) { ...F12 } } ${fragments.join(' ')}`, variables: { id: 'x' } });
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.message).join(' ')).toMatch(/too (deep|large)|same response name/i);
  });

  it('G4: a token flood hits the parser limit, an oversized body gets 413', async () => {
    const flood = await t.post({ query: `{ ${'__typename '.repeat(20000)} }` });
    expect(flood.status).toBe(400);
    expect(flood.errors?.[0].message).toMatch(/more th\w+ 5000 tokens/i);
    const huge = await t.post({ query: '{ __typename }', variables: { pad: 'x'.repeat(400 * 1024) } });
    expect(huge.status).toBe(413);
  });

  it('G4: an oversized body sent in chunks, with no content-length, gets 413 and the server keeps serving', async () => {
    const piece = new TextEncoder().encode(`{"query":"{ __typename }","variables":{"pad":"${'x'.repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(piece);
        else controller.close();
      },
    });
    const init = { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': 'cust-1001' }, body, duplex: 'half' };
    const res = await fetch(t.url, init as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect((await t.post({ query: '{ __typename }' })).status).toBe(200);
  });

  it('G5: a batched HTTP array is refused', async () => {
    const res = await t.post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
    expect(res.raw).toMatch(/batch/i);
  });

  it('G6: a mutation over GET is 405', async () => {
    const url = `${t.url}?query=${encodeURIComponent('mutation { cartPrice(cartId: "x") { userErrors { code } } }')}`;
    const res = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(405);
  });

  it('G7: a simple request without a preflight header is refused by CSRF prevention', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
    const form = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(form.status).toBe(400);
  });

  it('G9: 10,000 items in one input list, or 10,000 entity representations, are refused with zero vendor calls', async () => {
    const cartId = await aCart();
    const before = await vendorRequests();
    const items = Array.from({ length: 10000 }, () => ({ offeringId: 'esim', productType: 'SIM', quantity: 1 }));
    const list = await t.gql(CartItemsAddDocument, { cartId, items });
    expect([400, 413]).toContain(list.status);
    const representations = Array.from({ length: 10000 }, () => ({ __typename: 'Cart', id: cartId }));
    const entities = await t.gql(EntitiesDocument, { representations });
    expect([400, 413]).toContain(entities.status);
    const justOver = await t.gql(EntitiesDocument, { representations: representations.slice(0, MAX_REPRESENTATIONS + 1) });
    expect(justOver.status).toBe(400);
    expect(justOver.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['representations'] });
    const fifty = await t.gql(CartItemsAddDocument, { cartId, items: items.slice(0, 51) });
    expect(fifty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['items'] });
    expect(await vendorRequests()).toBe(before);
  });

  it('G10: out-of-range quantities, bad currency codes and bad addresses are BAD_USER_INPUT with the field path', async () => {
    const cartId = await aCart();
    const before = await vendorRequests();
    const cases: [unknown, string[]][] = [
      [{ cartId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 600000 }] }, ['items', '0', 'quantity']],
      [{ cartId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: -1 }] }, ['items', '0', 'quantity']],
      [{ cartId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1, currencyCode: 'usd' }] }, ['items', '0', 'currencyCode']],
      [{ cartId, items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1, lineNumber: 1000000 }] }, ['items', '0', 'lineNumber']],
    ];
    for (const [variables, field] of cases) {
      const res = await t.gql(CartItemsAddDocument, variables as never);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const address = await t.gql(CartSubmitDocument, {
      cartId,
      idempotencyKey: newKey(),
      input: { shippingAddress: { line1: '1 Main St', city: 'Dallas', postalCode: '75201', country: 'USA' } },
    });
    expect(address.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'shippingAddress', 'country'] });
    expect(await vendorRequests()).toBe(before);
  });

  it('G11: ids built to escape a URL path are refused by the allow-list before any vendor call', async () => {
    const before = await vendorRequests();
    for (const raw of ['../../admin', '..%2F..%2Fadmin', 'a/b', 'a?x=1', 'a#f', 'a\r\nX-Injected: 1', 'a\u0000', '.', '..', 'x'.repeat(5000)]) {
      const encoded = Buffer.from(`v1:ATT:Cart:${raw}`).toString('base64url');
      for (const id of [raw, encoded]) {
        const res = await t.gql(CartDocument, { id });
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
    }
    expect(await vendorRequests()).toBe(before);
  });

  it('G12: control characters in values copied into vendor headers are refused', async () => {
    const before = await vendorRequests();
    for (const [header, value] of [
      ['x-ccsite', 'site US'],
      ['x-ccsite', '../siteUS'],
      ['x-ccorganization', 'org\tA'],
      ['x-customer-id', 'cust 1001'],
    ]) {
      const res = await t.gql(CartDocument, { id: 'x' }, { [header]: value });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: [header] });
    }
    const spoofed = await t.gql(CartDocument, { id: 'x' }, { 'x-request-id': 'id with spaces' });
    expect(spoofed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await vendorRequests()).toBe(before);
  });

  it('G13: malformed or over-long idempotency keys are BAD_USER_INPUT', async () => {
    const cartId = await aCart();
    for (const key of ['', 'abc', 'x'.repeat(129), 'key with spaces', 'key\u0000null', '../../etc']) {
      const res = await t.gql(CartSubmitDocument, { cartId, idempotencyKey: key });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['idempotencyKey'] });
    }
  });

  it('G14: a vendor 500 holding a stack trace, SQL or an internal host reaches the client as a generic message and a stable code', async () => {
    // AT&T's documented read is the orders query (its carts are the subgraph's own records).
    await t.sim(Vendor.ATT).fault('POST /omni-svcs/v1/orders/query', { type: 'status', status: 500, leak: true });
    try {
      const res = await t.gql(ProductOrderDocument, { id: Buffer.from('v1:ATT:ProductOrder:o-g14').toString('base64url') }, { 'x-request-id': 'g14-request' });
      expect(res.errors?.[0].extensions?.code).toBe('VENDOR_UNAVAILABLE');
      expect(res.errors?.[0].message).toBe('AT&T is unavailable; try again shortly');
      expect(res.raw).not.toMatch(/SELECT|INSERT|stack|\.java|\.js:\d|10\.\d+\.\d+\.\d+|internal/i);
      const logged = t.logs.filter((line) => line.includes('g14-request'));
      expect(logged.some((line) => line.includes('VENDOR_UNAVAILABLE'))).toBe(true);
    } finally {
      await t.sim(Vendor.ATT).clearFaults();
    }
  });

  it('G15: a card number in any input is never echoed, logged, stored or sent to a vendor', async () => {
    const cartId = await aCart();
    const before = await vendorRequests();
    const attempts = [
      t.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey(), input: { contactName: `Ada ${PAN}` } }),
      t.gql(CartSubmitDocument, { cartId, idempotencyKey: newKey(), input: { payments: [{ method: 'CARD', cardToken: PAN, cardLast4: '1111' }] } }),
      t.gql(CartItemsAddDocument, {
        cartId,
        items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1, characteristics: [{ name: 'note', value: `4111 1111 1111 1111` }] }],
      }),
      t.post({ query: `mutation { cartSubmit(cartId: "${cartId}", idempotencyKey: "k-${PAN}") { userErrors { code } } }` }),
      t.post({ query: 'mutation($k: String!) { cartSubmit(cartId: "x", idempotencyKey: $k) { userErrors { code } } }', variables: { k: 4111111111111111 } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(res.raw).not.toContain(PAN);
      expect(res.raw).not.toContain('4111 1111 1111 1111');
    }
    expect(await vendorRequests()).toBe(before);
    expect(t.logs.join('\n')).not.toContain(PAN);
    expect(t.logs.join('\n')).not.toContain('4111 1111 1111 1111');
  });
});

describe('G15: card numbers the string scan alone would miss', () => {
  const ATT_ITEM = '{ vendor: ATT, customerId: "cust-1001", items: [{ offeringId: $o, productType: "SIM", quantity: 1 }] }';

  it('typed as a number (an ID coerces it to its digits), hidden by invisible marks, or in a GraphQL name: refused, never echoed, logged or sent', async () => {
    const before = await vendorRequests();
    const marked = ['\u200e', '\u200f', '\u2061', '\u034f', '\u061c', '\u180e', '\u202a', '\u2066'].map((mark) => PAN.match(/.{4}/g)!.join(mark));
    const attempts = [
      t.post({ query: `mutation($o: ID!) { cartCreate(input: ${ATT_ITEM}) { cart { id } } }`, variables: { o: 4111111111111111 } }),
      t.post({ query: `mutation { cartCreate(input: ${ATT_ITEM.replace('$o', PAN)}) { cart { id } } }` }),
      t.post({ query: `mutation { cartCreate(input: ${ATT_ITEM.replace('$o', `${PAN}.0`)}) { cart { id } } }` }),
      ...marked.map((value) =>
        t.gql(CartCreateDocument, {
          input: {
            vendor: 'ATT',
            customerId: 'cust-1001',
            items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1, characteristics: [{ name: 'note', value }] }],
          },
        }),
      ),
      t.post({ query: `query Q${PAN} { cart(id: "x") { id } }`, operationName: `Q${PAN}` }),
      t.post({ query: `query { a${PAN}: cart(id: "x") { id } }` }),
      t.post({ query: `query Q($v${PAN}: ID!) { cart(id: $v${PAN}) { id } }`, variables: { [`v${PAN}`]: 'x' } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(res.raw).not.toContain(PAN);
    }
    expect(await vendorRequests()).toBe(before);
    expect(t.logs.join('\n')).not.toContain(PAN);
    // Nor does an operation name holding one become a metric label.
    expect(await (await fetch(`${t.url.replace(/\/graphql$/, '')}/metrics`)).text()).not.toContain(PAN);
  });

  it('G4: variables nested thousands of levels deep are BAD_USER_INPUT with nothing logged as an internal error', async () => {
    // Written out by hand: JSON.stringify itself runs out of stack on a value this deep.
    const junk = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
    const body = `{"query":"query($id: ID!) { cart(id: $id) { id } }","variables":{"id":"x","junk":${junk}}}`;
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': 'cust-1001' }, body });
    const answer = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(answer.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0].message).toMatch(/nest more than 64 levels/);
    expect(t.logs.some((line) => line.includes('Maximum call stack'))).toBe(false);
  });

  it('G9: an entity representation that is not an object naming an entity type is BAD_USER_INPUT, never an internal error quoting it', async () => {
    const before = await vendorRequests();
    const bad: unknown[] = [{ __typename: 4111111111111111, id: 'x' }, { __typename: 'Nope', id: 'x' }, 'Cart', null, [{ __typename: 'Cart' }]];
    for (const rep of bad) {
      const res = await t.gql(EntitiesDocument, { representations: [{ __typename: 'Cart', id: 'x' }, rep] as never });
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // A card-like __typename is caught by the card scan first (under `variables`), the rest by the representation check.
      expect((res.errors?.[0].extensions?.field as string[]).slice(-3)).toEqual(['representations', '1', '__typename']);
      expect(res.raw).not.toContain(PAN);
    }
    const literal = await t.post({ query: `{ _entities(representations: [{ __typename: "Nope", id: "x" }]) { __typename } }` });
    expect(literal.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await vendorRequests()).toBe(before);
    expect(t.logs.join('\n')).not.toContain(PAN);
    expect(t.logs.some((line) => line.includes('"level":50') && line.includes('_entities'))).toBe(false);
  });
});

describe('G8: introspection in production', () => {
  it('is refused, and errors give no "Did you mean" hints', async () => {
    const prod = await startTestApp({ NODE_ENV: 'production', ALLOW_NO_ROUTER_SECRET: 'true', SINGLE_REPLICA: 'true' });
    try {
      const res = await prod.post({ query: '{ __schema { types { name } } }' });
      expect(res.status).toBe(400);
      expect(res.raw).toMatch(/introspection/i);
      const typo = await prod.post({ query: '{ cartt(id: "x") { id } }' });
      expect(typo.status).toBe(400);
      expect(typo.raw).not.toMatch(/Did you mean/);
    } finally {
      await prod.close();
    }
  });

  it('is on in development, with hints', async () => {
    const res = await t.post({ query: '{ cartt(id: "x") { id } }' });
    expect(res.raw).toMatch(/Did you mean/);
    const schema = await t.post({ query: '{ __schema { queryType { name } } }' });
    expect(schema.status).toBe(200);
  });
});
