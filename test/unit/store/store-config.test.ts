import { loadConfig } from '../../../src/config';
import { hashTagOf, storeKeys } from '../../../src/store/keys';

describe('store settings', () => {
  const ONE_VENDOR = {
    ALLOW_NO_ROUTER_SECRET: 'true',
    VENDORS: 'ORACLE',
    ORACLE_BASE_URL: 'https://shop.example.com',
    ORACLE_USERNAME: 'agent',
    ORACLE_PASSWORD: 'secret',
  };

  it('production without a shared store is refused, naming REDIS_URL and SINGLE_REPLICA', () => {
    expect(() => loadConfig({ ...ONE_VENDOR, NODE_ENV: 'production' })).toThrow(
      /^Invalid configuration: REDIS_URL is required in production.*SINGLE_REPLICA=true/,
    );
  });

  it('SINGLE_REPLICA=true says so explicitly and keeps the in-process store; development needs nothing', () => {
    expect(loadConfig({ ...ONE_VENDOR, NODE_ENV: 'production', SINGLE_REPLICA: 'true' }).store).toEqual({ kind: 'memory' });
    expect(loadConfig({ ...ONE_VENDOR, NODE_ENV: 'development' }).store).toEqual({ kind: 'memory' });
    expect(() => loadConfig({ ...ONE_VENDOR, SINGLE_REPLICA: 'maybe' })).toThrow(/^Invalid configuration: SINGLE_REPLICA must be true or false/);
  });

  it('REDIS_URL selects one Redis and REDIS_CLUSTER_NODES a cluster; both at once, or a bad node, is refused', () => {
    expect(loadConfig({ ...ONE_VENDOR, NODE_ENV: 'production', REDIS_URL: 'redis://cache:6379' }).store).toEqual({
      kind: 'redis',
      url: 'redis://cache:6379',
      waitMs: 1000,
    });
    expect(loadConfig({ ...ONE_VENDOR, NODE_ENV: 'production', REDIS_CLUSTER_NODES: 'r1:7000, r2:7001,[::1]:7002', REDIS_WAIT_MS: '250' }).store).toEqual({
      kind: 'redis-cluster',
      nodes: [
        { host: 'r1', port: 7000 },
        { host: 'r2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      waitMs: 250,
    });
    expect(() => loadConfig({ ...ONE_VENDOR, REDIS_CLUSTER_NODES: 'r1:7000,r2' })).toThrow(
      /^Invalid configuration: REDIS_CLUSTER_NODES holds "r2", which is not host:port/,
    );
    expect(() => loadConfig({ ...ONE_VENDOR, REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: 'r1:7000' })).toThrow(
      /^Invalid configuration: REDIS_CLUSTER_NODES and REDIS_URL are both set/,
    );
  });
});

describe('per-caller limit settings', () => {
  const ONE_VENDOR = {
    ALLOW_NO_ROUTER_SECRET: 'true',
    VENDORS: 'ORACLE',
    ORACLE_BASE_URL: 'https://shop.example.com',
    ORACLE_USERNAME: 'agent',
    ORACLE_PASSWORD: 'secret',
  };

  it('are on by default in production only, and configurable', () => {
    expect(loadConfig({ ...ONE_VENDOR, NODE_ENV: 'production', SINGLE_REPLICA: 'true' }).callerLimits).toEqual({
      writesPerWindow: 120,
      windowSeconds: 60,
      concurrentOperations: 64,
    });
    expect(loadConfig({ ...ONE_VENDOR }).callerLimits).toEqual({ writesPerWindow: 0, windowSeconds: 60, concurrentOperations: 0 });
    expect(loadConfig({ ...ONE_VENDOR, CALLER_WRITE_LIMIT: '5', CALLER_WRITE_WINDOW_S: '10', CALLER_CONCURRENCY_LIMIT: '2' }).callerLimits).toEqual({
      writesPerWindow: 5,
      windowSeconds: 10,
      concurrentOperations: 2,
    });
    expect(() => loadConfig({ ...ONE_VENDOR, CALLER_WRITE_WINDOW_S: '0' })).toThrow(/^Invalid configuration: CALLER_WRITE_WINDOW_S must be a whole number/);
  });
});

describe('store keys', () => {
  it('keys that change together share a hash tag; different callers, keys and carts do not', () => {
    expect(hashTagOf(storeKeys.idempotency('cust-1001', 'key-1'))).toBe('cust-1001:key-1');
    expect(hashTagOf(storeKeys.idempotency('cust-1002', 'key-1'))).not.toBe(hashTagOf(storeKeys.idempotency('cust-1001', 'key-1')));
    expect(hashTagOf(storeKeys.cart('ADOBE', 'draft-1', 'draft'))).toBe(hashTagOf(storeKeys.cart('ADOBE', 'draft-1', 'order')));
    expect(hashTagOf(storeKeys.callerWrites('cust-1001'))).toBe(hashTagOf(storeKeys.callerOperations('cust-1001')));
    expect(hashTagOf(storeKeys.customerCarts('cust-1001', 'ATT'))).toBe(hashTagOf(storeKeys.customerCarts('cust-1001', 'ORACLE')));
    expect(hashTagOf('plain')).toBe('plain');
    expect(hashTagOf('a{}b{c}')).toBe('a{}b{c}');
  });
});
