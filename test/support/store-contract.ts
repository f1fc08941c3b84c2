import { randomUUID } from 'node:crypto';
import { Store } from '../../src/store/store';
import { storeKeys } from '../../src/store/keys';

/** The same contract for every Store: what idempotency, draft carts, indexes and per-caller limits rely on. */
export function contract(name: string, make: () => Promise<Store>, done: () => Promise<void>) {
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

    it('reads many keys at once, across hash slots, in the order asked', async () => {
      const run = randomUUID();
      const keys = Array.from({ length: 12 }, (_, i) => storeKeys.idempotency(`cust-${i}`, `${run}-${i}`));
      for (const [i, key] of keys.entries()) if (i % 3 !== 0) await store.set(key, `v${i}`, 10000);
      expect(await store.getMany(keys)).toEqual(keys.map((_, i) => (i % 3 === 0 ? null : `v${i}`)));
      expect(await store.getMany([])).toEqual([]);
    });

    it('counts events in a fixed window that ends', async () => {
      const key = storeKeys.callerWrites(`w-${randomUUID()}`);
      const counts = await Promise.all(Array.from({ length: 5 }, () => store.countInWindow(key, 150)));
      expect(counts.map((c) => c.count).sort()).toEqual([1, 2, 3, 4, 5]);
      for (const c of counts) expect(c.resetMs).toBeLessThanOrEqual(150);
      await new Promise((r) => setTimeout(r, 250));
      expect((await store.countInWindow(key, 150)).count).toBe(1);
    });

    it('hands out at most `limit` leases at once; a released or expired lease is free again', async () => {
      const key = storeKeys.callerOperations(`l-${randomUUID()}`);
      const taken = await Promise.all(Array.from({ length: 6 }, (_, i) => store.acquireLease(key, `op-${i}`, 3, 10000)));
      expect(taken.filter(Boolean)).toHaveLength(3);
      expect(await store.acquireLease(key, 'late', 3, 10000)).toBe(false);
      await store.releaseLease(key, `op-${taken.indexOf(true)}`);
      expect(await store.acquireLease(key, 'late', 3, 10000)).toBe(true);
      const short = storeKeys.callerOperations(`s-${randomUUID()}`);
      expect(await store.acquireLease(short, 'a', 1, 50)).toBe(true);
      expect(await store.acquireLease(short, 'b', 1, 50)).toBe(false);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.acquireLease(short, 'b', 1, 50)).toBe(true);
    });

    it('has a durable view that reads and writes the same keys', async () => {
      const durable = store.durable();
      const key = storeKeys.idempotency('cust-durable', randomUUID());
      expect(await durable.setIfAbsent(key, 'a', 10000)).toBe(true);
      expect(await store.get(key)).toBe('a');
      expect(await durable.compareAndSet(key, 'a', 'b', 10000)).toBe(true);
      expect(await durable.compareAndDelete(key, 'b')).toBe(true);
      expect(await store.get(key)).toBeNull();
      expect(['memory', 'redis', 'redis-cluster']).toContain(store.kind);
    });
  });
}
