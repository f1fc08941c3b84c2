import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { Logger } from 'pino';

/** The cache of automatic persisted queries, and how to release it. */
export interface ApqCache {
  /** For `persistedQueries.cache`; undefined means Apollo Server's own bounded in-memory LRU cache. */
  cache?: KeyValueCache<string>;
  close(): Promise<void>;
}

/** A registered query stays this long after its last registration (Apollo Server sets no TTL of its own). */
export const APQ_TTL_SECONDS = 24 * 3600;
const REDIS_CONNECT_TIMEOUT_MS = 1000;
/** After a Redis fault, lookups skip Redis this long, so an outage does not add a connect timeout to every request. */
const REDIS_BACKOFF_MS = 5000;

/**
 * The APQ cache: Apollo Server's bounded in-memory cache when `redisUrl` is unset (each replica learns each query
 * once), Redis through Keyv when it is set (a query registered on one replica is known to all). A Redis fault
 * never fails a request: a lookup that fails reads as a miss, so the client sends the full query again, and a
 * failed write is only logged. Entries expire after APQ_TTL_SECONDS.
 */
export function createApqCache(redisUrl: string | undefined, logger: Logger): ApqCache {
  if (!redisUrl) return { close: () => Promise.resolve() };
  // Loaded only with Redis configured, to keep start-up lean without it.
  const { KeyvAdapter } = require('@apollo/utils.keyvadapter') as typeof import('@apollo/utils.keyvadapter');
  const { createClient, createKeyv } = require('@keyv/redis') as typeof import('@keyv/redis');
  // No reconnection in the background: a lost connection is opened again by the next lookup after the back-off. The
  // client's own reconnect loop waits on a timer that close() cannot cancel, which kept a stopped process alive for
  // up to two seconds. The connect deadline is the socket's (cleared once connected), not Keyv's `connectionTimeout`,
  // whose timer is never cleared.
  const client = createClient({ url: redisUrl, socket: { connectTimeout: REDIS_CONNECT_TIMEOUT_MS, reconnectStrategy: false } });
  const keyv = createKeyv(client, { namespace: 'orders-subgraph', throwOnConnectError: true, throwOnErrors: true });
  const adapter = new KeyvAdapter<string>(keyv);
  let downUntil = 0;
  let lastWarning = 0;
  const failed = (error: unknown, action: string) => {
    downUntil = Date.now() + REDIS_BACKOFF_MS;
    // One line a minute shows that Redis is down without flooding the log on every request.
    if (Date.now() - lastWarning < 60000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, `APQ cache ${action} failed; persisted queries fall back to full queries`);
  };
  keyv.on('error', (error: unknown) => failed(error, 'connection'));
  const cache: KeyValueCache<string> = {
    async get(key) {
      if (Date.now() < downUntil) return undefined;
      try {
        return await adapter.get(key);
      } catch (error) {
        failed(error, 'read');
        return undefined;
      }
    },
    async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
      if (Date.now() < downUntil) return;
      try {
        await adapter.set(key, value, { ttl: options?.ttl ?? APQ_TTL_SECONDS });
      } catch (error) {
        failed(error, 'write');
      }
    },
    delete: (key) => adapter.delete(key),
  };
  return { cache, close: () => keyv.disconnect() };
}
