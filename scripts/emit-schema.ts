/** Writes schema/schema.graphql (subgraph SDL) and schema/api.graphql (plain schema for codegen). */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemas } from '../src/schema-files';

async function main(): Promise<void> {
  const dir = join(__dirname, '..', 'schema');
  mkdirSync(dir, { recursive: true });
  const { subgraph, api } = await renderSchemas();
  writeFileSync(join(dir, 'schema.graphql'), subgraph);
  writeFileSync(join(dir, 'api.graphql'), api);
  process.stdout.write('wrote schema/schema.graphql and schema/api.graphql\n');
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
