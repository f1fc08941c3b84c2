/**
 * `npm run bench` — every figure of QUALITY.md P1–P7 measured in one run on this machine, each beside its target.
 * `-- --quick` keeps the counted figures (P1, P5) and a short P2. `-- --naive` sends every lookup as a GraphQL
 * request of its own (the cost of a server without per-request loaders) and measures the counted figures only.
 * `-- --cost` measures only the cost figures: CPU of the most expensive document the limits allow against a typical
 * cart query, and ordinary latency while 8 clients send it.
 * `-- --only p4` measures P4 alone, `-- --only p2` P2 alone (for iterating on one, or comparing executors with `--env`).
 * `-- --profile [dir]` records a CPU profile of the subgraph under P2's load instead. The exit code is non-zero only
 * when a counted figure misses its target (2 when the run itself broke).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkCounted, LookupCount } from './counted';
import { costFigures } from './cost';
import { ORACLE_AGENT } from '../dev/simulators/oracle/oracle.catalogue';
import { Bench, freePort, p1, p2, p2Store, p3, p4, P4_ORDER_CUSTOMER, p5, p6, p7, Row, seed, seedOrders } from './figures';
import { GqlClient } from './graphql';
import { formatGrowth, growth } from './growth';
import { BenchChild } from './procs';
import { BEFORE_SUMMARY, profileSubgraph, STORE_AND_ERROR_LOAD } from './profile';
import { hasRedisServer, redisPath } from './redis-path';

interface Options {
  quick: boolean;
  /** Only the cost figures (C1, C2): the most expensive document the limits allow. */
  cost: boolean;
  /** Only one figure of the full run (`--only p2` or `--only p4`), to iterate on it in seconds. */
  only?: 'p2' | 'p4';
  naive: boolean;
  from: 'src' | 'dist';
  profile?: string;
  /** Where `--profile` also writes its summary JSON (it always writes one beside the .cpuprofile). */
  save?: string;
  /** A summary JSON of an earlier `--profile` run: the layer table is printed before (it) and after (this run). */
  compare?: string;
  /** The full run skips the Redis path (`--no-redis`), the growth table (`--no-growth`), or its layer profile (`--no-profile`). */
  redis: boolean;
  growth: boolean;
  layers: boolean;
  /** Extra environment of the subgraph under test, for A/B runs (`--env LOG_LEVEL=warn`). */
  env: Record<string, string>;
}

const REPO = path.resolve(__dirname, '..');

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, cost: false, naive: false, from: 'dist', env: {}, redis: true, growth: true, layers: true };
  let from: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--cost') options.cost = true;
    else if (arg === '--naive') options.naive = true;
    else if (arg === '--only') {
      const figure = argv[++i];
      if (figure !== 'p2' && figure !== 'p4') throw new Error('--only takes p2 or p4');
      options.only = figure;
    } else if (arg === '--from') from = argv[++i];
    else if (arg === '--save') options.save = argv[++i];
    else if (arg === '--compare') options.compare = argv[++i];
    else if (arg === '--no-redis') options.redis = false;
    else if (arg === '--no-growth') options.growth = false;
    else if (arg === '--no-profile') options.layers = false;
    else if (arg === '--env') {
      const [name, ...value] = (argv[++i] ?? '').split('=');
      if (!name || !value.length) throw new Error('--env takes NAME=value');
      options.env[name] = value.join('=');
    } else if (arg === '--profile')
      options.profile = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : path.join(os.tmpdir(), 'orders-bench-profiles');
    else
      throw new Error(
        `unknown option ${arg} (known: --quick, --cost, --naive, --only p2|p4, --from src|dist, --env NAME=value, --profile [dir], --save file.json, --compare file.json, --no-redis, --no-growth, --no-profile)`,
      );
  }
  if ((options.save || options.compare) && !options.profile && (options.quick || options.cost || options.naive || options.only))
    throw new Error('--save and --compare go with --profile or the full run');
  if (options.only && (options.quick || options.cost || options.naive || options.profile))
    throw new Error('--only goes with none of --quick, --cost, --naive, --profile');
  // Quick mode never builds: it takes dist only when it is up to date, the counted figures being the same either way.
  options.from = (from ?? (options.quick && !distIsFresh() ? 'src' : 'dist')) as Options['from'];
  if (options.from !== 'src' && options.from !== 'dist') throw new Error('--from takes src or dist');
  return options;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const DIST_MAIN = path.join(REPO, 'dist', 'main.js');

function distIsFresh(): boolean {
  return existsSync(DIST_MAIN) && statSync(DIST_MAIN).mtimeMs >= newestMtime(path.join(REPO, 'src'));
}

/** Builds dist when it is missing or older than src; tsc emits even with type errors, which are reported. */
function ensureBuild(log: (line: string) => void): void {
  if (distIsFresh()) return;
  log('dist is missing or older than src: npm run build');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0)
    log(`build reported errors (dist as emitted is used):\n${(result.stdout + result.stderr).trim().split('\n').slice(0, 10).join('\n')}`);
  if (!existsSync(DIST_MAIN)) throw new Error('npm run build produced no dist/main.js');
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** The machine is shared: the load average says how much the timed figures can be trusted. */
function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

