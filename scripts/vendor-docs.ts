/**
 * Writes docs/vendors/<vendor>.md from each vendor's request table (`npm run docs:vendors`). A unit test fails when
 * a page and its table differ, so the page is never edited by hand.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRequestTable } from '../src/vendors/request-table';
import { REQUEST_TABLES } from '../src/vendors/request-tables';

const dir = join(__dirname, '..', 'docs', 'vendors');
mkdirSync(dir, { recursive: true });
for (const [name, table] of Object.entries(REQUEST_TABLES)) {
  writeFileSync(join(dir, `${name}.md`), renderRequestTable(table));
  process.stdout.write(`wrote docs/vendors/${name}.md\n`);
}
