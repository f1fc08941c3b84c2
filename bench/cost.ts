import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  OperationDefinitionNode,
} from 'graphql';
import { DEFAULT_LIMITS, DEFAULT_SHAPE_LIMITS, expandedFieldCount } from '../src/server/limits';
import { Bench, Seed } from './figures';
import { GqlClient, operation } from './graphql';
import { closedLoop, median, percentile } from './traffic';

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Fields a generated selection may use: no required arguments, not federation's own. */
function selectable(type: GraphQLObjectType): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()).filter((f) => !f.name.startsWith('_') && f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined));
}

/**
 * The largest selection on `type` within `budget` fields and `depth` levels: lists of objects first (the executor
 * completes them once per element), then nested objects, then leaves.
 */
function generate(type: GraphQLObjectType, depth: number, budget: number): { text: string; fields: number } {
  const fields = selectable(type);
  const objects = fields.filter((f) => {
    const named = getNamedType(f.type);
    return isObjectType(named) || isInterfaceType(named);
  });
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
  const listFirst = (f: GraphQLField<unknown, unknown>) => (isListType(isNonNullType(f.type) ? f.type.ofType : f.type) ? 0 : 1);
  objects.sort((a, b) => listFirst(a) - listFirst(b));
  const parts: string[] = [];
  let used = 0;
  const leafShare = depth > 1 && objects.length ? Math.min(leaves.length, Math.ceil(budget / 3)) : Math.min(leaves.length, budget);
  for (const leaf of leaves.slice(0, Math.min(leafShare, DEFAULT_SHAPE_LIMITS.maxFieldsPerSelectionSet - objects.length))) {
    parts.push(leaf.name);
    used++;
  }
  if (depth > 1) {
    for (let i = 0; i < objects.length && used < budget - 1; i++) {
      const share = Math.floor((budget - used) / (objects.length - i)) - 1;
      if (share < 1) continue;
      const child = generate(getNamedType(objects[i].type) as GraphQLObjectType, depth - 1, share);
      if (child.fields === 0) continue;
      parts.push(`${objects[i].name} { ${child.text} }`);
      used += 1 + child.fields;
    }
  }
  if (parts.length === 0 && leaves.length) {
    parts.push(leaves[0].name);
    used = 1;
  }
  return { text: parts.join(' '), fields: used };
}

/**
 * The most expensive query the limits allow: as many `cart(id)` root fields as allowed (under aliases), each with
 * the largest selection that keeps the whole under the expanded-field limit and the depth limit.
 */
export function mostExpensiveCartQuery(schema: GraphQLSchema): { query: string; fields: number } {
  const roots = Math.min(DEFAULT_LIMITS.maxQueryRootFields, DEFAULT_LIMITS.maxAliases + 1);
  const perRoot = Math.floor(DEFAULT_LIMITS.maxExpandedFields / roots) - 1;
  const cart = schema.getType('Cart') as GraphQLObjectType;
  const selection = generate(cart, DEFAULT_LIMITS.maxDepth - 1, perRoot);
  const fields = Array.from({ length: roots }, (_, i) => `${i === 0 ? '' : `c${i}: `}cart(id: $id) { ...Max }`).join(' ');
  const query = `query BenchMostExpensive($id: ID!) { ${fields} } fragment Max on Cart { ${selection.text} }`;
  const document = parse(query);
  const op = document.definitions[0] as OperationDefinitionNode;
  return { query, fields: expandedFieldCount(document, op) };
}

async function cpuMsPerOperation(b: Bench, client: GqlClient, query: string, ids: string[], count: number): Promise<number> {
  const before = await b.subgraph.cpu();
  await closedLoop(count, 2, async (i) => {
    const res = await client.send(query, { id: ids[i % ids.length] });
    // Field errors (a vendor refusing a nested read) still cost the execution; a refused document has no data.
    if (!res.data) throw new Error(`cost bench: ${JSON.stringify(res.errors?.[0])}`);
  });
  const after = await b.subgraph.cpu();
  return (after.user - before.user + after.system - before.system) / 1000 / count;
}

/** Operations of each kind run before C1 is measured, its alternating rounds and the operations of each kind per round. */
const C1_WARM = { typical: 3000, expensive: 300 } as const;
const C1_ROUNDS = 5;
const C1_TYPICAL_PER_ROUND = 500;
const C1_EXPENSIVE_PER_ROUND = 60;

/** Latencies of one client sending the typical query back to back for `ms`. */
async function ordinaryLatencies(client: GqlClient, query: string, ids: string[], ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  for (let i = 0; performance.now() < until; i++) {
    const t0 = performance.now();
    const res = await client.send(query, { id: ids[i % ids.length] });
    if (res.errors?.length) throw new Error(`cost bench ordinary query: ${JSON.stringify(res.errors[0])}`);
    latencies.push(performance.now() - t0);
  }
  return latencies.sort((a, b) => a - b);
}

/**
 * Cost figures: CPU of the most expensive document the limits allow against a typical cart query, and the p50 of
 * ordinary traffic while 8 closed-loop clients send that document, against its idle p50.
 */