function table(rows: Row[]): string {
  const head: Row = { id: 'id', figure: 'figure', measured: 'measured', target: 'target', verdict: 'info' };
  const cols = ['id', 'figure', 'measured', 'target'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))])) as Record<(typeof cols)[number], number>;
  const line = (r: Row, verdict: string) => `${cols.map((c) => r[c].padEnd(width[c])).join('  ')}  ${verdict}`;
  return [line(head, 'verdict'), ...rows.map((r) => line(r, r.verdict === 'info' ? '' : r.verdict + (r.counted ? ' (counted)' : '')))].join('\n');
}

/** P2 as the full run (and `--only p2`) measures it: 3 alternating rounds of 6 s per target at 32 connections. */
const FULL_P2 = { connections: 32, seconds: 6, rounds: 3, warmSeconds: 2 };

/** Waits for every child to start; those that did start are handed to `children` for closing even if one failed. */
async function settle(starting: Promise<BenchChild>[], children: BenchChild[]): Promise<BenchChild[]> {
  const results = await Promise.allSettled(starting);
  for (const r of results) if (r.status === 'fulfilled') children.push(r.value);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<BenchChild>).value);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const log = (line: string) => print(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  // AT&T for its orders (the orders query batches) and its store-kept carts; Oracle for the documented one-GET cart read.
  const vendorEnv = (attBaseUrl: string, oracleBaseUrl: string) => ({
    VENDORS: 'ATT,ORACLE',
    ATT_AUTH: 'none',
    ATT_BASE_URL: attBaseUrl,
    ATT_ORDERS_BASE_URL: attBaseUrl,
    ORACLE_BASE_URL: oracleBaseUrl,
    ORACLE_USERNAME: ORACLE_AGENT.username,
    ORACLE_PASSWORD: ORACLE_AGENT.password,
  });
  const mode = options.profile ? 'CPU profile' : options.cost ? 'cost' : options.quick ? 'quick' : options.only ? `only ${options.only.toUpperCase()}` : 'full';
  print(`orders subgraph benchmark, ${mode}${options.naive ? ' --naive' : ''}, ${new Date().toISOString()}`);
  print(`machine: ${machine()}; load average ${load()} (1 / 5 / 15 min); servers loaded from ${options.from}`);
  if (Object.keys(options.env).length)
    print(
      `subgraph environment: ${Object.entries(options.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  if (options.from === 'dist' || (!options.quick && !options.profile)) ensureBuild(log);

  const children: BenchChild[] = [];
  const clients: GqlClient[] = [];
  try {
    const [simPort, oraclePort] = [await freePort(), await freePort()];
    const simBaseUrl = `http://127.0.0.1:${simPort}/omni-svcs/v1`;
    const oracleBaseUrl = `http://127.0.0.1:${oraclePort}`;
    const env = vendorEnv(simBaseUrl, oracleBaseUrl);
    // The simulators stand in for vendors' production servers: graphql-js's development-mode checks (the AT&T orders
    // query runs on it) are no vendor's cost.
    const starting = [BenchChild.start('sim', { from: options.from, env: { NODE_ENV: 'production' }, args: { port: simPort, oraclePort } })];
    const subgraphEnv = {
      PORT: '0',
      NODE_ENV: 'production',
      // Loopback only: the bench is the router, and the network is trusted.
      ALLOW_NO_ROUTER_SECRET: 'true',
      LOG_LEVEL: 'info',
      // The production entry, pointed at the simulators as at real vendors; Adobe is left out.
      ...env,
      // P6 queues 1,000 calls behind 64 connections for ~16 s: each must outlive its wait.
      VENDOR_TIMEOUT_MS: '15000',
      SHUTDOWN_GRACE_MS: '1000',
      // One bench process and one seeded customer: the in-process store is meant, and per-caller limits would measure themselves.
      SINGLE_REPLICA: 'true',
      CALLER_WRITE_LIMIT: '0',
      CALLER_CONCURRENCY_LIMIT: '0',
      ...options.env,
    };
    if (options.profile) {
      const [sim] = await settle(starting, children);
      await profileSubgraph({
        sim,
        env: subgraphEnv,
        from: options.from,
        dir: options.profile,
        seconds: 20,
        log,
        save: options.save,
        compare: options.compare,
      });
      return 0;
    }
    starting.push(BenchChild.start('subgraph', { from: options.from, env: subgraphEnv, nodeArgs: ['--expose-gc'] }));
    // --naive changes only how lookups are sent, so the timed figures would be the same: it measures the counted ones.
    if (!options.naive && !options.cost && options.only !== 'p4')
      starting.push(
        BenchChild.start('proxy', {
          from: options.from,
          args: { attBaseUrl: simBaseUrl, oracleBaseUrl, oracleCredentials: { username: ORACLE_AGENT.username, password: ORACLE_AGENT.password } },
        }),
      );
    const [sim, subgraph, proxy] = await settle(starting, children);
    if (sim.info.baseUrl !== simBaseUrl || sim.info.oracleBaseUrl !== oracleBaseUrl)
      throw new Error(`simulators listen on ${sim.info.baseUrl} and ${sim.info.oracleBaseUrl}, expected ${simBaseUrl} and ${oracleBaseUrl}`);
    const gql = new GqlClient(subgraph.info.url, 16);
    clients.push(gql);
    const b: Bench = { sim, subgraph, proxy, simBaseUrl, oracleBaseUrl, graphqlUrl: subgraph.info.url, gql, rows: [], log };
    log(
      `simulators AT&T ${simBaseUrl}, Oracle ${oracleBaseUrl} (pid ${sim.pid}), subgraph ${subgraph.info.url} (pid ${subgraph.pid})${proxy ? `, proxy ${proxy.info.url} (pid ${proxy.pid})` : ''}`,
    );

    const full = !options.quick && !options.naive && !options.cost && !options.only;
    // The growth table reads _entities of up to 200 distinct Oracle carts; P4 reads 100.
    const data = await seed(b, full && options.growth ? 200 : full || options.only ? 100 : 20);
    if (options.only) {
      if (options.only === 'p4') await p4(b, data, (await seedOrders(b, P4_ORDER_CUSTOMER, 100)).orders, 9);
      else await p2(b, data, FULL_P2);
      print(`\n${table(b.rows)}\n`);
      print(`took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load()}`);
      return 0;
    }
    if (options.cost) {
      await costFigures(b, data, 4);
      print(`\n${table(b.rows)}\n`);
      return 0;
    }
    const lookups: LookupCount[] = await p1(b, data, options.naive);
    const socketsPer1000 = await p5(b, data, options.quick || options.naive ? 1000 : 3000);
    let growthTable: string | undefined;
    let layerTable: string | undefined;
    if (options.quick && !options.naive) {
      await p2(b, data, { connections: 32, seconds: 3, rounds: 1, warmSeconds: 1 });
    } else if (full) {
      const p2Result = await p2(b, data, FULL_P2);
      await p2Store(b, data, p2Result, { connections: 32, seconds: 6 });
      await p3(b, data, p2Result, { connections: 10, seconds: 5, rounds: 2 });
      const { orders } = await seedOrders(b, P4_ORDER_CUSTOMER, options.growth ? 200 : 100);
      await p4(b, data, orders, 9);
      await p6(b, data);
      await costFigures(b, data, 4);
      // Last on this subgraph: the memory series leaves 10,000 carts in its store.
      if (options.growth) growthTable = formatGrowth(await growth(b, data, orders, 10000));
    }
    await Promise.all(clients.map((c) => c.close()));
    clients.length = 0;
    await subgraph.close();
    if (full && options.redis && !hasRedisServer()) log('Redis path skipped: no redis-server on the PATH (apt-get install redis-server)');
    else if (full && options.redis)
      await redisPath(
        { sim, proxy, simBaseUrl, oracleBaseUrl, rows: b.rows, log },
        { from: options.from, subgraphEnv, p2: { connections: 32, seconds: 6, rounds: 2, warmSeconds: 2 }, p4Rounds: 7 },
      );
    await proxy?.close();
    if (full && options.layers) {
      // The layer table of this code beside the summary committed from main before the hot-path work.
      const compare = options.compare ?? BEFORE_SUMMARY;
      layerTable = await profileSubgraph({ sim, env: subgraphEnv, from: options.from, seconds: 15, log, save: options.save, compare, quiet: true });
      // The layers P2's read never reaches (the store, error formatting), under a load that does: this run only.
      const reached = await profileSubgraph({ sim, env: subgraphEnv, from: options.from, seconds: 8, log, quiet: true, load: STORE_AND_ERROR_LOAD });
      layerTable = `${layerTable}\n\n${reached}`;
    }
    // P7's processes read the simulators: they stay up until it is done.
    if (full) await p7(b, 3, { ...env, ...options.env });
    await Promise.all(children.map((c) => c.close()));
    children.length = 0;

    print(`\n${table(b.rows)}\n`);
    if (growthTable) print(`growth table (p50 of one operation sent alone; cost = subgraph CPU per operation, or heap grown):\n${growthTable}\n`);
    if (layerTable) print(`${layerTable}\n`);
    const failures = checkCounted({ lookups, socketsOpenedPer1000: socketsPer1000 });
    const timedMisses = b.rows.filter((r) => !r.counted && r.verdict === 'MISS').map((r) => `${r.id} ${r.figure}`);
    if (timedMisses.length) print(`timed figures off target (reported, never fatal): ${timedMisses.join('; ')}`);
    for (const failure of failures) print(`FAIL ${failure.message}`);
    print(failures.length ? `counted figures: ${failures.length} missed their target` : 'counted figures: all on target');
    print(`took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load()}`);
    return failures.length ? 1 : 0;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(children.map((c) => c.close()));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
