import { createServer } from 'node:net';
import { CartCreateDocument } from '../generated/graphql';
import { startReplica } from '../support/replica';
import { startTestApp, TestApp } from '../support/test-app';
import { startSimulators } from '../../dev/simulators/all';

/** A loopback port with nothing listening on it: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a store that does not answer at boot', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    port = await closedPort();
    t = await startTestApp({ REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await t.close();
  });

  it('leaves the subgraph not ready, with one log line naming REDIS_URL and the address, never the password', async () => {
    expect(t.app.storeReachable).toBe(false);
    const ready = await fetch(`http://127.0.0.1:${t.app.port}/ready`);
    expect(ready.status).toBe(503);
    const lines = t.logs.filter((line) => line.includes('store unreachable at boot'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('REDIS_URL');
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(t.logs.join('\n')).not.toContain('s3cret-pass');
  });

  it('answers an operation that needs the store with the typed, retryable STORE_UNAVAILABLE, not an internal error', async () => {
    const created = await t.gql(CartCreateDocument, { input: { vendor: 'ADOBE', customerId: 'cust-1001' } });
    expect(created.errors?.[0].extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    expect(created.raw).not.toMatch(/Internal server error|ECONNREFUSED|s3cret-pass/i);
    expect(t.logs.filter((line) => line.includes('store unreachable at boot'))).toHaveLength(1);
  });
});

describe('the process (dist/main.js) with REDIS_URL on a closed port', () => {
  it('never logs "ready": the one line it logs is that the store is unreachable', async () => {
    const port = await closedPort();
    const sims = await startSimulators({});
    try {
      const replica = await startReplica({ ...sims.env, REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'info' });
      expect((await fetch(replica.url.replace('/graphql', '/ready'))).status).toBe(503);
      expect(await replica.stop()).toBe(0);
      const messages = replica
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages.filter((msg) => msg.startsWith('store unreachable at boot'))).toHaveLength(1);
      expect(messages).not.toContain('orders subgraph ready');
    } finally {
      await sims.close();
    }
  }, 60000);
});
