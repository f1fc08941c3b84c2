import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { CUSTOMERS_SDL } from '../../dev/customers-subgraph';

/** Composes the committed orders SDL with the customers subgraph; throws with composition's errors on failure. */
export function composeSupergraph(ordersUrl: string, customersUrl: string, ordersSdl = readFileSync(join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8')): string {
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
