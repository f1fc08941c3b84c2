import { createServer } from 'node:net';
import { startTestApp, TestApp } from '../support/test-app';

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
});
