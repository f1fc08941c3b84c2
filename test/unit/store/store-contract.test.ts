import { randomUUID } from 'node:crypto';
import { MemoryStore } from '../../../src/store/memory-store';
import { RedisStore } from '../../../src/store/redis-store';
import { describeWithRedis, startRedis } from '../../support/redis';
import { contract } from '../../support/store-contract';

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
