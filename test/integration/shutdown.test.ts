import { startReplica } from '../support/replica';

describe('the process on SIGTERM', () => {
  it('F15: in production mode it drains and exits 0 (Apollo does not race main.ts for the signal)', async () => {
    const replica = await startReplica({ NODE_ENV: 'production', SHUTDOWN_GRACE_MS: '1000' });
    const ready = await fetch(replica.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    const exited = replica.stop();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 15000));
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'still running') replica.process.kill('SIGKILL');
    expect(outcome).toBe(0);
  }, 40000);
});
