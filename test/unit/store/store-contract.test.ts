import { randomUUID } from 'node:crypto';
import { MemoryStore } from '../../../src/store/memory-store';
import { RedisStore } from '../../../src/store/redis-store';
import { Store } from '../../../src/store/store';
import { describeWithRedis, startRedis } from '../../support/redis';

/** The same contract for every Store: what idempotency, draft carts and indexes rely on. */
function contract(name: string, make: () => Promise<Store>, done: () => Promise<void>) {
  describe(name, () => {
    let store: Store;
    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      await store.close();
      await done();
    });

    it('claims a key once, atomically, among concurrent claimants', async () => {
      const key = `claim:${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent(key, `v${i}`, 10000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(key)).toBe(`v${results.indexOf(true)}`);
    });

    it('compare-and-set and compare-and-delete act only on the expected value', async () => {
      const key = `cas:${randomUUID()}`;
      await store.set(key, 'a', 10000);
      expect(await store.compareAndSet(key, 'b', 'c', 10000)).toBe(false);
      expect(await store.compareAndSet(key, 'a', 'c', 10000)).toBe(true);
      expect(await store.get(key)).toBe('c');
      expect(await store.compareAndDelete(key, 'a')).toBe(false);
      expect(await store.compareAndDelete(key, 'c')).toBe(true);
      expect(await store.get(key)).toBeNull();
    });

    it('expires values after their time to live', async () => {
      const key = `ttl:${randomUUID()}`;
      await store.set(key, 'x', 50);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.get(key)).toBeNull();
      expect(await store.setIfAbsent(key, 'y', 10000)).toBe(true);
    });

    it('keeps lists newest first and pages them', async () => {
      const key = `list:${randomUUID()}`;
      for (const v of ['a', 'b', 'c', 'd']) await store.listPrepend(key, v, 10000);
      expect(await store.listRange(key, 0, 2)).toEqual({ items: ['d', 'c'], total: 4 });
      expect(await store.listRange(key, 2, 10)).toEqual({ items: ['b', 'a'], total: 4 });
      expect(await store.listRange(`${key}:none`, 0, 10)).toEqual({ items: [], total: 0 });
      expect(await store.ping()).toBe(true);
    });
  });
}

contract(
  'MemoryStore',
  () => Promise.resolve(new MemoryStore()),
  () => Promise.resolve(),
);

describeWithRedis('RedisStore', () => {
  let redis: { url: string; stop(): Promise<void> };
  contract(
    'on a real Redis server',
    async () => {
      redis = await startRedis();
      return new RedisStore(redis.url, `test:${randomUUID()}:`);
    },
    async () => redis.stop(),
  );
});
