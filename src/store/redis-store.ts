import Redis, { Cluster, ClusterNode, Pipeline } from 'ioredis';
import calculateSlot from 'cluster-key-slot';
import { StoreUnavailableError } from '../common/errors';
import { Store, StoreKind } from './store';

/** Replaces a value only when it still equals the expected one: KEYS[1], ARGV = expected, value, ttl ms. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Deletes a key only when its value still equals the expected one: KEYS[1], ARGV = expected. */
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Counts one event in a fixed window: KEYS[1], ARGV = window ms. Returns { count, ms left }. */
const COUNT_IN_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { count, left }`;

/**
 * Takes a lease in a sorted set scored by expiry: KEYS[1], ARGV = member, limit, lease ms. The server's clock
 * decides expiry, so replicas with skewed clocks agree. Returns 1 when taken.
 */
const ACQUIRE_LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

type Client = Redis | Cluster;

/** Errors with which a Redis node refuses a command without running it: the write may be sent again elsewhere. */
const NOT_EXECUTED = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|LOADING|READONLY)\b/;
/** Sends of one durable write while a failover moves its slot. */
const REROUTE_ATTEMPTS = 20;

interface Scripts {
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<number>;
  compareAndDelete(key: string, expected: string): Promise<number>;
  countInWindow(key: string, windowMs: number): Promise<[number, number]>;
  acquireLease(key: string, member: string, limit: number, leaseMs: number): Promise<number>;
}

/** Settings of a Redis store beyond where Redis is. */
export interface RedisStoreOptions {
  /** Prefix of every key, so that one Redis can serve other applications (never holds `{` or `}`). */
  prefix?: string;
  /** How long a durable write waits for a replica (`WAIT 1 <ms>`) before it is STORE_UNAVAILABLE. */
  waitMs?: number;
}

function defineScripts(client: Client): void {
  client.defineCommand('compareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  client.defineCommand('compareAndDelete', { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
  client.defineCommand('countInWindow', { numberOfKeys: 1, lua: COUNT_IN_WINDOW });
  client.defineCommand('acquireLease', { numberOfKeys: 1, lua: ACQUIRE_LEASE });
}

/** Turns any Redis failure into STORE_UNAVAILABLE; the cause stays in `detail`, for logs only. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

/**
 * The store shared by every replica: one Redis or a Redis Cluster, through ioredis. Claims are `SET NX PX`;
 * conditional updates are Lua scripts on one key, so each is atomic on the server and stays within one hash slot.
 * Keys come from `storeKeys`, whose hash tags put the keys that change together in one slot. A batched read goes
 * one slot at a time, never across slots. On a cluster, the durable view's writes each wait for one replica.
 */
export class RedisStore implements Store {
  readonly kind: StoreKind;
  private readonly client: Client;
  private readonly prefix: string;
  private readonly waitMs: number;
  private readonly waitForReplica: boolean;
  private readonly owner: boolean;

  /** One Redis at `url` (`redis://` or `rediss://`). `prefix` is kept as the second argument for existing callers. */
  constructor(url: string, prefix?: string, options?: RedisStoreOptions);
  /** Shares the client of another store (the durable view). */
  constructor(client: Client, prefix: string, options: RedisStoreOptions & { durable: boolean; kind: StoreKind });
  constructor(target: string | Client, prefix = 'orders:', options: RedisStoreOptions & { durable?: boolean; kind?: StoreKind } = {}) {
    this.prefix = options.prefix ?? prefix;
    this.waitMs = options.waitMs ?? 1000;
    if (typeof target === 'string') {
      // disconnectTimeout: closing a client whose last connection attempt failed arms ioredis's 2 s "destroy the
      // stream" timer on an already-closed socket, which nothing clears; keep it short so that close() leaves no handle.
      this.client = new Redis(target, {
        maxRetriesPerRequest: 2,
        enableOfflineQueue: true,
        lazyConnect: false,
        connectTimeout: 3000,
        disconnectTimeout: 100,
      });
      defineScripts(this.client);
      // Errors surface on each command; without a listener ioredis would also print them unhandled.
      this.client.on('error', () => undefined);
      this.owner = true;
      this.kind = 'redis';
    } else {
      this.client = target;
      this.owner = false;
      this.kind = options.kind ?? 'redis';
    }
    this.waitForReplica = Boolean(options.durable) && this.kind === 'redis-cluster';
  }

  /**
   * A Redis Cluster from its seed nodes. Commands follow MOVED/ASK redirections and ride out a failover (the
   * cluster is down for a few seconds while a replica is promoted); reads go to masters, so a read always sees
   * the writes acknowledged before it.
   */
  static cluster(nodes: ClusterNode[], options: RedisStoreOptions = {}): RedisStore {
    const cluster = new Cluster(nodes, {
      scaleReads: 'master',
      enableOfflineQueue: true,
      maxRedirections: 32,
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 300,
      retryDelayOnTryAgain: 100,
      retryDelayOnMoved: 50,
      slotsRefreshTimeout: 2000,
      clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
      redisOptions: { connectTimeout: 3000, maxRetriesPerRequest: 4, disconnectTimeout: 100 },
    });
    defineScripts(cluster);
    cluster.on('error', () => undefined);
    const store = new RedisStore(cluster, options.prefix ?? 'orders:', { ...options, durable: false, kind: 'redis-cluster' });
    (store as unknown as { owner: boolean }).owner = true;
    return store;
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  private get scripts(): Scripts {
    return this.client as unknown as Scripts;
  }

  /**
   * Runs a write; in the durable view on a cluster, runs it and `WAIT 1 <ms>` in one pipeline, so that both go to
   * the node owning the key on one connection, and refuses the write as STORE_UNAVAILABLE when no replica took it.
   */
  private async write<T>(key: string, command: (target: Pipeline | Client) => unknown, changed: (value: T) => boolean = () => true): Promise<T> {
    return guarded(async () => {
      if (!this.waitForReplica) return (await command(this.client)) as T;
      for (let attempt = 1; ; attempt++) {
        const pipeline = this.client.pipeline() as Pipeline;
        command(pipeline);
        pipeline.call('WAIT', '1', String(this.waitMs));
        const results = await pipeline.exec();
        if (!results) throw new StoreUnavailableError(`no answer from the node of ${key}`);
        const [[writeError, value], [waitError, replicas]] = results;
        if (writeError && NOT_EXECUTED.test(writeError.message) && attempt < REROUTE_ATTEMPTS) {
          // The node refused the write without running it (its slot moved in a failover): learn the new owner, again.
          await this.reroute(key);
          continue;
        }
        if (writeError) throw writeError;
        if (waitError) throw waitError;
        // A write that changed nothing (a lost claim, a stale compare) has nothing to lose in a failover.
        if (changed(value as T) && Number(replicas) < 1) throw new StoreUnavailableError(`no replica confirmed the write of ${key} within ${this.waitMs} ms`);
        return value as T;
      }
    });
  }

  /**
   * After a redirection inside a pipeline (which ioredis does not follow when another command of the pipeline
   * failed differently): a plain command on the key follows the redirection and updates the slot table.
   */
  private async reroute(key: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (this.client instanceof Cluster) this.client.refreshSlotsCache();
    await this.client.exists(this.k(key)).catch(() => undefined);
  }

  /** The same store whose writes wait for one replica on a cluster. */
  durable(): Store {
    if (this.kind !== 'redis-cluster') return this;
    return new RedisStore(this.client, this.prefix, { waitMs: this.waitMs, durable: true, kind: this.kind });
  }

  /** True when Redis answers a PING (on a cluster: when the cluster says its state is ok). */
  async ping(): Promise<boolean> {
    try {
      if (this.client instanceof Cluster) return /cluster_state:ok/.test(String(await this.client.cluster('INFO')));
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  get(key: string): Promise<string | null> {
    return guarded(() => this.client.get(this.k(key)));
  }

  async getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const full = keys.map((key) => this.k(key));
    if (!(this.client instanceof Cluster)) return guarded(() => this.client.mget(full));
    const cluster = this.client;
    // An MGET may only name keys of one hash slot; the MGETs of the slots one node serves go to it as one pipeline,
    // so a batch costs a round trip per node, not per slot. A slot whose node is not known yet goes alone.
    const bySlot = new Map<number, number[]>();
    full.forEach((key, i) => {
      const slot = calculateSlot(key);
      const positions = bySlot.get(slot);
      if (positions) positions.push(i);
      else bySlot.set(slot, [i]);
    });
    const byNode = new Map<string, number[][]>();
    for (const [slot, positions] of bySlot) {
      const node = cluster.slots[slot]?.[0] ?? `slot:${slot}`;
      const groups = byNode.get(node);
      if (groups) groups.push(positions);
      else byNode.set(node, [positions]);
    }
    const values: (string | null)[] = new Array<string | null>(keys.length).fill(null);
    const take = (positions: number[], got: (string | null)[]) => positions.forEach((index, j) => (values[index] = got[j] ?? null));
    await guarded(() =>
      Promise.all(
        [...byNode.values()].map(async (groups) => {
          if (groups.length === 1) return take(groups[0], await cluster.mget(groups[0].map((i) => full[i])));
          const pipeline = cluster.pipeline();
          for (const positions of groups) pipeline.mget(positions.map((i) => full[i]));
          const results = (await pipeline.exec()) ?? [];
          groups.forEach((positions, g) => {
            const [error, got] = results[g] ?? [new Error('no reply in the pipeline')];
            if (error) throw error;
            take(positions, got as (string | null)[]);
          });
        }),
      ),
    );
    return values;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.write<string | null>(
        key,
        (c) => c.set(this.k(key), value, 'PX', ttlMs, 'NX'),
        (v) => v === 'OK',
      )) === 'OK'
    );
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.write<number>(
        key,
        (c) => (c as unknown as Scripts).compareAndSet(this.k(key), expected, value, ttlMs),
        (n) => n === 1,
      )) === 1
    );
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    return (
      (await this.write<number>(
        key,
        (c) => (c as unknown as Scripts).compareAndDelete(this.k(key), expected),
        (n) => n === 1,
      )) === 1
    );
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.write(key, (c) => c.set(this.k(key), value, 'PX', ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.write(key, (c) => c.del(this.k(key)));
  }

  async listPrepend(key: string, value: string, ttlMs: number): Promise<void> {
    // One key, so MULTI stays within one slot.
    await guarded(() => this.client.multi().lpush(this.k(key), value).pexpire(this.k(key), ttlMs).exec());
  }

  async listRange(key: string, offset: number, limit: number): Promise<{ items: string[]; total: number }> {
    const result = await guarded(() =>
      this.client
        .multi()
        .lrange(this.k(key), offset, offset + limit - 1)
        .llen(this.k(key))
        .exec(),
    );
    if (!result) return { items: [], total: 0 };
    const [[rangeError, items], [lenError, total]] = result;
    if (rangeError || lenError) throw new StoreUnavailableError(String(rangeError ?? lenError));
    return { items: items as string[], total: total as number };
  }

  async countInWindow(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const [count, resetMs] = await guarded(() => this.scripts.countInWindow(this.k(key), windowMs));
    return { count: Number(count), resetMs: Number(resetMs) };
  }

  async acquireLease(key: string, member: string, limit: number, leaseMs: number): Promise<boolean> {
    return (await guarded(() => this.scripts.acquireLease(this.k(key), member, limit, leaseMs))) === 1;
  }

  async releaseLease(key: string, member: string): Promise<void> {
    await guarded(() => this.client.zrem(this.k(key), member));
  }

  async close(): Promise<void> {
    if (!this.owner) return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
