import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { Bench, createCart, fmt, freePort, oracleItems, ATT_CART_ITEMS, P4_ORDER_CUSTOMER, p2, p4, seed, seedOrders, Seed } from './figures';
import { BENCH_CALLER, GqlClient, operation } from './graphql';
import { BenchChild } from './procs';
import { closedLoop } from './traffic';

/**
 * The Redis path: a `redis-server` of the bench's own (a free loopback port, a temporary directory, no
 * persistence, stopped at the end), a second subgraph with `REDIS_URL` on it, P2 and P4 against it, and the Redis
 * commands each GraphQL operation costs, counted from `INFO commandstats` before and after (no MONITOR, which
 * would slow Redis down itself).
 */

export interface BenchRedis {
  url: string;
  client: Redis;
  stop(): Promise<void>;
}

/** Whether a `redis-server` binary is on the PATH (the full run skips the Redis path, saying so, without one). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'orders-bench-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { stdio: 'ignore' },
  );
  const exited = once(child, 'exit');
  const spawnError = once(child, 'error').then(([e]) => {
    throw new Error(`redis-server could not start: ${String(e)}`);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 5000;
    for (;;) {
      const up = await Promise.race([
        spawnError,
        new Promise<boolean>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          socket.once('connect', () => (socket.end(), resolve(true)));
          socket.once('error', () => resolve(false));
        }),
      ]);
      if (up) break;
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
      if (Date.now() > deadline) throw new Error('redis-server did not start within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
  return {
    url,
    client,
    stop: async () => {
      client.disconnect();
      await stop();
    },
  };
}

/** Calls per command from `INFO commandstats`. */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1], Number(m[2]));
  return calls;
}

/** Redis's own CPU so far (user + system), µs. */
async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (value('used_cpu_user') + value('used_cpu_sys')) * 1e6;
}

/** Commands the bench itself sends (to read the counters) or a connection sends once: not the operations' cost. */
const NOT_COUNTED = new Set(['info', 'client|setinfo', 'client|setname', 'client', 'hello', 'select', 'command', 'command|docs', 'ping']);

export interface StoreOps {
  what: string;
  ops: number;
  perOp: number;
  byCommand: [string, number][];
  redisCpuUsPerOp: number;
}

/** Redis commands per GraphQL operation while `ops` operations run. */
export async function countStoreOps(redis: Redis, what: string, ops: number, run: () => Promise<void>): Promise<StoreOps> {
  const before = await commandCalls(redis);
  const cpu0 = await redisCpuUs(redis);
  await run();
  const cpu1 = await redisCpuUs(redis);
  const after = await commandCalls(redis);
  const byCommand: [string, number][] = [];
  let total = 0;
  for (const [command, n] of after) {
    if (NOT_COUNTED.has(command)) continue;
    const d = n - (before.get(command) ?? 0);
    if (d > 0) {
      byCommand.push([command, d / ops]);
      total += d;
    }
  }
  byCommand.sort((a, b) => b[1] - a[1]);
  return { what, ops, perOp: total / ops, byCommand, redisCpuUsPerOp: (cpu1 - cpu0) / ops };
}

/**
 * P2 and P4 on a subgraph whose store is a Redis of the bench's own, and the Redis commands per operation of the
 * reads they send (and of the two cart creations, for comparison). `subgraphEnv` is the in-memory subgraph's
 * environment; SINGLE_REPLICA is dropped, REDIS_URL added.
 */
export async function redisPath(
  base: Omit<Bench, 'subgraph' | 'graphqlUrl' | 'gql' | 'rows'> & { rows: Bench['rows'] },
  opts: {
    from: 'src' | 'dist';
    subgraphEnv: Record<string, string>;
    p2: { connections: number; seconds: number; rounds: number; warmSeconds: number };
    p4Rounds: number;
  },
): Promise<StoreOps[]> {
  const redis = await startBenchRedis();
  let subgraph: BenchChild | undefined;
  let gql: GqlClient | undefined;
  try {
    const env: Record<string, string> = { ...opts.subgraphEnv, REDIS_URL: redis.url };
    delete env.SINGLE_REPLICA;
    subgraph = await BenchChild.start('subgraph', { from: opts.from, env, nodeArgs: ['--expose-gc'] });
    gql = new GqlClient(subgraph.info.url, 16);
    const b: Bench = { ...base, subgraph, graphqlUrl: subgraph.info.url, gql };
    b.log(`Redis path: redis-server ${redis.url} (own, temporary), subgraph ${subgraph.info.url} (pid ${subgraph.pid}) with REDIS_URL`);
    const s: Seed = await seed(b, 100);
    const { orders } = await seedOrders(b, P4_ORDER_CUSTOMER, 100);
    const label = 'Redis store (REDIS_URL)';
    const counted: StoreOps[] = [];
    const cartQuery = operation('BenchCart');
    const orderQuery = operation('BenchOrder');
    const entities = operation('BenchEntities');
    const reads = async (ids: string[], query: string, client: GqlClient) => {
      await closedLoop(200, 8, async (i) => {
        await client.must(query, { id: ids[i % ids.length] });
      });
    };
    const ordersClient = gql.as(P4_ORDER_CUSTOMER);
    counted.push(await countStoreOps(redis.client, 'Oracle cart(id)', 200, () => reads(s.oracleCarts, cartQuery, gql!)));
    counted.push(await countStoreOps(redis.client, "AT&T cart(id) (a record of the subgraph's store)", 200, () => reads(s.attCarts, cartQuery, gql!)));
    counted.push(await countStoreOps(redis.client, 'AT&T productOrder(id)', 200, () => reads(orders, orderQuery, ordersClient)));
    for (const [typename, what, ids, client] of [
      ['Cart', 'Oracle Cart', s.oracleCarts, gql],
      ['ProductOrder', 'AT&T ProductOrder', orders, ordersClient],
    ] as const) {
      const reps = ids.slice(0, 100).map((id) => ({ __typename: typename, id }));
      counted.push(
        await countStoreOps(redis.client, `_entities(100 ${what})`, 5, async () => {
          for (let i = 0; i < 5; i++) await client.must(entities, { representations: reps });
        }),
      );
    }
    for (const [vendor, items] of [
      ['ORACLE', oracleItems(2)],
      ['ATT', ATT_CART_ITEMS],
    ] as const) {
      counted.push(
        await countStoreOps(redis.client, `${vendor === 'ATT' ? 'AT&T' : 'Oracle'} cartCreate (2 items)`, 20, async () => {
          await closedLoop(20, 4, async () => {
            await createCart(b, vendor, BENCH_CALLER, items);
          });
        }),
      );
    }
    for (const c of counted)
      b.log(
        `Redis commands per operation, ${c.what}: ${fmt(c.perOp, 2)} (${c.byCommand.map(([cmd, n]) => `${cmd} ${fmt(n, 2)}`).join(', ') || 'none'}); redis-server CPU ${fmt(c.redisCpuUsPerOp)} µs per operation`,
      );
    for (const c of counted)
      b.rows.push({
        id: 'R',
        figure: `Redis commands per GraphQL operation: ${c.what}`,
        measured: `${fmt(c.perOp, 2)}${c.byCommand.length ? ` (${c.byCommand.map(([cmd, n]) => `${cmd} ${fmt(n, 2)}`).join(', ')})` : ''}`,
        target: '-',
        verdict: 'info',
      });
    await p2(b, s, { ...opts.p2, label });
    await p4(b, s, orders, opts.p4Rounds, label);
    return counted;
  } finally {
    await gql?.close();
    await subgraph?.close();
    await redis.stop();
  }
}
