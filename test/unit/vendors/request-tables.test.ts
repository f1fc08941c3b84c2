import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRequest, renderRequestTable } from '../../../src/vendors/request-table';
import { REQUEST_TABLES } from '../../../src/vendors/request-tables';

const README = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe.each(Object.entries(REQUEST_TABLES))('the %s request table', (name, table) => {
  it('matches its docs page (npm run docs:vendors regenerates it)', () => {
    expect(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'vendors', `${name}.md`), 'utf8')).toBe(renderRequestTable(table));
  });

  it('cites a source for every request and part; every assumption names a switch the README documents', () => {
    for (const request of table.requests) {
      expect(request.source).toMatch(/^\[(C|I|U)\]/);
      for (const part of [...request.body, ...request.query, ...request.headers]) {
        expect(part.source).toMatch(/^\[(C|I|U)\]/);
        // A part no doc shows ([U]) is always an assumption behind a switch.
        if (part.source.startsWith('[U]')) expect(part.assumption).toBeDefined();
      }
      for (const assumption of [request.assumption, ...[...request.body, ...request.query, ...request.headers].map((p) => p.assumption)]) {
        if (!assumption) continue;
        const variable = assumption.switch.split('=')[0];
        expect(README).toContain(variable);
      }
      if (request.source.startsWith('[U]')) expect(request.assumption).toBeDefined();
    }
  });

  it('finds a request by method and concrete path', () => {
    const first = table.requests[0];
    const concrete = first.path.replace(/\{[^}]+\}/g, 'x1');
    expect(findRequest(table, first.method, concrete, first.base)).toBe(first);
    expect(findRequest(table, 'PATCH', '/nowhere')).toBeUndefined();
  });
});
