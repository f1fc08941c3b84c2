import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROFILE_MARK } from './protocol';
import { P2_OPERATION, seed, Seed } from './figures';
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
  /** Every sample attributed to one layer (see `attribute`), all layers, largest first. */
  layers: { name: string; ms: number }[];
  modules: { name: string; ms: number }[];
  functions: { name: string; ms: number }[];
  /** Time with the function anywhere on the stack (each function counted once per sample). */
  inclusive: { name: string; ms: number }[];
}

/** What a run of `--profile` writes: the summary with the load it was taken under, for a later `--compare`. */
export interface SavedSummary {
  version: 1;
  /** The last commit that changed src/ (`git log -1 -- src`), with `+changes` when the working tree's src/ differs. */
  commit: string;
  date: string;
  loadAverage: number[];
  operation: string;
  /** Requests answered inside the profiled window, and their rate. */
  requests: number;
  rps: number;
  summary: ProfileSummary;
}

/** The summary of main before the hot-path work, committed: the full run prints its layers beside the current ones. */
export const BEFORE_SUMMARY = path.join(__dirname, 'profile-before.json');

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

export const LAYER = {
  plugins: 'plugins (Apollo plugins, limits, cost and caller guards)',
  inputGuard: 'input guard and card checks',
  logging: 'logging (pino, access log, audit)',
  metrics: 'metrics (prom-client)',
  tracing: 'tracing (OpenTelemetry, AsyncLocalStorage promise hooks, Apollo inline trace)',
  context: 'context (per-request context, loaders, service)',
  errors: 'error formatting',
  adapters: 'adapter mapping (vendor adapters, wire, shape checks)',
  store: 'store (embedded or Redis)',
  http: 'vendor HTTP client (undici, cockatiel, src/http)',
  resolvers: 'resolvers and order service',
  server: 'HTTP handler and server set-up',
  framework: 'GraphQL: Apollo Server, graphql-js, type-graphql, DataLoader',
  packages: 'other packages',
  runtime: 'Node.js runtime: sockets, streams, promises, natives',
  gc: 'garbage collector',
} as const;

/**
 * This repository's files (path under src/ or dist/, without extension) by layer. A `named` layer claims the time
 * of the library and runtime code it calls (the input guard's `visit` walks are the input guard's); the two host
 * layers (resolvers, the HTTP handler) only claim their own frames, since everything runs beneath them.
 */
