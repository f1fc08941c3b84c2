import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { parse, print } from 'graphql';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CUSTOMERS_SDL, startCustomersSubgraph } from '../../dev/customers-subgraph';
import { startTestApp, TestApp } from '../support/test-app';

/** Composes the committed orders SDL with the customers subgraph; throws with composition's errors on failure. */
export function composeSupergraph(
  ordersUrl: string,
  customersUrl: string,
  ordersSdl = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'),
): string {
  const result = composeServices([
    { name: 'orders', url: ordersUrl, typeDefs: parse(ordersSdl) },
    { name: 'customers', url: customersUrl, typeDefs: parse(CUSTOMERS_SDL) },
  ]);
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/** Starts an @apollo/gateway on the composed supergraph; `headers` are forwarded to every subgraph call. */
export async function startGateway(supergraphSdl: string, headers: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request }) {
          for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

/** The orders subgraph (on its simulators), the customers subgraph and a gateway composing both. */
export interface TestSupergraph {
  t: TestApp;
  gatewayUrl: string;
  /** Posts a typed operation to the gateway. */
  query<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars): Promise<{ data: TData; errors?: unknown[] }>;
  stop(): Promise<void>;
}

/** Starts a whole local supergraph for a test file; `headers` are what the gateway forwards (the router's role). */
export async function startTestSupergraph(headers: Record<string, string> = {}): Promise<TestSupergraph> {
  const t = await startTestApp();
  const customers = await startCustomersSubgraph();
  const gateway = await startGateway(composeSupergraph(t.url, customers.url), headers);
  return {
    t,
    gatewayUrl: gateway.url,
    async query(doc, variables) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: print(doc), variables }),
      });
      return (await res.json()) as never;
    },
    async stop() {
      await gateway.stop();
      await customers.stop();
      await t.close();
    },
  };
}
