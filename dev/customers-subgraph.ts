import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/**
 * The SDL of a small `customers` subgraph that owns `Customer`, as the real customers subgraph of the supergraph
 * does; `supergraph.yaml` points rover at the same file. Its seeded ids are the simulators' seeded customers.
 */
export const CUSTOMERS_SDL = readFileSync(join(__dirname, 'customers.graphql'), 'utf8');

const CUSTOMERS: Record<string, string> = {
  'cust-1001': 'Ada Lovelace',
  'cust-1002': 'Grace Hopper',
  'cust-1003': 'Alan Turing',
  'cust-1004': 'Edsger Dijkstra',
  'cust-1005': 'Barbara Liskov',
};

function customer(id: string) {
  return CUSTOMERS[id] ? { id, name: CUSTOMERS[id] } : null;
}

/** Starts the customers subgraph on loopback (`port` 0: a free port); for `npm run supergraph` and the tests. */
export async function startCustomersSubgraph(port = 0): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new ApolloServer({
    // Whoever starts it stops it: the supergraph script stops the gateway and the orders subgraph first.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(CUSTOMERS_SDL),
        resolvers: {
          Query: {
            customer: (_: unknown, { id }: { id: string }) => customer(id),
            customers: (_: unknown, { ids }: { ids: string[] }) => ids.slice(0, 50).map(customer),
          },
          Customer: { __resolveReference: (ref: { id: string }) => customer(ref.id) },
        },
      },
    ]),
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

// `npm run dev:customers`: this subgraph alone on its supergraph.yaml port, for `rover dev`.
if (require.main === module) {
  startCustomersSubgraph(Number(process.env.CUSTOMERS_PORT || 4002)).then(
    ({ url, stop }) => {
      process.stdout.write(`Customers subgraph on ${url}\n`);
      process.once('SIGINT', () => void stop().then(() => process.exit(0)));
      process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
    },
    (error: unknown) => {
      process.stderr.write(`Failed to start: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
