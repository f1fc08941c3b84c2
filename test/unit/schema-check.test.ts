import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FieldDefinitionNode, parse, print, visit } from 'graphql';
import { checkSchemaChange, loadAcknowledgements, previousSchema } from '../../scripts/schema-check';

const ROOT = join(__dirname, '..', '..');
const COMMITTED = readFileSync(join(ROOT, 'schema', 'schema.graphql'), 'utf8');

/** The committed schema without one field of one type. */
function withoutField(sdl: string, type: string, field: string): string {
  let removed = false;
  const edited = visit(parse(sdl), {
    ObjectTypeDefinition(node) {
      if (node.name.value !== type) return undefined;
      const fields = node.fields?.filter((f: FieldDefinitionNode) => f.name.value !== field);
      removed = fields?.length !== node.fields?.length;
      return { ...node, fields };
    },
  });
  if (!removed) throw new Error(`${type}.${field} is not in the schema`);
  return print(edited);
}

const SMALL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
type Cart @key(fields: "id") { id: ID! note: String }
enum Vendor { ATT ORACLE }
type Query { cart(id: ID!): Cart }
`;

describe('schema check (breaking changes against the previous schema)', () => {
  it('passes when the schema did not change', async () => {
    const result = await checkSchemaChange(COMMITTED, COMMITTED);
    expect(result).toMatchObject({ ok: true, breaking: [], acknowledged: [], dangerous: [], safe: [] });
  });

  it('fails on a removed field of the committed schema', async () => {
    const result = await checkSchemaChange(COMMITTED, withoutField(COMMITTED, 'ProductOrder', 'vendorStatus'));
    expect(result.ok).toBe(false);
    expect(result.breaking.map((c) => [c.type, c.path])).toEqual([['FIELD_REMOVED', 'ProductOrder.vendorStatus']]);
  });

  it('passes on that removal once it is acknowledged with a reason, and reports leftover acknowledgements', async () => {
    const acks = [
      { path: 'ProductOrder.vendorStatus', type: 'FIELD_REMOVED', reason: 'No client selects it (Studio usage, 30 days).' },
      { path: 'Cart.gone', reason: 'Left over from an earlier release.' },
    ];
    const result = await checkSchemaChange(COMMITTED, withoutField(COMMITTED, 'ProductOrder', 'vendorStatus'), acks);
    expect(result.ok).toBe(true);
    expect(result.acknowledged.map((a) => a.change.path)).toEqual(['ProductOrder.vendorStatus']);
    expect(result.unused).toEqual([acks[1]]);
  });

  it('tells breaking from dangerous from safe changes', async () => {
    const next = SMALL.replace('note: String', 'note: String total: String')
      .replace('ATT ORACLE', 'ATT ORACLE ADOBE')
      .replace('cart(id: ID!)', 'cart(id: ID!, at: String!)');
    const result = await checkSchemaChange(SMALL, next);
    expect(result.breaking.map((c) => c.type)).toEqual(['FIELD_ARGUMENT_ADDED']);
    expect(result.dangerous.map((c) => c.type)).toEqual(['ENUM_VALUE_ADDED']);
    expect(result.safe.map((c) => c.path)).toContain('Cart.total');
  });

  it('counts an entity that stops being one as breaking: the router can no longer resolve it here', async () => {
    const result = await checkSchemaChange(SMALL, SMALL.replace(' @key(fields: "id")', ''));
    expect(result.ok).toBe(false);
  });

  it('matches an acknowledgement by message when no path is given', async () => {
    const next = SMALL.replace(' note: String', '');
    const [change] = (await checkSchemaChange(SMALL, next)).breaking;
    const result = await checkSchemaChange(SMALL, next, [{ message: change.message, reason: 'Deprecated for two releases.' }]);
    expect(result.ok).toBe(true);
  });

  it('refuses acknowledgements without a reason, or matching nothing in particular', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
    const file = join(dir, 'acks.json');
    writeFileSync(file, JSON.stringify([{ path: 'Cart.note' }]));
    expect(() => loadAcknowledgements(file)).toThrow(/reason/);
    writeFileSync(file, JSON.stringify([{ reason: 'Because we said so, twice.' }]));
    expect(() => loadAcknowledgements(file)).toThrow(/path or the message/);
    expect(loadAcknowledgements(join(dir, 'missing.json'))).toEqual([]);
    expect(loadAcknowledgements(join(ROOT, 'schema', 'acknowledged-changes.json'))).toEqual(expect.any(Array));
  });

  it('falls back to the committed baseline when git cannot give the previous schema', () => {
    const previous = previousSchema('no-such-ref-0000');
    expect(previous.source).toBe(join('schema', 'baseline.graphql'));
    expect(() => parse(previous.sdl)).not.toThrow();
  });

  it('`npm run schema:check` exits 1 on a breaking change, 0 once it is acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-check-'));
    const previous = join(dir, 'previous.graphql');
    const current = join(dir, 'current.graphql');
    const acks = join(dir, 'acks.json');
    writeFileSync(previous, SMALL);
    writeFileSync(current, SMALL.replace(' note: String', ''));
    writeFileSync(acks, '[]');
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'schema-check.ts'), ...args], { cwd: ROOT }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const failed = await run('--base-file', previous, '--schema', current, '--acknowledged', acks);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FIELD_REMOVED\s+Cart\.note/);
    writeFileSync(acks, JSON.stringify([{ path: 'Cart.note', reason: 'Never read by any client.' }]));
    const passed = await run('--base-file', previous, '--schema', current, '--acknowledged', acks);
    expect(passed).toMatchObject({ code: 0 });
    expect(passed.stdout).toContain('reason: Never read by any client.');
  });
});
