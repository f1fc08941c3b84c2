import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { CUSTOMERS_SDL } from '../../dev/customers-subgraph';

/**
 * The request headers a router passes from the client to the orders subgraph, as the README configures Apollo
 * Router and Hive Gateway: the caller, the request id and the trace context. The router secret is not taken from the
 * client: the router adds its own.
 */
export const FORWARDED_HEADERS = ['x-customer-id', 'x-request-id', 'traceparent'] as const;

/** A router in front of the supergraph. */
export interface RunningRouter {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** The subgraphs a router composes: name -> URL and SDL. */
export interface SubgraphSources {
  orders: { url: string; sdl: string };
  customers: { url: string };
}

/** The headers a router sends to a subgraph for one client request: the forwarded ones, then its own secret. */
function subgraphHeaders(read: (name: string) => string | undefined, routerSecret?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = read(name);
    if (value) headers[name] = value;
  }
  if (routerSecret) headers['x-router-secret'] = routerSecret;
  return headers;
}

/** Composes with The Guild's composer (`@theguild/federation-composition`); throws with its errors on failure. */
export async function composeWithGuild(sources: SubgraphSources): Promise<string> {
  const { composeServices } = await import('@theguild/federation-composition');
  const result = composeServices([
    { name: 'orders', url: sources.orders.url, typeDefs: parse(sources.orders.sdl) },
    { name: 'customers', url: sources.customers.url, typeDefs: parse(CUSTOMERS_SDL) },
  ]);
  if (result.errors?.length) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  if (!result.supergraphSdl) throw new Error('composition produced no supergraph');
  return result.supergraphSdl;
}

/** @apollo/gateway on a supergraph, forwarding the client's headers as the README configures Apollo Router. */
export async function startApolloGateway(supergraphSdl: string, routerSecret?: string): Promise<RunningRouter> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ req: IncomingMessage }>({
        url,
        willSendRequest({ request, context }) {
          const { req } = context as { req?: IncomingMessage };
          const read = (name: string) => req?.headers[name] as string | undefined;
          for (const [name, value] of Object.entries(subgraphHeaders(read, routerSecret))) request.http?.headers.set(name, value);
        },
      }),
  });
  const server = new ApolloServer<{ req: IncomingMessage }>({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' }, context: ({ req }) => Promise.resolve({ req }) });
  return { name: '@apollo/gateway', url, stop: () => server.stop() };
}

/** Hive Gateway (its runtime, from npm) on a supergraph, forwarding the client's headers as the README configures. */
export async function startHiveGateway(supergraphSdl: string, routerSecret?: string): Promise<RunningRouter> {
  const gateway = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => subgraphHeaders((name) => request.headers.get(name) ?? undefined, routerSecret),
    },
  });
  const server = createServer((req, res) => {
    void gateway(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: 'Hive Gateway',
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.dispose();
    },
  };
}
