import type { StoreSettings } from '../config';
import { MemoryStore } from './memory-store';
import { Store } from './store';

/**
 * The store for this process: a Redis Cluster (`REDIS_CLUSTER_NODES`) or one Redis (`REDIS_URL`), shared by
 * replicas, else in-process memory. A string is taken as a Redis URL (older callers).
 */
export function createStore(settings: StoreSettings | string | undefined): Store {
  const resolved: StoreSettings = typeof settings === 'string' ? { kind: 'redis', url: settings, waitMs: 1000 } : (settings ?? { kind: 'memory' });
  if (resolved.kind === 'memory') return new MemoryStore();
  // ioredis is loaded only when a Redis is configured.
  const { RedisStore } = require('./redis-store') as typeof import('./redis-store');
  if (resolved.kind === 'redis-cluster') return RedisStore.cluster(resolved.nodes, { waitMs: resolved.waitMs });
  return new RedisStore(resolved.url, 'orders:', { waitMs: resolved.waitMs });
}
