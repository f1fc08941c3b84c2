import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { describeWhen, freePort, hasBinaries } from './local-tools';

/**
 * Whether the Redis tests can run: `REDIS_URL` is set (CI starts a server and sets it) or a `redis-server` binary is
 * installed (a server is then started per test file). Without either, the Redis tests are skipped and say so,
 * except under CI, where a missing Redis fails the run.
 */
export const REDIS_AVAILABLE = Boolean(process.env.REDIS_URL) || hasBinaries('redis-server');

/** `describe` when Redis is available, `describe.skip` otherwise (and says so; under CI a missing Redis fails). */
export function describeWithRedis(name: string, fn: () => void): void {
  describeWhen(REDIS_AVAILABLE, { what: 'Redis', missing: 'no REDIS_URL and no redis-server binary (apt-get install redis-server)' }, name, fn);
}

/** A Redis for one test file: the configured one, or a fresh `redis-server` on a free loopback port. */
export async function startRedis(options: { own?: boolean } = {}): Promise<{ url: string; stop(): Promise<void> }> {
  // A test that stops its Redis needs one of its own, never the shared one CI provides through REDIS_URL.
  if (process.env.REDIS_URL && !options.own) return { url: process.env.REDIS_URL, stop: () => Promise.resolve() };
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
