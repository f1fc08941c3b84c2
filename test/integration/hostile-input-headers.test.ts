import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { Vendor } from '../../src/common/vendor';
import { traceparentFrom } from '../../src/server/request-headers';
import { CartCreateDocument, CartDocument, CartSubmitDocument, OracleCartDocument } from '../generated/graphql';
import { newKey, startTestApp, TestApp } from '../support/test-app';

const PAN = '4111111111111111';
/** The same card number as a client could spell it: each must be refused like the plain one. */
const SPELLINGS = [
  PAN,
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '4111_1111_1111_1111',
  '4111.1111.1111.1111',
  '4111/1111/1111/1111',
  '4111\u00a01111\u00a01111\u00a01111',
  '\uff14\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11',
  '３７８２ ８２２４６３ １０００５',
];
const DIGITS_OF = (s: string) => s.normalize('NFKC').replace(/\D/g, '');

let sims: TestApp;
let t: TestApp;
let proxy: Server;
/** The headers of every request the subgraph sent to AT&T, as a recording proxy in front of the simulator saw them. */
const seenByAtt: Record<string, string | string[] | undefined>[] = [];

beforeAll(async () => {
  sims = await startTestApp();
  const att = sims.simulators.byVendor.ATT;
  if (!att) throw new Error('no AT&T simulator');
  const target = new URL(att.baseUrl);
  proxy = createServer((req, res) => {
    seenByAtt.push(req.headers);
    const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as AddressInfo).port;
  const via = (url: string) => url.replace(`${target.hostname}:${target.port}`, `127.0.0.1:${port}`);
  t = await startTestApp({ ...sims.simulators.env, ATT_BASE_URL: via(att.env.ATT_BASE_URL), ATT_ORDERS_BASE_URL: via(att.env.ATT_ORDERS_BASE_URL) });
});

afterAll(async () => {
  await t.close();
  await new Promise((resolve) => proxy.close(resolve));
  await sims.close();
});

async function attRequests(): Promise<number> {
  return (await sims.sim(Vendor.ATT).stats()).requestsTotal;
}

describe('headers are input: request ids, trace context and forwarded values follow an allow-list', () => {
  it('a card number sent as x-request-id is replaced by a generated id: not echoed, not logged, not forwarded to AT&T as idp-trace-id', async () => {
    for (const forged of [PAN, '4111 1111 1111 1111', 'x'.repeat(300), 'id with spaces', 'ünïcode']) {
      seenByAtt.length = 0;
      const logged = t.logs.length;
      const res = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, { 'x-request-id': forged });
      expect(res.data!.cartCreate.cart).not.toBeNull();
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(id).not.toBe(forged);
      expect(seenByAtt.length).toBeGreaterThan(0);
      for (const headers of seenByAtt) expect(headers['idp-trace-id']).toBe(id);
      const lines = t.logs.slice(logged).join('\n');
      expect(lines).toContain(id);
      expect(lines).not.toContain(forged);
      expect(DIGITS_OF(lines)).not.toContain(PAN);
    }
  });

  it('a plain x-request-id is kept: echoed, logged and forwarded as it is', async () => {
    seenByAtt.length = 0;
    const res = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } }, { 'x-request-id': 'router-req-42.a:b_c' });
    expect(res.headers.get('x-request-id')).toBe('router-req-42.a:b_c');
    expect(seenByAtt.map((h) => h['idp-trace-id'])).toContain('router-req-42.a:b_c');
  });

  it('traceparent: only a well-formed W3C value without a card number is kept; anything else starts a new trace', () => {
    expect(traceparentFrom('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(traceparentFrom(`00-${PAN}0000000000000000-b7ad6b7169203331-01`)).toBeUndefined();
    expect(traceparentFrom('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\nx: y')).toBeUndefined();
    expect(traceparentFrom('00-00000000000000000000000000000000-b7ad6b7169203331-01')).toBeUndefined();
    expect(traceparentFrom(['a', 'b'])).toBeUndefined();
  });

  it('a card number in a value forwarded to a vendor header (x-ccsite) is refused naming the header, never echoed or sent', async () => {
    const oracle = sims.sim(Vendor.ORACLE);
    const before = (await oracle.stats()).requestsTotal;
    for (const value of [PAN, '4111-1111-1111-1111', 'site CA']) {
      const res = await t.gql(OracleCartDocument, { id: 'djE6T1JBQ0xFOkNhcnQ6bzEyMw' }, { 'x-ccsite': value });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['x-ccsite'] });
      expect(DIGITS_OF(res.raw)).not.toContain(PAN);
    }
    expect((await oracle.stats()).requestsTotal).toBe(before);
  });
});

