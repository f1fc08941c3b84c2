import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROFILE_MARK } from './protocol';
import { Bench, seed } from './figures';
import { BENCH_HEADERS, GqlClient, operation } from './graphql';
import { saturate } from './traffic';
import { BenchChild } from './procs';

/** The parts of a V8 `.cpuprofile` that the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  /** True when the window was bracketed by the marks rather than the whole life of the process. */
  marked: boolean;
  layers: { name: string; ms: number }[];
  modules: { name: string; ms: number }[];
  functions: { name: string; ms: number }[];
  /** Time with the function anywhere on the stack (each function counted once per sample). */
  inclusive: { name: string; ms: number }[];
}

/** Where a frame's code lives: a package, a node internal, a folder of this repository, or a VM bucket. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.startsWith('node:internal/') ? `node:internal/${url.split('/')[1]}` : url.split('/')[0];
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const repo = /\/(src|dist|bench)\/(.+)$/.exec(url);
  if (repo) {
    const parts = repo[2].split('/');
    return `${repo[1]}/${parts.length > 1 ? parts[0] : parts[0].replace(/\.[jt]s$/, '')}`;
  }
  return url;
}

/** Coarse layers over `moduleOf`; natives with no script (socket writes, JSON, microtasks) count as the runtime. */
const LAYERS: [RegExp, string][] = [
  [
    /^(@apollo\/|graphql|negotiator|type-graphql|@graphql-tools\/|class-validator|dataloader|lru-cache|whatwg-mimetype)/,
    'GraphQL: Apollo Server, graphql-js, type-graphql, DataLoader',
  ],
  [/^(undici|cockatiel|(dist|src)\/http|node:internal\/abort_controller)$/, 'vendor HTTP client: undici, cockatiel, src/http'],
  [/^(pino|@pinojs\/|sonic-boom)/, 'logging: pino'],
  [/^(prom-client|@opentelemetry\/|(dist|src)\/observability)/, 'metrics and tracing'],
  [/^(dist|src)\//, 'this repository, other layers'],
  [/^\(garbage collector\)$/, 'garbage collector'],
];

export function layerOf(module: string): string {
  return LAYERS.find(([pattern]) => pattern.test(module))?.[1] ?? 'Node.js runtime: sockets, streams, promises, natives';
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url ? `${frame.url.replace(/^.*\/(node_modules|src|dist|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
}

/**
 * Self time by module and by function, and inclusive time by function, largest first. When the profile holds two
 * PROFILE_MARK bursts, only the samples between them count (the load, without start-up and seeding).
 */
export function summarize(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number): CpuProfile['nodes'] => {
    const stack = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    return stack;
  };
  // The first burst of marks ends start-up and seeding; the last one starts the shutdown.
  const marks = profile.samples.flatMap((id, i) => (stackOf(id).some((n) => n.callFrame.functionName === PROFILE_MARK) ? [i] : []));
  let from = 0;
  let to = profile.samples.length;
  if (marks.length) {
    let firstEnd = 0;
    while (firstEnd + 1 < marks.length && marks[firstEnd + 1] === marks[firstEnd] + 1) firstEnd++;
    let lastStart = marks.length - 1;
    while (lastStart > 0 && marks[lastStart - 1] === marks[lastStart] - 1) lastStart--;
    if (lastStart > firstEnd) {
      from = marks[firstEnd] + 1;
      to = marks[lastStart];
    }
  }
  const layers = new Map<string, number>();
  const modules = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyMs = 0;
  let idleMs = 0;
  for (let i = from; i < to; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const stack = stackOf(profile.samples[i]);
    const leaf = stack[0].callFrame;
    if (leaf.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const add = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + ms);
    const module = moduleOf(leaf.url, leaf.functionName);
    add(layers, layerOf(module));
    add(modules, module);
    add(functions, frameName(leaf));
    for (const name of new Set(stack.filter((n) => n.callFrame.url && !n.callFrame.url.startsWith('node:')).map((n) => frameName(n.callFrame))))
      add(inclusive, name);
  }
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms }));
  return { busyMs, idleMs, marked: from > 0, layers: sorted(layers), modules: sorted(modules), functions: sorted(functions), inclusive: sorted(inclusive) };
}

export function formatSummary(summary: ProfileSummary): string {
  const pct = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1).padStart(5)}%`;
  return [
    `${summary.marked ? 'load window' : 'whole process'}: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s (shares below are of busy time)`,
    'self time by layer:',
    ...summary.layers.map((l) => `  ${pct(l.ms)}  ${l.name}`),
    'self time by module:',
    ...summary.modules.map((m) => `  ${pct(m.ms)}  ${m.name}`),
    'self time by function:',
    ...summary.functions.map((f) => `  ${pct(f.ms)}  ${f.name}`),
    'inclusive time by function (JavaScript outside node: internals):',
    ...summary.inclusive.map((f) => `  ${pct(f.ms)}  ${f.name}`),
  ].join('\n');
}

/** Runs P2's (b) load on a subgraph started with `--cpu-prof`, then prints where its CPU time went. */
export async function profileSubgraph(opts: {
  sim: BenchChild;
  simBaseUrl: string;
  from: 'src' | 'dist';
  env: Record<string, string>;
  dir: string;
  seconds: number;
  log: (line: string) => void;
}): Promise<void> {
  const dir = path.resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const startedAt = Date.now();
  const subgraph = await BenchChild.start('subgraph', {
    from: opts.from,
    env: {
      PORT: '0',
      NODE_ENV: 'production',
      ALLOW_NO_ROUTER_SECRET: 'true',
      LOG_LEVEL: 'info',
      VENDORS: 'ATT',
      ATT_BASE_URL: opts.simBaseUrl,
      ATT_ORDERS_BASE_URL: opts.simBaseUrl,
      ...opts.env,
    },
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  const gql = new GqlClient(subgraph.info.url, 8);
  try {
    const b: Bench = { sim: opts.sim, subgraph, simBaseUrl: opts.simBaseUrl, graphqlUrl: subgraph.info.url, gql, rows: [], log: opts.log };
    const data = await seed(b, 100);
    const requests = data.carts.map((id) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: BENCH_HEADERS,
      body: JSON.stringify({ query: operation('BenchCart'), variables: { id } }),
    }));
    const origin = new URL(subgraph.info.url).origin;
    await saturate(origin, requests, 32, 2);
    await subgraph.mark();
    const result = await saturate(origin, requests, 32, opts.seconds);
    await subgraph.mark();
    opts.log(`profiled load: ${result.rps.toFixed(0)} req/s for ${result.seconds.toFixed(1)} s at 32 connections, ${result.failed} failed`);
  } finally {
    await gql.close();
    await subgraph.close();
  }
  const written = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= startedAt)
    .sort((x, y) => statSync(y).mtimeMs - statSync(x).mtimeMs);
  if (!written.length) throw new Error(`no .cpuprofile written in ${dir}`);
  opts.log(`profile: ${written[0]}`);
  opts.log(formatSummary(summarize(JSON.parse(readFileSync(written[0], 'utf8')) as CpuProfile)));
}