export async function costFigures(b: Bench, s: Seed, seconds: number): Promise<void> {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'api.graphql'), 'utf8'));
  const typical = operation('BenchCartPage');
  const expensive = mostExpensiveCartQuery(schema);
  // Submitted carts: their order and the order's cart resolve, so nested selections run instead of stopping at null.
  const ids = s.orderCarts.length ? s.orderCarts : s.oracleCarts;
  const ordinaryClient = new GqlClient(b.graphqlUrl, 2);
  const heavyClient = new GqlClient(b.graphqlUrl, 8);
  try {
    const probe = await heavyClient.send(expensive.query, { id: ids[0] });
    if (!probe.data) throw new Error(`the generated document is refused: ${JSON.stringify(probe.errors?.[0])}`);
    const fieldErrors = new Set((probe.errors ?? []).map((e) => (e.path ?? []).filter((p) => typeof p === 'string' && !/^c\d+$/.test(p)).join('.')));
    if (fieldErrors.size) b.log(`cost: field errors in the generated document's answer (still executed): ${[...fieldErrors].join(', ')}`);
    b.log(`cost: most expensive document under the limits: ${expensive.fields} expanded fields, ${Buffer.byteLength(expensive.query)} bytes`);
    // Both warm first: the typical query's CPU keeps falling for its first few thousand runs, as V8 optimises its
    // code, and a ratio to a half-warm typical query would flatter the expensive one. Then alternating rounds (typical
    // first in even rounds, expensive first in odd ones): a shared machine's load drifts over seconds, and a ratio of
    // two phases measured one after the other would carry that drift.
    await cpuMsPerOperation(b, ordinaryClient, typical, ids, C1_WARM.typical);
    await cpuMsPerOperation(b, heavyClient, expensive.query, ids, C1_WARM.expensive);
    const rounds: { typical: number; expensive: number }[] = [];
    for (let r = 0; r < C1_ROUNDS; r++) {
      const order = r % 2 === 0 ? (['typical', 'expensive'] as const) : (['expensive', 'typical'] as const);
      const round = { typical: 0, expensive: 0 };
      for (const which of order) {
        round[which] =
          which === 'typical'
            ? await cpuMsPerOperation(b, ordinaryClient, typical, ids, C1_TYPICAL_PER_ROUND)
            : await cpuMsPerOperation(b, heavyClient, expensive.query, ids, C1_EXPENSIVE_PER_ROUND);
      }
      rounds.push(round);
    }
    const ratios = rounds.map((r) => r.expensive / r.typical);
    const ratio = median(ratios);
    const typicalCpu = median(rounds.map((r) => r.typical));
    const expensiveCpu = median(rounds.map((r) => r.expensive));
    b.log(
      `cost: subgraph CPU per operation, medians of ${C1_ROUNDS} alternating rounds: typical cart query ${fmt(typicalCpu, 2)} ms, most expensive allowed ${fmt(expensiveCpu, 2)} ms; ratio per round ${ratios.map((x) => fmt(x)).join(', ')}`,
    );
    b.rows.push({
      id: 'C1',
      figure: 'CPU: most expensive document the limits allow ÷ typical cart query (AT&T cart(id) of submitted carts)',
      measured: `${fmt(ratio)}× (median of ${C1_ROUNDS} rounds; ${fmt(expensiveCpu, 2)} ms vs ${fmt(typicalCpu, 2)} ms)`,
      target: '<= 10×',
      verdict: ratio <= 10 ? 'ok' : 'MISS',
    });

    const idle = await ordinaryLatencies(ordinaryClient, typical, ids, seconds * 1000);
    let stop = false;
    let heavySent = 0;
    let heavyRefused = 0;
    const heavy = Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        for (let i = c; !stop; i += 8) {
          const res = await heavyClient.send(expensive.query, { id: ids[i % ids.length] });
          heavySent++;
          if (res.errors?.some((e) => (e as { extensions?: { code?: string } }).extensions?.code === 'RATE_LIMITED')) heavyRefused++;
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const loaded = await ordinaryLatencies(ordinaryClient, typical, ids, seconds * 1000);
    stop = true;
    await heavy;
    const idleP50 = median(idle);
    const loadedP50 = percentile(loaded, 50);
    b.log(
      `cost: ordinary p50 idle ${fmt(idleP50, 2)} ms (p99 ${fmt(percentile(idle, 99), 2)}), under 8 clients of the expensive document ${fmt(loadedP50, 2)} ms (p99 ${fmt(percentile(loaded, 99), 2)}); expensive sent ${heavySent}, refused ${heavyRefused}`,
    );
    b.rows.push({
      id: 'C2',
      figure: 'ordinary p50 (AT&T cart page query) under 8 closed-loop clients of that document ÷ idle p50',
      measured: `${fmt(loadedP50 / idleP50)}× (${fmt(loadedP50, 2)} ms vs ${fmt(idleP50, 2)} ms)`,
      target: '<= 3×',
      verdict: loadedP50 / idleP50 <= 3 ? 'ok' : 'MISS',
    });
  } finally {
    await ordinaryClient.close();
    await heavyClient.close();
  }
}
