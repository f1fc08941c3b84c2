import { createHash } from 'node:crypto';
import { startReplica } from '../support/replica';
import { SimControl } from '../support/sim-control';
import { describeWithRedis, startRedis } from '../support/redis';
import { startSimulators } from '../../dev/simulators/all';

describe('the process on SIGTERM', () => {
  it('refuses to start when an enabled vendor has no base URL, naming the variable, whatever NODE_ENV is', async () => {
    for (const NODE_ENV of ['production', 'development']) {
      await expect(startReplica({ NODE_ENV, VENDORS: 'ATT,ORACLE', ATT_BASE_URL: '', ATT_ORDERS_BASE_URL: '' })).rejects.toThrow(
        /exited with 1: Invalid configuration: ATT_BASE_URL is required/,
      );
    }
  }, 40000);

  it('F15: in production mode it drains and exits 0 (Apollo does not race main.ts for the signal)', async () => {
    const sims = await startSimulators({ vendors: ['ORACLE'] });
    const replica = await startReplica({
      NODE_ENV: 'production',
      ALLOW_NO_ROUTER_SECRET: 'true',
      SINGLE_REPLICA: 'true',
      SHUTDOWN_GRACE_MS: '1000',
      VENDORS: 'ORACLE',
      ...sims.env,
    }).finally(() => sims.close());
    const ready = await fetch(replica.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    const exited = replica.stop();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), 15000)));
    const outcome = await Promise.race([exited, timeout]);
    // The deadline must not outlive the race: a pending 15 s timer would keep the Jest worker from exiting.
    clearTimeout(timer);
    if (outcome === 'still running') replica.process.kill('SIGKILL');
    expect(outcome).toBe(0);
  }, 40000);
});

describeWithRedis('the process after SIGTERM, with Redis', () => {
  it('ends on its own once closed: the store, the APQ cache, the vendor pools and the listener leave nothing open', async () => {
    const redis = await startRedis({ own: true });
    const sims = await startSimulators({});
    try {
      // LOG_LEVEL warn: main.ts logs "still running after shutdown" (and exits anyway) when something close() should
      // have released still keeps the process alive.
      const replica = await startReplica({ ...sims.env, REDIS_URL: redis.url, LOG_LEVEL: 'warn' });
      const post = (body: unknown) =>
        fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-customer-id': 'cust-1001' }, body: JSON.stringify(body) });
      // Every vendor's pool (and Oracle's and Adobe's token sources) opened, and a query registered in the APQ cache.
      const query = 'query Orders { productOrders(customerId: "cust-1001", first: 3) { totalCount } }';
      const orders = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } });
      expect(await orders.json()).toEqual({ data: { productOrders: { totalCount: expect.any(Number) as number } } });
      for (const vendor of ['ORACLE', 'ADOBE']) {
        const { socketsOpened } = await new SimControl(sims.byVendor[vendor].baseUrl).stats();
        expect({ vendor, opened: socketsOpened > 0 }).toEqual({ vendor, opened: true });
      }

      expect(await replica.stop()).toBe(0);
      expect(replica.stdout()).not.toContain('still running after shutdown');
    } finally {
      await sims.close();
      await redis.stop();
    }
  }, 60000);
});
