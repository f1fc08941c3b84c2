import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { Fetcher } from '@apollo/utils.fetcher';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CartCreateDocument, CartDocument, CustomerWithCartsAndOrdersDocument } from '../generated/graphql';
import { composeSupergraph } from '../federation/gateway';
import { startCustomersSubgraph } from '../../dev/customers-subgraph';
import { describeWithRedis, startRedis } from '../support/redis';
import { startTestApp, TestApp } from '../support/test-app';

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { code?: string } }[];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Sends an APQ request: the hash alone, or the hash with the query that registers it. */
async function persisted<TData, TVars>(url: string, doc: TypedDocumentNode<TData, TVars>, variables: TVars, withQuery: boolean): Promise<Answer> {
  const query = print(doc);
  const body = { ...(withQuery ? { query } : {}), variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } };
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': 'cust-1002' }, body: JSON.stringify(body) });
  return (await res.json()) as Answer;
}

async function newCart(t: TestApp): Promise<string> {
  const created = await t.gql(CartCreateDocument, { input: { vendor: 'ATT', customerId: 'cust-1002' } }, { 'x-customer-id': 'cust-1002' });
  return created.data!.cartCreate.cart!.id;
}

describe('automatic persisted queries on the subgraph (in-memory cache)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('asks for the query once, then runs it from its hash alone', async () => {
    const id = await newCart(t);
    const unknown = await persisted(t.url, CartDocument, { id }, false);
    expect(unknown.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await persisted(t.url, CartDocument, { id }, true);
    expect(registered.errors).toBeUndefined();
    expect(registered.data).toMatchObject({ cart: { id } });
    const byHash = await persisted(t.url, CartDocument, { id }, false);
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual(registered.data);
  });

  it('refuses a query that does not match its hash', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(CartDocument),
        variables: { id: 'x' },
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('something else') } },
      }),
    });
    expect(res.status).toBe(400);
  });
});

describeWithRedis('automatic persisted queries shared by replicas through Redis', () => {
  let redis: { url: string; stop(): Promise<void> };
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestApp({ REDIS_URL: redis.url });
    b = await startTestApp({ REDIS_URL: redis.url, ...a.simulators.byVendor.ATT.env });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('a query registered on one replica runs from its hash on another', async () => {
    const id = await newCart(a);
    expect((await persisted(b.url, CartDocument, { id }, false)).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await persisted(a.url, CartDocument, { id }, true)).data).toMatchObject({ cart: { id } });
    const onB = await persisted(b.url, CartDocument, { id }, false);
    expect(onB.errors).toBeUndefined();
    expect(onB.data).toMatchObject({ cart: { id } });
  });
});

describe('automatic persisted queries through @apollo/gateway', () => {
  let t: TestApp;
  let customers: { url: string; stop(): Promise<void> };
  let gateway: { url: string; stop(): Promise<void> };
  /** The bodies the gateway sent to the orders subgraph. */
  const sent: { query?: string; extensions?: { persistedQuery?: unknown } }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    customers = await startCustomersSubgraph();
    const recording: Fetcher = (url, init) => {
      if (url === t.url) sent.push(JSON.parse(String(init?.body)) as (typeof sent)[number]);
      return fetch(url, init);
    };
    const server = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: composeSupergraph(t.url, customers.url),
        buildService: ({ url }) =>
          new RemoteGraphQLDataSource({
            url,
            apq: true,
            fetcher: recording,
            // The router's role: it names the signed-in customer to the subgraph.
            willSendRequest({ request }) {
              request.http?.headers.set('x-customer-id', 'cust-1002');
            },
          }),
      }),
    });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    gateway = { url, stop: () => server.stop() };
  });

  afterAll(async () => {
    await gateway.stop();
    await customers.stop();
    await t.close();
  });

  it('the client persists its query at the gateway, and the gateway persists its subgraph query here', async () => {
    expect((await persisted(gateway.url, CustomerWithCartsAndOrdersDocument, { id: 'cust-1002' }, false)).errors?.[0].extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    const first = await persisted(gateway.url, CustomerWithCartsAndOrdersDocument, { id: 'cust-1002' }, true);
    expect(first.errors).toBeUndefined();
    expect(first.data).toMatchObject({ customer: { id: 'cust-1002', name: 'Grace Hopper' } });
    // The subgraph did not know the gateway's query: the hash alone, then the hash with the query.
    expect(sent.map((b) => [Boolean(b.extensions?.persistedQuery), b.query !== undefined])).toEqual([
      [true, false],
      [true, true],
    ]);

    sent.length = 0;
    const second = await persisted(gateway.url, CustomerWithCartsAndOrdersDocument, { id: 'cust-1002' }, false);
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(sent.map((b) => [Boolean(b.extensions?.persistedQuery), b.query !== undefined])).toEqual([[true, false]]);
  });
});
