import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import { Store } from './store';

/** The store for this process: Redis when `REDIS_URL` is set (shared by replicas), else in-process memory. */
export function createStore(redisUrl: string | undefined): Store {
  return redisUrl ? new RedisStore(redisUrl) : new MemoryStore();
}
