import { startReplica } from '../support/replica';
import { startSimulators } from '../../dev/simulators/all';
import { startTestApp } from '../support/test-app';

describe('no silent single-replica store', () => {
  it('a production boot without REDIS_URL exits 1 with one line naming REDIS_URL and SINGLE_REPLICA', async () => {
    const sims = await startSimulators({ vendors: ['ORACLE'] });
    try {
      await expect(
        startReplica({
          NODE_ENV: 'production',
          ALLOW_NO_ROUTER_SECRET: 'true',
          VENDORS: 'ORACLE',
          ...sims.env,
          REDIS_URL: '',
          REDIS_CLUSTER_NODES: '',
          SINGLE_REPLICA: '',
        }),
      ).rejects.toThrow(/exited with 1: Invalid configuration: REDIS_URL is required in production.*SINGLE_REPLICA=true/);
    } finally {
      await sims.close();
    }
  }, 40000);

  it('/ready says which store is in use', async () => {
    const t = await startTestApp({ VENDORS: 'ORACLE' });
    try {
      const res = await fetch(t.url.replace('/graphql', '/ready'));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ready: true, store: 'memory' });
    } finally {
      await t.close();
    }
  }, 30000);
});
