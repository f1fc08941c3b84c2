import { print } from 'graphql';
import { CartCreateDocument, EntitiesDocument, OracleCartDocument } from '../generated/graphql';
import { GqlResponse, NO_CALLER, startTestApp, TestApp, TestHeaders } from '../support/test-app';
import { Vendor } from '../../src/common/vendor';
import { PHONE } from '../support/oracle-fixtures';

const ORACLE_GET_ORDER = 'GET /ccagent/v1/orders/:id';
/** Runs of a document before Apollo Server's executor has compiled it and handed it to the direct path. */
const RUNS_BEFORE_DIRECT = 3;
const RUNS = 5;

/** What a client sees of an answer: status, content type and body, with the per-request id blanked. */
function seen(answer: GqlResponse<unknown>): { status: number; contentType: string | null; body: string } {
  return { status: answer.status, contentType: answer.headers.get('content-type'), body: answer.raw.replace(/"requestId":"[^"]*"/g, '"requestId":"-"') };
}

/**
 * The direct path answers repeats of compiled queries without Apollo Server's request pipeline. Each case sends a
 * document of its own (a trailing comment makes the text unique), first while only Apollo Server can answer it and
 * then once the direct path has its plan, and the two answers must be the same bytes, status and content type;
 * `orders_graphql_direct_operations_total` tells which requests the direct path took.
 */
describe('GRAPHQL_EXECUTOR=direct: the direct path answers exactly as Apollo Server does', () => {
  let t: TestApp;
  let oracleCart: string;
  let caseNumber = 0;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_EXECUTOR: 'direct' });
    oracleCart = (await t.gql(CartCreateDocument, { input: { vendor: 'ORACLE', customerId: 'cust-1001', items: [PHONE] } })).data!.cartCreate.cart!.id;
  });

  afterAll(() => t?.close());

  async function directCount(): Promise<number> {
    const text = await (await fetch(t.url.replace('/graphql', '/metrics'))).text();
    return Number(/^orders_graphql_direct_operations_total (\d+)/m.exec(text)?.[1] ?? NaN);
  }

  /** A fresh document text for one case: the Oracle cart query, or `_entities`, with a comment of its own. */
  function documentText(doc: typeof OracleCartDocument | typeof EntitiesDocument = OracleCartDocument): string {
    return `${print(doc)}\n# case ${++caseNumber}`;
  }

  /** Sends the same request RUNS times: every answer must equal the first (Apollo Server's), the last ones direct. */
  async function sameEveryRun(body: Record<string, unknown>, headers: TestHeaders = {}): Promise<GqlResponse<unknown>> {
    const before = await directCount();
    const answers: GqlResponse<unknown>[] = [];
    for (let i = 0; i < RUNS; i++) answers.push(await t.post(body, headers));
    for (const answer of answers) expect(seen(answer)).toEqual(seen(answers[0]));
    expect((await directCount()) - before).toBe(RUNS - RUNS_BEFORE_DIRECT);
    return answers[0];
  }

  /**
   * A request refused or answered differently by a hook: Apollo Server's answer to it is taken before the document
   * has a plan, the plan is then made by ordinary runs, and the same request again must answer the same.
   */
  async function sameOnceDirect(query: string, ordinary: { variables: unknown; headers?: TestHeaders }, odd: { variables: unknown; headers?: TestHeaders }) {
    const apollo = await t.post({ query, variables: odd.variables }, odd.headers);
    for (let i = 0; i < RUNS_BEFORE_DIRECT; i++) expect((await t.post({ query, variables: ordinary.variables }, ordinary.headers)).errors).toBeUndefined();
    const before = await directCount();
    const direct = await t.post({ query, variables: odd.variables }, odd.headers);
    expect((await directCount()) - before).toBe(1);
    expect(seen(direct)).toEqual(seen(apollo));
    return direct;
  }

  it('a cart read: the same data, status and content type', async () => {
    const first = await sameEveryRun({ query: documentText(), variables: { id: oracleCart } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((first.data as { cart: { id: string } }).cart.id).toBe(oracleCart);
  });

  it('with the operation name given, and with null variables and extensions', async () => {
    const query = documentText();
    await sameEveryRun({ query, variables: { id: oracleCart }, operationName: 'OracleCart', extensions: null });
  });

  it('field errors: a bad id (BAD_USER_INPUT) and another customer reading null', async () => {
    const badId = await sameEveryRun({ query: documentText(), variables: { id: '../etc/passwd' } });
    expect(badId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['id'] });
    const other = await sameEveryRun({ query: documentText(), variables: { id: oracleCart } }, { 'x-customer-id': 'cust-1002' });
    expect(other.data).toEqual({ cart: null });
  });

  it('a vendor fault: the same masked VENDOR_BAD_RESPONSE with no vendor text', async () => {
    await t.sim(Vendor.ORACLE).fault(ORACLE_GET_ORDER, { type: 'status', status: 418, body: { message: 'internal host db-7.corp' } });
    try {
      const first = await sameEveryRun({ query: documentText(), variables: { id: oracleCart } });
      expect(first.errors?.[0].extensions?.code).toBe('VENDOR_BAD_RESPONSE');
      expect(first.raw).not.toContain('db-7');
    } finally {
      await t.sim(Vendor.ORACLE).clearFaults();
    }
  });

  it('a vendor answer that is not JSON', async () => {
    await t.sim(Vendor.ORACLE).fault(ORACLE_GET_ORDER, { type: 'status', status: 200, body: 'not json' });
    try {
      const first = await sameEveryRun({ query: documentText(), variables: { id: oracleCart } });
      expect(first.errors?.length).toBeGreaterThan(0);
    } finally {
      await t.sim(Vendor.ORACLE).clearFaults();
    }
  });

  it('`_entities` of carts', async () => {
    const representations = [{ __typename: 'Cart', id: oracleCart }];
    const first = await sameEveryRun({ query: documentText(EntitiesDocument), variables: { representations } });
    expect((first.data as { _entities: { id: string }[] })._entities[0].id).toBe(oracleCart);
  });

  it('a refusal in a hook before execution: no caller (UNAUTHENTICATED), a card number in a variable', async () => {
    const noCaller = await sameOnceDirect(documentText(), { variables: { id: oracleCart } }, { variables: { id: oracleCart }, headers: NO_CALLER });
    expect(noCaller.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const card = await sameOnceDirect(documentText(), { variables: { id: oracleCart } }, { variables: { id: '4111111111111111' } });
    expect(card.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(card.raw).not.toContain('4111111111111111');
  });

  it('variables that do not coerce: 400 BAD_USER_INPUT in graphql-js words', async () => {
    const missing = await sameOnceDirect(documentText(), { variables: { id: oracleCart } }, { variables: {} });
    expect(missing.status).toBe(400);
    expect(missing.errors?.[0]).toMatchObject({ message: 'Variable "$id" of required type "ID!" was not provided.', extensions: { code: 'BAD_USER_INPUT' } });
    const wrongType = await sameOnceDirect(documentText(), { variables: { id: oracleCart } }, { variables: { id: { nested: true } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the content type Apollo Server negotiates from Accept', async () => {
    const accept = { accept: 'application/graphql-response+json, application/json;q=0.9' };
    const direct = await sameOnceDirect(documentText(), { variables: { id: oracleCart } }, { variables: { id: oracleCart }, headers: accept });
    expect(direct.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
  });

  describe('what it leaves to Apollo Server, answered as before', () => {
    /** Makes the plan, then sends `odd` and expects Apollo Server's answer to it, with no direct operation counted. */
    async function leftToApollo(query: string, odd: { body: Record<string, unknown>; headers?: TestHeaders }, sameBody = true) {
      const apollo = await t.post({ query, ...odd.body }, odd.headers);
      for (let i = 0; i < RUNS_BEFORE_DIRECT; i++) await t.post({ query, variables: { id: oracleCart } });
      const before = await directCount();
      const again = await t.post({ query, ...odd.body }, odd.headers);
      expect((await directCount()) - before).toBe(0);
      if (sameBody) expect(seen(again)).toEqual(seen(apollo));
      else expect(again.status).toBe(apollo.status);
      return again;
    }

    it('an Accept header with no JSON type (406)', async () => {
      const answer = await leftToApollo(documentText(), { body: { variables: { id: oracleCart } }, headers: { accept: 'text/csv' } });
      expect(answer.status).toBe(406);
    });

    it('an operation name the document does not have', async () => {
      const answer = await leftToApollo(documentText(), { body: { variables: { id: oracleCart }, operationName: 'Nope' } });
      expect(answer.errors?.length).toBeGreaterThan(0);
    });

    it('extensions, a persisted query, or a key Apollo Server reads otherwise', async () => {
      const withExtensions = await leftToApollo(documentText(), { body: { variables: { id: oracleCart }, extensions: { clientLibrary: { name: 'x' } } } });
      expect(withExtensions.status).toBe(200);
      const extra = await leftToApollo(documentText(), { body: { variables: { id: oracleCart }, id: 'x' } });
      expect(extra.status).toBe(200);
    });

    it('a request for an inline trace', async () => {
      const traced = await leftToApollo(
        documentText(),
        { body: { variables: { id: oracleCart } }, headers: { 'apollo-federation-include-trace': 'ftv1' } },
        false,
      );
      expect(JSON.parse(traced.raw)).toHaveProperty('extensions.ftv1');
    });
  });
});