describe('card numbers in every spelling, in every string input, the payment token field included', () => {
  it('each spelling is BAD_USER_INPUT in a variable, a literal and the token field: not echoed, not logged, nothing sent to the vendor', async () => {
    const created = await t.gql(CartCreateDocument, {
      input: { vendor: 'ATT', customerId: 'cust-1001', items: [{ offeringId: 'esim', productType: 'SIM', quantity: 1 }] },
    });
    const cartId = created.data!.cartCreate.cart!.id;
    const before = await attRequests();
    const logged = t.logs.length;
    for (const card of SPELLINGS) {
      const token = await t.gql(CartSubmitDocument, {
        cartId,
        idempotencyKey: newKey(),
        input: { acceptedTerms: ['CSA'], payments: [{ method: 'CARD', cardToken: card, cardBrand: 'VISA', cardLast4: '1111' }] },
      });
      const literal = await t.post({
        query: print(CartDocument)
          .replace('($id: ID!)', '')
          .replace('$id', JSON.stringify(`cart ${card}`)),
      });
      const variable = await t.gql(CartDocument, { id: card });
      for (const res of [token, literal, variable]) {
        expect({ card, code: res.errors?.[0].extensions?.code }).toEqual({ card, code: 'BAD_USER_INPUT' });
        expect(res.raw).not.toContain(card);
        expect(DIGITS_OF(res.raw)).not.toMatch(/4111111111111111|378282246310005/);
      }
    }
    const lines = t.logs.slice(logged).join('\n');
    expect(DIGITS_OF(lines)).not.toMatch(/4111111111111111|378282246310005/);
    expect(await attRequests()).toBe(before);
  });

  it('ordinary values that only look numeric pass: an idempotency key holding epoch milliseconds, an NN-<14 digits> id', async () => {
    const res = await t.gql(CartDocument, { id: `12-${Date.now()}0` });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).not.toMatch(/card/i);
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1001' } });
    const submit = await t.gql(CartSubmitDocument, { cartId: created.data!.cartCreate.cart!.id, idempotencyKey: `checkout-${Date.now()}-1`, input: {} });
    expect(submit.errors).toBeUndefined();
    expect(submit.data!.cartSubmit.userErrors.map((e) => e.code)).not.toContain('BAD_USER_INPUT');
  });
});

describe('nothing the client sent is reflected unless it is a GraphQL name', () => {
  it('an unknown operationName is redacted in the error and the log; a plain name may appear', async () => {
    const logged = t.logs.length;
    const odd = `<img src=x onerror=alert(1)> ${PAN}`;
    const res = await t.post({ query: print(CartDocument), variables: { id: 'x' }, operationName: odd });
    expect(res.status).toBe(400);
    expect(res.raw).not.toContain('<img');
    expect(res.raw).not.toContain(PAN);
    expect(res.errors?.[0].message).toContain('[redacted]');
    expect(t.logs.slice(logged).join('\n')).not.toContain('<img');
    const named = await t.post({ query: print(CartDocument), variables: { id: 'x' }, operationName: 'NoSuchOperation' });
    expect(named.errors?.[0].message).toContain('NoSuchOperation');
  });

  it('values quoted back by GraphQL coercion and by the parser are redacted', async () => {
    const badEnum = await t.post({ query: 'mutation { cartCreate(input: { vendor: "<script>", customerId: "cust-1001" }) { cart { id } } }' });
    expect(badEnum.raw).not.toContain('<script>');
    const badVariable = await t.gql(CartCreateDocument, { input: { vendor: '<script>x</script>' as never, customerId: 'cust-1001' } });
    expect(badVariable.errors?.[0].extensions?.code).toBeDefined();
    expect(badVariable.raw).not.toContain('<script>');
    const parse = await t.post({ query: '{ cart(id: "x") { id } } \u00a3<b>' });
    expect(parse.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(parse.raw).not.toContain('<b>');
  });
});
