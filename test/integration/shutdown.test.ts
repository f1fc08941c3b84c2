import { startReplica } from '../support/replica';
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
      SHUTDOWN_GRACE_MS: '1000',
      VENDORS: 'ORACLE',
      ...sims.env,
    }).finally(() => sims.close());
    const ready = await fetch(replica.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    const exited = replica.stop();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 15000));
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'still running') replica.process.kill('SIGKILL');
    expect(outcome).toBe(0);
  }, 40000);
});
