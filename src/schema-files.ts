import { lexicographicSortSchema, printSchema } from 'graphql';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildOrdersSchema } from './schema';

/**
 * The two committed schema files: the subgraph SDL (what composition and rover read) and the plain API schema
 * (what codegen reads). A test compares them with the committed copies.
 */
export async function renderSchemas(): Promise<{ subgraph: string; api: string }> {
  const schema = await buildOrdersSchema();
  return { subgraph: `${printSubgraphSchema(schema)}\n`, api: `${printSchema(lexicographicSortSchema(schema))}\n` };
}
