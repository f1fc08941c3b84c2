import Redis from 'ioredis';
import { Store } from './store';

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

/**
 * The store shared by every replica: Redis through ioredis. Claims are `SET NX PX`; conditional updates are Lua
 * scripts, so each is atomic on the server. Keys are prefixed so that one Redis can serve other applications.
 */
export class RedisStore implements Store {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix = 'orders:',
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, connectTimeout: 3000 });
    this.redis.defineCommand('compareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.redis.defineCommand('compareAndDelete', { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
    // Errors surface on each command; without a listener ioredis would also print them unhandled.
    this.redis.on('error', () => undefined);
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  /** True when Redis answers a PING. */
  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(this.k(key));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.k(key), value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    const redis = this.redis as unknown as { compareAndSet(k: string, e: string, v: string, t: number): Promise<number> };
    return (await redis.compareAndSet(this.k(key), expected, value, ttlMs)) === 1;
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    const redis = this.redis as unknown as { compareAndDelete(k: string, e: string): Promise<number> };
    return (await redis.compareAndDelete(this.k(key), expected)) === 1;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.k(key), value, 'PX', ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async listPrepend(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.multi().lpush(this.k(key), value).pexpire(this.k(key), ttlMs).exec();
  }

  async listRange(key: string, offset: number, limit: number): Promise<{ items: string[]; total: number }> {
    const result = await this.redis
      .multi()
      .lrange(this.k(key), offset, offset + limit - 1)
      .llen(this.k(key))
      .exec();
    if (!result) return { items: [], total: 0 };
    const [[rangeError, items], [lenError, total]] = result;
    if (rangeError) throw rangeError;
    if (lenError) throw lenError;
    return { items: items as string[], total: total as number };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