const OWN_LAYERS: [RegExp, string, boolean][] = [
  [/^server\/(plugins|cost-guard|caller-limits|store-guard|access|caller-rule|limits|apq-cache|landing-page|sandbox-document)$/, LAYER.plugins, true],
  [/^server\/(input-guard|validate-args|request-headers)$|^common\/validation\//, LAYER.inputGuard, true],
  [/^logger$|^observability\/audit$/, LAYER.logging, true],
  [/^observability\/metrics$/, LAYER.metrics, true],
  [/^observability\/(tracing|request-scope|observability)$/, LAYER.tracing, true],
  [/^context$/, LAYER.context, true],
  [/^server\/(format-error|client-text)$|^service\/faults$|^common\/errors$/, LAYER.errors, true],
  // A vendor's records in the subgraph's store (AT&T carts and submits, Adobe drafts), parsed as they are read, are
  // the store's; the rest of a vendor's folder is its adapter.
  [/^store\/|^vendors\/\w+\/\w+\.(records|drafts)$/, LAYER.store, true],
  [/^vendors\//, LAYER.adapters, true],
  [/^http\//, LAYER.http, true],
  [/^(server\/http-handler|app|main|schema|schema-files|config)$/, LAYER.server, false],
  // An executor of our own (a compiled one behind a switch) and the direct path of repeated queries are the GraphQL
  // request pipeline and execution, charged like Apollo Server and graphql-js.
  [/^server\/(executor|direct-path)/, LAYER.framework, false],
  [/./, LAYER.resolvers, false],
];

/** Packages by layer; anything under node_modules not named here is "other packages". */
const PACKAGE_LAYERS: [RegExp, string][] = [
  // Apollo's inline-trace plugin and the protobuf it encodes are tracing, not GraphQL execution.
  [
    /node_modules\/@apollo\/server\/dist\/\w+\/plugin\/(inlineTrace|traceTreeBuilder|usageReporting)|node_modules\/(@apollo\/usage-reporting-protobuf|@protobufjs|long)\//,
    LAYER.tracing,
  ],
  [
    /node_modules\/(pino|@pinojs|sonic-boom|fast-redact|pino-std-serializers|quick-format-unescaped|atomic-sleep|thread-stream|on-exit-leak-free|safe-stable-stringify|fast-safe-stringify)\//,
    LAYER.logging,
  ],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, LAYER.metrics],
  [/node_modules\/@opentelemetry\//, LAYER.tracing],
  [/node_modules\/(class-validator|class-transformer|libphonenumber-js|validator)\//, LAYER.inputGuard],
  [/node_modules\/(ioredis|@redis|@keyv|keyv|redis-errors|redis-parser|cluster-key-slot|denque|standard-as-callback)\//, LAYER.store],
  [/node_modules\/(undici|cockatiel)\//, LAYER.http],
  [
    /node_modules\/(@apollo|graphql|graphql-jit|fast-json-stringify|type-graphql|@graphql-tools|@graphql-typed-document-node|dataloader|negotiator|lru-cache|whatwg-mimetype|tslib|reflect-metadata|zod)\//,
    LAYER.framework,
  ],
];

/** graphql-js helpers that whoever calls them pays for (a document walk, a print, type predicates). */
const GRAPHQL_UTILITY =
  /node_modules\/graphql\/(language\/(visitor|printer|ast|kinds|blockString|printString)|jsutils\/|type\/definition|utilities\/(valueFromAST|typeFromAST))/;

type FrameClass = { kind: 'runtime' } | { kind: 'utility' } | { kind: 'lib'; layer: string } | { kind: 'own'; layer: string; named: boolean };

function classify(frame: CpuProfile['nodes'][number]['callFrame']): FrameClass {
  const url = frame.url;
  if (!url || url.startsWith('node:')) return { kind: 'runtime' };
  if (url.includes('node_modules/')) {
    if (GRAPHQL_UTILITY.test(url)) return { kind: 'utility' };
    return { kind: 'lib', layer: PACKAGE_LAYERS.find(([p]) => p.test(url))?.[1] ?? LAYER.packages };
  }
  const own = /\/(?:src|dist)\/(.+)\.[jt]s$/.exec(url);
  if (!own) return { kind: 'lib', layer: LAYER.packages };
  // The context function is a closure of app.ts; what it calls (loaders, the order service) is its cost.
  if (/^app$/.test(own[1]) && frame.functionName === 'context') return { kind: 'own', layer: LAYER.context, named: true };
  const [, layer, named] = OWN_LAYERS.find(([p]) => p.test(own[1]))!;
  return { kind: 'own', layer, named };
}

/**
 * The one layer a sample is charged to, from its stack (leaf first). Runtime frames (node internals, natives) and
 * graphql-js helpers are passed over (a promise hook among them makes the sample tracing's: hooks are installed
 * for AsyncLocalStorage); the first other frame decides: a package's layer, or for this repository's
 * code the innermost named layer of the run of own frames above it. When no named layer is found, the sample stays
 * with the runtime (or GraphQL, for a helper) if the leaf was theirs, else with the own host layer.
 */
export function attribute(stack: CpuProfile['nodes']): string {
  const leaf = stack[0]?.callFrame;
  if (!leaf) return LAYER.runtime;
  if (leaf.functionName === '(garbage collector)') return LAYER.gc;
  let i = 0;
  let sawUtility = false;
  for (; i < stack.length; i++) {
    const c = classify(stack[i].callFrame);
    // Promise hooks run only because an AsyncLocalStorage (request scope, OpenTelemetry's context) is enabled.
    if (/^node:(internal\/)?async_(hooks|local_storage)/.test(stack[i].callFrame.url)) return LAYER.tracing;
    if (c.kind === 'utility') sawUtility = true;
    else if (c.kind !== 'runtime') break;
  }
  const passedOver = sawUtility ? LAYER.framework : LAYER.runtime;
  if (i === stack.length) return passedOver;
  const first = classify(stack[i].callFrame);
  if (first.kind === 'lib') return first.layer;
  for (let j = i; j < stack.length; j++) {
    const c = classify(stack[j].callFrame);
    if (c.kind === 'own' && c.named) return c.layer;
    if (c.kind === 'lib') break;
  }
  return i > 0 ? passedOver : (first as { layer: string }).layer;
}

/** Coarse layer of a module name alone (no stack): kept for callers that only have `moduleOf`. */
export function layerOf(module: string): string {
  if (module === '(garbage collector)') return LAYER.gc;
  if (/^(dist|src)\//.test(module))
    return classify({ functionName: '', url: `/${module}/x.js`, lineNumber: 0 }).kind === 'own' ? LAYER.resolvers : LAYER.packages;
  const c = classify({ functionName: '', url: module.startsWith('node:') || module.startsWith('(') ? '' : `/node_modules/${module}/x.js`, lineNumber: 0 });
  return c.kind === 'lib' ? c.layer : c.kind === 'utility' ? LAYER.framework : LAYER.runtime;
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url ? `${frame.url.replace(/^.*\/(node_modules|src|dist|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
}

/**
 * Time by layer (every sample charged to one layer), self time by module and by function, and inclusive time by
 * function, largest first. When the profile holds two PROFILE_MARK bursts, only the samples between them count (the
 * load, without start-up and seeding).
 */
export function summarize(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<number, CpuProfile['nodes']>();
  const stackOf = (id: number): CpuProfile['nodes'] => {
    let stack = stacks.get(id);
    if (!stack) {
      stack = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
      stacks.set(id, stack);
    }
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
    add(layers, attribute(stack));
    add(modules, moduleOf(leaf.url, leaf.functionName));
    add(functions, frameName(leaf));
    for (const name of new Set(stack.filter((n) => n.callFrame.url && !n.callFrame.url.startsWith('node:')).map((n) => frameName(n.callFrame))))
      add(inclusive, name);
  }
  const sorted = (m: Map<string, number>, n = top) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms }));
  return {
    busyMs,
    idleMs,
    marked: from > 0,
    layers: sorted(layers, Infinity),
    modules: sorted(modules),
    functions: sorted(functions),
    inclusive: sorted(inclusive),
  };
}

export function formatSummary(summary: ProfileSummary, requests?: number): string {
  const pct = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1).padStart(5)}%`;
  const per = (ms: number) => (requests ? `${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req  ` : '');
  return [
    `${summary.marked ? 'load window' : 'whole process'}: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s (shares below are of busy time)`,
    'time by layer (each sample charged to one layer; see bench/README.md):',
    ...summary.layers.map((l) => `  ${per(l.ms)}${pct(l.ms)}  ${l.name}`),
    'self time by module:',
    ...summary.modules.map((m) => `  ${pct(m.ms)}  ${m.name}`),
    'self time by function:',
    ...summary.functions.map((f) => `  ${pct(f.ms)}  ${f.name}`),
    'inclusive time by function (JavaScript outside node: internals):',
    ...summary.inclusive.map((f) => `  ${pct(f.ms)}  ${f.name}`),
  ].join('\n');
}

/**
 * CPU per request by layer of two saved summaries side by side, in the order of LAYER. Every layer has its row, one
 * with no sample in either run too (marked so): the split shows what the operation never reached, such as error
 * formatting on a read that met no error. Pure.
 */
export function compareLayers(before: SavedSummary, after: SavedSummary): string {
  const us = (s: SavedSummary, name: string) => ((s.summary.layers.find((l) => l.name === name)?.ms ?? 0) * 1000) / s.requests;
  const sampled = (name: string) => [...before.summary.layers, ...after.summary.layers].some((l) => l.name === name && l.ms > 0);
  const names = [...Object.values(LAYER), ...[...before.summary.layers, ...after.summary.layers].map((l) => l.name)].filter(
    (n, i, all) => all.indexOf(n) === i,
  );
  const head = [
    'CPU per request by layer, µs',
    `before: ${before.commit} ${before.date.slice(0, 16)}`,
    `after: ${after.commit} ${after.date.slice(0, 16)}`,
    'change',
    'share before',
    'share after',
  ];
  const fmt = (v: number) => v.toFixed(1);
  const share = (s: SavedSummary, name: string) => `${(((us(s, name) * s.requests) / 1000 / s.summary.busyMs) * 100).toFixed(1)}%`;
  const rows = names.map((n) => {
    const [b, a] = [us(before, n), us(after, n)];
    if (!sampled(n)) return [`${n} (no sample in either run)`, fmt(b), fmt(a), '', '', ''];
    return [n, fmt(b), fmt(a), `${a - b >= 0 ? '+' : ''}${fmt(a - b)}`, share(before, n), share(after, n)];
  });
  const total = (s: SavedSummary) => (s.summary.busyMs * 1000) / s.requests;
  rows.push([
    'total (main thread busy)',
    fmt(total(before)),
    fmt(total(after)),
    `${total(after) - total(before) >= 0 ? '+' : ''}${fmt(total(after) - total(before))}`,
    '100%',
    '100%',
  ]);
  rows.push(['throughput under the profiler, req/s', before.rps.toFixed(0), after.rps.toFixed(0), '', '', '']);
  const width = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(width[c]) : v.padStart(width[c]))).join('  ');
  return [
    `layer table: ${after.operation}, 32 connections; each sample of the subgraph's main thread charged to one layer`,
    line(head),
    ...rows.map(line),
    `load averages: before ${before.loadAverage.map((l) => l.toFixed(2)).join(' / ')}, after ${after.loadAverage.map((l) => l.toFixed(2)).join(' / ')}` +
      ' (µs per request swing with the load on a shared machine; the shares less so)',
  ].join('\n');
}

function gitCommit(): string {
  const repo = path.resolve(__dirname, '..');
  try {
    const head = execFileSync('git', ['log', '-1', '--format=%h', '--', 'src'], { cwd: repo, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repo, encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

export function readSavedSummary(file: string): SavedSummary {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedSummary;
  if (saved.version !== 1 || !saved.summary?.layers || !(saved.requests > 0)) throw new Error(`${file} is not a summary written by bench --profile`);
  return saved;
}

/**
 * Runs P2's (b) load (the Oracle `cart(id)`) on a subgraph started with `--cpu-prof`, summarises where its CPU time
 * went and writes the summary JSON beside the profile (and to `save`). With `compare`, the layer table of that
 * summary and this run side by side. Without `quiet` everything is logged; the layer table (or the compared table)
 * is returned either way.
 */
/** The operation a profiled load sends, over ids of the seeded data. */
export interface ProfiledLoad {
  /** What the tables call it. */
  label: string;
  /** Name of the operation in `bench/operations.graphql`. */
  operation: string;
  ids: (data: Seed) => string[];
}

/** P2's operation: one vendor read, no error, no record of the subgraph's store. */
export const P2_LOAD: ProfiledLoad = { label: P2_OPERATION, operation: 'BenchCart', ids: (data) => data.oracleCarts };

/**
 * The layers P2's operation never reaches: an AT&T cart page of a submitted cart, read from the subgraph's store with
 * its pending submit (two more store reads), and its checkout options, refused for a submitted cart without a vendor
 * call (a VENDOR_REFUSED error to format and log).
 */
export const STORE_AND_ERROR_LOAD: ProfiledLoad = {
  label: 'AT&T cart(id) of a submitted cart from the store, its checkout options refused (no vendor call)',
  operation: 'BenchCartRefusedCheckout',
  ids: (data) => data.orderCarts,
};

export async function profileSubgraph(opts: {
  sim: BenchChild;
  env: Record<string, string>;
  from: 'src' | 'dist';
  dir?: string;
  seconds: number;
  log: (line: string) => void;
  save?: string;
  compare?: string;
  quiet?: boolean;
  /** What the load sends: P2's operation unless told. */
  load?: ProfiledLoad;
}): Promise<string> {
  const load = opts.load ?? P2_LOAD;
  const temporary = !opts.dir;
  const dir = path.resolve(opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'orders-bench-profile-')));
  mkdirSync(dir, { recursive: true });
  const startedAt = Date.now();
  let requests = 0;
  let rps = 0;
  const subgraph = await BenchChild.start('subgraph', { from: opts.from, env: opts.env, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  const gql = new GqlClient(subgraph.info.url, 8);
  try {
    const data = await seed({ gql }, 100);
    const requestsOf = load.ids(data).map((id) => ({
      method: 'POST' as const,
      path: '/graphql',
      headers: BENCH_HEADERS,
      body: JSON.stringify({ query: operation(load.operation), variables: { id } }),
    }));
    const origin = new URL(subgraph.info.url).origin;
    await saturate(origin, requestsOf, 32, 2);
    await subgraph.mark();
    const result = await saturate(origin, requestsOf, 32, opts.seconds);
    await subgraph.mark();
    requests = result.ok;
    rps = result.rps;
    opts.log(`profiled load: ${load.label}, ${result.rps.toFixed(0)} req/s for ${result.seconds.toFixed(1)} s at 32 connections, ${result.failed} failed`);
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
  const summary = summarize(JSON.parse(readFileSync(written[0], 'utf8')) as CpuProfile);
  const saved: SavedSummary = {
    version: 1,
    commit: gitCommit(),
    date: new Date().toISOString(),
    loadAverage: os.loadavg(),
    operation: load.label,
    requests,
    rps,
    summary,
  };
  const summaryFile = written[0].replace(/\.cpuprofile$/, '.summary.json');
  for (const file of [...(temporary ? [] : [summaryFile]), ...(opts.save ? [path.resolve(opts.save)] : [])]) {
    writeFileSync(file, `${JSON.stringify(saved, null, 1)}\n`);
    opts.log(`profile summary: ${file}`);
  }
  if (temporary) rmSync(dir, { recursive: true, force: true });
  else opts.log(`profile: ${written[0]}`);
  if (!opts.quiet) opts.log(formatSummary(summary, requests));
  let table = [
    `layer table: ${load.label}, 32 connections (this run, ${saved.commit})`,
    ...summary.layers.map((l) => `  ${((l.ms * 1000) / requests).toFixed(1).padStart(7)} µs/req  ${l.name}`),
  ].join('\n');
  if (opts.compare) {
    if (existsSync(opts.compare)) table = compareLayers(readSavedSummary(opts.compare), saved);
    else opts.log(`--compare: ${opts.compare} not found; printing this run's layers alone`);
  }
  if (!opts.quiet) opts.log(`\n${table}`);
  return table;
}
