import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/**
 * A small, test-only `customers` subgraph that owns `Customer`, as the real customers subgraph of the supergraph
 * does. Its seeded ids are the simulators' seeded customers.
 */
export const CUSTOMERS_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

"""A customer."""
type Customer @key(fields: "id") {
  """Customer id."""
  id: ID!
  """Full name."""
  name: String!
}

type Query {
  """A customer by id."""
  customer(id: ID!): Customer
}
`;

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

/** Starts the customers subgraph on a free loopback port. */
export async function startCustomersSubgraph(port = 0): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(CUSTOMERS_SDL),
        resolvers: {
          Query: { customer: (_: unknown, { id }: { id: string }) => customer(id) },
          Customer: { __resolveReference: (ref: { id: string }) => customer(ref.id) },
        },
      },
    ]),
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
