import { MemoryStore } from './memory-store';
import { Store } from './store';

/** The store for this process: Redis when `REDIS_URL` is set (shared by replicas), else in-process memory. */
export function createStore(redisUrl: string | undefined): Store {
  if (!redisUrl) return new MemoryStore();
  // ioredis is loaded only when a Redis is configured.
  const { RedisStore } = require('./redis-store') as typeof import('./redis-store');
  return new RedisStore(redisUrl);
}
