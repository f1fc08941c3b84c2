/**
 * `npm run schema:check`: fails (exit 1) when schema/schema.graphql breaks clients of the previous version, unless
 * schema/acknowledged-changes.json acknowledges each breaking change with a reason.
 *
 * The previous version is `git show <base>:schema/schema.graphql` (`--base`, default HEAD~1), or, where git cannot
 * give it (no history, a shallow clone, a first commit), the committed schema/baseline.graphql. `--base-file` names
 * an SDL file to compare with instead. This is the offline twin of `rover subgraph check`, which also weighs real
 * client usage from Studio.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { GraphQLSchema, parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Change as AnyChange, CriticalityLevel, TypeOfChangeType, diff } from '@graphql-inspector/core';

/** A change with its type as the union of change kinds (the library's default parameter is `any`). */
type Change = AnyChange<TypeOfChangeType>;

const ROOT = join(__dirname, '..');
const SCHEMA = join(ROOT, 'schema', 'schema.graphql');
const BASELINE = join(ROOT, 'schema', 'baseline.graphql');
const ACKNOWLEDGED = join(ROOT, 'schema', 'acknowledged-changes.json');

/** A breaking change let through on purpose. It matches a change by `path` and/or `message` (and `type` if given). */
export interface Acknowledgement {
  /** The change's path, as the check prints it: `Cart.vendorStatus`, `Query.cart.id`. */
  path?: string;
  /** The change's message, exactly as printed. */
  message?: string;
  /** The change type, to narrow a path (`FIELD_REMOVED`). */
  type?: string;
  /** Why it is safe: who was told, which clients were checked. Required. */
  reason: string;
}

export interface SchemaCheckResult {
  /** True when every breaking change is acknowledged. */
  ok: boolean;
  breaking: Change[];
  acknowledged: { change: Change; acknowledgement: Acknowledgement }[];
  dangerous: Change[];
  safe: Change[];
  /** Acknowledgements that match no change (left over from an earlier check). */
  unused: Acknowledgement[];
}

function build(sdl: string): GraphQLSchema {
  return buildSubgraphSchema(parse(sdl));
}

function matches(change: Change, ack: Acknowledgement): boolean {
  return (
    (ack.path === undefined || ack.path === change.path) &&
    (ack.message === undefined || ack.message === change.message) &&
    (ack.type === undefined || ack.type === change.type)
  );
}

/**
 * Compares two subgraph SDLs with @graphql-inspector and sorts the changes: breaking (not acknowledged),
 * acknowledged, dangerous (may change client behaviour, such as a new enum value) and safe. Throws when either SDL
 * does not build as a subgraph schema.
 */
export async function checkSchemaChange(previousSdl: string, currentSdl: string, acknowledgements: Acknowledgement[] = []): Promise<SchemaCheckResult> {
  const changes = (await diff(build(previousSdl), build(currentSdl))) as Change[];
  const result: SchemaCheckResult = { ok: true, breaking: [], acknowledged: [], dangerous: [], safe: [], unused: [] };
  const used = new Set<Acknowledgement>();
  for (const change of changes) {
    if (change.criticality.level === CriticalityLevel.Breaking) {
      const acknowledgement = acknowledgements.find((ack) => matches(change, ack));
      if (acknowledgement) {
        used.add(acknowledgement);
        result.acknowledged.push({ change, acknowledgement });
      } else {
        result.breaking.push(change);
      }
    } else if (change.criticality.level === CriticalityLevel.Dangerous) {
      result.dangerous.push(change);
    } else {
      result.safe.push(change);
    }
  }
  result.unused = acknowledgements.filter((ack) => !used.has(ack));
  result.ok = result.breaking.length === 0;
  return result;
}

/** Reads and validates an acknowledgements file (a JSON array); a missing file is an empty list. */
export function loadAcknowledgements(file: string): Acknowledgement[] {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array of acknowledgements`);
  return parsed.map((entry: unknown, i) => {
    const ack = entry as Partial<Acknowledgement> | null;
    const text = (v: unknown) => v === undefined || typeof v === 'string';
    if (!ack || typeof ack !== 'object' || !text(ack.path) || !text(ack.message) || !text(ack.type)) {
      throw new Error(`${file}[${i}]: path, message and type must be strings`);
    }
    if (ack.path === undefined && ack.message === undefined) throw new Error(`${file}[${i}]: give the path or the message of the change`);
    if (typeof ack.reason !== 'string' || ack.reason.trim().length < 10) throw new Error(`${file}[${i}]: a reason (10+ characters) is required`);
    return ack as Acknowledgement;
  });
}

/** The SDL to compare with: schema/schema.graphql at `base` in git, else the committed baseline. */
export function previousSchema(base = 'HEAD~1'): { sdl: string; source: string } {
  const path = relative(ROOT, SCHEMA).split('\\').join('/');
  try {
    const sdl = execFileSync('git', ['show', `${base}:${path}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { sdl, source: `${base}:${path}` };
  } catch {
    return { sdl: readFileSync(BASELINE, 'utf8'), source: relative(ROOT, BASELINE) };
  }
}

function line(change: Change): string {
  return `  ${change.type.padEnd(28)} ${(change.path ?? '').padEnd(40)} ${change.message}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      base: { type: 'string', default: process.env.SCHEMA_CHECK_BASE || 'HEAD~1' },
      'base-file': { type: 'string' },
      schema: { type: 'string', default: SCHEMA },
      acknowledged: { type: 'string', default: ACKNOWLEDGED },
    },
  });
  const previous = values['base-file'] ? { sdl: readFileSync(values['base-file'], 'utf8'), source: values['base-file'] } : previousSchema(values.base);
  const result = await checkSchemaChange(previous.sdl, readFileSync(values.schema, 'utf8'), loadAcknowledgements(values.acknowledged));
  const out: string[] = [`Schema check: ${relative(ROOT, values.schema)} against ${previous.source}`];
  if (result.breaking.length) out.push(`Breaking changes (${result.breaking.length}):`, ...result.breaking.map(line));
  if (result.acknowledged.length)
    out.push(
      'Acknowledged breaking changes:',
      ...result.acknowledged.map(({ change, acknowledgement }) => `${line(change)}\n      reason: ${acknowledgement.reason}`),
    );
  if (result.dangerous.length) out.push('Dangerous changes (clients may need care):', ...result.dangerous.map(line));
  if (result.safe.length) out.push(`Safe changes: ${result.safe.length}`);
  if (result.unused.length) out.push(`Acknowledgements matching no change (remove them): ${result.unused.map((a) => a.path ?? a.message).join(', ')}`);
  out.push(
    result.ok
      ? 'OK: no unacknowledged breaking change.'
      : `FAILED: ${result.breaking.length} breaking change(s). Keep the old shape (deprecate first), or acknowledge each in ${relative(ROOT, values.acknowledged)} with a reason.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`schema check failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
